"""Worked solutions of the notebooks' exercises, for instructors: check them, or build solved notebooks.

Usage:
    python tools/solutions.py                 build build/solutions/NN_*.ipynb for every notebook
    python tools/solutions.py --check         run each solution through its check (✓) and each
                                              starter (✗), without executing the whole notebooks
    python tools/solutions.py notebooks/02_kernel_regression.ipynb ...   only these notebooks

``solutions/NN_name.py`` holds the solutions of ``notebooks/NN_name.ipynb``: ``SOLUTIONS`` maps the
name of the check an exercise cell calls (``passed = check_...(...)``) to the source that replaces
that cell; ``CONTEXT`` lists lines that mark the notebook's cells the exercises need (its first code
cell, the imports, always runs). A built notebook is the students' notebook with those cells
replaced, executed top to bottom in a fresh kernel with the notebook's folder as working directory,
and refused unless every exercise cell printed ✓.
"""

import argparse
import contextlib
import importlib.util
import io
import os
import pathlib
import re
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"
BUILD = ROOT / "build" / "solutions"
CHECK_CALL = re.compile(r"(?<!def )\b(check_\w+)\(")   # a call, not a definition
BANNER = ("*Instructor's copy: every exercise below is solved and checked. Build it again with "
          "`make solutions` (`py course.py solutions`).*")


class SolutionError(Exception):
    """A solution is missing, stale or wrong; the message names the notebook and the check."""


def source(cell):
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def read_notebook(path):
    import nbformat

    return nbformat.read(str(path), as_version=4)


def exercise_cells(notebook):
    """Index and check name of every code cell that calls a ``check_...`` function, in order."""
    found = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        calls = sorted(set(CHECK_CALL.findall(source(cell))))
        if len(calls) > 1:
            raise SolutionError(f"cell {index} calls several checks {calls}: give each exercise its own cell")
        if calls:
            found.append((index, calls[0]))
    return found


def solution_path(notebook_path, solutions_dir=SOLUTIONS):
    return pathlib.Path(solutions_dir) / (pathlib.Path(notebook_path).stem + ".py")


