"""Self-checks for the exercises (练习) of ``notebooks/03_attention_scores.ipynb`` (注意力分数).

Each check takes the student's answer (a number, a nested list or a function), prints a verdict with
a hint and returns ``True`` or ``False``; it never prints the solution.
"""

import math

import torch

from . import report, report_not_a_tensor, report_raised

__all__ = ["check_scaled_scores", "check_masked_weights", "check_dot_variance", "check_max_keys",
           "check_flop_ratio", "check_bilinear_scores"]

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
    name, name_zh = "Exercise 1 (scaled dot-product scores)", "练习 1（缩放点积分数）"
    gen = torch.Generator().manual_seed(31)
    for batch_size, num_queries, num_keys, d in [(2, 3, 5, 4), (1, 4, 2, 9), (3, 1, 6, 16)]:
        queries = torch.randn(batch_size, num_queries, d, generator=gen, dtype=torch.float64)
        keys = torch.randn(batch_size, num_keys, d, generator=gen, dtype=torch.float64)
        raw = queries @ keys.transpose(1, 2)  # (B, Q, K)
        try:
            got = scaled_scores(queries, keys)
        except Exception as error:  # the student's code failed: say how, not what to write
            return report_raised(name, name_zh, error)
        if not isinstance(got, torch.Tensor):
            return report_not_a_tensor(name, name_zh, got)
        if tuple(got.shape) != (batch_size, num_queries, num_keys):
            return report(name, False, f"for queries {tuple(queries.shape)} and keys {tuple(keys.shape)} "
                          f"the scores should have shape {(batch_size, num_queries, num_keys)}, got "
                          f"{tuple(got.shape)}. One row per query, one column per key.",
                          exercise_zh=name_zh,
                          hint_zh=f"对于形状为 {tuple(queries.shape)} 的查询和 {tuple(keys.shape)} 的键，"
                                  f"分数的形状应为 {(batch_size, num_queries, num_keys)}，你的是 "
                                  f"{tuple(got.shape)}。每个查询一行，每个键一列。")
        got = got.to(torch.float64)
        if torch.allclose(got, raw, atol=1e-5):
            return report(name, False, "your scores are √d times too large: they are not scaled yet.",
                          exercise_zh=name_zh, hint_zh="你的分数大了 √d 倍：还没有缩放。")
        if torch.allclose(got, raw / d, atol=1e-5):
            return report(name, False, "you divided by d; which power of d keeps the variance at 1?",
                          exercise_zh=name_zh, hint_zh="你除以了 d；d 的几次方才能让方差保持为 1？")
        if not torch.allclose(got, raw / math.sqrt(d), atol=1e-5):
            return report(name, False, f"the scores differ from Q Kᵀ / √d (d = {d}). Check which axis you "
                          "sum over (the size d) and that the batch axis stays apart.",
                          exercise_zh=name_zh,
                          hint_zh=f"你的分数与 Q Kᵀ / √d（d = {d}）不一致。"
                                  "检查求和的是哪一个轴（长度为 d 的那个），以及批量轴是否保持分开。")
    return report(name, True, exercise_zh=name_zh)


def check_masked_weights(weights):
    """Exercise 2: the masked-softmax weights of ``MASKED_SCORES`` with ``MASKED_VALID_LENS``, by hand.

    Shapes:
        weights: nested list or tensor (2, 4), one row per query
    """
    name, name_zh = "Exercise 2 (masked softmax by hand)", "练习 2（手算掩蔽softmax）"
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
                              "so no key gets weight (not even an equal share).",
                              exercise_zh=name_zh,
                              hint_zh="查询 1 的有效长度为 0：它不能关注任何键，"
                                      "所以没有键得到权重（平分也不行）。")
            return report(name, False, f"query {i} gives weight to keys at or past its valid length "
                          f"{valid_len}: padding must get weight 0.",
                          exercise_zh=name_zh,
                          hint_zh=f"查询 {i} 给有效长度 {valid_len} 及之后的键分配了权重："
                                  "填充位置的权重必须为 0。")
        expected = torch.softmax(scores[i, :valid_len], dim=0) if valid_len else row[:0]
        if valid_len and abs(float(row[:valid_len].sum()) - 1.0) > 1e-3:
            return report(name, False, f"the weights of query {i}'s {valid_len} valid keys should sum to 1.",
                          exercise_zh=name_zh, hint_zh=f"查询 {i} 的 {valid_len} 个有效键的权重之和应为 1。")
        if not torch.allclose(row[:valid_len], expected, atol=1e-3):
            return report(name, False, f"query {i}: the softmax over its valid keys is off "
                          "(give 3 decimals). "
                          "Only the valid keys' scores enter the sum in the denominator.",
                          exercise_zh=name_zh,
                          hint_zh=f"查询 {i}：在有效键上的 softmax 不对（保留 3 位小数）。"
                                  "分母的求和只包括有效键的分数。")
    return report(name, True, exercise_zh=name_zh)


