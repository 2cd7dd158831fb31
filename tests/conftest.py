"""Shared pytest set-up: a file-only matplotlib backend, figures closed after every test, one CPU thread.

Tests marked ``slow`` (minutes: they execute every notebook or retrain every model) run only with
``--slow``: ``.ci/run`` runs them (``python course.py unit --slow -m slow``), ``make test`` skips them.
"""

import matplotlib
import pytest
import torch

matplotlib.use("Agg")  # no window, the same on every machine; set before any test imports pyplot


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test opened, so that none leaks into the next test."""
    yield
    if "matplotlib.pyplot" in __import__("sys").modules:
        import matplotlib.pyplot as plt

        plt.close("all")


@pytest.fixture
def one_thread():
    """Tiny models run fastest on one thread (extra threads only wait on a busy machine)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow (minutes)")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes minutes; runs only with --slow (CI does)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
