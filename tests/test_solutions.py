"""The instructors' solutions: every exercise of every notebook has one, it passes its check (✓), and the
starter the students see fails it (✗). Also the tool that builds the solved notebooks (tools/solutions.py)."""

import importlib.util
import json
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import nbformat
import pytest

from helpers.exercises.class_interaction import forget_predictions

ROOT = pathlib.Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("solutions_tool", ROOT / "tools" / "solutions.py")
solutions = importlib.util.module_from_spec(spec)
spec.loader.exec_module(solutions)

CHAPTER = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_"))


def test_every_chapter_notebook_has_exercises_and_a_solution_file():
    assert {"01", "02", "03", "04", "05"} <= {p.name[:2] for p in CHAPTER}
    for path in CHAPTER:
        assert solutions.exercise_cells(solutions.read_notebook(path)), f"{path.name}: no exercise found"
        assert solutions.solution_path(path).is_file(), f"{path.name}: no file in solutions/"


def test_the_tool_names_a_notebook_that_does_not_exist(capsys):
    with pytest.raises(SystemExit) as exit_info:
        solutions.main(["notebooks/99_missing.ipynb"])
    assert exit_info.value.code == 2
    assert "notebook notebooks/99_missing.ipynb not found: expected a path like" in capsys.readouterr().err


@pytest.mark.parametrize("path", CHAPTER, ids=lambda p: p.name)
def test_solutions_pass_and_starters_fail(path):
    forget_predictions()           # 05's predictions count once per kernel: none recorded yet
    results = solutions.check_notebook(path)
    found = [check for _, check in solutions.exercise_cells(solutions.read_notebook(path))]
    assert [check for check, _, _ in results] == found
    for check, starter, solution in results:
        assert solutions.verdict(solution) == "✓", f"{path.name} {check}: the solution printed {solution!r}"
        assert solutions.verdict(starter) == "✗", f"{path.name} {check}: the starter printed {starter!r}"


def test_solved_notebooks_have_no_ruff_findings(tmp_path):
    for path in CHAPTER:
        notebook = solutions.solved(solutions.read_notebook(path), path)
        nbformat.write(notebook, str(tmp_path / path.name))
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise"]
    config = ["--config", str(ROOT / "pyproject.toml"), "--ignore", "E402"]   # E402: as for the notebooks
    result = subprocess.run(ruff + config + [str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def tiny_notebook(folder, *cells):
    """A notebook of code cells (the first a title in markdown) in folder/07_tiny.ipynb."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 07 · Tiny")] + [
        nbformat.v4.new_code_cell(textwrap.dedent(cell).strip()) for cell in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "07_tiny.ipynb"
    nbformat.write(notebook, str(path))
    return path


CHECK = """
def check_answer(answer):
    print("✓ right" if answer == 42 else "✗ not yet: think again")
"""


def solution_file(folder, solved_source, context=()):
    text = f"CONTEXT = {list(context)!r}\nSOLUTIONS = {{'check_answer': {solved_source!r}}}\n"
    (folder / "07_tiny.py").write_text(text, encoding="utf-8")


def test_exercises_are_found_by_their_check_call_not_by_imports(tmp_path):
    path = tiny_notebook(tmp_path, "from x import check_answer, check_other", CHECK,
                         "answer = 0\npassed = check_answer(answer)")
    assert solutions.exercise_cells(solutions.read_notebook(path)) == [(3, "check_answer")]


def test_a_missing_or_stale_solution_is_named(tmp_path):
    path = tiny_notebook(tmp_path, CHECK, "answer = 0\npassed = check_answer(answer)")
    (tmp_path / "07_tiny.py").write_text("SOLUTIONS = {'check_gone': 'x = 1'}\n", encoding="utf-8")
    with pytest.raises(solutions.SolutionError, match=r"no solution for \['check_answer'\]"):
        solutions.check_notebook(path, tmp_path)
    (tmp_path / "07_tiny.py").write_text("SOLUTIONS = {'check_answer': 'passed = check_answer(answer)', "
                                         "'check_gone': 'x = 1'}\n", encoding="utf-8")
    with pytest.raises(solutions.SolutionError, match=r"does not call: \['check_gone'\]"):
        solutions.check_notebook(path, tmp_path)


def test_a_solution_must_call_its_check_as_the_starter_does(tmp_path):
    path = tiny_notebook(tmp_path, CHECK, "answer = 0\npassed = check_answer(answer)")
    solution_file(tmp_path, "passed = check_answer(42)")
    with pytest.raises(solutions.SolutionError, match="must call it as the starter does"):
        solutions.solved(solutions.read_notebook(path), path, tmp_path)


def test_check_runs_context_starter_and_solution(tmp_path):
    path = tiny_notebook(tmp_path, CHECK, "offset = 40", "unused = 1 / 0",
                         "answer = 0\npassed = check_answer(answer)")
    solution_file(tmp_path, "answer = offset + 2\npassed = check_answer(answer)", context=["offset ="])
    [(check, starter, solution)] = solutions.check_notebook(path, tmp_path)   # the 1 / 0 cell is not run
    assert check == "check_answer" and starter.startswith("✗") and solution.startswith("✓")


def test_build_executes_the_solved_notebook_in_its_folder(tmp_path):
    (tmp_path / "data.txt").write_text("42", encoding="utf-8")
    path = tiny_notebook(tmp_path, CHECK, "answer = 0\npassed = check_answer(answer)")
    solution_file(tmp_path, "answer = int(open('data.txt').read())\npassed = check_answer(answer)")
    out = solutions.build(path, tmp_path / "out", tmp_path, timeout=120)
    cells = json.loads(out.read_text(encoding="utf-8"))["cells"]
    assert "Instructor's copy" in "".join(cells[0]["source"])
    assert "".join(cells[2]["source"]).startswith("answer = int(")
    assert "".join(cells[2]["outputs"][0]["text"]).startswith("✓")
    assert [c["execution_count"] for c in cells[1:]] == [1, 2]
    assert "".join(cells[2]["source"]) != "".join(solutions.read_notebook(path).cells[2].source)


def test_build_refuses_a_solution_that_does_not_pass(tmp_path):
    path = tiny_notebook(tmp_path, CHECK, "answer = 0\npassed = check_answer(answer)")
    solution_file(tmp_path, "answer = 41\npassed = check_answer(answer)")
    with pytest.raises(solutions.SolutionError, match=r"check_answer \(cell 2\) printed '✗ not yet"):
        solutions.build(path, tmp_path / "out", tmp_path, timeout=120)
    assert not (tmp_path / "out" / "07_tiny.ipynb").exists()


def test_make_solutions_calls_course_py_which_runs_the_tool(monkeypatch):
    if shutil.which("make"):
        inherited = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")
        env = {key: value for key, value in os.environ.items() if key not in inherited}
        output = subprocess.check_output(["make", "-n", "--no-print-directory", "solutions",
                                          "PYTHON=python3"], cwd=ROOT, text=True, env=env)
        assert output.strip() == "python3 course.py solutions"
    course_spec = importlib.util.spec_from_file_location("course", ROOT / "course.py")
    course = importlib.util.module_from_spec(course_spec)
    course_spec.loader.exec_module(course)
    ran = []
    monkeypatch.setattr(course, "setup", lambda: "venv-python")
    monkeypatch.setattr(course, "run_foreground", lambda command: ran.append(command) or 0)
    assert course.main(["solutions"]) == 0
    assert ran == [["venv-python", os.path.join("tools", "solutions.py")]]