def check_dot_variance(variance):
    """Exercise 3: ``variance(d, sigma)`` is Var(q·k) for q, k in R^d with independent N(0, σ²) entries."""
    _require_callable("variance", variance)
    name, name_zh = "Exercise 3 (variance of a dot product)", "练习 3（点积的方差）"
    for sigma in (1.0, 0.5, 3.0):  # σ = 1 first, for every d
        for d in (1, 2, 16, 100):
            try:
                got = float(variance(d, sigma))
            except Exception as error:
                return report_raised(name, name_zh, error)
            expected = d * sigma ** 4
            if not math.isclose(got, expected, rel_tol=1e-6):
                if sigma == 1.0:
                    return report(name, False, f"wrong for σ = 1 and d = {d}. Variances of independent "
                                  "terms add up; what is the variance of one product q_i k_i?",
                                  exercise_zh=name_zh,
                                  hint_zh=f"σ = 1、d = {d} 时不对。独立项的方差可以相加；"
                                          "一个乘积 q_i k_i 的方差是多少？")
                if math.isclose(got, d * sigma ** 2, rel_tol=1e-6):
                    return report(name, False, "right for σ = 1 only: both q_i and k_i carry a variance σ².",
                                  exercise_zh=name_zh,
                                  hint_zh="只在 σ = 1 时正确：q_i 和 k_i 的方差都是 σ²。")
                return report(name, False, f"right for σ = 1 but not for σ = {sigma}: "
                              "how does the variance of "
                              "a product of two independent zero-mean variables depend on theirs?",
                              exercise_zh=name_zh,
                              hint_zh=f"σ = 1 时正确，σ = {sigma} 时不对：两个独立的零均值变量之积的方差，"
                                      "与它们各自的方差有什么关系？")
    return report(name, True, exercise_zh=name_zh)


def check_max_keys(num_keys):
    """Exercise 4: the largest n_k (n_q = n_k) whose one (B, n_q, n_k, h) float32 tensor fits in 1 GiB."""
    _require_number("num_keys", num_keys)
    name, name_zh = "Exercise 4 (memory of additive attention)", "练习 4（加性注意力的内存）"

    def size(k):
        return MEMORY_ELEMENT_SIZE * MEMORY_BATCH_SIZE * k * k * MEMORY_NUM_HIDDENS

    if num_keys != int(num_keys) or num_keys < 1:
        return report(name, False, "give a whole number of keys, at least 1.",
                      exercise_zh=name_zh, hint_zh="请给出一个整数个键，至少为 1。")
    num_keys = int(num_keys)
    if size(num_keys) > MEMORY_BUDGET:
        return report(name, False,
                      f"n_k = {num_keys} needs {size(num_keys) / 2 ** 30:.2f} GiB: too many keys.",
                      exercise_zh=name_zh,
                      hint_zh=f"n_k = {num_keys} 需要 {size(num_keys) / 2 ** 30:.2f} GiB：键太多了。")
    if size(num_keys + 1) <= MEMORY_BUDGET:
        return report(name, False, f"n_k = {num_keys} fits, and so do larger ones: look for the largest n_k.",
                      exercise_zh=name_zh,
                      hint_zh=f"n_k = {num_keys} 放得下，更大的也放得下：要找的是最大的 n_k。")
    return report(name, True, exercise_zh=name_zh)


def check_flop_ratio(ratio):
    """Exercise 5: total additive ÷ total dot-product FLOPs as n_q = n_k = n grows, every size ``RATIO_SIZE``.

    The answer is asked to 2 decimals: accepted within 0.005 of the limit.
    """
    _require_number("ratio", ratio)
    name, name_zh = "Exercise 5 (FLOP ratio)", "练习 5（FLOPs 之比）"
    d = RATIO_SIZE
    n_squared = {"additive": d + d + 2 * d + 4 + 2 * d,     # +, tanh, w_vᵀ, softmax, weights · V
                 "dot product": 2 * d + 1 + 4 + 2 * d}      # Q Kᵀ, / √d, softmax, weights · V
    expected = n_squared["additive"] / n_squared["dot product"]  # the terms in n_q·n_k decide the limit
    if abs(ratio - expected) <= 0.005:
        return report(name, True, exercise_zh=name_zh)
    if ratio < 1:
        return report(name, False,
                      "additive attention needs more FLOPs than dot-product attention, not fewer.",
                      exercise_zh=name_zh, hint_zh="加性注意力需要的 FLOPs 比点积注意力多，而不是少。")
    if ratio > 3:
        return report(name, False, "too large: as n grows, only the terms in n_q·n_k matter; "
                      "the projections W_q q and W_k k grow like n.",
                      exercise_zh=name_zh,
                      hint_zh="太大了：n 增大时，只有 n_q·n_k 的项起作用；投影 W_q q 和 W_k k 只按 n 增长。")
    if abs(ratio - 4 * d / (2 * d + 1)) <= 0.005:
        return report(name, False, "that compares the scores only: the exercise asks for the totals, "
                      "softmax and weights · V included.",
                      exercise_zh=name_zh,
                      hint_zh="这只比较了分数的计算：练习问的是总量，包括 softmax 和 weights · V。")
    return report(name, False, "not quite: keep every n_q·n_k term of both counts (add, tanh, w_vᵀ, "
                  "scaling, softmax, weights · V), 2 decimals are enough.",
                  exercise_zh=name_zh,
                  hint_zh="还差一点：保留两种计数中所有 n_q·n_k 的项（加法、tanh、w_vᵀ、缩放、softmax、"
                          "weights · V），保留 2 位小数即可。")


