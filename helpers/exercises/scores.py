"""Self-checks for the exercises (练习) of ``notebooks/03_attention_scores.ipynb`` (注意力分数).

Each check takes the student's answer (a number, a nested list or a function), prints a verdict with
a hint and returns ``True`` or ``False``; it never prints the solution.
"""

import math

import torch

from . import report

__all__ = ["check_scaled_scores", "check_masked_weights", "check_dot_variance", "check_max_keys",
           "check_flop_ratio"]

# Exercise 2: one sequence, two queries, four keys; the first query may look at 2 keys, the second at 0.
MASKED_SCORES = ((2.0, 0.0, 1.0, 5.0), (2.0, 0.0, 1.0, 5.0))
MASKED_VALID_LENS = (2, 0)
# Exercise 4: batch size, hidden size, bytes per number, memory budget (1 GiB).
MEMORY_BATCH_SIZE, MEMORY_NUM_HIDDENS, MEMORY_ELEMENT_SIZE, MEMORY_BUDGET = 32, 128, 4, 2 ** 30
# Exercise 5: the size d = h = q = k = v.
RATIO_SIZE = 64


def _require_callable(name, fn):
    if not callable(fn):
        raise TypeError(f"{name} must be a function, got {type(fn).__name__}")


def _require_number(name, answer):
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(answer).__name__}")


def check_scaled_scores(scaled_scores):
    """Exercise 1: ``scaled_scores(queries, keys)`` returns Q Kᵀ / √d for a batch.

    Shapes:
        queries: (batch_size, num_queries, d); keys: (batch_size, num_keys, d)
        returns: (batch_size, num_queries, num_keys)
    """
    _require_callable("scaled_scores", scaled_scores)
    name = "Exercise 1 (scaled dot-product scores)"
    gen = torch.Generator().manual_seed(31)
    for batch_size, num_queries, num_keys, d in [(2, 3, 5, 4), (1, 4, 2, 9), (3, 1, 6, 16)]:
        queries = torch.randn(batch_size, num_queries, d, generator=gen, dtype=torch.float64)
        keys = torch.randn(batch_size, num_keys, d, generator=gen, dtype=torch.float64)
        raw = queries @ keys.transpose(1, 2)  # (B, Q, K)
        try:
            got = scaled_scores(queries, keys)
        except Exception as error:  # the student's code failed: say how, not what to write
            return report(name, False, f"your function raised {type(error).__name__}: {error}")
        if not isinstance(got, torch.Tensor):
            return report(name, False, f"return a torch.Tensor, got {type(got).__name__}.")
        if tuple(got.shape) != (batch_size, num_queries, num_keys):
            return report(name, False, f"for queries {tuple(queries.shape)} and keys {tuple(keys.shape)} "
                          f"the scores should have shape {(batch_size, num_queries, num_keys)}, got "
                          f"{tuple(got.shape)}. One row per query, one column per key.")
        got = got.to(torch.float64)
        if torch.allclose(got, raw, atol=1e-5):
            return report(name, False, "your scores are √d times too large: they are not scaled yet.")
        if torch.allclose(got, raw / d, atol=1e-5):
            return report(name, False, "you divided by d; which power of d keeps the variance at 1?")
        if not torch.allclose(got, raw / math.sqrt(d), atol=1e-5):
            return report(name, False, f"the scores differ from Q Kᵀ / √d (d = {d}). Check which axis you "
                          "sum over (the size d) and that the batch axis stays apart.")
    return report(name, True)


