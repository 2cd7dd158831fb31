"""Worked solutions of the exercises of notebooks/02_kernel_regression.ipynb, for instructors.

SOLUTIONS maps the check an exercise cell calls to the cell's solved source (see tools/solutions.py);
CONTEXT marks the notebook cells the exercises need besides the imports: the data, the leave-one-out
keys and values, and the trained parametric model.
"""

CONTEXT = ["generator = torch.Generator().manual_seed(0)", "keys, values = leave_one_out(",
           "model = NWKernelRegression(w=1.0)"]

SOLUTIONS = {
    "check_epanechnikov": '''
from helpers.exercises.kernel_regression import (
    BANDWIDTHS,
    check_bandwidth_of_w,
    check_best_bandwidth,
    check_epanechnikov,
)


def my_epanechnikov(u):
    return 0.75 * (1 - u ** 2) * (u.abs() <= 1)     # a parabola on [-1, 1], 0 outside; area 1

passed = check_epanechnikov(my_epanechnikov)
''',
    "check_best_bandwidth": '''
print("candidates:", BANDWIDTHS)
test_mse = {}
for h in BANDWIDTHS:
    y_hat = nadaraya_watson(x_test, x_train, y_train, bandwidth=h)[0]
    test_mse[h] = ((y_hat - y_true) ** 2).mean().item()
print({h: round(mse, 3) for h, mse in test_mse.items()})
best_h = min(test_mse, key=test_mse.get)       # small h chases the noise, large h flattens
passed = check_best_bandwidth(best_h, x_train, y_train, x_test)
''',
    "check_bandwidth_of_w": '''
def bandwidth_of(w):
    return 1 / w                           # ((x - x_i) w)^2 = ((x - x_i) / h)^2 when h = 1 / w

passed = check_bandwidth_of_w(bandwidth_of)
w = model.w.item()
print(f"training picked w = {w:.2f}, a bandwidth h = {bandwidth_of(w):.2f}")
''',
}
