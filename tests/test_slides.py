"""tools/slides.py, the offline decks' builder: what it counts, what it calls a network reference, and a
deck of every notebook rendered with stand-in assets (no node needed; make slides inlines the real ones)."""

import copy
import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("**/*.ipynb") if ".ipynb_checkpoints" not in p.parts)
SCRIPT = ROOT / "tools" / "slides.py"



def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


slides = _load("slides", SCRIPT)
course = _load("course", ROOT / "course.py")


def notebook_of(*types):
    cells = [{"cell_type": "markdown", "id": f"c{i}", "source": f"cell {i}",
              "metadata": {} if t is None else {"slideshow": {"slide_type": t}}} for i, t in enumerate(types)]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def nbconvert_screens(notebook):
    """The reference: the screens nbconvert's own slide preprocessor opens."""
    import nbformat
    from nbconvert.exporters.slides import _RevealMetadataPreprocessor

    node = nbformat.reads(json.dumps(notebook), as_version=4)
    processed, _ = _RevealMetadataPreprocessor().preprocess(node, {})
    return sum(bool(cell.metadata.get("subslide_start")) for cell in processed.cells)


CASES = [("slide", "-", "subslide", "fragment", "slide"),
         ("-", "-", "slide"),                      # the first cell opens a screen whatever its type
         ("skip", "notes", "-", "subslide"),       # ... the first one that is shown
         ("skip", "slide", "skip", "subslide", "notes", "-"),
         ("slide", "skip", "slide", "slide"),
         (None, "fragment", None)]


@pytest.mark.parametrize("types", CASES)
def test_expected_slides_counts_as_nbconvert_groups(types):
    notebook = notebook_of(*types)
    assert slides.expected_slides(notebook) == nbconvert_screens(notebook)


