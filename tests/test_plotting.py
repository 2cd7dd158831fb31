"""helpers.plotting: heatmaps, curves and kernel fits: shapes accepted, labels placed, no global state."""

from types import SimpleNamespace

import matplotlib
import numpy as np
import pytest
import torch

from helpers.kernel_regression import true_function
from helpers.plotting import FONT_SIZE, plot_kernel_fit, show_alignments, show_heatmaps


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


def fit_data(n=20, seed=0):
    generator = torch.Generator().manual_seed(seed)
    x_train = torch.sort(torch.rand(n, generator=generator) * 5).values
    y_train = true_function(x_train) + 0.5 * torch.randn(n, generator=generator)
    x_test = torch.arange(50) / 10
    return x_train, y_train, x_test, true_function(x_test)

@pytest.mark.parametrize("n", [5, 20])
def test_fit_draws_truth_prediction_and_data(n):
    x_train, y_train, x_test, y_true = fit_data(n)
    y_hat = y_true + 0.1
    fig = plot_kernel_fit(x_train, y_train, x_test, y_true, y_hat, title="a fit", label="NW")
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"true function", "NW", "training data"}
    np.testing.assert_allclose(lines["true function"].get_ydata(), y_true.numpy())
    np.testing.assert_allclose(lines["NW"].get_ydata(), y_hat.numpy())
    np.testing.assert_allclose(lines["training data"].get_xdata(), x_train.numpy())
    assert ax.get_title() == "a fit" and ax.get_xlabel() == "x" and ax.get_ylabel() == "y"
    assert ax.xaxis.label.get_fontsize() >= FONT_SIZE
    assert ax.get_legend() is not None


def test_fit_draws_on_a_given_axes_and_keeps_nan_gaps():
    import matplotlib.pyplot as plt
    x_train, y_train, x_test, y_true = fit_data()
    fig, axes = plt.subplots(1, 2)
    y_hat = y_true.clone()
    y_hat[10:15] = float("nan")
    returned = plot_kernel_fit(x_train, y_train, x_test, y_true, y_hat, ax=axes[1], legend=False)
    assert returned is fig and len(axes[1].get_lines()) == 3 and not axes[0].get_lines()
    assert axes[1].get_legend() is None
    assert np.isnan(axes[1].get_lines()[1].get_ydata()[10:15]).all()


@pytest.mark.parametrize("bad, words", [
    (dict(y_train=torch.zeros(3)), "x_train and y_train"),
    (dict(y_hat=torch.zeros(3)), "x_test, y_true and y_hat"),
])
def test_fit_rejects_mismatched_shapes(bad, words):
    x_train, y_train, x_test, y_true = fit_data()
    args = dict(x_train=x_train, y_train=y_train, x_test=x_test, y_true=y_true, y_hat=y_true)
    args.update(bad)
    with pytest.raises(ValueError, match=words):
        plot_kernel_fit(**args)


def test_global_rcparams_untouched():
    before = dict(matplotlib.rcParams)
    plot_kernel_fit(*fit_data(), fit_data()[3])
    assert dict(matplotlib.rcParams) == before


# Misuse: empty grids, tick labels given as one str, all-NaN input.

NAN = float("nan")


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(matrices=torch.rand(0, 3, 4)), ValueError, r"matrices must not be empty.*got shape \(0, 3, 4\)"),
    (dict(matrices=torch.rand(2, 0, 3, 4)), ValueError,
     r"matrices must not be empty.*got shape \(2, 0, 3, 4\)"),
    (dict(matrices=torch.rand(3, 0)), ValueError, r"matrices must not be empty"),
    (dict(matrices=torch.rand(3, 4), xticklabels="abcd"), TypeError,
     r"xticklabels must be a list with one label "
                                                                     r"per column, got one str 'abcd'"),
    (dict(matrices=torch.rand(3, 4), yticklabels="a b c"), TypeError,
     r"yticklabels must be a list with one label "
                                                                      r"per row, got one str"),
    (dict(matrices=torch.full((3, 4), NAN)), ValueError, r"matrices are all NaN \(shape \(3, 4\)\)"),
])
def test_misuse_heatmap_input_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        show_heatmaps(**kwargs)


def test_heatmap_with_some_nan_still_draws():
    data = torch.rand(3, 4)
    data[0, 0] = NAN
    fig = show_heatmaps(data)
    assert fig.axes[0].images[0].get_clim() == (0.0, float(np.nanmax(data.numpy())))


