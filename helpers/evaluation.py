"""Evaluating a trained ``Seq2Seq``: BLEU over a test set, BLEU by source length, and what attention reads.

Introduced in ``notebooks/04_attention_seq2seq.ipynb`` (BLEU of greedy and beam translations) and
``notebooks/06_attention_alignment.ipynb`` (the teacher-forced attention weights of each pair and the
word alignment they imply).
"""

import math
from dataclasses import dataclass

import torch

from .alignment import alignment_scores, links_from_attention
from .checks import check_int
from .data import check_pairs, make_batches, num_words
from .decoding import Translation, translate_batch
from .metrics import corpus_bleu
from .seq2seq import check_vocabs
from .training import decoder_inputs, train_seq2seq

__all__ = ["Evaluation", "evaluate_translations", "evaluate_bleu", "bleu_by_length",
           "teacher_forced_attention", "attention_links", "EpochScores", "PLATEAU", "has_plateaued",
           "train_to_plateau"]


@dataclass
class Evaluation:
    """Translations of test pairs (greedy or beam search), their corpus BLEU and share of exact matches."""

    outputs: list[Translation]  # one per pair
    bleu: float                 # corpus BLEU up to max_n-grams
    exact_match: float          # share of outputs equal to their reference, token for token


def evaluate_translations(model, pairs, src_vocab, tgt_vocab, max_n=4, max_len=20, beam_size=1,
                          allow_unk=True):
    """Translate the sources of tokenized ``(source, target)`` pairs; score them against the targets.

    Greedy decoding with ``beam_size=1``, beam search (束搜索) with a larger one; ``allow_unk=False``
    never writes ``<unk>`` (see ``translate_batch``).

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: Evaluation(outputs: list of len(pairs) Translation, bleu: float, exact_match: float)
    """
    check_pairs(pairs)
    outputs = translate_batch(model, [src for src, _ in pairs], src_vocab, tgt_vocab, max_len,
                              beam_size=beam_size, allow_unk=allow_unk)
    references = [tgt for _, tgt in pairs]
    bleu = corpus_bleu([out.tokens for out in outputs], references, max_n)
    exact = sum(out.tokens == list(ref) for out, ref in zip(outputs, references, strict=True)) / len(pairs)
    return Evaluation(outputs, bleu, exact)


def evaluate_bleu(model, pairs, src_vocab, tgt_vocab, max_n=4, max_len=20, beam_size=1):
    """Corpus BLEU (up to ``max_n``-grams) of the translations of tokenized ``(source, target)`` pairs."""
    return evaluate_translations(model, pairs, src_vocab, tgt_vocab, max_n, max_len, beam_size).bleu


def bleu_by_length(predictions, pairs, bins, max_n=4):
    """Corpus BLEU of the predictions whose source has ``lo <= num_words(source) <= hi``, per (lo, hi) bin.

    A bin without any sentence gets NaN.

    Shapes:
        predictions: list of len(pairs) token lists; bins: list of (lo, hi)
        returns: list of len(bins) floats
    """
    check_pairs(pairs)
    if len(predictions) != len(pairs):
        raise ValueError(f"predictions must have one token list per pair ({len(pairs)}), "
                         f"got {len(predictions)}")
    lengths = [num_words(src) for src, _ in pairs]
    scores = []
    for lo, hi in bins:
        rows = [i for i, n in enumerate(lengths) if lo <= n <= hi]
        scores.append(corpus_bleu([predictions[i] for i in rows], [pairs[i][1] for i in rows], max_n)
                      if rows else math.nan)
    return scores


@torch.no_grad()
def teacher_forced_attention(model, pairs, src_vocab, tgt_vocab, batch_size=256, all_heads=False):
    """The attention weights of an attention model reading each pair's reference translation.

    Teacher forcing (强制教学): the decoder is fed ``<bos>`` and the reference, so row j is the attention
    the model computes to produce the reference's j-th token (the last row produces ``<eos>``); column i is
    the source's i-th token (the last column is its ``<eos>``). Unlike a translation's weights, the rows
    are the reference's words, so they can be compared with a word alignment of the pair.
    ``all_heads=True`` (a Transformer) gives every layer's and head's cross-attention instead of the last
    layer's average over its heads.

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: list of len(pairs) tensors (len(target) + 1, len(source) + 1), on the CPU;
                 with all_heads: (num_layers, num_heads, len(target) + 1, len(source) + 1)
    """
    check_vocabs(model, src_vocab, tgt_vocab)
    if not model.has_attention:
        raise ValueError("model has no attention (decoder='plain'): there are no weights to read; "
                         "build it with make_seq2seq(..., decoder='bahdanau') or 'luong'")
    check_int("batch_size", batch_size, minimum=1)
    if all_heads and model.config["decoder"] != "transformer":
        raise ValueError(f"all_heads=True reads a Transformer's heads, but this model's decoder is "
                         f"{model.config['decoder']!r}, with one attention: leave all_heads False")
    check_pairs(pairs)
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    results = []
    try:
        for batch in make_batches(pairs, src_vocab, tgt_vocab, batch_size, shuffle=False):
            batch = batch.to(device)
            dec_in = decoder_inputs(batch.tgt, tgt_vocab.bos)               # (B, T)
            if all_heads:
                enc_outputs, enc_state = model.encoder(batch.src, batch.src_valid_lens)
                state = model.decoder.init_state(enc_outputs, enc_state, batch.src_valid_lens)
                _, _, weights = model.decoder(dec_in, state, all_heads=True)  # (B, L, h, T, T_src)
            else:
                _, weights = model(batch.src, batch.src_valid_lens, dec_in)  # (B, T, T_src)
            for row, n_tgt, n_src in zip(weights, batch.tgt_valid_lens.tolist(),
                                         batch.src_valid_lens.tolist(), strict=True):
                results.append(row[..., :n_tgt, :n_src].cpu())
    finally:
        model.train(was_training)
    return results


