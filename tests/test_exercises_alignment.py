"""Self-checks of notebook 06: right answers pass, typical mistakes get their hint, the answer never shown."""

import pytest
import torch
from shared import verdicts

from helpers.alignment import alignment_scores, links_from_attention
from helpers.exercises.alignment import (
    EXERCISE_GOLD,
    EXERCISE_PREDICTED,
    check_aer_by_hand,
    check_argmax_links,
    check_ibm1_posteriors,
)


def test_aer_by_hand_is_hand_computed(capsys):
    # S = {0-0, 1-1, 2-3, 2-4, 3-5, 4-6} (6 links), P = S + {2-2}; A has 7 links:
    # A ∩ S = {0-0, 1-1, 2-3, 3-5, 4-6} (5), A ∩ P adds 2-2 (6): AER = 1 - (5 + 6) / (7 + 6) = 2/13
    assert alignment_scores(EXERCISE_PREDICTED, EXERCISE_GOLD).aer == pytest.approx(2 / 13)
    assert check_aer_by_hand(0.154) and check_aer_by_hand(2 / 13)
    assert not check_aer_by_hand(round(1 - 10 / 13, 3))             # 2-2 not counted as possible
    assert not check_aer_by_hand(1.5) and not check_aer_by_hand(0.5)
    assert not check_aer_by_hand("AER")
    out, chinese = verdicts(capsys)
    assert out[0].startswith("✓") and out[1].startswith("✓")
    assert "only possible" in out[2] and "between 0 and 1" in out[3] and "|A ∩ P|" in out[4]
    assert "answer with a number" in out[5] and "可能" in chinese[2]
    assert check_aer_by_hand("0.154") and check_aer_by_hand(torch.tensor(2 / 13))
    assert all("0.154" not in line for line in out[:5] + chinese[:5])   # the answer is never shown


def test_argmax_links_against_links_from_attention(capsys):
    assert check_argmax_links(lambda w: set(links_from_attention(w)))
    assert check_argmax_links(lambda w: [(int(w[j].argmax()), j) for j in range(w.shape[0])])
    assert not check_argmax_links(lambda w: {(j, int(w[j].argmax())) for j in range(w.shape[0])})
    assert not check_argmax_links(lambda w: {(i, int(w[:, i].argmax())) for i in range(w.shape[1])})
    assert not check_argmax_links(lambda w: set())
    assert not check_argmax_links(lambda w: 42)
    assert not check_argmax_links(lambda w: w.argmax(7))
    out, chinese = verdicts(capsys)
    assert out[0].startswith("✓") and out[1].startswith("✓")
    assert "wrong way round" in out[2] and "each target word (a row)" in out[3]
    assert "one link per target word (5)" in out[4] and "set of (i, j) pairs" in out[5]
    assert "IndexError" in out[6] and "顺序反了" in chinese[2]


def test_ibm1_posteriors_against_a_loop(capsys):
    def loop(t, source_ids, target_ids):                             # one French word at a time
        rows = []
        for f in target_ids:
            scores = torch.stack([t[f, e] for e in source_ids])
            rows.append(scores / scores.sum())
        return torch.stack(rows)

    assert check_ibm1_posteriors(loop)
    assert not check_ibm1_posteriors(lambda t, s, f: t[f][:, s] / t[f][:, s].sum(0, keepdim=True))
    assert not check_ibm1_posteriors(lambda t, s, f: t[f][:, s])
    assert not check_ibm1_posteriors(lambda t, s, f: loop(t, s, f).T)
    assert check_ibm1_posteriors(lambda t, s, f: loop(t, s, f).tolist())   # any form of table
    assert not check_ibm1_posteriors(lambda t, s, f: 1 / 0)
    out, chinese = verdicts(capsys)
    assert out[0].startswith("✓") and out[4].startswith("✓")
    assert "normalise each row" in out[1] and "divided by the sum" in out[2]
    assert "(3, 4)" in out[3]
    assert "ZeroDivisionError" in out[5] and "按行归一化" in chinese[1]
    assert "transposed" in out[3] and "转置" in chinese[3]


def test_ibm1_posteriors_tables_in_every_form_and_a_transposed_t(capsys):
    def posteriors(t, source_ids, target_ids):
        scores = t[target_ids][:, source_ids]
        return scores / scores.sum(1, keepdim=True)

    assert check_ibm1_posteriors(lambda t, s, f: posteriors(t, s, f).tolist())
    assert check_ibm1_posteriors(lambda t, s, f: posteriors(t, s, f).numpy())
    assert check_ibm1_posteriors(lambda t, s, f: posteriors(t, s, f).float())
    def t_read_as_e_f(t, source_ids, target_ids):             # t[e, f] instead of t[f, e]
        scores = t[source_ids][:, target_ids].T
        return scores / scores.sum(1, keepdim=True)

    assert not check_ibm1_posteriors(t_read_as_e_f)
    assert not check_ibm1_posteriors(lambda t, s, f: "table")
    assert not check_ibm1_posteriors(posteriors(torch.ones(7, 5), [0], [0]))
    out, chinese = verdicts(capsys)
    assert all(line.startswith("✓") for line in out[:3])
    assert "IndexError" in out[3] and "t[f, e] = t(f | e)" in out[3]
    assert "每一行是一个法语词" in chinese[3]
    assert "a table of 3 x 4 numbers" in out[4] and "3 x 4 的数表" in chinese[4]
    assert "pass your function itself" in out[5] and "函数本身" in chinese[5]
