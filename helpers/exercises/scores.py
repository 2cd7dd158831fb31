"""Self-checks for the exercises (练习) of ``notebooks/03_attention_scores.ipynb`` (注意力分数).

Each check takes the student's answer (a number, a nested list or a function), prints a verdict with
a hint and returns ``True`` or ``False``; it never prints the solution.
"""

import math

import torch
from torch.overrides import TorchFunctionMode

from ..cost import additive_flops, dot_product_flops
from . import (
    read_function,
    read_number,
    read_table,
    report,
    report_not_a_tensor,
    report_raised,
)

__all__ = ["check_scaled_scores", "check_masked_weights", "check_dot_variance", "check_max_keys",
           "check_flop_ratio", "check_bilinear_scores"]

# Exercise 2: one sequence, two queries, four keys; the first query may look at 2 keys, the second at 0.
MASKED_SCORES = ((2.0, 0.0, 1.0, 5.0), (2.0, 0.0, 1.0, 5.0))
MASKED_VALID_LENS = (2, 0)
# Exercise 4: batch size, hidden size, bytes per number, memory budget (1 GiB).
MEMORY_BATCH_SIZE, MEMORY_NUM_HIDDENS, MEMORY_ELEMENT_SIZE, MEMORY_BUDGET = 32, 128, 4, 2 ** 30
# Exercise 5: the size d = h = q = k = v.
RATIO_SIZE = 64
# Exercise 1 asks for torch.einsum: these products and axis swaps are what it replaces.
_NOT_EINSUM = {"bmm", "matmul", "mm", "baddbmm", "tensordot", "transpose", "permute",
               "swapaxes", "swapdims", "t", "movedim", "moveaxis", "__matmul__", "__rmatmul__"}


class _CallRecorder(TorchFunctionMode):
    """Records the names of the torch functions and tensor methods called in its ``with``."""

    def __init__(self):
        super().__init__()
        self.names = set()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.names.add(getattr(func, "__name__", ""))
        return func(*args, **(kwargs or {}))


def check_scaled_scores(scaled_scores):
    """Exercise 1: ``scaled_scores(queries, keys)`` returns Q Kᵀ / √d for a batch.

    Shapes:
        queries: (batch_size, num_queries, d); keys: (batch_size, num_keys, d)
        returns: (batch_size, num_queries, num_keys)
    """
    name, name_zh = "Exercise 1 (scaled dot-product scores)", "练习 1（缩放点积分数）"
    if read_function(name, name_zh, scaled_scores) is None:
        return False
    used = set()
    gen = torch.Generator().manual_seed(31)
    for batch_size, num_queries, num_keys, d in [(2, 3, 5, 4), (1, 4, 2, 9), (3, 1, 6, 16)]:
        queries = torch.randn(batch_size, num_queries, d, generator=gen, dtype=torch.float64)
        keys = torch.randn(batch_size, num_keys, d, generator=gen, dtype=torch.float64)
        raw = queries @ keys.transpose(1, 2)  # (B, Q, K)
        try:
            with _CallRecorder() as recorder:
                got = scaled_scores(queries, keys)
        except Exception as error:  # the student's code failed: say how, not what to write
            return report_raised(name, name_zh, error)
        used |= recorder.names
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
    others = sorted(used & _NOT_EINSUM)
    if others or "einsum" not in used:
        called = f" (your function calls {', '.join(others)})" if others else ""
        called_zh = f"（你的函数调用了 {'、'.join(others)}）" if others else ""
        return report(name, False, "the scores are right; now write them with one "
                      f"torch.einsum, no bmm, @ or transpose{called}.", exercise_zh=name_zh,
                      hint_zh=f"分数算对了；现在请只用一个 torch.einsum 来写，"
                              f"不用 bmm、@ 或转置{called_zh}。")
    return report(name, True, exercise_zh=name_zh)


