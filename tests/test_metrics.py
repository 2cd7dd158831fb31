"""helpers.metrics: BLEU checked against hand-computed examples and edge cases (empty, very short)."""

import math

import pytest

from helpers.metrics import (
    brevity_penalty,
    clipped_matches,
    corpus_bleu,
    d2l_bleu,
    ngram_counts,
    sentence_bleu,
)

# Hand-computed example: prediction "a b c d" (c = 4) against reference "a b c e f" (r = 5).
#   1-grams: a b c match, d does not          p1 = 3/4
#   2-grams: ab bc match, cd does not         p2 = 2/3
#   3-grams: abc matches, bcd does not        p3 = 1/2
#   4-grams: abcd does not match              p4 = 0/1
#   brevity penalty: c <= r, so exp(1 - 5/4) = exp(-0.25)
PRED, REF = "a b c d".split(), "a b c e f".split()


def test_hand_computed_sentence_bleu():
    assert [clipped_matches(PRED, REF, n) for n in (1, 2, 3, 4)] == [3, 2, 1, 0]
    assert sentence_bleu(PRED, REF, 1) == pytest.approx(math.exp(-0.25) * 3 / 4)
    assert sentence_bleu(PRED, REF, 2) == pytest.approx(math.exp(-0.25) * (3 / 4 * 2 / 3) ** (1 / 2))
    assert sentence_bleu(PRED, REF, 3) == pytest.approx(math.exp(-0.25) * (3 / 4 * 2 / 3 * 1 / 2) ** (1 / 3))
    assert sentence_bleu(PRED, REF, 4) == 0.0                                # no 4-gram match


def test_hand_computed_d2l_bleu():
    expected = math.exp(min(0, 1 - 5 / 4)) * (3 / 4) ** (1 / 2) * (2 / 3) ** (1 / 4)
    assert d2l_bleu(PRED, REF, 2) == pytest.approx(expected)
    assert d2l_bleu(PRED, REF, 1) == pytest.approx(math.exp(-0.25) * (3 / 4) ** 0.5)
    assert d2l_bleu(PRED, REF, 4) == 0.0


def test_hand_computed_corpus_bleu_pools_counts():
    predictions = [PRED, ["x", "y"]]
    references = [REF, ["x", "y"]]
    # pooled: p1 = (3 + 2)/(4 + 2), p2 = (2 + 1)/(3 + 1); c = 6, r = 7
    expected = math.exp(1 - 7 / 6) * math.sqrt(5 / 6 * 3 / 4)
    assert corpus_bleu(predictions, references, 2) == pytest.approx(expected)
    mean = (sentence_bleu(PRED, REF, 2) + sentence_bleu(["x", "y"], ["x", "y"], 2)) / 2
    assert corpus_bleu(predictions, references, 2) != pytest.approx(mean)  # not a mean of sentences


def test_clipping_papineni_example():
    prediction = "the the the the the the the".split()
    reference = "the cat is on the mat".split()
    assert clipped_matches(prediction, reference, 1) == 2                      # p1 = 2/7, not 7/7
    assert sentence_bleu(prediction, reference, 1) == pytest.approx(2 / 7)     # c > r: no penalty
    assert d2l_bleu(prediction, reference, 1) == pytest.approx((2 / 7) ** 0.5)


@pytest.mark.parametrize("max_n", [1, 2, 4])
def test_identical_scores_one(max_n):
    sentence = "je vois la voiture rouge .".split()
    assert sentence_bleu(sentence, sentence, max_n) == pytest.approx(1.0)
    assert corpus_bleu([sentence, sentence[:4]], [sentence, sentence[:4]], max_n) == pytest.approx(1.0)
    assert d2l_bleu(sentence, sentence, max_n) == pytest.approx(1.0)


@pytest.mark.parametrize("score", [
    lambda p, r: sentence_bleu(p, r, 4), lambda p, r: sentence_bleu(p, r, 2),
    lambda p, r: corpus_bleu([p], [r], 4), lambda p, r: d2l_bleu(p, r, 2), lambda p, r: d2l_bleu(p, r, 4)])
