"""What several test files share: the corpus generator, loaded once, and the reading of exercise verdicts."""

import importlib.util
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def load_generator():
    """data/make_corpus.py as a module (the same module object for every test file that asks)."""
    if "make_corpus" not in sys.modules:
        spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "data" / "make_corpus.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["make_corpus"] = module
    return sys.modules["make_corpus"]


def verdicts(capsys, name="练习"):
    """The English verdict lines printed so far and their Chinese lines (one under each, naming the same
    exercise, or task with name="任务"); checks that each Chinese line gives the same verdict."""
    lines = capsys.readouterr().out.splitlines()
    english, chinese = lines[0::2], lines[1::2]
    assert len(english) == len(chinese) and all(line.startswith(f"  {name} ") for line in chinese)
    assert [e.startswith("✓") for e in english] == ["：正确。" in c for c in chinese]
    return english, chinese
