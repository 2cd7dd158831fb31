"""Self-checks of notebook 07: every right answer passes, each typical mistake gets its hint, the answer is
never shown."""

import numpy as np
import pytest
import torch
from shared import verdicts

from helpers.exercises.transformer import MHA_SIZES, check_causal_mask, check_mha_parameters
from helpers.transformer import MultiHeadAttention

RIGHT = sum(p.numel() for p in MultiHeadAttention(**MHA_SIZES).parameters())   # counted by PyTorch


@pytest.mark.parametrize("answer", [RIGHT, float(RIGHT), str(RIGHT), f" {RIGHT} ", np.int64(RIGHT),
                                    torch.tensor(RIGHT)])
def test_mha_parameters_accepts_the_count_in_any_form(capsys, answer):
    assert RIGHT == 4 * (64 * 64 + 64) and check_mha_parameters(answer)
    (out,), (zh,) = verdicts(capsys)
    assert out.startswith("✓") and "正确" in zh


@pytest.mark.parametrize("answer, words, words_zh", [
    (4 * 64 * 64, "biases", "偏置"),
    (3 * (64 * 64 + 64), "W_o", "W_o"),
    (3 * 64 * 64, "W_o and the biases", "偏置"),
    (4 * 4 * (64 * 64 + 64), "num_hiddens / num_heads", "num_hiddens / num_heads"),
    (RIGHT + 1, "does the number of heads change", "头的个数"),
    ("many", "answer with a number", "请用一个数作答"),
    (True, "answer with a number", "请用一个数作答"),
    (None, "answer with a number", "请用一个数作答"),
])
def test_mha_parameters_rejects_each_mistake_with_its_hint(capsys, answer, words, words_zh):
    assert not check_mha_parameters(answer)
    (out,), (zh,) = verdicts(capsys)
    assert words in out and words_zh in zh and str(RIGHT) not in out + zh


@pytest.mark.parametrize("mask", [
    lambda n: torch.ones(n, n, dtype=torch.bool).tril(),
    lambda n: torch.arange(n)[None, :] <= torch.arange(n)[:, None],
    lambda n: torch.tril(torch.ones(n, n)),
    lambda n: torch.ones(n, n, dtype=torch.long).tril().double(),
])
def test_causal_mask_accepts_bool_and_zero_one_masks(capsys, mask):
    assert check_causal_mask(mask)
    (out,), _ = verdicts(capsys)
    assert out.startswith("✓")


@pytest.mark.parametrize("mask, words, words_zh", [
    (lambda n: torch.ones(n, n, dtype=torch.bool).triu(), "see the future", "将来"),
    (lambda n: torch.ones(n, n, dtype=torch.bool).tril(-1), "see itself too", "它自己"),
    (lambda n: torch.ones(n, n, dtype=torch.bool), "keys 1..t", "键 1..t"),
    (lambda n: torch.zeros(n, n).tril() + torch.ones(n, n).tril() * float("nan"), "True/False", "True/False"),
    (lambda n: torch.where(torch.ones(n, n).tril() > 0, 0.0, float("-inf")), "additive mask", "加性掩蔽"),
    (lambda n: torch.ones(n, dtype=torch.bool), "shape", "形状"),
    (lambda n: [[1] * n] * n, "torch.Tensor", "torch.Tensor"),
    (lambda n: 1 / 0, "raised ZeroDivisionError", "ZeroDivisionError"),
])
def test_causal_mask_rejects_each_mistake_with_its_hint(capsys, mask, words, words_zh):
    assert not check_causal_mask(mask)
    (out,), (zh,) = verdicts(capsys)
    assert words in out and words_zh in zh and "tril" not in out + zh


def test_causal_mask_that_is_no_function_gets_a_verdict(capsys):
    assert not check_causal_mask(torch.ones(3, 3).tril())
    (out,), (zh,) = verdicts(capsys)
    assert "pass your function itself" in out and "函数本身" in zh