def test_expected_slides_by_hand():
    assert [slides.expected_slides(notebook_of(*types)) for types in CASES] == [3, 2, 2, 2, 3, 1]
    assert slides.expected_slides(notebook_of("skip", "notes")) == 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_expected_slides_of_each_notebook_as_nbconvert_groups(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert slides.expected_slides(notebook) == nbconvert_screens(notebook) > 1


@pytest.mark.parametrize("html, found", [
    ('<script src="https://cdn.example.org/reveal.js"></script>', "<script> src: https://cdn.example.org/"),
    ('<link rel="stylesheet" href="http://example.org/a.css">', "<link rel=stylesheet> href: http://"),
    ('<link rel="preload" as="font" href="//fonts.example.org/f.woff2">', "href: //fonts.example.org"),
    ("<style>@import 'https://fonts.googleapis.com/css?family=Lato';</style>", "<style>: https://fonts"),
    ('<style>@import url("https://example.org/x.css");</style>', "<style>: https://example.org/x.css"),
    ("<style>@font-face { src: url(https://example.org/f.woff) }</style>", "<style>: https://example.org/f"),
    ('<div style="background: url( //example.org/bg.png )"></div>', "<div> style: //example.org/bg.png"),
    ('<img src="https://example.org/figure.png">', "<img> src: https://example.org/figure.png"),
])
def test_network_references_are_found(html, found):
    references = slides.network_references("<html><head></head><body>" + html + "</body></html>")
    assert len(references) == 1 and found in references[0], references


def test_local_and_inline_references_and_plain_links_are_not_network_references():
    html = ('<a href="https://d2l.ai">d2l</a><link rel="stylesheet" href="theme/white.css">'
            '<script src="mathjax/tex-svg.js"></script><img src="data:image/png;base64,AAAA">'
            "<style>@font-face { src: url(data:font/woff;base64,AAAA) }"
            " .x { background: url('a.png') }</style>"
            "<script>var u = 'https://example.org/not-fetched-by-the-page-itself';</script>")
    assert slides.network_references(html) == []


def test_count_slides_counts_sections_inside_sections():
    html = ("<div class='slides'><section><section>1</section><section>2</section></section>"
            "<section><section>3 <aside class='notes'>note</aside></section></section></div>")
    assert slides.count_slides(html) == 3


STAND_INS = {key: f"/* stand-in {key} */" for key in slides.ASSETS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_deck_of_each_notebook_inlines_everything(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    html = slides.render_deck(notebook, path.stem, STAND_INS)
    assert slides.network_references(html) == []
    assert slides.count_slides(html) == slides.expected_slides(notebook)
    for key, text in STAND_INS.items():
        assert text in html, key
    assert slides.WIDGET_VIEW not in html                      # figures instead of widgets without a kernel
    assert "require.js" not in html and "jquery" not in html.lower()


def test_widget_outputs_keep_their_picture():
    notebook = notebook_of("slide")
    data = {slides.WIDGET_VIEW: {"model_id": "1"}, "image/png": "AAAA", "text/plain": "w"}
    notebook["cells"].append({"cell_type": "code", "id": "w", "metadata": {}, "execution_count": 1,
                              "source": "w", "outputs": [{"output_type": "display_data", "metadata": {},
                                                          "data": data}]})
    notebook["metadata"]["widgets"] = {"state": {}}
    before = copy.deepcopy(notebook)
    stripped = slides.without_widgets(notebook)
    assert notebook == before
    assert "widgets" not in stripped["metadata"]
    assert stripped["cells"][1]["outputs"][0]["data"] == {"image/png": "AAAA", "text/plain": "w"}


def test_deck_names_keep_the_folders_under_notebooks():
    notebooks = str(ROOT / "notebooks")
    edition = os.path.join(notebooks, "zh", "01_x.ipynb")
    assert slides.deck_name(edition, notebooks) == os.path.join("zh", "01_x.html")
    assert slides.deck_name(os.path.join(notebooks, "02_y.ipynb"), notebooks) == "02_y.html"


def test_without_npm_the_decks_say_what_to_install(tmp_path):
    with pytest.raises(slides.SlidesError) as error:
        slides.npm_install(npm_dir=str(tmp_path), which=lambda name: None, say=lambda text: None)
    assert "need node and npm" in str(error.value) and "make test do not need them" in str(error.value)
    assert os.listdir(tmp_path) == []


def test_npm_install_runs_npm_ci_once_on_the_pinned_files(tmp_path):
    calls = []

    def fake_npm(command, cwd, check):
        calls.append((command[1:], cwd))
        for path in slides.ASSETS.values():
            os.makedirs(os.path.dirname(os.path.join(cwd, "node_modules", path)), exist_ok=True)
            open(os.path.join(cwd, "node_modules", path), "w").close()
        return subprocess.CompletedProcess(command, 0)

    for _ in range(2):
        modules = slides.npm_install(npm_dir=str(tmp_path), run=fake_npm, which=lambda name: "npm",
                                     say=lambda text: None)
    assert modules == str(tmp_path / "node_modules")
    assert calls == [(["ci", "--no-audit", "--no-fund", "--loglevel=error"], str(tmp_path))]
    for name in slides.NPM_FILES:
        assert (tmp_path / name).read_bytes() == (ROOT / "tools" / "decks" / name).read_bytes()


def test_the_lock_pins_what_package_json_asks_for():
    decks = ROOT / "tools" / "decks"
    wanted = json.loads((decks / "package.json").read_text(encoding="utf-8"))["dependencies"]
    locked = json.loads((decks / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert {name: locked[f"node_modules/{name}"]["version"] for name in wanted} == wanted
    assert all(version[0].isdigit() for version in wanted.values())   # exact versions, no ranges


@pytest.mark.parametrize("args, expected", [
    ([], "the following arguments are required: NOTEBOOK"),
    (["notebooks/missing.ipynb"], "expected a notebook file (.ipynb), got 'notebooks/missing.ipynb'"),
    (["README.md"], "expected a notebook file (.ipynb), got 'README.md'"),
])
def test_misuse_prints_one_error_line_and_exits_2(args, expected):
    result = subprocess.run([sys.executable, str(SCRIPT)] + args, cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], result.stderr


# ---------------------------------------------------------------- course.py slides and browser-test

def _course(*args, **env):
    return subprocess.run([sys.executable, str(ROOT / "course.py")] + list(args), cwd=ROOT, check=False,
                          capture_output=True, text=True, env=dict(os.environ, **env))


def test_browser_test_without_chromium_prints_one_error_line_and_exits_2(tmp_path):
    result = _course("browser-test", "--no-venv", CHROMIUM=str(tmp_path / "no-chromium"))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the browser test drives Chromium"), result.stderr
    assert "apt-get install -y chromium fonts-noto-cjk" in lines[0]


def test_lab_root_must_exist(tmp_path):
    result = _course("lab", "--no-venv", "--root", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: --root {tmp_path / 'missing'}: no such folder"]


def test_lab_serves_another_root_without_a_browser_tab(monkeypatch):
    monkeypatch.setattr(course, "is_root", lambda: False)
    assert course.lab_command("py", 8890, "/tmp/copy", browser=False)[-2:] == [
        "--ServerApp.root_dir=/tmp/copy", "--ServerApp.open_browser=False"]


def test_course_finds_every_notebook_and_edition():
    assert [os.path.join(ROOT, p) for p in course.all_notebooks()] == [str(p) for p in NOTEBOOKS]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target, expected", [("slides", "python3 course.py slides"),
                                              ("browser-test", "python3 course.py browser-test")])
def test_make_targets_call_course_py(target, expected):
    inherited = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "ARGS")
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env["PYTHON"] = "python3"
    output = subprocess.check_output(["make", "-n", "--no-print-directory", target], cwd=ROOT, text=True,
                                     env=env)
    assert output.strip() == expected