def check_masked_weights(weights):
    """Exercise 2: the masked-softmax weights of ``MASKED_SCORES`` with ``MASKED_VALID_LENS``, by hand.

    Shapes:
        weights: nested list or tensor (2, 4), one row per query
    """
    name = "Exercise 2 (masked softmax by hand)"
    try:
        got = torch.as_tensor(weights, dtype=torch.float64)
    except (TypeError, ValueError, RuntimeError) as error:
        raise TypeError(f"weights must be a 2 x 4 nested list of numbers, got {type(weights).__name__}") \
            from error
    if tuple(got.shape) != (2, 4):
        raise ValueError(f"weights must have shape (2, 4) (2 queries, 4 keys), got {tuple(got.shape)}")
    scores = torch.tensor(MASKED_SCORES, dtype=torch.float64)
    for i, valid_len in enumerate(MASKED_VALID_LENS):
        row = got[i]
        if torch.any(row[valid_len:].abs() > 1e-3):
            if valid_len == 0:
                return report(name, False, "query 1 has valid length 0: it may attend to no key at all, "
                              "so no key gets weight (not even an equal share).")
            return report(name, False, f"query {i} gives weight to keys at or past its valid length "
                          f"{valid_len}: padding must get weight 0.")
        expected = torch.softmax(scores[i, :valid_len], dim=0) if valid_len else row[:0]
        if valid_len and abs(float(row[:valid_len].sum()) - 1.0) > 1e-3:
            return report(name, False, f"the weights of query {i}'s {valid_len} valid keys should sum to 1.")
        if not torch.allclose(row[:valid_len], expected, atol=1e-3):
            return report(name, False, f"query {i}: the softmax over its valid keys is off "
                          "(give 3 decimals). "
                          "Only the valid keys' scores enter the sum in the denominator.")
    return report(name, True)


def check_dot_variance(variance):
    """Exercise 3: ``variance(d, sigma)`` is Var(q·k) for q, k in R^d with independent N(0, σ²) entries."""
    _require_callable("variance", variance)
    name = "Exercise 3 (variance of a dot product)"
    for sigma in (1.0, 0.5, 3.0):  # σ = 1 first, for every d
        for d in (1, 2, 16, 100):
            try:
                got = float(variance(d, sigma))
            except Exception as error:
                return report(name, False, f"your function raised {type(error).__name__}: {error}")
            expected = d * sigma ** 4
            if not math.isclose(got, expected, rel_tol=1e-6):
                if sigma == 1.0:
                    return report(name, False, f"wrong for σ = 1 and d = {d}. Variances of independent "
                                  "terms add up; what is the variance of one product q_i k_i?")
                if math.isclose(got, d * sigma ** 2, rel_tol=1e-6):
                    return report(name, False, "right for σ = 1 only: both q_i and k_i carry a variance σ².")
                return report(name, False, f"right for σ = 1 but not for σ = {sigma}: "
                              "how does the variance of "
                              "a product of two independent zero-mean variables depend on theirs?")
    return report(name, True)


def check_max_keys(num_keys):
    """Exercise 4: the largest K (with Q = K) whose (B, Q, K, h) float32 tensor fits in 1 GiB."""
    _require_number("num_keys", num_keys)
    name = "Exercise 4 (memory of additive attention)"

    def size(k):
        return MEMORY_ELEMENT_SIZE * MEMORY_BATCH_SIZE * k * k * MEMORY_NUM_HIDDENS

    if num_keys != int(num_keys) or num_keys < 1:
        return report(name, False, "give a whole number of keys, at least 1.")
    num_keys = int(num_keys)
    if size(num_keys) > MEMORY_BUDGET:
        return report(name, False, f"K = {num_keys} needs {size(num_keys) / 2 ** 30:.2f} GiB: too many keys.")
    if size(num_keys + 1) <= MEMORY_BUDGET:
        return report(name, False, f"K = {num_keys} fits, and so do larger ones: look for the largest K.")
    return report(name, True)


def check_flop_ratio(ratio):
    """Exercise 5: additive ÷ dot-product FLOPs as Q = K = n grows, d = h = q = k = v = ``RATIO_SIZE``."""
    _require_number("ratio", ratio)
    name = "Exercise 5 (FLOP ratio)"
    d = RATIO_SIZE
    expected = (4 * d + 4 + 2 * d) / (2 * d + 1 + 4 + 2 * d)  # the n² terms of the two counts
    if math.isclose(ratio, expected, rel_tol=0.01):
        return report(name, True)
    if ratio < 1:
        return report(name, False,
                      "additive attention needs more FLOPs than dot-product attention, not fewer.")
    if ratio > 3:
        return report(name, False, "too large: as n grows, only the terms in n² (Q·K) matter; "
                      "the projections W_q q and W_k k grow like n.")
    return report(name, False, "not quite: keep every Q·K term of both counts (tanh, add, softmax, "
                  "scaling, weights · V), 2 decimals are enough.")
