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