def attention_links(model, pairs, src_vocab, tgt_vocab, method="argmax", threshold=None, batch_size=256,
                    shift=0):
    """The word alignment an attention model implies: links read off its teacher-forced attention weights.

    Each target word links to its most attended source word (``method="argmax"``) or to every source
    word with a weight >= ``threshold`` (``method="threshold"``); the ``<eos>`` column is left out.
    ``shift=0`` reads target word j from row j, the attention that produces it; ``shift=1`` reads it
    from row j + 1, the attention of the step whose input is word j (Shift-Att, Chen et al. 2020; the
    last word is then read from the ``<eos>`` row).

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: list of len(pairs) frozensets of (i, j), i a source index, j a target index
    """
    if shift not in (0, 1) or isinstance(shift, bool):
        raise ValueError(f"shift must be 0 (row j) or 1 (row j + 1, Shift-Att), got {shift!r}")
    weights = teacher_forced_attention(model, pairs, src_vocab, tgt_vocab, batch_size)
    return [links_from_attention(w[shift:], len(src), len(tgt), method, threshold)
            for (src, tgt), w in zip(pairs, weights, strict=True)]


@dataclass(frozen=True)
class EpochScores:
    """Test-set scores of an attention translator after one epoch of training."""

    epoch: int        # counted from 1
    loss: float       # the epoch's training loss (plain cross-entropy per token)
    aer: float        # AER of the links read from row j (the attention that produces word j)
    shift_aer: float  # AER of the links read from row j + 1 (Shift-Att)
    bleu: float       # corpus BLEU-4 of the greedy translations


@dataclass(frozen=True)
class PlateauRule:
    """Stop once, over the last ``patience`` epochs, neither the AER fell nor BLEU-4 rose by ``min_delta``
    beyond their best before them; at most ``max_epochs``."""

    patience: int = 3
    min_delta: float = 0.01
    max_epochs: int = 30


PLATEAU = PlateauRule()


def has_plateaued(history, patience=PLATEAU.patience, min_delta=PLATEAU.min_delta):
    """Whether the AER and BLEU of ``history`` (a list of ``EpochScores``) have stopped improving."""
    if len(history) <= patience:
        return False
    before, last = history[:-patience], history[-patience:]
    aer_gain = min(h.aer for h in before) - min(h.aer for h in last)
    bleu_gain = max(h.bleu for h in last) - max(h.bleu for h in before)
    return aer_gain < min_delta and bleu_gain < min_delta


def train_to_plateau(model, data, gold_test, seed=0, rule=PLATEAU, on_epoch_end=None):
    """Train an attention translator on ``data.train`` until its test AER and BLEU-4 stop improving.

    After every epoch the AER of its argmax links (row j and, Shift-Att, row j + 1) against
    ``gold_test`` and the BLEU-4 of its greedy translations of ``data.test`` are measured;
    ``rule`` (``PLATEAU``) says when to stop. ``on_epoch_end(scores)``, if given, sees each epoch's
    ``EpochScores`` (e.g. to keep a heatmap). Training as ``train_seq2seq`` with its defaults and ``seed``.

    Shapes:
        data: a helpers.data.TranslationData; gold_test: list of len(data.test) Alignment
        returns: list of EpochScores, one per epoch trained
    """
    if len(gold_test) != len(data.test):
        raise ValueError(f"gold_test must hold one Alignment per test pair ({len(data.test)}), "
                         f"got {len(gold_test)}")
    history = []

    def measure(epoch, loss):
        weights = teacher_forced_attention(model, data.test, data.src_vocab, data.tgt_vocab)
        aer = [alignment_scores([links_from_attention(w[shift:], len(src), len(tgt))
                                 for (src, tgt), w in zip(data.test, weights, strict=True)],
                                gold_test).aer for shift in (0, 1)]
        bleu = evaluate_bleu(model, data.test, data.src_vocab, data.tgt_vocab)
        history.append(EpochScores(epoch, loss, aer[0], aer[1], bleu))
        if on_epoch_end is not None:
            on_epoch_end(history[-1])
        return has_plateaued(history, rule.patience, rule.min_delta)

    train_seq2seq(model, data.train, data.src_vocab, data.tgt_vocab, num_epochs=rule.max_epochs,
                  seed=seed, progress=False, on_epoch_end=measure)
    return history
