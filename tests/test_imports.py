"""Importing helpers has no global side effects: no seeding, no matplotlib settings."""

import subprocess
import sys
import textwrap


def test_import_changes_no_global_state():
    # A fresh interpreter, so that nothing imported by other tests hides a side effect.
    code = textwrap.dedent("""
        import pickle, random
        import matplotlib, numpy, torch
        # Reading rcParams["backend"] would itself import pyplot: compare every other setting.
        def settings():
            return {k: matplotlib.rcParams[k] for k in matplotlib.rcParams if k != "backend"}
        rc = settings()
        torch_state = torch.get_rng_state().clone()
        numpy_state = pickle.dumps(numpy.random.get_state())
        random_state = random.getstate()
        import helpers, pkgutil, importlib
        for module in pkgutil.iter_modules(helpers.__path__):
            importlib.import_module("helpers." + module.name)
        assert settings() == rc, "rcParams changed"
        assert torch.equal(torch.get_rng_state(), torch_state), "torch RNG changed"
        assert pickle.dumps(numpy.random.get_state()) == numpy_state, "numpy RNG changed"
        assert random.getstate() == random_state, "random changed"
        assert "matplotlib.pyplot" not in __import__("sys").modules, "pyplot imported at import time"
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# Mathematics at the bottom, the user interface on top: a module imports only from lower layers.
LAYERS = [{"checks", "files"}, {"attention", "device", "kernel_regression", "metrics", "data", "lexicon"},
          {"alignment", "ibm_model1", "cost", "decoders"}, {"transformer"}, {"seq2seq"},
          {"decoding", "training"}, {"evaluation"}, {"plotting"}, {"diagrams", "widgets"}, {"exercises"}]


def test_modules_import_only_from_lower_layers():
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1] / "helpers"
    layer_of = {name: i for i, layer in enumerate(LAYERS) for name in layer}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) == 1:
            continue
        module = parts[0]
        assert module in layer_of, f"helpers/{path.relative_to(root)}: give its module a place in LAYERS"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                inside = len(parts) - node.level          # 0: from helpers/, 1: from helpers/exercises/
                target = module if inside == 1 else (node.module or module).split(".")[0]
                if target == module:
                    continue
                assert layer_of[target] < layer_of[module], \
                    f"helpers/{path.relative_to(root)} imports helpers.{target}, which sits above it"
