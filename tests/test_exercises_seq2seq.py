"""Self-checks of notebook 04: right answers pass, typical mistakes get their hint, the answer never shown."""

import math

import pytest
import torch

from helpers.exercises.seq2seq import check_attention_inputs, check_bleu_by_hand, check_masked_loss
from helpers.metrics import sentence_bleu
from helpers.training import masked_cross_entropy


def test_attention_inputs(capsys):
    assert check_attention_inputs(lambda enc, hidden: (hidden[-1][:, None, :], enc, enc))
    assert not check_attention_inputs(lambda enc, hidden: (hidden[0][:, None, :], enc, enc))
    assert not check_attention_inputs(lambda enc, hidden: (enc[:, -1:, :], enc, enc))
    assert not check_attention_inputs(lambda enc, hidden: (hidden[-1], enc, enc))
    assert not check_attention_inputs(lambda enc, hidden: (hidden[-1][:, None, :], enc, hidden))
    assert not check_attention_inputs(lambda enc, hidden: 1 / 0)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✓")
    assert "bottom layer" in out[1] and "encoder's last output" in out[2] and "(3, 1, 4)" in out[3]
    assert "ZeroDivisionError" in out[5]


def test_masked_loss_against_helpers(capsys):
    assert check_masked_loss(masked_cross_entropy)
    assert not check_masked_loss(lambda logits, targets, valid_lens: torch.nn.functional.cross_entropy(
        logits.transpose(1, 2), targets))
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✓") and "padding positions are counted" in out[1]


def test_bleu_by_hand_agrees_with_metrics(capsys):
    expected = sentence_bleu("je vois la voiture .".split(), "je vois la voiture rouge .".split(), max_n=2)
    assert math.isclose(expected, math.exp(-0.2) * math.sqrt(0.75))
    assert check_bleu_by_hand(round(expected, 3))
    assert not check_bleu_by_hand(round(math.sqrt(0.75), 3))
    assert not check_bleu_by_hand("a lot")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✓") and "shorter than the reference" in out[1] and "number" in out[2]
    assert f"{expected:.3f}" not in " ".join(out[1:])   # the answer is never given away


@pytest.mark.parametrize("answer", [0.0, 1.0, 0.5])
def test_bleu_wrong_answers_fail(answer):
    assert not check_bleu_by_hand(answer)
