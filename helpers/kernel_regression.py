"""Nadaraya–Watson kernel regression (核回归) as attention pooling (注意力汇聚).

Introduced in ``notebooks/02_kernel_regression.ipynb``: the kernels (Gaussian, boxcar, triangular,
Epanechnikov), nonparametric pooling f(x) = Σ_i K((x − x_i)/h) y_i / Σ_j K((x − x_j)/h) whose weights
are attention weights (query x, keys x_i, values y_i), leave-one-out keys for training, and the
parametric pooling (参数化的注意力机制) with one learnable scalar ``w``. A query whose kernel weights
are all 0 (a compact kernel with no key within one bandwidth) gets NaN weights and a NaN prediction:
the estimator is undefined there, and a plot shows a gap instead of an invented value. The Gaussian
kernel has no such gap: its weights are computed as a softmax of −u²/2, which stays finite for queries
far from every key (where exp(−u²/2) itself underflows to 0). The kernel slider lives in ``helpers.widgets``.
"""

import math

import torch
from torch import nn

from .checks import check_number, check_tensor

__all__ = ["gaussian", "boxcar", "triangular", "epanechnikov", "KERNELS", "true_function",
           "average_pooling", "kernel_weights", "nadaraya_watson", "leave_one_out",
           "NWKernelRegression"]


def gaussian(u):
    """Gaussian kernel K(u) = exp(−u²/2) / √(2π).

    Shapes:
        u: any; returns: same as u
    """
    return torch.exp(-u ** 2 / 2) / math.sqrt(2 * math.pi)


def boxcar(u):
    """Boxcar (uniform) kernel K(u) = ½ · 1{|u| ≤ 1}.

    Shapes:
        u: any; returns: same as u
    """
    return 0.5 * (u.abs() <= 1).to(u.dtype)


def triangular(u):
    """Triangular kernel K(u) = (1 − |u|) · 1{|u| ≤ 1}.

    Shapes:
        u: any; returns: same as u
    """
    return (1 - u.abs()).clamp(min=0)


def epanechnikov(u):
    """Epanechnikov kernel K(u) = ¾ (1 − u²) · 1{|u| ≤ 1}.

    Shapes:
        u: any; returns: same as u
    """
    return 0.75 * (1 - u ** 2).clamp(min=0)


KERNELS = {"gaussian": gaussian, "boxcar": boxcar, "triangular": triangular,
           "epanechnikov": epanechnikov}


def true_function(x):
    """The function the notebook's data come from: f(x) = 2 sin(x) + x^0.8.

    Shapes:
        x: any (x ≥ 0); returns: same as x
    """
    return 2 * torch.sin(x) + x ** 0.8


def _check_1d(name, x):
    check_tensor(name, x, 1)
    if x.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one number, got shape {tuple(x.shape)}")


def _check_keys_values(queries, keys, values):
    for name, x in (("keys", keys), ("values", values)):
        check_tensor(name, x)
        if x.numel() == 0:
            raise ValueError(f"{name} must hold at least one number, got shape {tuple(x.shape)}")
    if keys.dim() not in (1, 2) or (keys.dim() == 2 and keys.shape[0] != queries.shape[0]):
        raise ValueError(f"keys must have shape (num_keys,) or (num_queries, num_keys) = "
                         f"({queries.shape[0]}, …), got {tuple(keys.shape)}")
    if values.shape != keys.shape:
        raise ValueError(f"values must have the shape of keys {tuple(keys.shape)} (one value per key), "
                         f"got {tuple(values.shape)}")


def average_pooling(queries, values):
    """Average pooling: every query gets the mean of all values, f(x) = (1/n) Σ_i y_i.

    Shapes:
        queries: (num_queries,); values: (num_keys,); returns: (num_queries,)
    """
    _check_1d("queries", queries)
    _check_1d("values", values)
    return values.mean().expand(queries.shape[0]).clone()