def _bilinear_loop(queries, keys, W):
    """The scores qᵀ W k one (sequence, query, key) triple at a time, straight from the formula."""
    scores = torch.zeros(queries.shape[0], queries.shape[1], keys.shape[1], dtype=torch.float64)
    for b in range(queries.shape[0]):
        for i in range(queries.shape[1]):
            for j in range(keys.shape[1]):
                scores[b, i, j] = torch.dot(queries[b, i], torch.mv(W, keys[b, j]))
    return scores


def _bilinear_cases():
    """(queries, keys, W) on several shapes and seeds; the first case is square (q = k)."""
    for seed, (batch_size, num_queries, num_keys, query_size, key_size) in enumerate(
            [(2, 3, 4, 5, 5), (3, 2, 5, 6, 3), (1, 1, 2, 2, 7)]):
        gen = torch.Generator().manual_seed(60 + seed)
        queries = torch.randn(batch_size, num_queries, query_size, generator=gen, dtype=torch.float64)
        keys = torch.randn(batch_size, num_keys, key_size, generator=gen, dtype=torch.float64)
        W = torch.randn(query_size, key_size, generator=gen, dtype=torch.float64)
        yield queries, keys, W


def check_bilinear_scores(bilinear_scores):
    """Exercise 6: ``bilinear_scores(queries, keys, W)`` returns the scores qᵀ W k for a batch.

    Shapes:
        queries: (batch_size, num_queries, query_size); keys: (batch_size, num_keys, key_size)
        W: (query_size, key_size); returns: (batch_size, num_queries, num_keys)
    """
    _require_callable("bilinear_scores", bilinear_scores)
    name, name_zh = "Exercise 6 (multiplicative scores)", "练习 6（乘性分数）"
    for queries, keys, W in _bilinear_cases():
        reference = _bilinear_loop(queries, keys, W)
        try:
            got = bilinear_scores(queries.clone(), keys.clone(), W.clone())
        except Exception as error:  # the student's code failed: say how, not what to write
            return report_raised(name, name_zh, error)
        if not isinstance(got, torch.Tensor):
            return report_not_a_tensor(name, name_zh, got)
        shape = tuple(reference.shape)
        if tuple(got.shape) != shape:
            return report(name, False, f"for queries {tuple(queries.shape)}, keys {tuple(keys.shape)} and W "
                          f"{tuple(W.shape)} the scores should have shape {shape}, got {tuple(got.shape)}. "
                          "One row per query, one column per key.",
                          exercise_zh=name_zh,
                          hint_zh=f"对于形状为 {tuple(queries.shape)} 的查询、{tuple(keys.shape)} 的键和 "
                                  f"{tuple(W.shape)} 的 W，分数的形状应为 {shape}，你的是 "
                                  f"{tuple(got.shape)}。每个查询一行，每个键一列。")
        got = got.to(torch.float64)
        if torch.allclose(got, reference, atol=1e-6):
            continue
        if W.shape[0] == W.shape[1]:
            if torch.allclose(got, _bilinear_loop(queries, keys, W.T), atol=1e-6):
                return report(name, False, "W is used the wrong way round: which of its axes should meet "
                              "the query, and which the key?",
                              exercise_zh=name_zh,
                              hint_zh="W 的方向用反了：它的哪个轴应与查询相乘，哪个轴与键相乘？")
            identity = torch.eye(W.shape[0], dtype=W.dtype)
            if torch.allclose(got, _bilinear_loop(queries, keys, identity), atol=1e-6):
                return report(name, False, "your scores do not depend on W: that is the plain dot product.",
                              exercise_zh=name_zh, hint_zh="你的分数与 W 无关：那是普通的点积。")
        for size in (queries.shape[-1], keys.shape[-1]):
            if torch.allclose(got * math.sqrt(size), reference, atol=1e-6):
                return report(name, False, "your scores are scaled: this score has no scaling factor.",
                              exercise_zh=name_zh, hint_zh="你的分数被缩放了：这种分数没有缩放因子。")
        return report(name, False, "the scores differ from qᵀ W k. Check that each sequence's queries "
                      "meet only the same sequence's keys, and which axes are summed over.",
                      exercise_zh=name_zh,
                      hint_zh="你的分数与 qᵀ W k 不一致。检查每个序列的查询是否只与同一序列的键相遇，"
                              "以及对哪些轴求和。")
    return report(name, True, exercise_zh=name_zh)
