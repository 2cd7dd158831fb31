"""Every notebook cell whose output nbval ignores asserts what its prose states, or states no
result.

A cell tagged ``nbval-ignore-output`` prints figures that may differ from run to run, so nbval
does not compare its output: the cell itself must check what the prose says of it, with an
``assert``. A cell that only draws a figure is compared as an image by
``tests/test_figures.py``, unless the figure plots timings (tag ``volatile-figure``). A cell that
states no result (a timing, versions, the device) carries the tag ``states-no-result`` as well."""

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "notebooks" / "zh").glob("*.ipynb")
)
NO_RESULT = "states-no-result"


def ignored_cells(path):
    """(cell id, source, tags, has a figure) of every code cell tagged nbval-ignore-output."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        tags = cell["metadata"].get("tags", [])
        if cell["cell_type"] == "code" and "nbval-ignore-output" in tags:
            figure = "volatile-figure" not in tags and any(
                "image/png" in out.get("data", {}) for out in cell.get("outputs", []))
            yield cell["id"], "".join(cell["source"]), tags, figure


def asserts(source):
    """Whether the code holds an assert statement (comments and strings do not count)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    return any(isinstance(node, ast.Assert) for node in ast.walk(ast.parse("\n".join(lines))))


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks"))
)
def test_every_ignored_cell_asserts_or_states_no_result(path):
    failures = [
        f"cell {cell_id}: {source.splitlines()[0][:70]!r}"
        for cell_id, source, tags, figure in ignored_cells(path)
        if not (asserts(source) or figure or NO_RESULT in tags)
    ]
    assert not failures, (
        f"{path.name}: cells whose output nbval ignores but which assert nothing "
        f"(assert what the prose says, or tag them {NO_RESULT!r}):\n" + "\n".join(failures)
    )


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks"))
)
def test_a_cell_that_states_no_result_asserts_nothing_and_is_ignored(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        tags = cell["metadata"].get("tags", [])
        if NO_RESULT in tags:
            assert "nbval-ignore-output" in tags and not asserts("".join(cell["source"])), (
                cell["id"]
            )


def test_the_assert_finder():
    assert asserts("x = 1\nassert x == 1, x")
    assert not asserts("# assert x\nprint('assert')")
    assert asserts("%time y = 2\nassert y")
