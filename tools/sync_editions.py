"""Carry the code of the English notebooks into their Chinese twins (notebooks/zh/), keeping their prose.

Usage: python tools/sync_editions.py [notebooks/NN_name.ipynb ...]   (no arguments: every notebook)
       python tools/sync_editions.py --accept CELL_ID [CELL_ID ...]

The English notebook is the source of truth for code. Each twin notebooks/zh/NN_name.ipynb is rewritten
with exactly the English notebook's cells, in its order and with its cell ids and metadata: code cells
(source, outputs, execution counts) are copied; a markdown cell keeps the Chinese text of the twin's cell
with the same id. An English markdown cell with no Chinese counterpart is inserted in English under the
marker line UNTRANSLATED, to be translated; a cell that only the twin has is dropped, with a warning.
A missing twin is created with every markdown cell so marked. `make execute` runs this after executing
the English notebooks, so that the two editions carry the same code and outputs.

Each translated markdown cell records, in its metadata under "translated_from", a hash of the English
text it was translated from; when the English cell changes, the translation is stale (a test names it).
After updating the Chinese text, `--accept CELL_ID` records the English text it now translates; a
cell id that several notebooks share is written NN_name:CELL_ID.
"""

import copy
import hashlib
import pathlib
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ZH = "zh"
UNTRANSLATED = "<!-- 待翻译 -->"
TRANSLATED_FROM = "translated_from"


def english_hash(text):
    """A short hash of an English markdown cell's text, recorded in its translation's metadata."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def twin_path(path):
    """notebooks/NN_name.ipynb -> notebooks/zh/NN_name.ipynb."""
    path = pathlib.Path(path)
    return path.parent / ZH / path.name


def check_english(path):
    """The path of an English notebook: an existing .ipynb file directly in a notebooks folder."""
    path = pathlib.Path(path)
    if path.suffix != ".ipynb" or path.parent.name == ZH:
        raise ValueError(f"expected an English notebook such as notebooks/01_attention_cues.ipynb, "
                         f"got {path}")
    if not path.is_file():
        raise FileNotFoundError(f"notebook not found: {path}")
    return path


def cell_ids(notebook, path):
    ids = [cell.get("id") for cell in notebook.cells]
    if None in ids or len(set(ids)) != len(ids):
        raise ValueError(f"{path}: expected a unique id on every cell (nbformat 4.5), got {ids}")
    return ids


def mark_untranslated(cell):
    """An English markdown cell, marked as waiting for its translation."""
    cell = copy.deepcopy(cell)
    cell.source = UNTRANSLATED + "\n" + cell.source
    return cell


def synced(english, chinese, say=print, name="notebook"):
    """The Chinese twin rebuilt from ``english``: its cells, with the prose of ``chinese`` (or None)."""
    cell_ids(english, name)
    prose = {}
    if chinese is not None:
        cell_ids(chinese, twin_path(name))
        prose = {cell.id: cell for cell in chinese.cells if cell.cell_type == "markdown"}
        english_ids = {cell.id for cell in english.cells}
        for cell in chinese.cells:
            if cell.id not in english_ids:
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                say(f"warning: {twin_path(name)}: dropped {cell.cell_type} cell {cell.id} ({first[:60]!r}), "
                    "which the English notebook does not have")
    result = copy.deepcopy(english)
    missing = []
    for index, cell in enumerate(result.cells):
        if cell.cell_type != "markdown":
            continue
        if cell.id in prose:
            translated = copy.deepcopy(prose[cell.id])
            cell.source = translated.source
            if "attachments" in translated:
                cell.attachments = translated.attachments
            else:
                cell.pop("attachments", None)
            if TRANSLATED_FROM in translated.metadata:
                cell.metadata[TRANSLATED_FROM] = translated.metadata[TRANSLATED_FROM]
        else:
            result.cells[index] = mark_untranslated(cell)
            missing.append(cell.id)
    if missing and chinese is not None:
        say(f"{twin_path(name)}: {len(missing)} markdown cells to translate (marked {UNTRANSLATED}): "
            + ", ".join(missing))
    return result


def sync(path, say=print):
    """Rewrite the Chinese twin of the English notebook at ``path``; return True when it changed."""
    path = check_english(path)
    english = nbformat.read(path, as_version=4)
    target = twin_path(path)
    chinese = nbformat.read(target, as_version=4) if target.is_file() else None
    if chinese is None:
        say(f"{target}: new, every markdown cell marked {UNTRANSLATED} for translation")
    result = synced(english, chinese, say, path)
    text = nbformat.writes(result)
    text += "" if text.endswith("\n") else "\n"  # as nbformat.write ends a file
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(exist_ok=True)
    target.write_text(text, encoding="utf-8")
    say(f"{target}: synced from {path}")
    return True


def stale_cells(english, chinese):
    """Ids of the translated markdown cells whose English text changed after their translation."""
    source = {cell.id: cell.source for cell in english.cells if cell.cell_type == "markdown"}
    return [cell.id for cell in chinese.cells
            if cell.cell_type == "markdown" and cell.id in source and UNTRANSLATED not in cell.source
            and cell.metadata.get(TRANSLATED_FROM) != english_hash(source[cell.id])]


def accept(cell_ids, notebooks=None, say=print):
    """Record that the Chinese text of each cell now translates its English cell's current text."""
    notebooks = sorted(notebooks or NOTEBOOKS.glob("*.ipynb"))
    wanted = {}
    for spec in cell_ids:
        name, _, cell_id = spec.rpartition(":")
        found = [path for path in notebooks if (not name or path.stem == name)
                 and any(cell.get("id") == cell_id for cell in nbformat.read(path, as_version=4).cells)]
        if len(found) != 1:
            where = ", ".join(path.stem for path in found) or "no English notebook"
            raise ValueError(f"expected a markdown cell id found in one English notebook (or NN_name:ID), "
                             f"got {spec!r}, found in {where}")
        wanted.setdefault(found[0], []).append(cell_id)
    for path, ids in wanted.items():
        english = nbformat.read(path, as_version=4)
        target = twin_path(path)
        chinese = nbformat.read(target, as_version=4)
        text = {cell.id: cell for cell in english.cells}
        twin = {cell.id: cell for cell in chinese.cells}
        for cell_id in ids:
            if text[cell_id].cell_type != "markdown" or cell_id not in twin:
                raise ValueError(f"expected a markdown cell with a Chinese twin, got {cell_id} in {path}")
            if UNTRANSLATED in twin[cell_id].source:
                raise ValueError(f"{target} cell {cell_id} still carries {UNTRANSLATED}: translate it, "
                                 "remove the marker, then accept it")
            twin[cell_id].metadata[TRANSLATED_FROM] = english_hash(text[cell_id].source)
        write(chinese, target)
        say(f"{target}: accepted the translation of {', '.join(ids)}")


def write(notebook, target):
    text = nbformat.writes(notebook)
    target.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")


def main(argv):
    try:
        if argv[:1] == ["--accept"]:
            if not argv[1:]:
                raise ValueError("expected --accept CELL_ID [CELL_ID ...], got no cell id")
            accept(argv[1:])
            return
        paths = argv or sorted(NOTEBOOKS.glob("*.ipynb"))
        for path in paths:
            sync(path)
    except (ValueError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
