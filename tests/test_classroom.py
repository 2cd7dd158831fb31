"""Every notebook, including ones added later, can be presented in class.

A RISE screen is a ``slide`` or ``subslide`` cell and the cells after it up to the next one
(``skip`` and ``notes`` cells are not shown). Each screen fits a projector: at most 30 source lines
and one figure. A slide shows about 99 columns of a code line, at 1280×720 and 1920×1080 alike (RISE
and the offline decks scale the slide), and cuts the rest: code lines stay within 95 columns, a
Chinese character counting two. Code cells do one thing (at most 15 non-blank lines); a check prints
its verdict and no bare ``True``/``False``; the title screen carries no imports; student prose does
not talk about the tests; and no compared output depends on the Python version or the PyTorch build.
"""

import json
import pathlib
import re
import unicodedata

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("**/*.ipynb") if ".ipynb_checkpoints" not in p.parts)
MAX_SCREEN_LINES, MAX_SCREEN_FIGURES, MAX_CODE_LINES = 30, 1, 15
MAX_LINE_WIDTH = 95


def slide_type(cell):
    return cell["metadata"].get("slideshow", {}).get("slide_type", "-")


def source(cell):
    return "".join(cell["source"])


def screens(cells):
    """Split the shown cells into screens: lists of (index, cell)."""
    result = []
    for index, cell in enumerate(cells):
        kind = slide_type(cell)
        if kind in ("skip", "notes"):
            continue
        if kind in ("slide", "subslide") or not result:
            result.append([])
        result[-1].append((index, cell))
    return result


def figures(cell):
    return sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def output_text(output):
    return "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_screens_are_split_as_rise_shows_them():
    cells = [{"metadata": {"slideshow": {"slide_type": t}}, "source": ["x"]}
             for t in ["slide", "-", "skip", "fragment", "subslide", "notes", "-"]]
    assert [[i for i, _ in screen] for screen in screens(cells)] == [[0, 1, 3], [4, 6]]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_every_screen_fits_a_projector(path):
    too_long = []
    for screen in screens(load(path)):
        lines = sum(len(source(cell).splitlines()) for _, cell in screen)
        figs = sum(figures(cell) for _, cell in screen)
        if lines > MAX_SCREEN_LINES or figs > MAX_SCREEN_FIGURES:
            too_long.append(f"screen at cell {screen[0][0]}: {lines} lines, {figs} figures")
    assert not too_long, f"{path.name}: at most {MAX_SCREEN_LINES} lines and {MAX_SCREEN_FIGURES} figure " \
                         f"per screen: {too_long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_code_cells_are_short(path):
    long_cells = {}
    for index, cell in enumerate(load(path)):
        if cell["cell_type"] == "code":
            lines = [line for line in source(cell).splitlines() if line.strip()]
            if len(lines) > MAX_CODE_LINES:
                long_cells[index] = len(lines)
    assert not long_cells, f"{path.name}: code cells over {MAX_CODE_LINES} lines {{cell: lines}}: " \
                           f"{long_cells}"


def display_width(line):
    """Columns a line takes in a monospace font: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def test_display_width_counts_chinese_twice():
    assert display_width("x = 1") == 5 and display_width("练习 1") == 6 and display_width("（）") == 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_code_lines_fit_a_slide(path):
    code = [(index, cell) for index, cell in enumerate(load(path)) if cell["cell_type"] == "code"]
    wide = [f"cell {index} ({cell['id']}) line {number}: {display_width(line)} columns"
            for index, cell in code for number, line in enumerate(source(cell).splitlines(), 1)
            if display_width(line) > MAX_LINE_WIDTH]
    assert not wide, f"{path.name}: code lines wider than {MAX_LINE_WIDTH} columns are cut off on a slide; " \
                     f"fold a long comment above its line, wrap inside brackets: {wide}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_no_cell_echoes_a_bare_boolean(path):
    echoes = [index for index, cell in enumerate(load(path)) if cell["cell_type"] == "code"
              for output in cell["outputs"] if output["output_type"] == "execute_result"
              and "".join(output["data"].get("text/plain", "")).strip() in ("True", "False")]
    assert not echoes, f"{path.name}: cells {echoes} echo True/False below their verdict"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_title_screen_has_no_imports(path):
    title = screens(load(path))[0]
    imports = [index for index, cell in title if cell["cell_type"] == "code"
               and re.search(r"^\s*(import|from)\s", source(cell), re.M)]
    assert not imports, f"{path.name}: imports on the title screen (cells {imports})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_prose_does_not_talk_about_the_tests(path):
    pattern = re.compile(r"\bnbval\b|\bCI\b|\bpytest\b|\bthe tests\b|tests/", re.I)
    talking = [index for index, cell in enumerate(load(path))
               if cell["cell_type"] == "markdown" and pattern.search(source(cell))]
    assert not talking, f"{path.name}: markdown cells {talking} talk about the tests"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_compared_outputs_do_not_show_the_python_version_or_torch_build(path):
    machine = re.compile(r"\+cpu|\+cu\d+|\+rocm|Python\s+3\.\d+")
    shown = [index for index, cell in enumerate(load(path)) if cell["cell_type"] == "code"
             and "nbval-ignore-output" not in cell["metadata"].get("tags", [])
             and any(machine.search(output_text(output)) for output in cell["outputs"])]
    assert not shown, f"{path.name}: compared outputs of cells {shown} depend on the Python or torch build"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "notebooks")))
def test_running_time_cells_are_skipped_in_slides(path):
    timing = [index for index, cell in enumerate(load(path))
              if "Running time" in source(cell)
              or "notebook_start" in source(cell) and "executed in" in source(cell)]
    shown = [index for index in timing if slide_type(load(path)[index]) != "skip"]
    assert not shown, f"{path.name}: running-time cells {shown} should be skipped in the slides"
