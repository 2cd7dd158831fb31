"""helpers.kernel_regression: kernels, Nadaraya–Watson pooling and the parametric model against loops."""

import math

import pytest
import torch

from helpers.kernel_regression import (
    KERNELS,
    NWKernelRegression,
    average_pooling,
    boxcar,
    epanechnikov,
    gaussian,
    kernel_weights,
    leave_one_out,
    nadaraya_watson,
    triangular,
    true_function,
)

KERNEL_FORMULAS = {  # the textbook definitions, one number at a time
    "gaussian": lambda u: math.exp(-u * u / 2) / math.sqrt(2 * math.pi),
    "boxcar": lambda u: 0.5 if abs(u) <= 1 else 0.0,
    "triangular": lambda u: 1 - abs(u) if abs(u) <= 1 else 0.0,
    "epanechnikov": lambda u: 0.75 * (1 - u * u) if abs(u) <= 1 else 0.0,
}


def data(seed, num_queries=7, num_keys=9):
    generator = torch.Generator().manual_seed(seed)
    queries = torch.rand(num_queries, generator=generator, dtype=torch.float64) * 5
    keys = torch.rand(num_keys, generator=generator, dtype=torch.float64) * 5
    values = torch.randn(num_keys, generator=generator, dtype=torch.float64)
    return queries, keys, values


def nw_loop(queries, keys, values, kernel, bandwidth):
    """Brute force: f(x) = Σ_i K((x − x_i)/h) y_i / Σ_j K((x − x_j)/h), or NaN when Σ_j = 0."""
    formula = KERNEL_FORMULAS[kernel]
    predictions, weights = [], []
    for i, x in enumerate(queries.tolist()):
        row_keys = keys[i] if keys.dim() == 2 else keys
        row_values = values[i] if values.dim() == 2 else values
        k = [formula((x - xi) / bandwidth) for xi in row_keys.tolist()]
        total = sum(k)
        if total == 0:
            weights.append([math.nan] * len(k))
            predictions.append(math.nan)
        else:
            weights.append([ki / total for ki in k])
            predictions.append(sum(ki * yi for ki, yi in zip(k, row_values.tolist(), strict=True)) / total)
    return torch.tensor(predictions, dtype=torch.float64), torch.tensor(weights, dtype=torch.float64)


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_kernels_match_their_formulas_and_integrate_to_one(name):
    u = torch.linspace(-3, 3, 601, dtype=torch.float64)
    expected = torch.tensor([KERNEL_FORMULAS[name](v) for v in u.tolist()], dtype=torch.float64)
    torch.testing.assert_close(KERNELS[name](u), expected)
    fine = torch.linspace(-8, 8, 160001, dtype=torch.float64)
    assert abs(torch.trapezoid(KERNELS[name](fine), fine).item() - 1) < 1e-3
    assert (KERNELS[name](u) >= 0).all()


def test_hand_computed_kernel_values():
    u = torch.tensor([0.0, 0.5, 1.0, 1.5])
    torch.testing.assert_close(gaussian(u[:1]), torch.tensor([1 / math.sqrt(2 * math.pi)]))
    torch.testing.assert_close(boxcar(u), torch.tensor([0.5, 0.5, 0.5, 0.0]))
    torch.testing.assert_close(triangular(u), torch.tensor([1.0, 0.5, 0.0, 0.0]))
    torch.testing.assert_close(epanechnikov(u), torch.tensor([0.75, 0.75 * (1 - 0.5 ** 2), 0.0, 0.0]))
    assert not torch.equal(epanechnikov(u), triangular(u))  # the true Epanechnikov, not the triangle


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("kernel", sorted(KERNELS))
@pytest.mark.parametrize("bandwidth", [0.2, 1.0, 2.5])
def test_nadaraya_watson_matches_loop(seed, kernel, bandwidth):
    queries, keys, values = data(seed)
    expected_pred, expected_weights = nw_loop(queries, keys, values, kernel, bandwidth)
    predictions, weights = nadaraya_watson(queries, keys, values, kernel, bandwidth)
    assert predictions.shape == (7,) and weights.shape == (7, 9)
    torch.testing.assert_close(predictions, expected_pred, equal_nan=True)
    torch.testing.assert_close(weights, expected_weights, equal_nan=True)


