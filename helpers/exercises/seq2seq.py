"""Self-checks for the exercises of ``notebooks/04_attention_seq2seq.ipynb``: verdict and hint, no answer."""

import math

import torch

from ..attention import sequence_mask
from ..training import masked_cross_entropy
from . import report

__all__ = ["check_uniform_context", "check_masked_loss", "check_bleu_by_hand"]


def check_uniform_context(uniform_context):
    """Exercise 1: ``uniform_context(enc_outputs, valid_lens)``: every real position weighs the same.

    Shapes:
        enc_outputs: (batch_size, num_steps, num_hiddens); valid_lens: (batch_size,)
        returns: (batch_size, 1, num_hiddens)
    """
    name = "Exercise 1 (a context without attention)"
    for seed in range(3):
        gen = torch.Generator().manual_seed(seed)
        enc_outputs = torch.randn(3, 5, 4, generator=gen)                       # (B, T, H)
        enc_outputs[1, 2:] = 0.0                                               # padding: the encoder's 0s
        valid_lens = torch.tensor([5, 2, 4])
        try:
            got = uniform_context(enc_outputs.clone(), valid_lens.clone())
        except Exception as error:  # a student's code: report, don't crash the notebook
            return report(name, False, f"your function raised {type(error).__name__}: {error}")
        if not isinstance(got, torch.Tensor):
            return report(name, False, f"return a tensor, got {type(got).__name__}.")
        if tuple(got.shape) != (3, 1, 4):
            return report(name, False, "one context per sequence, shaped like an attention output "
                                       "(batch_size, "
                                       f"1, num_hiddens) = (3, 1, 4); yours has shape {tuple(got.shape)}.")
        mask = sequence_mask(valid_lens, 5)[:, :, None]                        # (B, T, 1)
        expected = (enc_outputs * mask).sum(1, keepdim=True) / valid_lens[:, None, None]  # (B, 1, H)
        if torch.allclose(got, expected, atol=1e-5):
            continue
        if torch.allclose(got, enc_outputs.mean(1, keepdim=True), atol=1e-5):
            return report(name, False, "the padding positions get weight too: only the first valid_lens[i] "
                                       "positions of sequence i are real.")
        if torch.allclose(got, (enc_outputs * mask).sum(1, keepdim=True), atol=1e-5):
            return report(name, False, "that is a sum: attention weights add up to 1.")
        return report(name, False, "each real position of a sequence should get the same weight, the "
                                   "padding none; compare with masked_softmax of equal scores.")
    return report(name, True)


def check_masked_loss(masked_loss):
    """Exercise 2: ``masked_loss(logits, targets, valid_lens)``, the mean cross-entropy over real tokens.

    Shapes:
        logits: (batch_size, num_steps, vocab_size); targets: (batch_size, num_steps)
        valid_lens: (batch_size,)
    """
    name = "Exercise 2 (masked cross-entropy)"
    for seed in range(3):
        gen = torch.Generator().manual_seed(seed)
        logits = torch.randn(4, 6, 7, generator=gen)
        targets = torch.randint(0, 7, (4, 6), generator=gen)
        valid_lens = torch.tensor([6, 1, 3, 4])
        try:
            value = masked_loss(logits.clone(), targets.clone(), valid_lens.clone())
            value = float(value)
        except Exception as error:
            return report(name, False, f"your function raised {type(error).__name__}: {error}")
        expected = float(masked_cross_entropy(logits, targets, valid_lens))
        if math.isclose(value, expected, rel_tol=1e-4):
            continue
        mask = sequence_mask(valid_lens, 6)                                      # (B, T)
        losses = torch.nn.functional.cross_entropy(logits.transpose(1, 2), targets, reduction="none")
        if math.isclose(value, float(losses.mean()), rel_tol=1e-4):
            return report(name, False, "the padding positions are counted: average over real tokens only.")
        if math.isclose(value, float((losses * mask).sum() / mask.numel()), rel_tol=1e-4):
            return report(name, False, "padding is masked, but you divide by every position, not by the "
                                       "number of real tokens.")
        if math.isclose(value, float((losses * mask).sum()), rel_tol=1e-4):
            return report(name, False, "that is the sum: divide by the number of real tokens.")
        if math.isclose(value, float(((losses * mask).sum(1) / valid_lens).mean()), rel_tol=1e-4):
            return report(name, False, "that averages per sentence first, so a short sentence's tokens weigh "
                                       "more: average over all real tokens of the batch at once.")
        return report(name, False, f"got {value:.4f} on a random batch; compare with "
                                   "torch.nn.functional.cross_entropy on the real positions only.")
    return report(name, True)


def check_bleu_by_hand(bleu2):
    """Exercise 3: BLEU-2 of the prediction 'je vois la voiture .' against 'je vois la voiture rouge .'."""
    name = "Exercise 3 (BLEU-2 by hand)"
    try:
        value = float(bleu2)
    except (TypeError, ValueError):
        return report(name, False, f"answer with a number, got {bleu2!r}.")
    p1, p2, brevity = 5 / 5, 3 / 4, math.exp(1 - 6 / 5)
    expected = brevity * math.sqrt(p1 * p2)
    if abs(value - expected) < 5e-4:
        return report(name, True)
    if abs(value - math.sqrt(p1 * p2)) < 5e-4:
        return report(name, False, "the precisions are right; the prediction is shorter than the reference, "
                                   "so something else applies.")
    if (abs(value - brevity * math.sqrt(p1 * 4 / 5)) < 5e-4
            or abs(value - brevity * math.sqrt(p1 * 3 / 5)) < 5e-4):
        return report(name, False, "check p2: divide the matching bigrams by the number of bigrams in "
                                   "the prediction, not in the reference.")
    if abs(value - math.exp(min(0.0, 1 - 6 / 5)) * p1 ** (1 / 2) * p2 ** (1 / 4)) < 5e-4:
        return report(name, False, "that is Dive into Deep Learning's variant, which weights p_n by 1/2^n; "
                                   "standard BLEU-2 takes the geometric mean with equal weights 1/2.")
    if abs(value - brevity * (p1 + p2) / 2) < 5e-4:
        return report(name, False,
                      "BLEU combines the precisions with a geometric mean, not an arithmetic one.")
    return report(name, False, f"{value:.4f} is not it: count the matching unigrams and bigrams, then apply "
                               "the brevity penalty exp(1 - r/c) when c < r. Give 3 decimals.")
