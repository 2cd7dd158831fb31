"""Self-checks for the notebooks' exercises (练习): an answer gets a verdict and a hint, never the solution.

One module per notebook (``helpers.exercises.<topic>``); each check function takes the student's
answer (a value or a function), prints a one-line verdict and returns ``True`` or ``False``.
"""

__all__ = ["report"]


def report(exercise, passed, hint=""):
    """Print ``✓`` or ``✗`` with the exercise's name (and a hint when it failed); return ``passed``."""
    if passed:
        print(f"✓ {exercise}: correct.")
    else:
        print(f"✗ {exercise}: not yet. {hint}".rstrip())
    return bool(passed)
