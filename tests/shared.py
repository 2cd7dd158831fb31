"""What several test files share: the corpus generator, loaded once, and the reading of exercise verdicts."""

import importlib
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def load_generator():
    """The corpus generator, the package tools/corpus of this checkout."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("tools.corpus")


def verdicts(capsys, name="练习"):
    """The English verdict lines printed so far and their Chinese lines (one under each, naming the same
    exercise, or task with name="任务"); checks that each Chinese line gives the same verdict."""
    lines = capsys.readouterr().out.splitlines()
    english, chinese = lines[0::2], lines[1::2]
    assert len(english) == len(chinese) and all(line.startswith(f"  {name} ") for line in chinese)
    assert [e.startswith("✓") for e in english] == ["：正确。" in c for c in chinese]
    return english, chinese
