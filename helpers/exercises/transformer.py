"""Self-checks for the exercises (练习) of ``notebooks/07_self_attention_transformer.ipynb``.

Each check takes the student's answer (a number or a function), prints a verdict with a hint in English
and in Chinese and returns ``True`` or ``False``; it never prints the solution.
"""

import torch

from . import read_function, read_number, report, report_not_a_tensor, report_raised

__all__ = ["check_mha_parameters", "check_causal_mask", "MHA_SIZES"]

MHA_SIZES = {"num_hiddens": 64, "num_heads": 4}   # Exercise 1's layer, with biases


def check_mha_parameters(num_parameters):
    """Exercise 1: the number of learnable parameters of ``MultiHeadAttention(64, 4)`` (biases included)."""
    name, name_zh = "Exercise 1 (parameters of multi-head attention)", "练习 1（多头注意力的参数量）"
    value = read_number(name, name_zh, num_parameters)
    if value is None:
        return False
    d, h = MHA_SIZES["num_hiddens"], MHA_SIZES["num_heads"]
    hints = {
        4 * d * d: ("the four projections have biases too.", "四个投影矩阵都还带有偏置。"),
        3 * (d * d + d): ("the heads are joined by one more projection, W_o.",
                          "各个头拼接之后还要经过一个投影 W_o。"),
        3 * d * d: ("count W_o and the biases as well.", "还要算上 W_o 和偏置。"),
        h * 4 * (d * d + d): ("each head projects to num_hiddens / num_heads dimensions, not to all of them.",
                              "每个头只投影到 num_hiddens / num_heads 维，而不是全部维度。"),
        h * 3 * (d * d + d) + d * d + d: ("each head projects to num_hiddens / num_heads dimensions.",
                                          "每个头只投影到 num_hiddens / num_heads 维。"),
    }
    if value == 4 * (d * d + d):
        return report(name, True, exercise_zh=name_zh)
    hint, hint_zh = hints.get(value, ("four projections (W_q, W_k, W_v, W_o), each a matrix and a bias; "
                                      "does the number of heads change their sizes?",
                                      "一共四个投影（W_q、W_k、W_v、W_o），每个都有矩阵和偏置；"
                                      "头的个数会改变它们的大小吗？"))
    return report(name, False, hint, exercise_zh=name_zh, hint_zh=hint_zh)


def check_causal_mask(causal_mask):
    """Exercise 2: ``causal_mask(num_steps)`` is True (or 1) where query t may see key s, that is s <= t.

    Shapes:
        returns: (num_steps, num_steps), rows are queries, columns keys; bool, or 0/1 numbers
    """
    name, name_zh = "Exercise 2 (the causal mask)", "练习 2（因果掩蔽）"
    if read_function(name, name_zh, causal_mask) is None:
        return False
    for num_steps in (4, 1, 7):
        try:
            got = causal_mask(num_steps)
        except Exception as error:  # the student's code failed: say how, not what to write
            return report_raised(name, name_zh, error)
        if not isinstance(got, torch.Tensor):
            return report_not_a_tensor(name, name_zh, got)
        if tuple(got.shape) != (num_steps, num_steps):
            return report(name, False, f"for {num_steps} steps the mask should have shape "
                                       f"{(num_steps, num_steps)}, got {tuple(got.shape)}.",
                          exercise_zh=name_zh,
                          hint_zh=f"对于 {num_steps} 步，掩蔽的形状应为 {(num_steps, num_steps)}，"
                                  f"你的是 {tuple(got.shape)}。")
        values = got.double()
        if bool(torch.isinf(values).any()):
            return report(name, False, "that is an additive mask (0 and -inf, added to the scores); here "
                                       "give True (or 1) where query t may see key s.",
                          exercise_zh=name_zh,
                          hint_zh="这是加到分数上的加性掩蔽（0 和 -inf）；这里请在查询 t 能看到键 s 的位置给 "
                                  "True（或 1）。")
        if not bool(((values == 0) | (values == 1)).all()):
            return report(name, False, "use True/False (or 1/0) only: whether query t may see key s.",
                          exercise_zh=name_zh, hint_zh="只能用 True/False（或 1/0）：查询 t 能否看到键 s。")
        expected = torch.ones(num_steps, num_steps, dtype=torch.float64).tril()
        if torch.equal(values, expected):
            continue
        if torch.equal(values, expected.T):
            hint = ("rows are queries, columns keys: this lets each position see the future instead "
                    "of the past.", "行是查询，列是键：这样每个位置看到的是将来而不是过去。")
        elif torch.equal(values, expected.tril(-1)):
            hint = ("a position may see itself too.", "每个位置也可以看到它自己。")
        else:
            hint = ("query t sees keys 1..t: itself and the positions before it.",
                    "查询 t 能看到键 1..t：它自己和它前面的位置。")
        return report(name, False, hint[0], exercise_zh=name_zh, hint_zh=hint[1])
    return report(name, True, exercise_zh=name_zh)