@pytest.mark.parametrize("seed", [0, 3])
def test_per_query_keys_match_loop(seed):
    generator = torch.Generator().manual_seed(seed)
    queries = torch.rand(6, generator=generator, dtype=torch.float64) * 5
    keys = torch.rand(6, 4, generator=generator, dtype=torch.float64) * 5
    values = torch.randn(6, 4, generator=generator, dtype=torch.float64)
    expected_pred, expected_weights = nw_loop(queries, keys, values, "triangular", 1.5)
    predictions, weights = nadaraya_watson(queries, keys, values, "triangular", 1.5)
    torch.testing.assert_close(predictions, expected_pred, equal_nan=True)
    torch.testing.assert_close(weights, expected_weights, equal_nan=True)


@pytest.mark.parametrize("seed", [0, 1])
def test_gaussian_weights_are_a_softmax(seed):
    queries, keys, values = data(seed, 11, 13)
    predictions, weights = nadaraya_watson(queries, keys, values, "gaussian", 1.0)
    expected = torch.softmax(-(queries[:, None] - keys[None, :]) ** 2 / 2, dim=1)
    torch.testing.assert_close(weights, expected)
    torch.testing.assert_close(predictions, expected @ values)


@pytest.mark.parametrize("kernel", ["boxcar", "triangular", "epanechnikov"])
def test_queries_without_keys_in_reach_get_nan(kernel):
    keys = torch.tensor([0.0, 0.1, 3.0])
    values = torch.tensor([1.0, 2.0, 3.0])
    queries = torch.tensor([0.05, 1.5, 3.0])  # 1.5 is more than h = 0.5 away from every key
    predictions, weights = nadaraya_watson(queries, keys, values, kernel, 0.5)
    assert torch.isnan(predictions[1]) and torch.isnan(weights[1]).all()
    assert torch.isfinite(predictions[[0, 2]]).all()
    torch.testing.assert_close(weights[[0, 2]].sum(dim=1), torch.ones(2))
    torch.testing.assert_close(predictions[2], torch.tensor(3.0))


def test_weights_are_nonnegative_and_rows_sum_to_one():
    queries, keys, _ = data(5, 20, 30)
    for kernel in KERNELS:
        weights = kernel_weights(queries, keys, kernel, 3.0)
        assert (weights >= 0).all()
        torch.testing.assert_close(weights.sum(dim=1), torch.ones(20, dtype=torch.float64))


def test_average_pooling_is_the_mean():
    queries, _, values = data(0)
    mean = sum(values.tolist()) / len(values)                   # a plain Python sum, not the tensor's mean
    torch.testing.assert_close(average_pooling(queries, values), torch.full((7,), mean, dtype=torch.float64))


def test_true_function_hand_value():
    torch.testing.assert_close(true_function(torch.tensor([0.0, 1.0])),
                               torch.tensor([0.0, 2 * math.sin(1.0) + 1.0]))


@pytest.mark.parametrize("n", [2, 5, 50])
def test_leave_one_out_matches_loop(n):
    generator = torch.Generator().manual_seed(n)
    x, y = torch.rand(n, generator=generator), torch.randn(n, generator=generator)
    keys, values = leave_one_out(x, y)
    assert keys.shape == values.shape == (n, n - 1)
    for i in range(n):
        torch.testing.assert_close(keys[i], torch.cat([x[:i], x[i + 1:]]))
        torch.testing.assert_close(values[i], torch.cat([y[:i], y[i + 1:]]))


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("w", [0.5, 1.0, 3.0])
def test_parametric_model_matches_loop_and_gaussian(seed, w):
    generator = torch.Generator().manual_seed(seed)
    x = torch.sort(torch.rand(8, generator=generator, dtype=torch.float64) * 5).values
    y = torch.randn(8, generator=generator, dtype=torch.float64)
    keys, values = leave_one_out(x, y)
    model = NWKernelRegression(w).double()
    predictions, weights = model(x, keys, values)
    expected = []
    for i in range(8):
        scores = [-((x[i].item() - k) * w) ** 2 / 2 for k in keys[i].tolist()]
        m = max(scores)
        e = [math.exp(s - m) for s in scores]
        expected.append(sum(ei * v for ei, v in zip(e, values[i].tolist(), strict=True)) / sum(e))
    torch.testing.assert_close(predictions, torch.tensor(expected, dtype=torch.float64))
    # w is the inverse of a Gaussian bandwidth
    torch.testing.assert_close(predictions, nadaraya_watson(x, keys, values, "gaussian", 1 / w)[0])
    torch.testing.assert_close(weights.sum(dim=1), torch.ones(8, dtype=torch.float64))


