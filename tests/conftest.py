"""Shared pytest set-up: a file-only matplotlib backend, figures closed after every test, one CPU thread."""

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