def test_empty_prediction_scores_zero(score):
    assert score([], "je vois .".split()) == 0.0


def test_very_short_predictions():
    reference = "va !".split()
    assert sentence_bleu(["va"], reference, 2) == 0.0          # no 2-gram at all: p2 = 0
    assert d2l_bleu(["va"], reference, 2) == 0.0               # d2l would divide by zero here
    assert sentence_bleu(["va"], reference, 1) == pytest.approx(math.exp(1 - 2))
    assert d2l_bleu(["va", "!"], reference, 2) == pytest.approx(1.0)
    assert sentence_bleu(["va", "!"], reference, 4) == 0.0     # shorter than 4 tokens
    # corpus BLEU-4 still counts a 2-token sentence's unigrams and bigrams once longer ones give 4-grams
    long = "je vois la voiture .".split()
    with_short = corpus_bleu([long, ["va", "!"]], [long, reference], 4)
    assert 0.0 < with_short < 1.0 + 1e-12


def test_brevity_penalty_and_ngram_counts():
    assert brevity_penalty(0, 3) == 0.0
    assert brevity_penalty(5, 3) == 1.0 and brevity_penalty(3, 3) == 1.0
    assert brevity_penalty(2, 4) == pytest.approx(math.exp(-1))
    assert ngram_counts("a b a b".split(), 2) == {("a", "b"): 2, ("b", "a"): 1}
    assert ngram_counts(["a"], 2) == {}


def test_bad_input():
    with pytest.raises(TypeError, match="list of tokens"):
        sentence_bleu("je vois", ["je", "vois"])
    with pytest.raises(ValueError, match="one reference per prediction"):
        corpus_bleu([["a"]], [])
    with pytest.raises(ValueError, match="at least one"):
        corpus_bleu([], [])
    with pytest.raises(ValueError, match="max_n"):
        sentence_bleu(["a"], ["a"], 0)


# Misuse: nltk-style nested references, n-gram orders below 1, negative lengths, strings for token lists.

@pytest.mark.parametrize("call, error, words", [
    (lambda: sentence_bleu(PRED, [REF]), TypeError,
     r"reference must be a flat list of str tokens, got a nested "
                                                    r"list.*nltk-style references"),
    (lambda: corpus_bleu([PRED], [[REF]]), TypeError, r"each reference must be a flat list.*nltk-style"),
    (lambda: corpus_bleu([PRED], [[REF, REF]]), TypeError, r"nltk-style references \[\[ref1, ref2\]\]"),
    (lambda: sentence_bleu(PRED, REF, 0), ValueError, r"max_n must be an int >= 1, got 0"),
    (lambda: sentence_bleu(PRED, REF, -2), ValueError, r"max_n must be an int >= 1, got -2"),
    (lambda: corpus_bleu([PRED], [REF], 2.0), TypeError, r"max_n must be an int, got float"),
    (lambda: d2l_bleu(PRED, REF, 0), ValueError, r"k must be an int >= 1, got 0"),
    (lambda: ngram_counts(PRED, 0), ValueError, r"n must be an int >= 1, got 0"),
    (lambda: clipped_matches(PRED, REF, -1), ValueError, r"n must be an int >= 1, got -1"),
    (lambda: brevity_penalty(-1, 3), ValueError, r"pred_len must be an int >= 0, got -1"),
    (lambda: brevity_penalty(3, -5), ValueError, r"ref_len must be an int >= 0, got -5"),
    (lambda: brevity_penalty(2.5, 3), TypeError, r"pred_len must be an int, got float"),
    (lambda: corpus_bleu("a b", "a b"), TypeError, r"predictions must be a list of token lists, got str"),
    (lambda: sentence_bleu(["a", 1], REF), TypeError, r"prediction must be a list of str tokens, got an item "
                                                      r"of type int"),
])
def test_misuse_bleu_inputs_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
