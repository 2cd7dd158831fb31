"""Self-checks for the tasks of ``notebooks/05_class_interaction.ipynb`` (课堂互动 9.1).

Each check takes the class's answer (a word, a number, a dict or a function), prints ``✓`` or ``✗``
with a hint, in English and then in Chinese, and returns ``True`` or ``False``; none prints the
answer. The predictions of Tasks 1, 6 and 8 count once: the first answer a kernel gives is
the one judged, and a different later answer is refused (``forget_predictions`` starts
afresh). ``decode_with`` runs the trained model of Task 6 with the class's own decoder step
(Task 7).
"""

import math

import torch

from ..attention import masked_softmax
from ..metrics import sentence_bleu
from . import (
    as_number,
    first_answer_counts,
    forget_predictions,
    read_function,
    read_number,
    report,
    report_raised,
    words,
)
from .reversal import (
    DIAGNOSES,
    HEATMAP_SHAPES,
    check_decoder_step,
    check_diagnosis,
    check_reverse_prediction,
    decode_with,
)

__all__ = ["POOLINGS", "PICTURES", "NW_KEYS", "NW_VALUES", "NW_QUERY", "BLEU_PREDICTION",
           "BLEU_REFERENCE", "SCENARIOS", "SCENARIOS_ZH", "SCORERS", "HEATMAP_SHAPES",
           "DIAGNOSES",
           "check_pooling_pictures", "check_nw_by_hand", "check_bleu_clipped",
           "check_masked_softmax_fix", "check_scorer_choice", "check_reverse_prediction",
           "check_decoder_step", "check_diagnosis", "decode_with", "forget_predictions"]

# Task 1: three poolings over the 50 training inputs of notebook 02, and the three pictures to match.
POOLINGS = ("average pooling", "Gaussian, h = 1", "Gaussian, h = 0.1")
PICTURES = ("uniform", "wide band", "narrow band")
_PICTURE_OF = dict(zip(POOLINGS, ("uniform", "wide band", "narrow band"), strict=True))

# Task 2: Nadaraya–Watson with the Gaussian kernel, three training points, one query.
NW_KEYS, NW_VALUES, NW_QUERY = (1.0, 2.0, 4.0), (3.0, 5.0, 1.0), 2.0

# Task 3: BLEU-2 of a prediction that repeats a word.
BLEU_PREDICTION = "le le le chat ."
BLEU_REFERENCE = "le chat est noir ."

# Task 5: which score for each situation, and the memory of additive attention in situation b.
SCORERS = ("additive", "dot product")
SCENARIOS = {
    "a": "queries of size 20 (a decoder state), keys of size 2 (points on a map); no layer resizes them",
    "b": "queries and keys of size 64, 2,048 of each per sequence, batches of 32, h = 64, float32; "
         "the attention may use 2 GiB of memory",
    "c": "queries and keys of size 512, short sequences; it must run as fast as possible on a phone",
}
SCENARIOS_ZH = {
    "a": "查询的维度为 20（解码器的状态），键的维度为 2（地图上的点）；没有哪一层改变它们的维度",
    "b": "查询和键的维度都是 64，每个序列各 2,048 个，批量大小 32，h = 64，float32；"
         "注意力最多可用 2 GiB 内存",
    "c": "查询和键的维度都是 512，序列很短；要在手机上跑得尽可能快",
}
_SCORER_OF = {"a": "additive", "b": "dot product", "c": "dot product"}
_SCENARIO_HINTS = {
    "a": "can q·k be computed when q and k have different sizes?",
    "b": "compare what each score must hold in memory with the 2 GiB budget.",
    "c": "which score needs fewer operations, and no parameters at all?",
}
_SCENARIO_HINTS_ZH = {
    "a": "q 和 k 的长度不同时，还能计算 q·k 吗？",
    "b": "比较两种分数各自要在内存中存下什么，再和 2 GiB 的预算比一比。",
    "c": "哪种分数需要的运算更少，而且完全不需要参数？",
}
_B, _N, _H, _BYTES = 32, 2048, 64, 4

