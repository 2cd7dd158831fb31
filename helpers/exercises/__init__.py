"""Self-checks for the notebooks' exercises (练习): an answer gets a verdict and a hint, never the solution.

One module per notebook (``helpers.exercises.<topic>``); each check function takes the student's
answer (a value or a function), prints its verdict and returns ``True`` or ``False``. Both editions of a
notebook (``notebooks/`` and ``notebooks/zh/``) run the same checks, so every verdict is printed in
English and then in Chinese, on a second, indented line.

One rule for answers of one kind, shared by every check: a number may be an int, a float, a
NumPy scalar, a tensor or array holding one number (``torch.tensor(3.)``) or a str that
reads as one (``"0.387"``) (``as_number``, ``read_number``); a table a nested list, an array
or a tensor (``read_table``); a function is called, and whatever it raises becomes a verdict.
An answer of the wrong kind gets a ✗ verdict that says what was expected, never an error.
"""

import math
import numbers

import torch

__all__ = ["report", "report_raised", "report_not_a_tensor", "report_not_a_number",
           "report_not_a_function", "as_number", "read_number", "read_table", "read_function",
           "first_answer_counts", "forget_predictions", "words"]


def report(exercise, passed, hint="", exercise_zh=None, hint_zh=None):
    """Print ``✓`` or ``✗`` with the exercise's name (and a hint when it failed); return ``passed``.

    ``exercise_zh`` and ``hint_zh`` are the Chinese name and hint: when given, a second line repeats the
    verdict in Chinese, e.g. ``  练习 1（线索类型）：还不对。……``.
    """
    if passed:
        print(f"✓ {exercise}: correct.")
        if exercise_zh:
            print(f"  {exercise_zh}：正确。")
    else:
        print(f"✗ {exercise}: not yet. {hint}".rstrip())
        if exercise_zh:
            print(f"  {exercise_zh}：还不对。{hint_zh or ''}".rstrip())
    return bool(passed)


# The verdicts every kind of check needs when an answer cannot be checked at all.

def report_raised(exercise, exercise_zh, error):
    """The student's function raised ``error``: say how, never what to write."""
    return report(exercise, False, f"your function raised {type(error).__name__}: {error}",
                  exercise_zh=exercise_zh, hint_zh=f"你的函数抛出了 {type(error).__name__}：{error}")


def report_not_a_tensor(exercise, exercise_zh, got):
    """The student's function returned ``got``, which is not a tensor."""
    return report(exercise, False, f"return a torch.Tensor, got {type(got).__name__}.",
                  exercise_zh=exercise_zh, hint_zh=f"请返回 torch.Tensor，你返回的是 {type(got).__name__}。")


def report_not_a_number(exercise, exercise_zh, answer, returned=False):
    """``answer`` (given, or returned by the student's function) is no number."""
    if returned:
        return report(exercise, False, f"your function must return a number, it returned "
                      f"{answer!r}.", exercise_zh=exercise_zh,
                      hint_zh=f"你的函数必须返回一个数，它返回的是 {answer!r}。")
    return report(exercise, False, f"answer with a number, got {answer!r}.",
                  exercise_zh=exercise_zh, hint_zh=f"请用一个数作答，你给的是 {answer!r}。")


def report_not_a_function(exercise, exercise_zh, answer):
    """The student passed ``answer`` where their function was asked for."""
    kind = type(answer).__name__
    return report(exercise, False, "pass your function itself (its name, no parentheses), "
                  f"got a {kind}.", exercise_zh=exercise_zh,
                  hint_zh=f"请传入你的函数本身（只写函数名，不加括号），你给的是 {kind}。")


