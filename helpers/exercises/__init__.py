"""Self-checks for the notebooks' exercises (练习): an answer gets a verdict and a hint, never the solution.

One module per notebook (``helpers.exercises.<topic>``); each check function takes the student's
answer (a value or a function), prints its verdict and returns ``True`` or ``False``. Both editions of a
notebook (``notebooks/`` and ``notebooks/zh/``) run the same checks, so every verdict is printed in
English and then in Chinese, on a second, indented line.
"""

__all__ = ["report", "report_raised", "report_not_a_tensor", "report_not_a_number"]


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


def report_not_a_number(exercise, exercise_zh, answer):
    """The student answered ``answer`` where a number was asked for."""
    return report(exercise, False, f"answer with a number, got {answer!r}.",
                  exercise_zh=exercise_zh, hint_zh=f"请用一个数作答，你给的是 {answer!r}。")
