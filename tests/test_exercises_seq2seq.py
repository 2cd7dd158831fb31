"""Self-checks of notebook 04: right answers pass, typical mistakes get their hint, the answer never shown."""

import math

import pytest
import torch
from shared import verdicts

from helpers.attention import masked_softmax
from helpers.exercises.seq2seq import check_bleu_by_hand, check_masked_loss, check_uniform_context
from helpers.metrics import d2l_bleu, sentence_bleu
from helpers.training import masked_cross_entropy


def test_uniform_context_against_masked_softmax(capsys):
    def reference(enc_outputs, valid_lens):  # equal scores, masked: weights 1/valid_len
        scores = torch.zeros(enc_outputs.shape[0], 1, enc_outputs.shape[1])  # (B, 1, T)
        return torch.bmm(masked_softmax(scores, valid_lens), enc_outputs)   # (B, 1, H)

    assert check_uniform_context(reference)
    assert not check_uniform_context(lambda enc, lens: enc.mean(1, keepdim=True))
    assert not check_uniform_context(lambda enc, lens: enc.mean(1))
    assert not check_uniform_context(lambda enc, lens: reference(enc, lens) * lens[:, None, None])
    assert not check_uniform_context(lambda enc, lens: 1 / 0)
    out, chinese = verdicts(capsys)
    assert out[0].startswith("✓")
    assert "padding positions get weight" in out[1] and "(3, 1, 4)" in out[2] and "a sum" in out[3]
    assert "ZeroDivisionError" in out[4]
    assert "填充位置也得到了权重" in chinese[1] and "(3, 1, 4)" in chinese[2] and "求和" in chinese[3]


def test_masked_loss_against_helpers(capsys):
    assert check_masked_loss(masked_cross_entropy)
    assert not check_masked_loss(lambda logits, targets, valid_lens: torch.nn.functional.cross_entropy(
        logits.transpose(1, 2), targets))
    out, chinese = verdicts(capsys)
    assert out[0].startswith("✓") and "padding positions are counted" in out[1]
    assert "填充位置被算进去了" in chinese[1]


def test_bleu_by_hand_agrees_with_metrics(capsys):
    expected = sentence_bleu("je vois la voiture .".split(), "je vois la voiture rouge .".split(), max_n=2)
    assert math.isclose(expected, math.exp(-0.2) * math.sqrt(0.75))
    assert check_bleu_by_hand(round(expected, 3))
    assert not check_bleu_by_hand(round(math.sqrt(0.75), 3))
    assert not check_bleu_by_hand("a lot")
    d2l = d2l_bleu("je vois la voiture .".split(), "je vois la voiture rouge .".split())
    assert not check_bleu_by_hand(round(d2l, 3))
    out, chinese = verdicts(capsys)
    assert out[0].startswith("✓") and "shorter than the reference" in out[1] and "number" in out[2]
    assert "Dive into Deep Learning's variant" in out[3]
    assert f"{expected:.3f}" not in " ".join(out[1:])   # the answer is never given away
    assert "《动手学深度学习》的变体" in chinese[3] and f"{expected:.3f}" not in " ".join(chinese)


@pytest.mark.parametrize("answer", [0.0, 1.0, 0.5])
def test_bleu_wrong_answers_fail(answer):
    assert not check_bleu_by_hand(answer)