def as_number(answer):
    """``answer`` as a float when it is one real number, else ``None`` (the shared rule above).

    A bool, ``None``, a list, a tensor of several numbers or text that is no number give
    ``None``; NaN and infinities are returned as they are (``read_number`` refuses them).
    """
    if answer is None or isinstance(answer, bool):
        return None
    if isinstance(answer, str):
        try:
            return float(answer.strip())
        except ValueError:
            return None
    if isinstance(answer, numbers.Real):            # int, float, NumPy integer or float scalar
        return float(answer)
    shape, dtype = getattr(answer, "shape", None), getattr(answer, "dtype", None)
    if shape is None or dtype is None or not hasattr(answer, "item"):
        return None
    kind = str(dtype).split(".")[-1]
    if math.prod(shape) != 1 or kind in ("bool", "complex64", "complex128"):
        return None                                 # several numbers, a truth value, a complex
    item = answer.item()
    return None if isinstance(item, (bool, complex)) else float(item)


def read_number(exercise, exercise_zh, answer, returned=False):
    """``answer`` as a finite float; ``None`` after the ✗ verdict that asks for a number."""
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        report_not_a_number(exercise, exercise_zh, answer, returned)
        return None
    return value


def read_table(exercise, exercise_zh, answer, shape, rows, rows_zh, returned=False):
    """``answer`` (nested list, array or tensor) as a float64 tensor of ``shape``, or ``None``
    after a ✗ verdict. ``rows`` and ``rows_zh`` say what a row and a column are, e.g. "one row
    per query, one column per key"; a table of the transposed shape is named as such."""
    table = None
    if not isinstance(answer, str):
        try:
            table = torch.as_tensor(answer, dtype=torch.float64)
        except (TypeError, ValueError, RuntimeError):
            table = None
    given, given_zh = "you gave", "你给的是"
    if returned:
        given, given_zh = "your function returned", "你的函数返回的是"
    if table is None:
        kind = type(answer).__name__
        report(exercise, False, f"a table of {shape[0]} x {shape[1]} numbers is expected "
               f"({rows}); {given} a {kind}.", exercise_zh=exercise_zh,
               hint_zh=f"需要一个 {shape[0]} x {shape[1]} 的数表（{rows_zh}）；"
                       f"{given_zh} {kind}。")
        return None
    if tuple(table.shape) != tuple(shape):
        turned = tuple(table.shape) == tuple(shape)[::-1]
        note, note_zh = (" The table is transposed.", "这张表转置了。") if turned else ("", "")
        report(exercise, False, f"the table should have shape {tuple(shape)} ({rows}); "
               f"{given} shape {tuple(table.shape)}.{note}", exercise_zh=exercise_zh,
               hint_zh=f"这张表的形状应为 {tuple(shape)}（{rows_zh}），{given_zh}形状 "
                       f"{tuple(table.shape)}。{note_zh}")
        return None
    return table


def read_function(exercise, exercise_zh, answer):
    """``answer`` if it is callable; ``None`` after a ✗ verdict that asks for the function."""
    if callable(answer):
        return answer
    report_not_a_function(exercise, exercise_zh, answer)
    return None


# The first answer to each prediction given in this kernel (notebook 05's Tasks 1, 6, 8): it counts once.
_FIRST_ANSWERS = {}


def forget_predictions():
    """Forget the first answers to every prediction (for a second class in the same kernel)."""
    _FIRST_ANSWERS.clear()


def first_answer_counts(task, answer, judge, name, name_zh):
    """Judge the task's first answer (recorded now if there is none); refuse another one.

    ``judge(answer)`` returns ``(passed, hint, hint_zh)``.
    """
    first = _FIRST_ANSWERS.setdefault(task, answer)
    passed, hint, hint_zh = judge(first)
    if first == answer:
        return report(name, passed, hint, exercise_zh=name_zh, hint_zh=hint_zh)
    outcome, outcome_zh = ("right", "对的") if passed else ("not right", "不对的")
    return report(name, False, f"a prediction counts once: the first answer, {first!r}, "
                  f"stands, and it was {outcome}. Discuss why rather than try another.",
                  exercise_zh=name_zh,
                  hint_zh=f"预测只算一次：以第一次的答案 {first!r} 为准，它是{outcome_zh}。"
                          "与其再试一个，不如讨论为什么。")


def words(answer):
    """An answer in words, compared loosely: lowercase, hyphens and underscores as spaces."""
    return str(answer).strip().lower().replace("-", " ").replace("_", " ")
