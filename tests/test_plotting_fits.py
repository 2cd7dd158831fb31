"""helpers.plotting.plot_kernel_fit and the kernel slider: what is drawn, labelled and displayed."""

import base64

import matplotlib
import numpy as np
import pytest
import torch

matplotlib.use("Agg")

from helpers.kernel_regression import KERNELS, kernel_explorer, true_function  # noqa: E402
from helpers.plotting import FONT_SIZE, plot_kernel_fit  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    import matplotlib.pyplot as plt
    yield
    plt.close("all")


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


def test_kernel_explorer_shows_a_png_with_the_slider(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.append((objs, kw)))
    x_train, y_train, x_test, _ = fit_data()
    widget = kernel_explorer(x_train, y_train, x_test, kernel="boxcar", bandwidth=0.5)
    bundles = [objs[0] for objs, kw in shown if kw.get("raw")]
    assert len(bundles) == 1
    bundle = bundles[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    kernel, bandwidth = widget.children[:2]
    assert list(kernel.options) == list(KERNELS) and kernel.value == "boxcar"
    assert abs(bandwidth.value - 0.5) < 0.01
    figures = len(shown)
    kernel.value = "gaussian"          # moving a control redraws the fit
    assert len(shown) == figures + 1
    assert shown[-1][0][0].data[:8] == b"\x89PNG\r\n\x1a\n"
    assert shown[-1][0][0].data != base64.b64decode(bundle["image/png"])   # a different fit
