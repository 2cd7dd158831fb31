"""Self-checks for the exercises (练习) of ``notebooks/01_attention_cues.ipynb``.

Each check prints a verdict with a hint and returns ``True`` or ``False``; none reveals the answer.
"""

import torch

from . import read_function, read_number, report, report_raised

__all__ = ["SITUATIONS", "check_cue_types", "check_attention_weights", "check_lookup_width",
           "HEIGHTS", "WEIGHTS"]

# Exercise 1: which kind of cue (线索) steers attention in each situation?
SITUATIONS = {
    "a": "A phone screen lights up on a dark desk and you glance at it.",
    "b": "You scan a crowded platform for a friend wearing a green scarf.",
    "c": "A loud bang in the street makes you turn your head.",
    "d": "You skim a timetable for the 8 o'clock train to Hangzhou.",
}
_CUE_KINDS = {"a": "nonvolitional", "b": "volitional", "c": "nonvolitional", "d": "volitional"}

# Exercise 3: the database of the soft lookup (heights in cm -> weights in kg).
HEIGHTS = torch.tensor([150.0, 160.0, 170.0, 180.0, 190.0])
WEIGHTS = torch.tensor([48.0, 55.0, 63.0, 72.0, 82.0])


def check_cue_types(answers):
    """Exercise 1: ``answers`` maps each situation ("a"–"d") to "volitional" or "nonvolitional"."""
    name, name_zh = "Exercise 1 (cue types)", "练习 1（线索类型）"
    if not isinstance(answers, dict) or set(answers) != set(SITUATIONS):
        return report(name, False, f"give a dict with one answer for each of {sorted(SITUATIONS)}.",
                      exercise_zh=name_zh,
                      hint_zh=f"请给出一个字典，{sorted(SITUATIONS)} 中每种情形一个答案。")
    cleaned = {k: str(v).strip().lower() for k, v in answers.items()}
    unknown = sorted(k for k, v in cleaned.items() if v not in ("volitional", "nonvolitional"))
    if unknown:
        return report(name, False,
                      f"answer 'volitional' or 'nonvolitional' (situation {', '.join(unknown)}).",
                      exercise_zh=name_zh,
                      hint_zh=f"请回答 'volitional' 或 'nonvolitional'（情形 {', '.join(unknown)}）。")
    wrong = sorted(k for k in SITUATIONS if cleaned[k] != _CUE_KINDS[k])
    return report(name, not wrong, f"look again at situation {', '.join(wrong)}: is it the thing's "
                                   "salience or your own goal that directs the eye?",
                  exercise_zh=name_zh,
                  hint_zh=f"再看看情形 {', '.join(wrong)}：引导目光的是事物本身的显著性，还是你自己的目标？")


def check_attention_weights(to_weights):
    """Exercise 2: ``to_weights(scores)`` turns scores (rows of any real numbers) into attention weights."""
    name, name_zh = "Exercise 2 (scores -> weights)", "练习 2（分数 -> 权重）"
    if read_function(name, name_zh, to_weights) is None:
        return False
    generator = torch.Generator().manual_seed(0)
    cases = [torch.tensor([[1.0, 2.0, 3.0]]), torch.tensor([[-5.0, 0.0, 5.0, -1.0]]),
             torch.randn(4, 6, generator=generator) * 3, torch.tensor([[0.0, 0.0, 0.0]])]
    for scores in cases:
        try:
            weights = torch.as_tensor(to_weights(scores.clone()), dtype=torch.float32)
        except Exception as error:  # a student's function may fail in any way
            return report_raised(name, name_zh, error)
        if weights.shape != scores.shape:
            return report(name, False, f"one weight per score: expected shape {tuple(scores.shape)}, "
                                       f"got {tuple(weights.shape)}.",
                          exercise_zh=name_zh,
                          hint_zh=f"每个分数对应一个权重：形状应为 {tuple(scores.shape)}，你的是 "
                                  f"{tuple(weights.shape)}。")
        if not torch.isfinite(weights).all() or (weights < 0).any():
            return report(name, False, "weights must be finite and ≥ 0, also for negative scores.",
                          exercise_zh=name_zh, hint_zh="权重必须是有限的且 ≥ 0，分数为负时也一样。")
        if not torch.allclose(weights.sum(dim=1), torch.ones(scores.shape[0]), atol=1e-5):
            return report(name, False, "each row of weights must sum to 1.",
                          exercise_zh=name_zh, hint_zh="每一行权重之和必须为 1。")
        for row_s, row_w in zip(scores, weights, strict=True):
            order = torch.argsort(row_s)
            rising = row_s[order].diff() > 1e-3                        # pairs of clearly different scores
            if (row_w[order].diff()[rising] <= 0).any():
                return report(name, False, "a higher score must get a larger weight.",
                              exercise_zh=name_zh, hint_zh="分数越高，权重必须越大。")
    same = cases[0]
    if not torch.allclose(torch.as_tensor(to_weights(same + 10.0), dtype=torch.float32),
                          torch.as_tensor(to_weights(same), dtype=torch.float32), atol=1e-5):
        return report(name, False, "adding the same constant to all scores should not change the weights.",
                      exercise_zh=name_zh, hint_zh="给所有分数加上同一个常数，权重不应改变。")
    return report(name, True, exercise_zh=name_zh)


def check_lookup_width(sigma, query=172.0):
    """Exercise 3: a width σ so that query 172 gives ≥ 90 % weight to key 170 and > 1 % to key 180."""
    name, name_zh = "Exercise 3 (lookup width)", "练习 3（查找宽度）"
    if (sigma := read_number(name, name_zh, sigma)) is None:
        return False
    if not sigma > 0:
        return report(name, False, f"σ must be a positive number, got {sigma}.",
                      exercise_zh=name_zh, hint_zh=f"σ 必须是正数，你给的是 {sigma}。")
    weights = torch.softmax(-(query - HEIGHTS) ** 2 / (2 * sigma ** 2), dim=0)
    near, next_near = float(weights[2]), float(weights[3])
    if near < 0.9:
        return report(name, False, f"with σ = {sigma} key 170 gets {near:.2f} of the weight: "
                                   "the lookup is too soft, try a smaller σ.",
                      exercise_zh=name_zh,
                      hint_zh=f"σ = {sigma} 时，键 170 只得到 {near:.2f} 的权重：查找太“软”了，试试更小的 "
                              "σ。")
    if next_near <= 0.01:
        return report(name, False, f"with σ = {sigma} key 180 gets {next_near:.4f}: the lookup is "
                                   "almost an exact match, try a larger σ.",
                      exercise_zh=name_zh,
                      hint_zh=f"σ = {sigma} 时，键 180 只得到 {next_near:.4f}：这几乎是精确匹配了，"
                              "试试更大的 σ。")
    return report(name, True, exercise_zh=name_zh)
