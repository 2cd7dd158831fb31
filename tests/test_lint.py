"""ruff (pinned in requirements.txt, configured in pyproject.toml) finds nothing in the Python files or the
code cells of the notebooks."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ruff(*paths):
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise",
                           *paths], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_python_files_have_no_ruff_findings():
    result = _ruff("--exclude", "notebooks", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_notebook_code_has_no_ruff_findings():
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    result = _ruff(*notebooks)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_targets_the_oldest_python_the_project_supports():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    oldest = config["project"]["requires-python"].removeprefix(">=")            # e.g. "3.11"
    assert config["tool"]["ruff"]["target-version"] == "py" + oldest.replace(".", "")


def test_pre_commit_runs_the_pinned_ruff_through_course_py():
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "repo: local" in hooks and "entry: python course.py lint" in hooks
