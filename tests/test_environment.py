"""The two ways of setting up (pip and conda) install the same thing."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _requirements():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_requirements_are_exact_pins():
    reqs = _requirements()
    assert reqs, "requirements.txt is empty"
    for req in reqs:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", req), f"not an exact pin: {req}"
    assert "torch==2.13.0" in reqs


def test_environment_yml_installs_requirements_and_package():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pip_items = re.findall(r"^\s+-\s+(-r .+|-e .+)$", text, flags=re.M)
    assert pip_items == ["-r requirements.txt", "-e ."], pip_items
    # Nothing pinned in the yml itself could drift from requirements.txt: only python and pip.
    deps_block = text.split("dependencies:", 1)[1]
    conda_deps = re.findall(r"^  - ([^\s:]+)$", deps_block, flags=re.M)
    assert conda_deps == ["python=3.11", "pip"], conda_deps
    assert "python_requires" not in text


def test_pyproject_names_the_same_packages():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.search(r"dependencies = \[(.*?)\]", text, flags=re.S).group(1)
    names = {name.strip().strip('"') for name in deps.split(",") if name.strip()}
    pinned = {req.split("==")[0] for req in _requirements()}
    assert names <= pinned, names - pinned


# Import name -> the distribution on PyPI that provides it.
DISTRIBUTIONS = {"torch": "torch", "numpy": "numpy", "matplotlib": "matplotlib", "tqdm": "tqdm",
                 "ipywidgets": "ipywidgets", "IPython": "ipython"}


def _imported_packages():
    import ast
    import sys

    names = set()
    for path in (ROOT / "helpers").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != "helpers"}


def test_pyproject_lists_every_package_helpers_imports():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    deps = re.search(r"dependencies = \[(.*?)\]", text, flags=re.S).group(1)
    listed = {name.strip().strip('"') for name in deps.split(",") if name.strip()}
    imported = _imported_packages()
    unknown = imported - set(DISTRIBUTIONS)
    assert not unknown, f"add these imports and their distribution to DISTRIBUTIONS: {unknown}"
    assert {DISTRIBUTIONS[name] for name in imported} <= listed


def test_licences():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "MIT"$', text, flags=re.M)
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    notebooks = (ROOT / "LICENSE-notebooks.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in notebooks and "creativecommons.org/licenses/by/4.0" in notebooks