@pytest.mark.parametrize("call, error, pattern", [
    (lambda plot_lines, plot_loss: plot_lines([1, 2], [NAN, NAN]), ValueError,
     r"ys: curve 0 is empty or all NaN"),
    (lambda plot_lines, plot_loss: plot_lines([], []), ValueError, r"ys: curve 0 is empty or all NaN"),
    (lambda plot_lines, plot_loss: plot_lines([1, 2], [1, 2], labels="loss"), TypeError,
     r"labels must be a list of str, got one str 'loss'"),
    (lambda plot_lines, plot_loss: plot_lines([1, 2], [1, 2], xticklabels="ab"), TypeError,
     r"xticklabels must be a list of str, got one str 'ab'"),
    (lambda plot_lines, plot_loss: plot_loss([NAN, NAN]), ValueError, r"history must be .* not all NaN"),
])
def test_misuse_curves_named(call, error, pattern):
    import matplotlib.pyplot as plt

    from helpers.plotting import plot_lines, plot_loss

    before = plt.get_fignums()
    with pytest.raises(error, match=pattern):
        call(plot_lines, plot_loss)
    assert plt.get_fignums() == before            # no half-drawn figure is left behind


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


SRC, TGT = ["i", "saw", "her", "."], ["je", "l'ai", "vue", ".", "<eos>"]
GOLD = SimpleNamespace(sure={(0, 0), (1, 2), (3, 3)}, possible={(0, 0), (1, 2), (3, 3), (1, 1), (2, 1)})


def test_show_alignments_draws_gold_as_outlines_and_links_as_dots():
    weights = torch.softmax(torch.randn(5, 4, generator=torch.Generator().manual_seed(0)), -1)
    fig = show_alignments([weights, None], [SRC, SRC], [TGT, TGT], gold=[GOLD, GOLD],
                          links=[None, {(0, 0), (2, 2)}], titles=["attention", "links"])
    maps = [ax for ax in fig.axes if ax.images]
    assert len(maps) == 2 and len(fig.axes) == 3                          # one shared colorbar
    first, second = maps
    assert first.images[0].get_array().shape == (5, 4) and first.images[0].get_clim() == (0.0, 1.0)
    solid = sorted((p.get_x() + 0.5, p.get_y() + 0.5) for p in first.patches if p.get_linestyle() == "-")
    dashed = sorted((p.get_x() + 0.5, p.get_y() + 0.5) for p in first.patches if p.get_linestyle() == "--")
    assert solid == [(0, 0), (1, 2), (3, 3)]                               # (column i, row j) of sure links
    assert dashed == [(1, 1), (2, 1)]                                      # possible but not sure
    assert not first.collections and second.collections[0].get_offsets().tolist() == [[0, 0], [2, 2]]
    assert [t.get_text() for t in first.get_yticklabels()] == TGT
    assert [t.get_text() for t in second.get_xticklabels()] == SRC and second.get_title() == "links"


def test_show_alignments_takes_one_map_without_lists_and_leaves_rcparams():
    before = dict(matplotlib.rcParams)
    fig = show_alignments(None, SRC, TGT, gold=GOLD, titles="gold only")
    assert len(fig.axes) == 1 and fig.axes[0].get_title() == "gold only"   # no weights: no colorbar
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(weights=[torch.ones(4, 4)]), ValueError, r"weights\[0\] must have one row per target token .*"
                                                   r"\(5, 4\), got shape \(4, 4\)"),
    (dict(gold=[SimpleNamespace(sure={(4, 0)}, possible={(4, 0)})]), ValueError,
     r"gold\[0\].sure holds the link \(4, 0\) outside the map's 4 source columns and 5 target rows"),
    (dict(links=[{"ab"}]), TypeError, r"links\[0\] must be a set of \(source index, target index\) pairs"),
    (dict(titles=["a", "b"]), ValueError, r"titles must be a list with one entry per map \(1\), got 2"),
    (dict(ncols=0), ValueError, r"ncols must be a positive int, got 0"),
    (dict(source_tokens="i saw her"), TypeError, r"source_tokens must be a non-empty list of token lists"),
])
def test_misuse_show_alignments_named(kwargs, error, pattern):
    arguments = {"weights": [None], "source_tokens": [SRC], "target_tokens": [TGT], **kwargs}
    with pytest.raises(error, match=pattern):
        show_alignments(**arguments)
