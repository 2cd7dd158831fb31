"""Self-checks of notebook 02 (helpers.exercises.kernel_regression): right answers pass, wrong get a hint."""

import pytest
import torch

from helpers.exercises import kernel_regression as kr
from helpers.kernel_regression import (
    boxcar,
    epanechnikov,
    gaussian,
    nadaraya_watson,
    triangular,
    true_function,
)


def verdict(capsys):
    return capsys.readouterr().out


@pytest.mark.parametrize("kernel, passed, words", [
    (epanechnikov, True, ""),
    (lambda u: 0.75 * (1 - u ** 2) * (u.abs() <= 1), True, ""),
    (triangular, False, "parabola"),
    (boxcar, False, "parabola"),
    (gaussian, False, "0 for |u| > 1"),
    (lambda u: 0.75 * (1 - u ** 2), False, "never negative"),
    (lambda u: (1 - u ** 2).clamp(min=0), False, "integrates to 1"),
    (lambda u: torch.zeros(3), False, "shape"),
    (lambda u: undefined_name, False, "NameError"),  # noqa: F821
])
def test_epanechnikov(capsys, kernel, passed, words):
    assert kr.check_epanechnikov(kernel) is passed
    out = verdict(capsys)
    assert words in out and "0.75" not in out and "3/4" not in out
    assert out.splitlines()[1].startswith("  练习 1（Epanechnikov 核）：")     # Chinese, the answer not in it


@pytest.mark.parametrize("seed", [0, 1])
def test_best_bandwidth(capsys, seed):
    generator = torch.Generator().manual_seed(seed)
    x_train = torch.sort(torch.rand(50, generator=generator) * 5).values
    y_train = true_function(x_train) + torch.normal(0.0, 0.5, (50,), generator=generator)
    x_test = torch.arange(50) / 10
    results = {h: kr.check_best_bandwidth(h, x_train, y_train, x_test) for h in kr.BANDWIDTHS}
    assert sum(results.values()) == 1                                 # exactly one candidate is right
    best = next(h for h, ok in results.items() if ok)
    errors = {h: ((nadaraya_watson(x_test, x_train, y_train, "gaussian", h)[0] - true_function(x_test)) ** 2)
              .mean().item() for h in kr.BANDWIDTHS}
    assert best == min(errors, key=errors.get)                        # brute-force reference
    out = verdict(capsys)
    assert f"h = {best} has" not in out                               # never names the best one's error
    assert f"h = {best} 的" not in out and out.count("  练习 2（最佳带宽）：") == len(kr.BANDWIDTHS)
    assert kr.check_best_bandwidth(0.7, x_train, y_train, x_test) is False
    assert "choose one of" in verdict(capsys)


@pytest.mark.parametrize("bandwidth_of, passed, words", [
    (lambda w: 1 / w, True, ""),
    (lambda w: 1.0 / float(w), True, ""),
    (lambda w: w, False, ""),
    (lambda w: 1.0, False, "wider"),
    (lambda w: 5.0, False, "sharper"),
    (lambda w: 1 / w ** 2, False, ""),
    (lambda w: -1 / w, False, "positive"),
    (lambda w: [1], False, "must return a number"),
    (lambda w: torch.tensor(1 / w), True, ""),
    (lambda w: str(1 / w), True, ""),
])
def test_bandwidth_of_w(capsys, bandwidth_of, passed, words):
    assert kr.check_bandwidth_of_w(bandwidth_of) is passed
    out = verdict(capsys)
    assert words in out and "1 / w" not in out and "1/w" not in out
    assert out.splitlines()[1].startswith("  练习 3（把 w 看作带宽）：")
