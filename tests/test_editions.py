"""The two editions, notebooks/ (English) and notebooks/zh/ (Chinese), teach with the same code.

Every notebook has a twin in the other edition with the same cells, in the same order, with the same
ids; code cells (source, outputs, execution counts, metadata) are identical, so a change made to one
edition and not to the other fails here. The Chinese prose is translated, links between notebooks stay
within an edition, and each notebook links to its twin. tools/sync_editions.py carries the English
code into the Chinese edition; the exercise checks print every verdict in both languages.
"""

import ast
import importlib.util
import json
import pathlib
import re

import nbformat
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"
ENGLISH_NAMES = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
CHINESE_NAMES = sorted(p.name for p in ZH.glob("*.ipynb"))
ALL_NAMES = sorted(set(ENGLISH_NAMES) | set(CHINESE_NAMES))
PAIRS = sorted(set(ENGLISH_NAMES) & set(CHINESE_NAMES))
SYNC_HINT = "run: python tools/sync_editions.py notebooks/{name}"


def _load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync_editions = _load_module("sync_editions", ROOT / "tools" / "sync_editions.py")
UNTRANSLATED = sync_editions.UNTRANSLATED


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


# ---------------------------------------------------------------- twins


def test_there_is_a_chinese_edition():
    assert CHINESE_NAMES, "notebooks/zh/ holds no notebooks"


@pytest.mark.parametrize("name", ALL_NAMES)
def test_every_notebook_has_its_twin(name):
    missing = [str(folder.relative_to(ROOT) / name) for folder in (NOTEBOOKS, ZH)
               if not (folder / name).is_file()]
    assert not missing, f"{name} has no twin: {missing} is missing; a new English notebook gets its " \
                        f"Chinese twin, to translate, from: python tools/sync_editions.py notebooks/{name}"


@pytest.mark.parametrize("name", PAIRS)
def test_twins_have_the_same_cells_and_code(name):
    english, chinese = cells(NOTEBOOKS / name), cells(ZH / name)
    english_ids = [(c.get("id"), c["cell_type"]) for c in english]
    chinese_ids = [(c.get("id"), c["cell_type"]) for c in chinese]
    assert chinese_ids == english_ids, f"{name}: the editions' cells (id, type) differ; " + \
        SYNC_HINT.format(name=name)
    differ = []
    for index, (en, zh) in enumerate(zip(english, chinese, strict=True)):
        if en["cell_type"] == "code":
            fields = [key for key in ("source", "outputs", "execution_count", "metadata")
                      if en.get(key) != zh.get(key)]
        else:
            translation = {key: value for key, value in zh["metadata"].items()
                           if key != sync_editions.TRANSLATED_FROM}
            fields = ["metadata"] if en["metadata"] != translation else []
        differ += [f"cell {index} ({en['id']}): {', '.join(fields)}"] if fields else []
    assert not differ, f"{name}: the editions differ in {differ}; " + SYNC_HINT.format(name=name)


@pytest.mark.parametrize("name", PAIRS)
def test_twins_have_the_same_notebook_metadata(name):
    english = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    chinese = json.loads((ZH / name).read_text(encoding="utf-8"))
    assert (chinese["metadata"], chinese["nbformat"], chinese["nbformat_minor"]) == \
        (english["metadata"], english["nbformat"], english["nbformat_minor"]), SYNC_HINT.format(name=name)


# ---------------------------------------------------------------- the Chinese prose

