"""helpers.plotting: shapes accepted, labels placed, no global matplotlib state touched."""

import matplotlib
import numpy as np
import pytest
import torch

matplotlib.use("Agg")

from helpers.plotting import show_heatmaps  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    import matplotlib.pyplot as plt
    yield
    plt.close("all")


@pytest.mark.parametrize("shape, grid", [((4, 5), (1, 1)), ((3, 4, 5), (1, 3)), ((2, 3, 4, 5), (2, 3))])
def test_grid_shape_and_shared_colorbar(shape, grid):
    fig = show_heatmaps(torch.rand(shape))
    maps = [ax for ax in fig.axes if ax.images]
    assert len(maps) == grid[0] * grid[1]
    assert len(fig.axes) == len(maps) + 1  # one shared colorbar
    assert maps[0].images[0].get_array().shape == (4, 5)


def test_accepts_numpy_and_labels():
    src, tgt = ["i", "see", "it"], ["je", "le", "vois", "<eos>"]
    fig = show_heatmaps(np.eye(4, 3), xlabel="Source", ylabel="Target", titles=["alignment"],
                        xticklabels=src, yticklabels=tgt)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == src
    assert [t.get_text() for t in ax.get_yticklabels()] == tgt
    assert ax.get_title() == "alignment"
    assert ax.get_xlabel() == "Source" and ax.get_ylabel() == "Target"
    assert ax.xaxis.label.get_fontsize() >= 14  # projector-sized


def test_tensor_with_grad():
    x = torch.rand(2, 2, requires_grad=True)
    assert show_heatmaps(x * 2) is not None


def test_rcparams_unchanged():
    before = dict(matplotlib.rcParams)
    show_heatmaps(torch.rand(2, 3, 3), titles=["a", "b"])
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(matrices=[[1.0]]), TypeError, r"torch.Tensor or numpy.ndarray, got list"),
    (dict(matrices=torch.rand(5)), ValueError, r"2-D.*3-D.*4-D.*got shape \(5,\)"),
    (dict(matrices=torch.rand(3, 4), xticklabels=["a"]), ValueError, r"per column \(4\), got 1"),
    (dict(matrices=torch.rand(3, 4), yticklabels=["a"]), ValueError, r"per row \(3\), got 1"),
    (dict(matrices=torch.rand(2, 3, 4), titles=["a"]), ValueError, r"one entry per map \(2\), got 1"),
])
def test_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        show_heatmaps(**kwargs)


def test_plot_lines_and_loss():
    from helpers.plotting import plot_lines, plot_loss

    fig = plot_lines([1, 2, 3], [[1, 2, 3], [3, 2, 1]], labels=["up", "down"], xlabel="x", ylabel="y")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["up", "down"]
    assert list(ax.lines[1].get_ydata()) == [3, 2, 1]
    fig = plot_loss(torch.tensor([3.0, 2.0, 1.5]))
    assert list(fig.axes[0].lines[0].get_xdata()) == [1, 2, 3]
    with pytest.raises(ValueError, match=r"one entry per curve \(2\), got 1"):
        plot_lines([1, 2], [[1, 2], [2, 1]], labels=["a"])
    with pytest.raises(ValueError, match=r"non-empty 1-D"):
        plot_loss([])
    fig = plot_lines(range(3), [0.1, 0.5, 0.4], xticklabels=["1-3", "4-5", "6-7"], ylim=(0, 1))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1-3", "4-5", "6-7"]
    assert ax.get_ylim() == (0, 1)
    with pytest.raises(ValueError, match=r"one label per x value \(3\), got 2"):
        plot_lines(range(3), [0.1, 0.5, 0.4], xticklabels=["a", "b"])


def test_exercise_report(capsys):
    from helpers.exercises import report

    assert report("Exercise 1", True) is True
    assert report("Exercise 2", False, "Check the sign.") is False
    out = capsys.readouterr().out.splitlines()
    assert out == ["✓ Exercise 1: correct.", "✗ Exercise 2: not yet. Check the sign."]


def test_scale_per_map_gives_each_map_its_own_range_and_colorbar():
    low, high = torch.full((3, 4), 0.1), torch.full((3, 4), 0.5)
    low[0, 0], high[0, 0] = 0.2, 0.9
    fig = show_heatmaps(torch.stack([low, high]), scale_per_map=True)
    maps = [ax for ax in fig.axes if ax.images]
    assert len(maps) == 2 and len(fig.axes) == 4  # two maps, two colorbars
    assert maps[0].images[0].get_clim() == pytest.approx((0.0, 0.2))
    assert maps[1].images[0].get_clim() == pytest.approx((0.0, 0.9))
    shared = show_heatmaps(torch.stack([low, high]))
    assert [ax.images[0].get_clim() for ax in shared.axes if ax.images] == [pytest.approx((0.0, 0.9))] * 2


def test_tick_step_labels_every_nth_row_and_column():
    xs = [f"{x / 10:.1f}" for x in range(25)]
    ys = [f"{y / 10:.1f}" for y in range(12)]
    fig = show_heatmaps(torch.rand(12, 25), xticklabels=xs, yticklabels=ys, tick_step=10)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.0", "1.0", "2.0"]
    assert list(ax.get_xticks()) == [0, 10, 20]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0.0", "1.0"]
    with pytest.raises(ValueError, match=r"tick_step must be a positive int, got 0"):
        show_heatmaps(torch.rand(3, 4), tick_step=0)