def check_pooling_pictures(answers):
    """Task 1: ``answers`` maps each of ``POOLINGS`` to one of ``PICTURES``."""
    name, name_zh = "Task 1 (predict the heatmaps)", "任务 1（预测热图）"
    if not isinstance(answers, dict) or set(answers) != set(POOLINGS):
        return report(name, False, f"give a dict with one picture for each of {list(POOLINGS)}.",
                      exercise_zh=name_zh,
                      hint_zh=f"请给出一个字典，为 {list(POOLINGS)} 中的每一种汇聚方式各填一张图。")
    pictures = {words(p): p for p in PICTURES}
    cleaned = {k: pictures.get(words(v)) for k, v in answers.items()}
    unknown = [k for k, v in cleaned.items() if v is None]
    if unknown:
        return report(name, False, f"answer with one of {list(PICTURES)} (for {', '.join(unknown)}).",
                      exercise_zh=name_zh,
                      hint_zh=f"请用 {list(PICTURES)} 中的一个作答（未能识别：{'、'.join(unknown)}）。")

    def judge(answer):
        wrong = [k for k in POOLINGS if answer[k] != _PICTURE_OF[k]]
        return (not wrong, f"look again at {', '.join(wrong)}: how many training inputs does "
                "one query give a noticeable weight, and does that depend on the query?",
                f"再看看 {'、'.join(wrong)}：一个查询会给多少个训练输入分配明显的注意力权重？"
                "这个数目与查询有关吗？")

    return first_answer_counts("task 1", cleaned, judge, name, name_zh)


def _nw_reference(kernel=lambda u: math.exp(-u * u / 2)):
    k = [kernel(NW_QUERY - x) for x in NW_KEYS]
    weights = [ki / sum(k) for ki in k]
    return weights, sum(w * y for w, y in zip(weights, NW_VALUES, strict=True))


def check_nw_by_hand(weights, prediction):
    """Task 2: the three attention weights α(2, x_i) (3 decimals) and the prediction f(2)."""
    name, name_zh = "Task 2 (Nadaraya–Watson by hand)", "任务 2（手算 Nadaraya–Watson）"
    try:
        got = [as_number(w) for w in weights]
    except TypeError:                                       # not a list of anything
        got = [None]
    prediction = as_number(prediction)
    if None in got or prediction is None or not all(map(math.isfinite, [*got, prediction])):
        return report(name, False, "give three numbers for the weights and one number for f(2).",
                      exercise_zh=name_zh, hint_zh="请给出三个数作为权重，再给出一个数作为 f(2)。")
    if len(got) != len(NW_KEYS):
        return report(name, False, f"one weight per training point: 3 numbers, got {len(got)}.",
                      exercise_zh=name_zh,
                      hint_zh=f"每个训练点一个权重：应有 3 个数，你给了 {len(got)} 个。")
    expected, f = _nw_reference()

    def near(ws):
        return all(abs(a - b) < 2e-3 for a, b in zip(got, ws, strict=True))

    if not near(expected):
        if abs(sum(got) - 1) > 5e-3:
            return report(name, False, f"your weights sum to {sum(got):.3f}: attention weights sum to 1.",
                          exercise_zh=name_zh,
                          hint_zh=f"你的权重之和为 {sum(got):.3f}：注意力权重之和应为 1。")
        if near(_nw_reference(lambda u: math.exp(-abs(u)))[0]):
            return report(name, False, "the Gaussian kernel uses the squared distance (x − x_i)².",
                          exercise_zh=name_zh, hint_zh="高斯核用的是距离的平方 (x − x_i)²。")
        if near(_nw_reference(lambda u: math.exp(-u * u))[0]):
            return report(name, False, "check the factor in the exponent: K(u) = exp(−u²/2).",
                          exercise_zh=name_zh, hint_zh="检查指数里的系数：K(u) = exp(−u²/2)。")
        return report(name, False, "compute K(2 − x_i) for each x_i, then divide each by their sum "
                                   "(3 decimals).",
                      exercise_zh=name_zh,
                      hint_zh="对每个 x_i 算出 K(2 − x_i)，再把每一项除以它们的和（保留 3 位小数）。")
    if abs(prediction - f) > 5e-3:
        return report(name, False, "the weights are right; f(2) is the weighted sum of the values y_i.",
                      exercise_zh=name_zh, hint_zh="权重算对了；f(2) 是各个值 y_i 的加权和。")
    return report(name, True, exercise_zh=name_zh)


