"""The one rule every check applies to an answer that is a number (``as_number``): an int,
a float, a str, a NumPy scalar and a tensor of one number all count the same, everywhere; what
is no number gets a ✗ verdict in English and Chinese, never an exception."""

import math

import numpy as np
import pytest
import shared
import torch

from helpers import exercises
from helpers.exercises import (
    alignment,
    class_interaction,
    cues,
    kernel_regression,
    scores,
    seq2seq,
)
from helpers.kernel_regression import true_function
from helpers.metrics import sentence_bleu
from helpers.training import masked_cross_entropy

FORMS = {"float": float, "str": str, "padded str": lambda x: f"  {x} ",
         "0-d tensor": torch.tensor, "1-element tensor": lambda x: torch.tensor([x]),
         "float64 scalar": np.float64, "float32 scalar": np.float32, "0-d array": np.array}
NOT_NUMBERS = {"word": "many", "None": None, "bool": True, "list": [1.0], "nan": math.nan,
               "inf": math.inf, "two numbers": torch.tensor([1.0, 2.0]),
               "bool tensor": torch.tensor(True)}


def _bandwidth_data():
    gen = torch.Generator().manual_seed(0)
    x_train = torch.sort(torch.rand(50, generator=gen) * 5).values
    y_train = true_function(x_train) + 0.5 * torch.randn(50, generator=gen)
    return x_train, y_train, torch.arange(0, 5, 0.1)


def _best_bandwidth():
    data = _bandwidth_data()
    for h in kernel_regression.BANDWIDTHS:
        if kernel_regression.check_best_bandwidth(h, *data):
            return h
    raise AssertionError("no candidate passes")


BLEU_2 = sentence_bleu("je vois la voiture .".split(), "je vois la voiture rouge .".split(),
                       max_n=2)
CLIPPED = sentence_bleu(class_interaction.BLEU_PREDICTION.split(),
                        class_interaction.BLEU_REFERENCE.split(), max_n=2)
RIGHT_CHOICES = {"a": "additive", "b": "dot product", "c": "dot product"}
# every check that takes a number: (check of one number, a right answer, its verdict's name)
NUMBER_CHECKS = {
    "01 exercise 3": (cues.check_lookup_width, 3.0, "练习"),
    "03 exercise 4": (scores.check_max_keys, 256, "练习"),
    "03 exercise 5": (scores.check_flop_ratio, 1.49, "练习"),
    "04 exercise 3": (seq2seq.check_bleu_by_hand, round(BLEU_2, 3), "练习"),
    "05 task 3": (class_interaction.check_bleu_clipped, round(CLIPPED, 3), "任务"),
    "05 task 5": (lambda gib: class_interaction.check_scorer_choice(RIGHT_CHOICES, gib), 32,
                  "任务"),
    "06 exercise 1": (alignment.check_aer_by_hand, 0.154, "练习"),
}


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
@pytest.mark.parametrize("check, right, name", NUMBER_CHECKS.values(),
                         ids=NUMBER_CHECKS.keys())
def test_a_right_number_passes_in_every_form(capsys, check, right, name, form):
    assert check(form(right))
    shared.verdicts(capsys, name)


@pytest.mark.parametrize("answer", NOT_NUMBERS.values(), ids=NOT_NUMBERS.keys())
@pytest.mark.parametrize("check, right, name", NUMBER_CHECKS.values(),
                         ids=NUMBER_CHECKS.keys())
def test_what_is_no_number_gets_a_bilingual_verdict(capsys, check, right, name, answer):
    assert check(answer) is False
    (english,), (chinese,) = shared.verdicts(capsys, name)
    assert "answer with a number" in english and "请用一个数作答" in chinese


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_a_chosen_bandwidth_passes_in_every_form(capsys, form):
    best = _best_bandwidth()
    assert kernel_regression.check_best_bandwidth(form(best), *_bandwidth_data())
    capsys.readouterr()


@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_numbers_returned_by_a_function_count_in_every_form(capsys, form):
    assert scores.check_dot_variance(lambda d, sigma: form(float(d * sigma ** 4)))
    assert kernel_regression.check_bandwidth_of_w(lambda w: form(1 / w))
    assert seq2seq.check_masked_loss(lambda *args: form(float(masked_cross_entropy(*args))))
    shared.verdicts(capsys)


@pytest.mark.parametrize("answer", NOT_NUMBERS.values(), ids=NOT_NUMBERS.keys())
def test_a_function_that_returns_no_number_gets_a_verdict(capsys, answer):
    assert not scores.check_dot_variance(lambda d, sigma: answer)
    assert not kernel_regression.check_bandwidth_of_w(lambda w: answer)
    assert not seq2seq.check_masked_loss(lambda *args: answer)
    english, chinese = shared.verdicts(capsys)
    assert all("must return a number" in line for line in english)
    assert all("必须返回一个数" in line for line in chinese)


def test_as_number_against_float():
    for value in (0, 3, -2.5, 1e-3, 256):
        for form in FORMS.values():
            assert exercises.as_number(form(value)) == pytest.approx(float(value))
    for answer in NOT_NUMBERS.values():
        number = exercises.as_number(answer)
        assert number is None or not math.isfinite(number)
    assert exercises.as_number(np.int64(7)) == 7.0 == exercises.as_number(torch.tensor(7))
    assert exercises.as_number(1 + 2j) is None


@pytest.mark.parametrize("check, name", [
    (cues.check_attention_weights, "练习"), (kernel_regression.check_epanechnikov, "练习"),
    (kernel_regression.check_bandwidth_of_w, "练习"), (scores.check_scaled_scores, "练习"),
    (scores.check_dot_variance, "练习"), (scores.check_bilinear_scores, "练习"),
    (seq2seq.check_uniform_context, "练习"), (seq2seq.check_masked_loss, "练习"),
    (alignment.check_argmax_links, "练习"), (alignment.check_ibm1_posteriors, "练习"),
    (class_interaction.check_masked_softmax_fix, "任务"),
    (class_interaction.check_decoder_step, "任务"),
])
def test_a_function_check_given_no_function_says_so_in_both_languages(capsys, check, name):
    assert check(0.5) is False
    (english,), (chinese,) = shared.verdicts(capsys, name)
    assert "pass your function itself" in english and "请传入你的函数本身" in chinese