CJK = re.compile(r"[\u4e00-\u9fff]")
MATH_AND_CODE = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|```.*?```|`[^`]*`", re.S)


def needs_chinese(text):
    """Prose needs translating; a cell of formulas, code or a rule (---) alone has no letters left."""
    return bool(re.search(r"[A-Za-z]", MATH_AND_CODE.sub("", text)))


def test_needs_chinese_exempts_only_cells_without_words():
    assert not needs_chinese("---")
    assert not needs_chinese("$$f(q) = \\sum_i \\alpha(q, k_i) v_i$$")
    assert not needs_chinese("`helpers`: $q$")
    assert needs_chinese("## Summary")
    assert needs_chinese("$$x$$ then the keys")


@pytest.mark.parametrize("name", CHINESE_NAMES)
def test_chinese_prose_is_translated(name):
    markdown = [(index, source(cell)) for index, cell in enumerate(cells(ZH / name))
                if cell["cell_type"] == "markdown"]
    marked = [index for index, text in markdown if UNTRANSLATED in text]
    assert not marked, f"zh/{name}: markdown cells {marked} still carry {UNTRANSLATED}: translate them " \
                       "and remove the marker"
    english = [index for index, text in markdown if needs_chinese(text) and not CJK.search(text)]
    assert not english, f"zh/{name}: markdown cells {english} have no Chinese"


# ---------------------------------------------------------------- links

LINK = re.compile(r"\]\(([^)\s]+\.ipynb)(?:#[^)]*)?\)")


def notebook_links(path):
    """(cell index, link target as written, resolved path) of every link to a notebook."""
    return [(index, target, (path.parent / target).resolve())
            for index, cell in enumerate(cells(path)) if cell["cell_type"] == "markdown"
            for target in LINK.findall(source(cell))]


def editions():
    return [(folder, name) for folder, names in ((NOTEBOOKS, ENGLISH_NAMES), (ZH, CHINESE_NAMES))
            for name in names]


def edition_id(edition):
    folder, name = edition
    return str((folder / name).relative_to(NOTEBOOKS))


def twin_of(folder, name):
    return (ZH if folder == NOTEBOOKS else NOTEBOOKS) / name


def test_links_are_found_as_written():
    text = "Next: [02 · Kernel](02_kernel_regression.ipynb) · [English](../01_attention_cues.ipynb#top)"
    assert LINK.findall(text) == ["02_kernel_regression.ipynb", "../01_attention_cues.ipynb"]


@pytest.mark.parametrize("edition", editions(), ids=edition_id)
def test_links_between_notebooks_stay_within_the_edition(edition):
    folder, name = edition
    twin = twin_of(folder, name).resolve()
    outside = [f"cell {index}: {target}" for index, target, resolved in notebook_links(folder / name)
               if resolved.parent != folder.resolve() and resolved != twin]
    assert not outside, f"{edition_id(edition)} links to notebooks of the other edition (only its twin may " \
                        f"be linked there): {outside}"


@pytest.mark.parametrize("edition", editions(), ids=edition_id)
def test_each_notebook_links_to_its_twin(edition):
    folder, name = edition
    twin = twin_of(folder, name)
    title = source(cells(folder / name)[0])
    written = f"zh/{name}" if folder == NOTEBOOKS else f"../{name}"
    assert f"]({written})" in title, f"{edition_id(edition)}: its title cell should link to its twin, " \
                                     f"{twin.relative_to(ROOT)}, as ({written})"


@pytest.mark.parametrize("edition", editions(), ids=edition_id)
def test_links_to_notebooks_resolve(edition):
    folder, name = edition
    broken = [f"cell {index}: {target}" for index, target, resolved in notebook_links(folder / name)
              if not resolved.is_file()]
    assert not broken, f"{edition_id(edition)} links to notebooks that do not exist: {broken}"


# ---------------------------------------------------------------- tools/sync_editions.py


def make_notebook(cells_):
    notebook = nbformat.v4.new_notebook(metadata={"rise": {"scroll": True}})
    notebook.cells = cells_
    return notebook


def md(cell_id, text, slide="-"):
    return nbformat.v4.new_markdown_cell(text, id=cell_id, metadata={"slideshow": {"slide_type": slide}})


def code(cell_id, text, output="", count=None):
    cell = nbformat.v4.new_code_cell(text, id=cell_id, execution_count=count)
    if output:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    return cell


def english_and_chinese():
    english = make_notebook([md("title", "# Title\n\nChinese: [zh](zh/x.ipynb)", "slide"),
                             code("c1", "print(2)", "2\n", 1), md("new", "A new paragraph.", "fragment"),
                             code("c2", "print(3)", "3\n", 2)])
    chinese = make_notebook([md("title", "# 标题\n\nEnglish version: [en](../x.ipynb)", "subslide"),
                             code("c1", "print(1)", "1\n", 5), md("old", "一段已删去的文字。")])
    return english, chinese


def test_sync_copies_code_and_keeps_the_translation():
    english, chinese = english_and_chinese()
    said = []
    result = sync_editions.synced(english, chinese, said.append, "notebooks/x.ipynb")
    assert [c.id for c in result.cells] == ["title", "c1", "new", "c2"]
    assert result.cells[0].source == chinese.cells[0].source                   # the Chinese prose
    assert result.cells[0].metadata == english.cells[0].metadata               # the English slide type
    assert result.cells[1] == english.cells[1] and result.cells[3] == english.cells[3]
    assert result.cells[2].source == f"{UNTRANSLATED}\nA new paragraph."
    assert result.metadata == english.metadata
    assert any("dropped markdown cell old" in line for line in said)
    assert any("1 markdown cells to translate" in line and "new" in line for line in said)
    assert english.cells[2].source == "A new paragraph."                       # the input is left alone


def test_sync_writes_the_twin_once(tmp_path):
    english, chinese = english_and_chinese()
    (tmp_path / "zh").mkdir()
    nbformat.write(english, tmp_path / "x.ipynb")
    nbformat.write(chinese, tmp_path / "zh" / "x.ipynb")
    assert sync_editions.sync(tmp_path / "x.ipynb", say=lambda _: None) is True
    first = (tmp_path / "zh" / "x.ipynb").read_text(encoding="utf-8")
    assert sync_editions.sync(tmp_path / "x.ipynb", say=lambda _: None) is False
    assert (tmp_path / "zh" / "x.ipynb").read_text(encoding="utf-8") == first
    synced_cells = nbformat.read(tmp_path / "zh" / "x.ipynb", as_version=4).cells
    assert synced_cells[1].outputs[0].text == "2\n"


def test_sync_creates_a_missing_twin_marked_for_translation(tmp_path):
    english, _ = english_and_chinese()
    nbformat.write(english, tmp_path / "x.ipynb")
    said = []
    sync_editions.sync(tmp_path / "x.ipynb", say=said.append)
    twin = nbformat.read(tmp_path / "zh" / "x.ipynb", as_version=4)
    assert all(c.source.startswith(UNTRANSLATED) for c in twin.cells if c.cell_type == "markdown")
    assert "new" in said[0]


def test_sync_misuse_names_the_notebook(tmp_path):
    with pytest.raises(ValueError, match="expected an English notebook .* got .*zh"):
        sync_editions.sync(ZH / "00_getting_started.ipynb")
    with pytest.raises(ValueError, match="expected an English notebook"):
        sync_editions.sync(ROOT / "README.md")
    with pytest.raises(FileNotFoundError, match="notebook not found"):
        sync_editions.sync(tmp_path / "missing.ipynb")
    english = make_notebook([md("same", "a"), md("same", "b")])
    with pytest.raises(ValueError, match="unique id on every cell"):
        sync_editions.synced(english, None, name="notebooks/x.ipynb")


@pytest.mark.parametrize("name", PAIRS)
def test_the_chinese_edition_is_in_sync(name):
    english = nbformat.read(NOTEBOOKS / name, as_version=4)
    chinese = nbformat.read(ZH / name, as_version=4)
    assert sync_editions.synced(english, chinese, lambda _: None, NOTEBOOKS / name) == chinese, \
        SYNC_HINT.format(name=name)


@pytest.mark.parametrize("name", PAIRS)
def test_no_translation_is_stale(name):
    english = nbformat.read(NOTEBOOKS / name, as_version=4)
    chinese = nbformat.read(ZH / name, as_version=4)
    stale = sync_editions.stale_cells(english, chinese)
    assert not stale, f"zh/{name}: the English text of markdown cells {stale} changed after their " \
                      "translation (or was never recorded): update the Chinese, then run " \
                      f"python tools/sync_editions.py --accept {' '.join(stale)}"


def test_a_changed_english_cell_makes_its_translation_stale(tmp_path):
    english, chinese = english_and_chinese()
    (tmp_path / "zh").mkdir()
    nbformat.write(english, tmp_path / "x.ipynb")
    nbformat.write(chinese, tmp_path / "zh" / "x.ipynb")
    sync_editions.sync(tmp_path / "x.ipynb", say=lambda _: None)
    twin = lambda: nbformat.read(tmp_path / "zh" / "x.ipynb", as_version=4)  # noqa: E731
    assert sync_editions.stale_cells(english, twin()) == ["title"]          # never recorded
    said = []
    sync_editions.accept(["title"], [tmp_path / "x.ipynb"], said.append)
    assert sync_editions.stale_cells(english, twin()) == [] and "accepted" in said[0]
    assert twin().cells[0].metadata[sync_editions.TRANSLATED_FROM] == \
        sync_editions.english_hash(english.cells[0].source)
    sync_editions.sync(tmp_path / "x.ipynb", say=lambda _: None)             # the record survives a sync
    assert sync_editions.stale_cells(english, twin()) == []
    english.cells[0].source += " Now longer."
    nbformat.write(english, tmp_path / "x.ipynb")
    sync_editions.sync(tmp_path / "x.ipynb", say=lambda _: None)
    assert sync_editions.stale_cells(english, twin()) == ["title"]
    assert sync_editions.stale_cells(english, chinese) == ["title"]


def test_accept_misuse_names_the_cell(tmp_path):
    english, chinese = english_and_chinese()
    (tmp_path / "zh").mkdir()
    nbformat.write(english, tmp_path / "x.ipynb")
    sync_editions.sync(tmp_path / "x.ipynb", say=lambda _: None)
    with pytest.raises(ValueError, match="got 'nowhere', found in no English notebook"):
        sync_editions.accept(["nowhere"], [tmp_path / "x.ipynb"])
    with pytest.raises(ValueError, match="expected a markdown cell .* got c1"):
        sync_editions.accept(["c1"], [tmp_path / "x.ipynb"])
    with pytest.raises(ValueError, match="still carries"):
        sync_editions.accept(["x:new"], [tmp_path / "x.ipynb"])


def test_sync_command_line_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as exit_:
        sync_editions.main(["--accept"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == "error: expected --accept CELL_ID [CELL_ID ...], got no cell id\n"


def test_execute_runs_the_english_notebooks_then_syncs(monkeypatch):
    course = _load_module("course_for_editions", ROOT / "course.py")
    ran = []
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(course, "setup", lambda: "python")
    monkeypatch.setattr(course, "run_foreground", lambda command: ran.append(command) or 0)
    assert course.main(["execute"]) == 0
    assert [command[1] for command in ran] == [str(pathlib.Path("tools", "execute_notebooks.py")),
                                               str(pathlib.Path("tools", "sync_editions.py"))]
    assert ran[0][2:] == ran[1][2:] and ran[0][2:] and not any("zh" in p for p in ran[0][2:])
    ran.clear()
    monkeypatch.setattr(course, "run_foreground", lambda command: ran.append(command) or 1)
    assert course.main(["execute"]) == 1 and len(ran) == 1                    # no sync after a failure


# ---------------------------------------------------------------- the same code in both folders


def test_data_path_finds_the_data_from_either_folder():
    from helpers.data import DATA_DIR, data_path

    assert data_path("eng-fra.txt") == ROOT / "data" / "eng-fra.txt" == DATA_DIR / "eng-fra.txt"
    assert data_path("eng-fra.lexicon.tsv").is_file()


@pytest.mark.parametrize("name, error, words", [
    (3, TypeError, "name must be a str"), ("", ValueError, "name must be the name of a file"),
    ("../data/eng-fra.txt", ValueError, "got '../data/eng-fra.txt'"),
    ("missing.txt", FileNotFoundError, "missing.txt"),
])
def test_data_path_misuse(name, error, words):
    from helpers.data import data_path

    with pytest.raises(error, match=re.escape(words)):
        data_path(name)


# ---------------------------------------------------------------- checks in both languages


def report_calls():
    """(file, line, call) of every call of report in helpers/exercises."""
    for path in sorted((ROOT / "helpers" / "exercises").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "report":
                yield path.name, node.lineno, node


def test_every_check_speaks_chinese():
    calls = list(report_calls())
    assert len(calls) > 50
    lacking = []
    for file, line, call in calls:
        keywords = {k.arg for k in call.keywords}
        has_hint = len(call.args) >= 3 or "hint" in keywords
        if not (len(call.args) >= 4 or "exercise_zh" in keywords):
            lacking.append(f"{file}:{line} exercise_zh")
        if has_hint and not (len(call.args) >= 5 or "hint_zh" in keywords):
            lacking.append(f"{file}:{line} hint_zh")
    assert not lacking, f"report() calls without their Chinese text: {lacking}"


def test_report_prints_the_verdict_in_both_languages(capsys):
    from helpers.exercises import report

    assert report("Exercise 1 (x)", True, exercise_zh="练习 1（x）") is True
    assert report("Exercise 2 (y)", False, "check the sign.", "练习 2（y）", "检查符号。") is False
    assert report("Exercise 3", False, "no Chinese yet.") is False
    assert capsys.readouterr().out.splitlines() == [
        "✓ Exercise 1 (x): correct.", "  练习 1（x）：正确。",
        "✗ Exercise 2 (y): not yet. check the sign.", "  练习 2（y）：还不对。检查符号。",
        "✗ Exercise 3: not yet. no Chinese yet."]



@pytest.mark.parametrize("name", ENGLISH_NAMES)
def test_code_finds_files_from_either_folder(name):
    # make test runs nbval on the English edition only: code that reads "../data/..." would pass there and
    # fail in notebooks/zh, one folder deeper. helpers.data.data_path finds the data from both.
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    relative = [i for i, cell in enumerate(cells) if cell["cell_type"] == "code"
                and re.search(r"""["']\.\.[/\\]""", "".join(cell["source"]))]
    assert not relative, f"{name}: code cells {relative} use a relative path; use helpers.data.data_path"
