"""Training to a plateau and the measures of notebook 06: Shift-Att links, offsets in target
time, the crossing of adjective and noun; each against a brute-force loop over the weights."""

import math

import pytest
import torch

from helpers.alignment import Alignment, alignment_scores, crossing_blocks, row_offsets
from helpers.data import TranslationData, Vocab, tokenize
from helpers.evaluation import (
    EpochScores,
    PlateauRule,
    attention_links,
    has_plateaued,
    teacher_forced_attention,
    train_to_plateau,
)
from helpers.seq2seq import make_seq2seq
from helpers.training import train_seq2seq

pytestmark = pytest.mark.usefixtures("one_thread")

PAIRS = [
    ("I see the red car.", "Je vois la voiture rouge."),
    ("He eats an apple.", "Il mange une pomme."),
    ("We drink cold milk.", "Nous buvons du lait froid."),
    ("She is here.", "Elle est ici."),
]


def _tiny():
    pairs = [(tokenize(en), tokenize(fr)) for en, fr in PAIRS]
    return pairs, Vocab([s for s, _ in pairs]), Vocab([t for _, t in pairs])


def _scores(aer, bleu):
    return [
        EpochScores(k + 1, 1.0, a, a, b)
        for k, (a, b) in enumerate(zip(aer, bleu, strict=True))
    ]


def test_has_plateaued_by_its_stated_rule():
    assert not has_plateaued(
        _scores([0.9, 0.8, 0.7], [0.1, 0.2, 0.3]), patience=3
    )  # too short
    # the AER still falls by 0.05 within the last 3 epochs: not yet
    assert not has_plateaued(
        _scores([0.9, 0.5, 0.5, 0.5, 0.45], [0.1, 0.6, 0.6, 0.6, 0.6]), patience=3
    )
    # BLEU still rises by 0.02: not yet
    assert not has_plateaued(
        _scores([0.9, 0.5, 0.5, 0.5, 0.5], [0.1, 0.6, 0.6, 0.6, 0.62]), patience=3
    )
    # neither improves by 0.01 on its best before the last 3 epochs (worse is fine): stop
    assert has_plateaued(
        _scores([0.9, 0.5, 0.505, 0.6, 0.495], [0.1, 0.6, 0.6, 0.55, 0.605]), patience=3
    )
    assert has_plateaued(_scores([0.9, 0.5, 0.5], [0.1, 0.6, 0.6]), patience=1, min_delta=0.01)


def test_on_epoch_end_returning_true_stops_training():
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, embed_size=8, num_hiddens=16, seed=0)
    seen = []
    history = train_seq2seq(
        model,
        pairs,
        src_vocab,
        tgt_vocab,
        num_epochs=10,
        progress=False,
        on_epoch_end=lambda epoch, loss: seen.append(epoch) or epoch == 3,
    )
    assert len(history) == 3 and seen == [1, 2, 3]


def test_train_to_plateau_scores_every_epoch_and_stops_by_the_rule():
    pairs, src_vocab, tgt_vocab = _tiny()
    gold = [Alignment(frozenset((k, k) for k in range(min(len(s), len(t))))) for s, t in pairs]
    data = TranslationData(pairs, pairs, src_vocab, tgt_vocab)
    model = make_seq2seq(src_vocab, tgt_vocab, embed_size=8, num_hiddens=16, seed=0)
    rule = PlateauRule(
        patience=2, min_delta=0.5, max_epochs=6
    )  # a loose rule: stops at epoch 3
    seen = []
    history = train_to_plateau(model, data, gold, rule=rule, on_epoch_end=seen.append)
    assert [h.epoch for h in history] == [1, 2, 3] and seen == history
    links = attention_links(model, pairs, src_vocab, tgt_vocab, shift=1)
    assert history[-1].shift_aer == pytest.approx(alignment_scores(links, gold).aer)
    with pytest.raises(ValueError, match="one Alignment per test pair"):
        train_to_plateau(model, data, gold[:2])


def test_shift_att_reads_word_j_from_row_j_plus_1():
    pairs, src_vocab, tgt_vocab = _tiny()
    model = make_seq2seq(src_vocab, tgt_vocab, "luong", embed_size=8, num_hiddens=16, seed=3)
    links = attention_links(model, pairs, src_vocab, tgt_vocab, shift=1)
    weights = teacher_forced_attention(model, pairs, src_vocab, tgt_vocab)
    for (src, tgt), found, w in zip(pairs, links, weights, strict=True):
        assert found == {
            (int(w[j + 1, : len(src)].argmax()), j) for j in range(len(tgt))
        }  # row j + 1
    with pytest.raises(ValueError, match="shift must be 0"):
        attention_links(model, pairs, src_vocab, tgt_vocab, shift=2)


def test_row_offsets_by_hand():
    # 3 target words (+ <eos> row), 3 source words (+ <eos> column); gold: word j <- source j
    w = torch.tensor(
        [
            [0.1, 0.8, 0.0, 0.1],  # row 0 peaks on source 1
            [0.0, 0.1, 0.8, 0.1],  # row 1 peaks on source 2
            [0.1, 0.1, 0.7, 0.1],  # row 2 peaks on source 2
            [0.0, 0.0, 0.1, 0.9],
        ]
    )  # row 3 (<eos>): the <eos> column is left out
    gold = Alignment(frozenset({(0, 0), (1, 1), (2, 2)}))
    hits = row_offsets([w], [gold], shifts=(-1, 0, 1))
    # d = 0: rows 0, 1, 2 -> only row 2 hits; d = -1: rows -, 0, 1 for words 1, 2: row 0 hits
    # word 1,
    # row 1 hits word 2; d = +1: rows 1, 2, 3 for words 0, 1, 2: row 3 peaks on source 2 -> hit
    assert hits == {-1: 2 / 2, 0: 1 / 3, 1: 1 / 3}
    two_links = Alignment(frozenset({(0, 0), (1, 0)}))  # word 0 has two sure links
    assert math.isnan(row_offsets([w], [two_links], shifts=(0,))[0])  # no word counts: NaN


def test_crossing_blocks_find_every_crossed_pair():
    pairs = [
        (["my", "black", "horse", "."], ["mon", "cheval", "noir", "."]),
        (["a", "black", "cat"], ["un", "chat", "noir"]),
        (["the", "horse"], ["le", "cheval"]),
    ]
    weights = [
        torch.arange(20.0).reshape(5, 4),
        torch.arange(16.0).reshape(4, 4),
        torch.ones(3, 3),
    ]
    blocks = crossing_blocks(
        weights, pairs, {"black": {"noir", "noire"}}, {"horse", "cat"}, {"cheval", "chat"}
    )
    assert blocks.shape == (2, 2, 2)
    assert (
        blocks[0].tolist() == weights[0][1:3, 1:3].tolist()
    )  # rows cheval, noir; cols black, horse
    assert blocks[1].tolist() == weights[1][1:3, 1:3].tolist()
    assert crossing_blocks([], [], {}, set(), set()).shape == (0, 2, 2)


def test_misuse_row_offsets_and_crossing_blocks_named():
    w = torch.ones(2, 2)
    with pytest.raises(ValueError, match="one entry per sentence pair"):
        row_offsets([w], [])
    with pytest.raises(TypeError, match="gold\\[0\\] must be an Alignment"):
        row_offsets([w], [set()])
    with pytest.raises(ValueError, match="a row per target word"):
        crossing_blocks([w], [(["a", "b", "c"], ["x"])], {}, set(), set())