def test_parametric_model_learns_a_sharper_kernel():
    generator = torch.Generator().manual_seed(0)
    x = torch.sort(torch.rand(50, generator=generator) * 5).values
    y = true_function(x) + torch.normal(0.0, 0.5, (50,), generator=generator)
    keys, values = leave_one_out(x, y)
    model = NWKernelRegression(1.0)
    optimizer = torch.optim.SGD(model.parameters(), lr=2.0)
    losses = []
    for _ in range(30):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x, keys, values)[0], y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0] and model.w.item() > 1
    assert model.w.grad is not None


@pytest.mark.parametrize("call, error, words", [
    (lambda q, k, v: nadaraya_watson(q, k, v, kernel="cosine"), ValueError, "kernel must be one of"),
    (lambda q, k, v: nadaraya_watson(q, k, v, bandwidth=0), ValueError,
     "bandwidth must be a finite number in (0"),
    (lambda q, k, v: nadaraya_watson(q, k, v, bandwidth=float("nan")), ValueError,
     "bandwidth must be a finite"),
    (lambda q, k, v: nadaraya_watson(q, k, v, bandwidth="1"), TypeError,
     "bandwidth must be a number, got str"),
    (lambda q, k, v: nadaraya_watson(q[:, None], k, v), ValueError, "queries must be 1-D"),
    (lambda q, k, v: nadaraya_watson(q, k, v[:-1]), ValueError, "values must have the shape of keys"),
    (lambda q, k, v: nadaraya_watson(q, k.tolist(), v), TypeError, "keys must be a torch.Tensor"),
    (lambda q, k, v: nadaraya_watson(q.long(), k, v), TypeError, "floating-point"),
    (lambda q, k, v: nadaraya_watson(q, k[None].expand(3, -1), v[None].expand(3, -1)), ValueError,
     "keys must have shape"),
    (lambda q, k, v: leave_one_out(k, v[:-1]), ValueError, "same length"),
    (lambda q, k, v: NWKernelRegression()(q, k, v), ValueError,
     "keys must have shape (num_queries, num_keys)"),
])
def test_bad_input_is_named(call, error, words):
    queries, keys, values = data(0)
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        call(queries, keys, values)


# Misuse and numerics: queries far from every key, empty inputs.

@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_misuse_far_queries_keep_gaussian_weights_finite_and_right(dtype):
    keys = torch.tensor([0.0, 1.0, 2.5], dtype=dtype)
    values = torch.tensor([1.0, -2.0, 4.0], dtype=dtype)
    queries = torch.tensor([1.2, 60.0, -300.0, 1e4], dtype=dtype)   # exp(-u²/2) underflows for the last three
    predictions, weights = nadaraya_watson(queries, keys, values, "gaussian", bandwidth=0.5)
    assert torch.isfinite(weights).all() and torch.isfinite(predictions).all()
    # Reference: the weights by hand in log-sum-exp form with Python floats (exact shift by the largest term).
    for i, x in enumerate(queries.tolist()):
        logs = [-((x - k) / 0.5) ** 2 / 2 for k in keys.tolist()]
        top = max(logs)
        expected = [math.exp(v - top) for v in logs]
        expected = [e / sum(expected) for e in expected]
        torch.testing.assert_close(weights[i], torch.tensor(expected, dtype=dtype))
        expected_prediction = sum(e * y for e, y in zip(expected, values.tolist(), strict=True))
        torch.testing.assert_close(predictions[i], torch.tensor(expected_prediction, dtype=dtype))
    assert predictions[2] == values[0] and predictions[3] == values[2]   # the nearest key takes all


@pytest.mark.parametrize("call, error, words", [
    (lambda: nadaraya_watson(torch.zeros(0), torch.ones(3), torch.ones(3)), ValueError,
     "queries must hold at least one number"),
    (lambda: nadaraya_watson(torch.zeros(2), torch.ones(0), torch.ones(0)), ValueError,
     "keys must hold at least one number"),
    (lambda: nadaraya_watson(torch.zeros(2), torch.ones(3), torch.ones(3), bandwidth=float("inf")),
     ValueError,
     "bandwidth must be a finite number"),
])
def test_misuse_empty_inputs_and_infinite_bandwidth(call, error, words):
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize("w, error, words", [("1.0", TypeError, "w must be a number, got str"),
                                             (float("nan"), ValueError, "w must be a finite number")])
def test_misuse_parametric_model_start_value(w, error, words):
    with pytest.raises(error, match=words):
        NWKernelRegression(w=w)
