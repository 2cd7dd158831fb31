"""Self-checks of notebook 01 (helpers.exercises.cues) and the shared verdict (helpers.exercises.report)."""

import pytest
import torch

from helpers.exercises import cues

RIGHT_CUES = {"a": "nonvolitional", "b": "volitional", "c": "nonvolitional", "d": "volitional"}


def verdict(capsys):
    return capsys.readouterr().out


def test_cue_types(capsys):
    assert cues.check_cue_types(RIGHT_CUES) is True
    assert "✓" in verdict(capsys)
    wrong = dict(RIGHT_CUES, b="nonvolitional")
    assert cues.check_cue_types(wrong) is False
    out = verdict(capsys)
    assert "✗" in out and "situation b" in out and "situation a" not in out
    chinese = out.splitlines()[1]
    assert chinese.startswith("  练习 1（线索类型）：还不对。")
    assert "情形 b" in chinese and "情形 a" not in chinese
    assert "随意" not in chinese                                     # neither kind of cue is named
    assert cues.check_cue_types({"a": "?"}) is False
    assert cues.check_cue_types(dict(RIGHT_CUES, a="maybe")) is False
    assert cues.check_cue_types(["volitional"]) is False
    assert cues.check_cue_types({k: v.upper() + " " for k, v in RIGHT_CUES.items()}) is True


@pytest.mark.parametrize("to_weights, passed", [
    (lambda s: torch.softmax(s, dim=1), True),
    (lambda s: torch.softmax(2 * s, dim=-1), True),
    (lambda s: torch.exp(s) / torch.exp(s).sum(dim=1, keepdim=True), True),
    (lambda s: s, False),                                            # does not sum to 1
    (lambda s: s / s.sum(dim=1, keepdim=True), False),               # negative weights
    (lambda s: torch.ones_like(s) / s.shape[1], False),              # ignores the scores
    (lambda s: torch.softmax(-s, dim=1), False),                     # backwards
    (lambda s: torch.softmax(s, dim=0), False),                      # wrong axis
    (lambda s: (s + 10) / (s + 10).sum(dim=1, keepdim=True), False),  # ordered, but changes with a shift
    (lambda s: 1 / 0, False),                                        # raises
])
def test_attention_weights(capsys, to_weights, passed):
    assert cues.check_attention_weights(to_weights) is passed
    out = verdict(capsys)
    assert ("✓" in out) is passed
    assert "softmax" not in out.lower()                              # the hint does not give it away
    assert out.splitlines()[1].startswith("  练习 2（分数 -> 权重）：")   # in Chinese too, as plainly


@pytest.mark.parametrize("sigma, passed, words", [
    (3.0, True, ""), (2.7, True, ""), (3.5, True, ""),
    (1.0, False, "larger"), (2.0, False, "larger"), (5.0, False, "smaller"), (10.0, False, "smaller"),
    (0, False, "positive"), (-1.0, False, "positive"),
    ("3", True, ""), (torch.tensor(3.0), True, ""),
    ("three", False, "answer with a number"), (None, False, "answer with a number"),
])
def test_lookup_width(capsys, sigma, passed, words):
    assert cues.check_lookup_width(sigma) is passed
    out = verdict(capsys)
    assert words in out
    chinese = out.splitlines()[1]
    assert chinese.startswith("  练习 3（查找宽度）：")
    assert ("σ" in chinese) is (words in ("larger", "smaller", "positive"))


def test_exercise_report(capsys):
    from helpers.exercises import report

    assert report("Exercise 1", True) is True
    assert report("Exercise 2", False, "Check the sign.") is False
    out = capsys.readouterr().out.splitlines()
    assert out == ["✓ Exercise 1: correct.", "✗ Exercise 2: not yet. Check the sign."]