def check_bleu_clipped(bleu2):
    """Task 3: BLEU-2 of ``BLEU_PREDICTION`` against ``BLEU_REFERENCE``, 3 decimals."""
    name, name_zh = "Task 3 (BLEU with a repeated word)", "任务 3（含重复词的 BLEU）"
    if (value := read_number(name, name_zh, bleu2)) is None:
        return False
    prediction, reference = BLEU_PREDICTION.split(), BLEU_REFERENCE.split()
    expected = sentence_bleu(prediction, reference, max_n=2)
    if abs(value - expected) < 5e-4:
        return report(name, True, exercise_zh=name_zh)
    p1, p2, p1_unclipped = 3 / 5, 1 / 4, 5 / 5                               # clipped: 'le' counts once
    if abs(value - math.sqrt(p1_unclipped * p2)) < 5e-4:
        return report(name, False, "count each predicted word at most as often as the reference has it.",
                      exercise_zh=name_zh, hint_zh="预测中的每个词，最多只按它在参考译文中出现的次数计数。")
    if abs(value - (p1 + p2) / 2) < 5e-4:
        return report(name, False, "BLEU combines the precisions with a geometric mean, not an "
                                   "arithmetic one.",
                      exercise_zh=name_zh, hint_zh="BLEU 用几何平均来组合各个精确率，而不是算术平均。")
    if abs(value - p1 ** 0.5 * p2 ** 0.25) < 5e-4:
        return report(name, False, "that is Dive into Deep Learning's weighting 1/2^n; BLEU-2 weights p1 and "
                                   "p2 equally.",
                      exercise_zh=name_zh,
                      hint_zh="这是《动手学深度学习》的加权方式 1/2^n；BLEU-2 给 p1 和 p2 相同的权重。")
    return report(name, False, f"{value:.4f} is not it: clip the unigram and bigram counts, take the "
                               "geometric mean, then the brevity penalty. Give 3 decimals.",
                  exercise_zh=name_zh,
                  hint_zh=f"{value:.4f} 不对：截断一元语法和二元语法的计数，取几何平均，再乘以简短惩罚。"
                          "保留 3 位小数。")


def _masked_softmax_cases():
    gen = torch.Generator().manual_seed(9)
    scores = torch.randn(2, 3, 5, generator=gen)                              # (B, n_q, n_k)
    yield scores, torch.tensor([3, 5])                                        # (B,)
    yield scores, torch.tensor([[1, 4, 2], [5, 3, 2]])                        # (B, n_q)
    yield scores * 4, torch.tensor([[2, 0, 5], [1, 3, 0]])                    # rows of valid length 0


def check_masked_softmax_fix(masked_softmax_fixed):
    """Task 4: ``masked_softmax_fixed(scores, valid_lens)`` gives the padding weight 0.

    Shapes:
        scores: (batch_size, num_queries, num_keys); valid_lens: (batch_size,) or (batch_size, num_queries)
        returns: (batch_size, num_queries, num_keys)
    """
    name = "Task 4 (a masked softmax that lets padding through)"
    name_zh = "任务 4（让填充漏过去的掩蔽softmax）"
    if read_function(name, name_zh, masked_softmax_fixed) is None:
        return False
    for scores, valid_lens in _masked_softmax_cases():
        try:
            got = masked_softmax_fixed(scores.clone(), valid_lens.clone())
        except Exception as error:  # the class's code: say how it failed, not what to write
            return report_raised(name, name_zh, error)
        if not isinstance(got, torch.Tensor) or got.shape != scores.shape:
            return report(name, False, f"return a tensor of the scores' shape {tuple(scores.shape)}.",
                          exercise_zh=name_zh,
                          hint_zh=f"请返回一个张量，形状与分数相同：{tuple(scores.shape)}。")
        expected = masked_softmax(scores, valid_lens)
        if torch.allclose(got, expected, atol=1e-5):
            continue
        lens = valid_lens[:, None].expand(scores.shape[:2]) if valid_lens.dim() == 1 else valid_lens
        padding = torch.arange(scores.shape[-1]) >= lens[..., None]           # (B, n_q, n_k)
        empty = lens == 0                                                     # (B, n_q)
        if torch.isnan(got).any():
            return report(name, False, "NaN in a row of valid length 0: softmax over a row "
                          "whose scores are all −∞ divides 0 by 0. Its weights must come out "
                          "as 0.",
                          exercise_zh=name_zh,
                          hint_zh="有效长度为 0 的一行出现了 NaN：一行分数全是 −∞ 时，softmax 算的是 "
                                  "0 除以 0。这一行的权重应当都是 0。")
        if (got[padding & ~empty[..., None]].abs() > 1e-6).any():
            return report(name, False, "padding keys still get weight: for softmax a score of 0 is not "
                                       "'nothing', exp(0) = 1.",
                          exercise_zh=name_zh,
                          hint_zh="填充位置的键仍然得到了权重：对 softmax 来说，分数为 0 并不等于“没有”，"
                                  "exp(0) = 1。")
        if (got[empty].abs() > 1e-6).any():
            return report(name, False, "a row of valid length 0 should be all zeros, not an equal share "
                                       "for every key (notebook 03, the zero-length row).",
                          exercise_zh=name_zh,
                          hint_zh="有效长度为 0 的一行应当全为零，而不是让每个键平分权重"
                                  "（见笔记本 03 中有效长度为 0 的那一行）。")
        return report(name, False, "the real keys' weights differ from a softmax over the real keys alone: "
                                   "the padding's scores must not enter the denominator.",
                      exercise_zh=name_zh,
                      hint_zh="真实键的权重与只在真实键上做 softmax 的结果不一致："
                              "填充位置的分数不能进入分母。")
    return report(name, True, exercise_zh=name_zh)


