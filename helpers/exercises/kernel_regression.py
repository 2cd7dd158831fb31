"""Self-checks for the exercises (练习) of ``notebooks/02_kernel_regression.ipynb``.

Each check prints a verdict with a hint and returns ``True`` or ``False``; none reveals the answer.
"""

import torch

from ..kernel_regression import epanechnikov, nadaraya_watson, true_function
from . import as_number, read_function, read_number, report, report_raised

__all__ = ["BANDWIDTHS", "check_epanechnikov", "check_best_bandwidth", "check_bandwidth_of_w"]

BANDWIDTHS = (0.1, 0.2, 0.3, 0.5, 1.0, 2.0)  # the candidates of exercise 2


def check_epanechnikov(kernel):
    """Exercise 1: ``kernel(u)`` computes the Epanechnikov kernel elementwise on a tensor ``u``."""
    name, name_zh = "Exercise 1 (Epanechnikov kernel)", "练习 1（Epanechnikov 核）"
    if read_function(name, name_zh, kernel) is None:
        return False
    u = torch.linspace(-2, 2, 401)
    try:
        k = torch.as_tensor(kernel(u.clone()), dtype=torch.float32)
    except Exception as error:  # a student's function may fail in any way
        return report_raised(name, name_zh, error)
    if k.shape != u.shape:
        return report(name, False, f"one value per u: expected shape {tuple(u.shape)}, got {tuple(k.shape)}.",
                      exercise_zh=name_zh,
                      hint_zh=f"每个 u 对应一个值：形状应为 {tuple(u.shape)}，你的是 {tuple(k.shape)}。")
    reference = epanechnikov(u)
    outside = u.abs() > 1
    if (k < -1e-6).any():
        return report(name, False, "a kernel is never negative: what happens for |u| > 1?",
                      exercise_zh=name_zh, hint_zh="核函数从不为负：|u| > 1 时会怎样？")
    if not torch.allclose(k[outside], reference[outside], atol=1e-5):
        return report(name, False, "the kernel must be 0 for |u| > 1.",
                      exercise_zh=name_zh, hint_zh="|u| > 1 时核函数必须为 0。")
    area = float(torch.trapezoid(k, u))
    if abs(area - 1) > 0.01:
        return report(name, False, f"a kernel integrates to 1; yours integrates to {area:.3f}.",
                      exercise_zh=name_zh, hint_zh=f"核函数的积分为 1；你的积分是 {area:.3f}。")
    if not torch.allclose(k, reference, atol=1e-5):
        return report(name, False, "right support and area, wrong shape: it is a parabola in u, "
                                   "not a triangle.",
                      exercise_zh=name_zh,
                      hint_zh="支撑区间和面积都对，形状不对：它是 u 的抛物线，不是三角形。")
    return report(name, True, exercise_zh=name_zh)


def check_best_bandwidth(bandwidth, x_train, y_train, x_test):
    """Exercise 2: the Gaussian bandwidth among ``BANDWIDTHS`` with the lowest test MSE against the truth."""
    name, name_zh = "Exercise 2 (best bandwidth)", "练习 2（最佳带宽）"
    value = as_number(bandwidth)
    if value is not None:                       # "0.3", torch.tensor(0.3), np.float32(0.3)
        bandwidth = next((h for h in BANDWIDTHS if abs(value - h) < 1e-6), bandwidth)
    if bandwidth not in BANDWIDTHS:
        return report(name, False, f"choose one of {BANDWIDTHS}, got {bandwidth!r}.",
                      exercise_zh=name_zh, hint_zh=f"请从 {BANDWIDTHS} 中选一个，你给的是 {bandwidth!r}。")
    y_true = true_function(x_test)
    errors = {h: float(((nadaraya_watson(x_test, x_train, y_train, "gaussian", h)[0] - y_true) ** 2).mean())
              for h in BANDWIDTHS}
    best = min(errors, key=errors.get)
    if bandwidth == best:
        return report(name, True, exercise_zh=name_zh)
    side, side_zh = ("smaller", "更小") if best < bandwidth else ("larger", "更大")
    return report(name, False, f"h = {bandwidth} has test MSE {errors[bandwidth]:.3f}; a {side} "
                               "bandwidth does better. Compute the MSE for every candidate.",
                  exercise_zh=name_zh,
                  hint_zh=f"h = {bandwidth} 的测试 MSE 为 {errors[bandwidth]:.3f}；{side_zh}的带宽效果更好。"
                          "把每个候选值的 MSE 都算一算。")


def check_bandwidth_of_w(bandwidth_of):
    """Exercise 3: ``bandwidth_of(w)`` is the Gaussian bandwidth h whose kernel equals the learned ``w``."""
    name, name_zh = "Exercise 3 (w as a bandwidth)", "练习 3（把 w 看作带宽）"
    if read_function(name, name_zh, bandwidth_of) is None:
        return False
    queries = torch.linspace(0, 5, 11)
    keys = torch.linspace(0, 5, 7)
    for w in (0.5, 2.0, 3.7):
        try:
            h = bandwidth_of(w)
        except Exception as error:  # a student's function may fail in any way
            return report_raised(name, name_zh, error)
        if (h := read_number(name, name_zh, h, returned=True)) is None:
            return False
        if not h > 0:
            return report(name, False, f"a bandwidth is positive; for w = {w} you gave {h}.",
                          exercise_zh=name_zh, hint_zh=f"带宽是正数；w = {w} 时你给的是 {h}。")
        parametric = torch.softmax(-((queries[:, None] - keys) * w) ** 2 / 2, dim=1)
        _, kernel = nadaraya_watson(queries, keys, keys, "gaussian", h)
        if not torch.allclose(parametric, kernel, atol=1e-4):
            direction, direction_zh = (("sharper (smaller h)", "更尖（h 更小）") if h * w > 1
                                       else ("wider (larger h)", "更宽（h 更大）"))
            return report(name, False, f"for w = {w} the weights differ: the kernel should be "
                                       f"{direction}. Compare (x − x_i)·w with (x − x_i)/h.",
                          exercise_zh=name_zh,
                          hint_zh=f"w = {w} 时权重不一致：核应当{direction_zh}。"
                                  "比较 (x − x_i)·w 与 (x − x_i)/h。")
    return report(name, True, exercise_zh=name_zh)
