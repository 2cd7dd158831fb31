"""BLEU (双语评估替补) for machine translation, at sentence and corpus level.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. Three scores, all in [0, 1], all on token lists:

- ``sentence_bleu(prediction, reference, max_n)``: Papineni et al. (2002) for one sentence:
  ``BP · exp(Σ_{n=1..N} (1/N) log p_n)``, where ``p_n`` is the clipped n-gram precision (each prediction
  n-gram counts at most as often as it occurs in the reference, divided by the number of prediction
  n-grams) and the brevity penalty ``BP = 1`` if ``c > r`` else ``exp(1 − r/c)`` (c, r: prediction and
  reference lengths). No smoothing: a prediction with no n-gram match of some order ≤ N, or shorter
  than N tokens, scores 0; an empty prediction scores 0.
- ``corpus_bleu(predictions, references, max_n)``: the standard corpus BLEU: the clipped n-gram counts
  and the lengths are summed over the corpus first, then combined as above (not a mean of sentences).
- ``d2l_bleu(prediction, reference, k)``: the score of Dive into Deep Learning,
  ``exp(min(0, 1 − r/c)) · Π_{n=1..k} p_n^(1/2^n)``, which weights longer n-grams more; d2l reports
  its mean over sentences with ``k=2``. Here an empty prediction scores 0 and ``p_n = 0`` when the
  prediction is shorter than n tokens (d2l divides by zero in both cases).
"""

import math
from collections import Counter

from .checks import check_int

__all__ = ["ngram_counts", "clipped_matches", "brevity_penalty", "sentence_bleu", "corpus_bleu", "d2l_bleu"]


def _check_tokens(name, tokens):
    if isinstance(tokens, str) or not isinstance(tokens, (list, tuple)):
        raise TypeError(f"{name} must be a list of tokens (e.g. 'je vois .'.split()), "
                        f"got {type(tokens).__name__}")
    for token in tokens:
        if isinstance(token, (list, tuple)):
            raise TypeError(f"{name} must be a flat list of str tokens, got a nested list {tokens!r:.60}: "
                            "nltk-style references [[ref1, ref2]] are not supported here, give one "
                            "reference token list per prediction")
        if not isinstance(token, str):
            raise TypeError(f"{name} must be a list of str tokens, "
                            f"got an item of type {type(token).__name__}")


def ngram_counts(tokens, n):
    """How often each n-gram (a tuple of n tokens) occurs in ``tokens``."""
    _check_tokens("tokens", tokens)
    check_int("n", n, minimum=1)
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def clipped_matches(prediction, reference, n):
    """Prediction n-grams found in the reference, each counted at most as often as the reference has it."""
    ref = ngram_counts(reference, n)
    return sum(min(count, ref[gram]) for gram, count in ngram_counts(prediction, n).items())


def brevity_penalty(pred_len, ref_len):
    """1 if the prediction is longer than the reference, else ``exp(1 − ref_len/pred_len)``; 0 if empty."""
    check_int("pred_len", pred_len, minimum=0)
    check_int("ref_len", ref_len, minimum=0)
    if pred_len == 0:
        return 0.0
    return 1.0 if pred_len > ref_len else math.exp(1.0 - ref_len / pred_len)


def _bleu(matches, totals, pred_len, ref_len):
    if pred_len == 0 or any(m == 0 for m in matches) or any(t == 0 for t in totals):
        return 0.0
    log_precision = sum(math.log(m / t) for m, t in zip(matches, totals, strict=True)) / len(matches)
    return brevity_penalty(pred_len, ref_len) * math.exp(log_precision)


def _check_max_n(max_n, name="max_n"):
    check_int(name, max_n, minimum=1)


def sentence_bleu(prediction, reference, max_n=4):
    """BLEU of one predicted token list against one reference (uniform weights up to ``max_n``-grams)."""
    _check_tokens("prediction", prediction)
    _check_tokens("reference", reference)
    _check_max_n(max_n)
    matches = [clipped_matches(prediction, reference, n) for n in range(1, max_n + 1)]
    totals = [max(len(prediction) - n + 1, 0) for n in range(1, max_n + 1)]
    return _bleu(matches, totals, len(prediction), len(reference))


def corpus_bleu(predictions, references, max_n=4):
    """Corpus BLEU: n-gram matches, n-gram totals and lengths pooled over all sentence pairs."""
    for name, sequences in (("predictions", predictions), ("references", references)):
        if isinstance(sequences, str) or not isinstance(sequences, (list, tuple)):
            raise TypeError(f"{name} must be a list of token lists, got {type(sequences).__name__}")
    if len(predictions) != len(references):
        raise ValueError(f"one reference per prediction expected, got {len(predictions)} predictions "
                         f"and {len(references)} references")
    if not predictions:
        raise ValueError("corpus_bleu needs at least one prediction, got none")
    _check_max_n(max_n)
    matches, totals = [0] * max_n, [0] * max_n
    pred_len = ref_len = 0
    for prediction, reference in zip(predictions, references, strict=True):
        _check_tokens("each prediction", prediction)
        _check_tokens("each reference", reference)
        pred_len += len(prediction)
        ref_len += len(reference)
        for n in range(1, max_n + 1):
            matches[n - 1] += clipped_matches(prediction, reference, n)
            totals[n - 1] += max(len(prediction) - n + 1, 0)
    return _bleu(matches, totals, pred_len, ref_len)


def d2l_bleu(prediction, reference, k=2):
    """Dive into Deep Learning's BLEU: ``exp(min(0, 1 − r/c)) · Π_{n=1..k} p_n^(1/2^n)``, 0 when empty."""
    _check_tokens("prediction", prediction)
    _check_tokens("reference", reference)
    _check_max_n(k, "k")
    pred_len, ref_len = len(prediction), len(reference)
    if pred_len == 0:
        return 0.0
    score = math.exp(min(0.0, 1.0 - ref_len / pred_len))
    for n in range(1, k + 1):
        if pred_len < n:
            return 0.0
        score *= (clipped_matches(prediction, reference, n) / (pred_len - n + 1)) ** (0.5 ** n)
    return score