def check_scorer_choice(choices, additive_gib):
    """Task 5: ``choices`` maps each of ``SCENARIOS`` to one of ``SCORERS``; ``additive_gib`` is the size
    in GiB of the one (B, n_q, n_k, h) feature tensor of additive attention in scenario b."""
    name, name_zh = "Task 5 (additive or dot product?)", "任务 5（加性还是缩放点积？）"
    if not isinstance(choices, dict) or set(choices) != set(SCENARIOS):
        return report(name, False, f"give a dict with one choice for each of {sorted(SCENARIOS)}.",
                      exercise_zh=name_zh,
                      hint_zh=f"请给出一个字典，为 {sorted(SCENARIOS)} 中的每种情形各选一项。")
    scorers = {words(s): s for s in SCORERS}
    cleaned = {k: scorers.get(words(v)) for k, v in choices.items()}
    unknown = sorted(k for k, v in cleaned.items() if v is None)
    if unknown:
        return report(name, False, f"choose {' or '.join(repr(s) for s in SCORERS)} "
                                   f"(scenario {', '.join(unknown)}).",
                      exercise_zh=name_zh,
                      hint_zh=f"请选择 {' 或 '.join(repr(s) for s in SCORERS)}"
                              f"（情形 {'、'.join(unknown)}）。")
    wrong = sorted(k for k in SCENARIOS if cleaned[k] != _SCORER_OF[k])
    if wrong:
        return report(name, False, f"look again at scenario {wrong[0]}: {_SCENARIO_HINTS[wrong[0]]}",
                      exercise_zh=name_zh, hint_zh=f"再看看情形 {wrong[0]}：{_SCENARIO_HINTS_ZH[wrong[0]]}")
    if (gib := read_number(name, name_zh, additive_gib)) is None:
        return False
    expected = _B * _N * _N * _H * _BYTES / 2 ** 30
    if math.isclose(gib, expected, rel_tol=0.01):
        return report(name, True, exercise_zh=name_zh)
    if math.isclose(gib, expected / _BYTES, rel_tol=0.01):
        return report(name, False, "the choices are right; a float32 number takes 4 bytes.",
                      exercise_zh=name_zh, hint_zh="选择都对了；一个 float32 数占 4 个字节。")
    if math.isclose(gib, expected * 2 ** 30 / 1e9, rel_tol=0.01):
        return report(name, False, "the choices are right; 1 GiB is 2^30 bytes, not 10^9.",
                      exercise_zh=name_zh, hint_zh="选择都对了；1 GiB 是 2^30 字节，不是 10^9 字节。")
    if math.isclose(gib, expected / _H, rel_tol=0.01):
        return report(name, False, "the choices are right; every (query, key) pair has h features.",
                      exercise_zh=name_zh, hint_zh="选择都对了；每一对（查询，键）都有 h 个特征。")
    return report(name, False, "the choices are right; count the numbers in one (B, n_q, n_k, h) tensor, "
                               "4 bytes each, in GiB.",
                  exercise_zh=name_zh,
                  hint_zh="选择都对了；数一数一个 (B, n_q, n_k, h) 张量里有多少个数，每个占 4 字节，"
                          "再换算成 GiB。")