def load_solutions(notebook_path, solutions_dir=SOLUTIONS):
    """``(context_markers, {check name: cell source})`` of a notebook; empty when it has no solution file."""
    path = solution_path(notebook_path, solutions_dir)
    if not path.is_file():
        return [], {}
    spec = importlib.util.spec_from_file_location(f"solutions_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(getattr(module, "CONTEXT", [])), dict(module.SOLUTIONS)


def check_call_line(text, check):
    """The line of ``text`` that calls ``check``, stripped (the line both starter and solution share)."""
    lines = [line.strip() for line in text.splitlines()
             if f"{check}(" in line and not line.lstrip().startswith("def ")]
    return lines[-1] if lines else None


def solved(notebook, notebook_path, solutions_dir=SOLUTIONS):
    """The notebook with every exercise cell replaced by its solution; SolutionError when one is missing."""
    import copy

    name = pathlib.Path(notebook_path).name
    _, solutions = load_solutions(notebook_path, solutions_dir)
    exercises = exercise_cells(notebook)
    missing = [check for _, check in exercises if check not in solutions]
    if missing:
        where = solution_path(notebook_path, solutions_dir)
        raise SolutionError(f"{name}: no solution for {missing} in {where}")
    stale = sorted(set(solutions) - {check for _, check in exercises})
    if stale:
        raise SolutionError(f"{name}: solutions for checks the notebook does not call: {stale}")
    result = copy.deepcopy(notebook)
    for index, check in exercises:
        starter = source(notebook.cells[index])
        expected, got = check_call_line(starter, check), check_call_line(solutions[check], check)
        if got != expected:
            raise SolutionError(f"{name}: the solution of {check} must call it as the starter does, "
                                f"{expected!r}; got {got!r}")
        result.cells[index].source = solutions[check].strip("\n")
        result.cells[index].outputs = []
        result.cells[index].execution_count = None
    return result


def verdict(text):
    """'✓', '✗' or None: the first verdict a cell printed."""
    for line in text.splitlines():
        if line.startswith(("✓", "✗")):
            return line[0]
    return None


def _run(code, namespace):
    """Run one cell's source in ``namespace``; return what it printed (errors are printed too)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        try:
            exec(compile(code, "<cell>", "exec"), namespace)
        except Exception as error:  # reported as the cell's output, like a notebook
            print(f"{type(error).__name__}: {error}")
    return buffer.getvalue()


def check_notebook(notebook_path, solutions_dir=SOLUTIONS):
    """Run every exercise's starter and solution out of the notebook, in the notebook's folder.

    The first code cell and the cells marked by ``CONTEXT`` run first, in the notebook's order; then
    each starter runs in a copy of the namespace and each solution in the namespace itself.
    Returns ``[(check name, starter output, solution output)]``.
    """
    import matplotlib

    matplotlib.use("Agg")  # figures of the context cells are drawn to no screen
    notebook = read_notebook(notebook_path)
    context, solutions = load_solutions(notebook_path, solutions_dir)
    exercises = dict(exercise_cells(notebook))
    solved(notebook, notebook_path, solutions_dir)              # missing or stale solutions raise here
    code_cells = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    results, namespace = [], {"__name__": "__main__"}
    with contextlib.chdir(pathlib.Path(notebook_path).parent):
        for index in code_cells:
            text = source(notebook.cells[index])
            if index in exercises:
                check = exercises[index]
                starter = _run(text, dict(namespace))
                results.append((check, starter, _run(solutions[check], namespace)))
            elif index == code_cells[0] or any(marker in text for marker in context):
                _run(text, namespace)
    import matplotlib.pyplot as plt

    plt.close("all")
    return results


def build(notebook_path, out_dir=BUILD, solutions_dir=SOLUTIONS, timeout=600):
    """Execute the solved notebook in a fresh kernel and write it to ``out_dir``; return its path."""
    import nbformat
    from nbclient.exceptions import CellExecutionError
    from nbconvert.preprocessors import ClearMetadataPreprocessor, ExecutePreprocessor

    notebook_path = pathlib.Path(notebook_path).resolve()
    notebook = solved(read_notebook(notebook_path), notebook_path, solutions_dir)
    title = notebook.cells[0]
    title.source = source(title) + "\n\n" + BANNER
    try:
        ExecutePreprocessor(timeout=timeout, kernel_name="python3", record_timing=False).preprocess(
            notebook, {"metadata": {"path": str(notebook_path.parent)}})
    except CellExecutionError as error:
        raise SolutionError(f"{notebook_path.name}: a cell failed when run top to bottom with the "
                            f"solutions filled in: {str(error).strip().splitlines()[-1][:300]}") from None
    ClearMetadataPreprocessor(preserve_cell_metadata_mask=["tags", "slideshow"],
                              preserve_nb_metadata_mask=["kernelspec", "language_info", "rise"]
                              ).preprocess(notebook, {})
    for index, check in exercise_cells(notebook):
        printed = "".join(output.get("text", "") for output in notebook.cells[index].outputs)
        if verdict(printed) != "✓":
            raise SolutionError(f"{notebook_path.name}: the solution of {check} (cell {index}) printed "
                                f"{printed.strip()[:200]!r}, not ✓")
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / notebook_path.name
    nbformat.write(notebook, str(path))
    return path


def notebooks_with_exercises():
    """Every chapter notebook that has exercise cells."""
    return [path for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
            if exercise_cells(read_notebook(path))]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check the exercises' solutions or build solved notebooks.")
    parser.add_argument("notebooks", nargs="*", help="notebooks (default: every one with exercises)")
    parser.add_argument("--check", action="store_true",
                        help="only run each solution (✓) and starter (✗) through its check")
    args = parser.parse_args(argv)
    paths = [pathlib.Path(p) for p in args.notebooks] or notebooks_with_exercises()
    for path in paths:
        if not path.is_file():
            parser.error(f"notebook {path} not found: expected a path like notebooks/01_attention_cues.ipynb")
    failures = 0
    for path in paths:
        start = time.perf_counter()
        try:
            if args.check:
                for check, starter, solution in check_notebook(path):
                    good = verdict(solution) == "✓" and verdict(starter) == "✗"
                    failures += not good
                    print(f"{path.name} {check}: solution {verdict(solution) or solution.strip()[-120:]}, "
                          f"starter {verdict(starter) or starter.strip()[-120:]}")
            else:
                out = build(path)
                print(f"{os.path.relpath(out, ROOT)}: executed in {time.perf_counter() - start:.1f} s")
        except SolutionError as error:
            failures += 1
            print(f"error: {error}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