def kernel_weights(queries, keys, kernel="gaussian", bandwidth=1.0):
    """Attention weights α(x, x_i) = K((x − x_i)/h) / Σ_j K((x − x_j)/h); all-zero rows become NaN.

    Shapes:
        queries: (num_queries,); keys: (num_keys,) or (num_queries, num_keys)
        returns: (num_queries, num_keys)
    """
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {sorted(KERNELS)}, got {kernel!r}")
    check_number("bandwidth", bandwidth, low=0.0, low_open=True)
    _check_1d("queries", queries)
    _check_keys_values(queries, keys, keys)
    if keys.dim() == 1:
        keys = keys[None, :].expand(queries.shape[0], -1)      # (Q, K)
    diffs = (queries[:, None] - keys) / bandwidth               # (Q, 1) - (Q, K) -> (Q, K)
    if kernel == "gaussian":  # K(u) ∝ exp(−u²/2): normalising is a softmax, finite however far the keys
        return torch.softmax(-diffs ** 2 / 2, dim=1)            # (Q, K)
    k = KERNELS[kernel](diffs)                                  # (Q, K)
    totals = k.sum(dim=1, keepdim=True)                         # (Q, 1)
    # A query with no key inside the kernel's support has no estimate: NaN, not 0/0 noise.
    return torch.where(totals > 0, k / totals.clamp(min=torch.finfo(k.dtype).tiny),
                       torch.full_like(k, float("nan")))


def nadaraya_watson(queries, keys, values, kernel="gaussian", bandwidth=1.0):
    """Nadaraya–Watson pooling f(x) = Σ_i α(x, x_i) y_i; returns (predictions, weights).

    Shapes:
        queries: (num_queries,); keys, values: (num_keys,) or (num_queries, num_keys)
        returns: predictions (num_queries,), weights (num_queries, num_keys)
    """
    _check_1d("queries", queries)
    _check_keys_values(queries, keys, values)
    weights = kernel_weights(queries, keys, kernel, bandwidth)        # (Q, K)
    if values.dim() == 1:
        return weights @ values, weights                              # (Q, K) @ (K,) -> (Q,)
    return (weights * values).sum(dim=1), weights                     # (Q, K) -> (Q,)


def leave_one_out(x_train, y_train):
    """For each training point, the keys and values of the other n − 1 points (in order).

    Shapes:
        x_train, y_train: (n,); returns: keys (n, n − 1), values (n, n − 1)
    """
    _check_1d("x_train", x_train)
    _check_1d("y_train", y_train)
    n = x_train.shape[0]
    if y_train.shape[0] != n or n < 2:
        raise ValueError(f"x_train and y_train must have the same length n ≥ 2, "
                         f"got {n} and {y_train.shape[0]}")
    others = ~torch.eye(n, dtype=torch.bool)                          # (n, n), False on the diagonal
    keys = x_train[None, :].expand(n, n)[others].reshape(n, n - 1)    # (n, n) -> (n, n − 1)
    values = y_train[None, :].expand(n, n)[others].reshape(n, n - 1)  # (n, n) -> (n, n − 1)
    return keys, values


class NWKernelRegression(nn.Module):
    """Parametric attention pooling: α(x, x_i) = softmax_i(−((x − x_i) w)² / 2), one learnable w.

    Shapes:
        queries: (n,); keys, values: (n, m), the m key–value pairs each query attends to
        returns: predictions (n,), weights (n, m)
    """

    def __init__(self, w=1.0):
        super().__init__()
        self.w = nn.Parameter(torch.tensor(check_number("w", w)))

    def forward(self, queries, keys, values):
        _check_1d("queries", queries)
        _check_keys_values(queries, keys, values)
        if keys.dim() != 2:
            raise ValueError(f"keys must have shape (num_queries, num_keys), got {tuple(keys.shape)}")
        queries = queries[:, None].expand_as(keys)                    # (n,) -> (n, m)
        weights = torch.softmax(-((queries - keys) * self.w) ** 2 / 2, dim=1)   # (n, m)
        # One (1 × m) @ (m × 1) product per query: (n, 1, m) bmm (n, m, 1) -> (n, 1, 1)
        predictions = torch.bmm(weights[:, None, :], values[:, :, None])
        return predictions.reshape(-1), weights                       # (n,), (n, m)
