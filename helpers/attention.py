"""Attention scoring (注意力分数): masked softmax, additive and scaled dot-product attention.

Introduced in ``notebooks/03_attention_scores.ipynb``; the Bahdanau decoder of
``notebooks/04_attention_seq2seq.ipynb`` reuses ``AdditiveAttention``. Every module *returns* its
attention weights together with its output; nothing is stored on the module as a side effect.
"""

import math

import torch
from torch import nn

__all__ = ["masked_softmax", "AdditiveAttention", "DotProductAttention", "check_valid_lens"]


def _check_tensor(name, x, ndim):
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if x.dim() != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions, got shape {tuple(x.shape)}")
    if not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {x.dtype}")


def check_valid_lens(valid_lens, batch_size, num_queries, num_keys):
    """Validate ``valid_lens`` and expand it to one length per query.

    Shapes:
        valid_lens: None, (batch_size,) or (batch_size, num_queries), integer dtype
        returns: None or (batch_size, num_queries), int64
    """
    if valid_lens is None:
        return None
    if not isinstance(valid_lens, torch.Tensor):
        raise TypeError(f"valid_lens must be a torch.Tensor of integers or None, "
                        f"got {type(valid_lens).__name__}")
    if valid_lens.is_floating_point() or valid_lens.is_complex() or valid_lens.dtype == torch.bool:
        raise TypeError(f"valid_lens must hold integers (e.g. torch.long), got dtype {valid_lens.dtype}")
    if valid_lens.dim() == 1:
        if valid_lens.shape[0] != batch_size:
            raise ValueError(f"valid_lens of shape (batch_size,) = ({batch_size},) expected, "
                             f"got {tuple(valid_lens.shape)}")
        valid_lens = valid_lens[:, None].expand(batch_size, num_queries)
    elif valid_lens.dim() == 2:
        if tuple(valid_lens.shape) != (batch_size, num_queries):
            raise ValueError(f"valid_lens of shape (batch_size, num_queries) = "
                             f"({batch_size}, {num_queries}) expected, got {tuple(valid_lens.shape)}")
    else:
        raise ValueError(f"valid_lens must have shape ({batch_size},) or ({batch_size}, {num_queries}), "
                         f"got {tuple(valid_lens.shape)}")
    if valid_lens.numel() and int(valid_lens.min()) < 0:
        raise ValueError(f"valid_lens must be >= 0, got a minimum of {int(valid_lens.min())}")
    if valid_lens.numel() and int(valid_lens.max()) > num_keys:
        raise ValueError(f"valid_lens must be <= the number of keys ({num_keys}), "
                         f"got a maximum of {int(valid_lens.max())}")
    return valid_lens.long()


def masked_softmax(scores, valid_lens=None):
    """Softmax over the last axis that gives the keys at or past ``valid_lens`` weight exactly 0.

    A valid length of 0 gives a row of zeros (the query attends to nothing), not a uniform row.
    With ``valid_lens=None`` this is a plain softmax over the last axis.

    Shapes:
        scores: (batch_size, num_queries, num_keys)
        valid_lens: None, (batch_size,) or (batch_size, num_queries)
        returns: (batch_size, num_queries, num_keys)
    """
    _check_tensor("scores", scores, 3)
    batch_size, num_queries, num_keys = scores.shape
    valid_lens = check_valid_lens(valid_lens, batch_size, num_queries, num_keys)
    if valid_lens is None:
        return torch.softmax(scores, dim=-1)
    positions = torch.arange(num_keys, device=scores.device)                   # (K,)
    mask = positions[None, None, :] < valid_lens.to(scores.device)[:, :, None]  # (B, Q, K)
    # A very negative finite fill keeps fully masked rows free of NaN (forward and backward);
    # torch.where then sets every masked weight to exactly 0.
    filled = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
    weights = torch.softmax(filled, dim=-1)                                     # (B, Q, K)
    return torch.where(mask, weights, torch.zeros((), dtype=scores.dtype, device=scores.device))


def _check_qkv(queries, keys, values):
    _check_tensor("queries", queries, 3)
    _check_tensor("keys", keys, 3)
    _check_tensor("values", values, 3)
    if not queries.shape[0] == keys.shape[0] == values.shape[0]:
        raise ValueError("queries, keys and values must have the same batch size, got "
                         f"{queries.shape[0]}, {keys.shape[0]} and {values.shape[0]}")
    if keys.shape[1] != values.shape[1]:
        raise ValueError("keys and values must have the same number of entries (one value per key), "
                         f"got {keys.shape[1]} keys and {values.shape[1]} values")


class AdditiveAttention(nn.Module):
    """Additive attention (加性注意力): a(q, k) = w_vᵀ tanh(W_q q + W_k k).

    Shapes:
        queries: (batch_size, num_queries, query_size)
        keys: (batch_size, num_keys, key_size); values: (batch_size, num_keys, value_size)
        returns: output (batch_size, num_queries, value_size), weights (batch_size, num_queries, num_keys)
    """

    def __init__(self, query_size, key_size, num_hiddens, dropout=0.0):
        super().__init__()
        self.query_size, self.key_size = query_size, key_size
        self.W_q = nn.Linear(query_size, num_hiddens, bias=False)
        self.W_k = nn.Linear(key_size, num_hiddens, bias=False)
        self.w_v = nn.Linear(num_hiddens, 1, bias=False)
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        _check_qkv(queries, keys, values)
        if queries.shape[-1] != self.query_size:
            raise ValueError(f"queries must have size {self.query_size} in the last axis, "
                             f"got shape {tuple(queries.shape)}")
        if keys.shape[-1] != self.key_size:
            raise ValueError(f"keys must have size {self.key_size} in the last axis, "
                             f"got shape {tuple(keys.shape)}")
        q, k = self.W_q(queries), self.W_k(keys)            # (B, Q, h), (B, K, h)
        features = torch.tanh(q[:, :, None, :] + k[:, None, :, :])  # (B, Q, K, h)
        scores = self.w_v(features).squeeze(-1)             # (B, Q, K)
        weights = masked_softmax(scores, valid_lens)        # (B, Q, K)
        return torch.bmm(self.dropout(weights), values), weights  # (B, Q, v), (B, Q, K)


class DotProductAttention(nn.Module):
    """Scaled dot-product attention (缩放点积注意力): softmax(Q Kᵀ / √d) V.

    The returned weights are the ones before dropout; dropout (training only) acts on the
    weights that multiply the values.

    Shapes:
        queries: (batch_size, num_queries, d); keys: (batch_size, num_keys, d)
        values: (batch_size, num_keys, value_size)
        returns: output (batch_size, num_queries, value_size), weights (batch_size, num_queries, num_keys)
    """

    def __init__(self, dropout=0.0):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        _check_qkv(queries, keys, values)
        if queries.shape[-1] != keys.shape[-1]:
            raise ValueError("dot-product attention needs queries and keys of the same size d, got "
                             f"query size {queries.shape[-1]} and key size {keys.shape[-1]}")
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)  # (B, Q, K)
        weights = masked_softmax(scores, valid_lens)                      # (B, Q, K)
        return torch.bmm(self.dropout(weights), values), weights          # (B, Q, v), (B, Q, K)