def check_masked_weights(weights):
    """Exercise 2: the masked-softmax weights of ``MASKED_SCORES`` with ``MASKED_VALID_LENS``, by hand.

    Shapes:
        weights: nested list, array or tensor (2, 4), one row per query
    """
    name, name_zh = "Exercise 2 (masked softmax by hand)", "练习 2（手算掩蔽softmax）"
    got = read_table(name, name_zh, weights, (2, 4), "one row per query, one column per key",
                     "每个查询一行，每个键一列")
    if got is None:
        return False
    scores = torch.tensor(MASKED_SCORES, dtype=torch.float64)
    for i, valid_len in enumerate(MASKED_VALID_LENS):
        row = got[i]
        if not torch.isfinite(row).all():
            return report(name, False, f"query {i} has NaN or an infinite weight: a weight "
                          "is a number between 0 and 1, and where a key must get nothing it "
                          "is exactly 0 (a score of −∞ in every place gives NaN).",
                          exercise_zh=name_zh,
                          hint_zh=f"查询 {i} 的权重中有 NaN 或无穷大：权重是 0 到 1 之间的数，"
                                  "不该得到权重的键，其权重恰好为 0（分数处处为 −∞ 会得到 NaN）。")
        if not (row[valid_len:].abs() <= 1e-3).all():
            if valid_len == 0:
                return report(name, False, "query 1 has valid length 0: it may attend to no "
                              "key at all, so no key gets weight (not even an equal share).",
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
            return report(name, False, f"the weights of query {i}'s {valid_len} valid keys "
                          "should sum to 1.", exercise_zh=name_zh,
                          hint_zh=f"查询 {i} 的 {valid_len} 个有效键的权重之和应为 1。")
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
    name, name_zh = "Exercise 3 (variance of a dot product)", "练习 3（点积的方差）"
    if read_function(name, name_zh, variance) is None:
        return False
    for sigma in (1.0, 0.5, 3.0):  # σ = 1 first, for every d
        for d in (1, 2, 16, 100):
            try:
                got = variance(d, sigma)
            except Exception as error:
                return report_raised(name, name_zh, error)
            if (got := read_number(name, name_zh, got, returned=True)) is None:
                return False
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
    name, name_zh = "Exercise 4 (memory of additive attention)", "练习 4（加性注意力的内存）"
    if (num_keys := read_number(name, name_zh, num_keys)) is None:
        return False

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


def _table_ratio(n, d=RATIO_SIZE):
    """Total additive ÷ total dot-product FLOPs at n_q = n_k = n, as in section 5's table."""
    return (sum(additive_flops(1, n, n, d, d, d, d).values())
            / sum(dot_product_flops(1, n, n, d, d).values()))


def check_flop_ratio(ratio):
    """Exercise 5: total additive ÷ dot-product FLOPs as n_q = n_k = n grows, every size 64.

    The answer is asked to 2 decimals: 1.49 is accepted, and 1.48 (the third decimal cut off).
    """
    name, name_zh = "Exercise 5 (FLOP ratio)", "练习 5（FLOPs 之比）"
    if (ratio := read_number(name, name_zh, ratio)) is None:
        return False
    d = RATIO_SIZE
    additive = {"+": d, "tanh": d, "w_vᵀ": 2 * d, "softmax": 4, "weights · V": 2 * d}  # a pair
    dot = {"Q Kᵀ": 2 * d, "/ √d": 1, "softmax": 4, "weights · V": 2 * d}

    def near(value, within=0.005):
        return abs(ratio - value) <= within

    expected = sum(additive.values()) / sum(dot.values())   # n_q·n_k terms decide the limit
    if near(expected, 0.0075):
        return report(name, True, exercise_zh=name_zh)
    if ratio <= 1:
        return report(name, False, "additive attention needs more FLOPs than dot-product "
                      "attention, not fewer or as many.", exercise_zh=name_zh,
                      hint_zh="加性注意力需要的 FLOPs 比点积注意力多，而不是更少或一样多。")
    if near(4 * d / (2 * d + 1)):
        return report(name, False, "that compares the scores only (in the table, n = 128 "
                      "happens to give it too): the exercise asks for the totals as n → ∞, "
                      "softmax and weights · V included.",
                      exercise_zh=name_zh,
                      hint_zh="这只比较了分数的计算（表中 n = 128 时也恰好是这个值）：练习问的是 n → ∞ "
                              "时的总量，包括 softmax 和 weights · V。")
    for n in (16, 128, 1024):
        if near(_table_ratio(n)):
            return report(name, False, f"that is the ratio at n = {n}, a row of the table in "
                          "section 5. The exercise asks for the limit n → ∞: which terms "
                          "still matter there?",
                          exercise_zh=name_zh,
                          hint_zh=f"这是 n = {n} 时的比值，即第 5 节表中的一行。练习问的是 n → ∞ 时的"
                                  "极限：那时还起作用的是哪些项？")
    if near((4 * d + 4) / (2 * d + 5)):
        return report(name, False, "a multiply–add counts 2 FLOPs (the convention of section "
                      "5), in w_vᵀ, in Q Kᵀ and in weights · V.", exercise_zh=name_zh,
                      hint_zh="按第 5 节的约定，一次乘加算 2 个 FLOP：w_vᵀ、Q Kᵀ 和 weights · V 里都是。")
    for counts, which, which_zh, every in [
            (additive, "additive", "加性注意力", "+, tanh, w_vᵀ, softmax and weights · V"),
            (dot, "dot-product", "点积注意力", "Q Kᵀ, / √d, softmax and weights · V")]:
        missing = []
        for part in counts:                               # the ratio with one term left out
            left = {**additive, part: 0} if counts is additive else additive
            right = {**dot, part: 0} if counts is dot else dot
            if near(sum(left.values()) / sum(right.values())):
                missing.append(part)
        if missing:
            every_zh = every.replace(", ", "、").replace(" and ", "、")
            return report(name, False, "one term per (query, key) pair is missing from the "
                          f"{which} count ({' or '.join(missing)}?): count {every}.",
                          exercise_zh=name_zh,
                          hint_zh=f"{which_zh}的计数里漏了每个（查询，键）对上的一项"
                                  f"（{' 或 '.join(missing)}？）：要数 {every_zh}。")
    if ratio > 3:
        return report(name, False, "too large: as n grows, only the terms in n_q·n_k matter; "
                      "the projections W_q q and W_k k grow like n.",
                      exercise_zh=name_zh,
                      hint_zh="太大了：n 增大时，只有 n_q·n_k 的项起作用；投影 W_q q 和 W_k k "
                              "只按 n 增长。")
    return report(name, False, "per (query, key) pair, add up every term of each count "
                  "(additive: +, tanh, w_vᵀ, softmax, weights · V; dot product: Q Kᵀ, / √d, "
                  "softmax, weights · V) and divide; 2 decimals.", exercise_zh=name_zh,
                  hint_zh="对每个（查询，键）对，把每种计数的各项加起来（加性：加法、tanh、"
                          "w_vᵀ、softmax、weights · V；点积：Q Kᵀ、/ √d、softmax、weights · V），"
                          "再相除；保留 2 位小数。")


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
    name, name_zh = "Exercise 6 (multiplicative scores)", "练习 6（乘性分数）"
    if read_function(name, name_zh, bilinear_scores) is None:
        return False
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
