"""Self-checks for the notebooks' exercises (练习): an answer gets a verdict and a hint, never the solution.

One module per notebook (``helpers.exercises.<topic>``); each check function takes the student's
answer (a value or a function), prints its verdict and returns ``True`` or ``False``. Both editions of a
notebook (``notebooks/`` and ``notebooks/zh/``) run the same checks, so every verdict is printed in
English and then in Chinese, on a second, indented line.
"""

__all__ = ["report"]


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
