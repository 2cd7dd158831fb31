"""Training a sequence-to-sequence model: masked cross-entropy loss, teacher forcing, the training loop.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. The loss averages the cross-entropy over the
real target tokens only (padding contributes nothing, and nothing is divided twice); training uses
teacher forcing (强制教学), label smoothing (标签平滑), gradient clipping (梯度裁剪) and Adam, on CUDA
when present.
"""

import math
from dataclasses import dataclass

import torch
from torch import nn

from .alignment import links_from_attention
from .attention import sequence_mask
from .checks import (
    check_device,
    check_index_tensor,
    check_int,
    check_lengths,
    check_number,
    check_tensor,
    get_device,
)
from .data import check_pairs, make_batches, num_words
from .metrics import corpus_bleu
from .seq2seq import check_vocabs, translate_batch

__all__ = ["get_device", "sequence_mask", "masked_cross_entropy", "decoder_inputs", "train_seq2seq",
           "TRAINING_DEFAULTS", "Evaluation", "evaluate_translations", "evaluate_bleu", "bleu_by_length",
           "teacher_forced_attention", "attention_links"]


@dataclass(frozen=True)
class TrainingSettings:
    """The training settings of notebook 04, the defaults of ``train_seq2seq`` and of the benchmark."""

    num_epochs: int = 5
    batch_size: int = 64
    lr: float = 1e-2
    weight_decay: float = 0.0
    grad_clip: float = 1.0
    label_smoothing: float = 0.1


TRAINING_DEFAULTS = TrainingSettings()


def masked_cross_entropy(logits, targets, valid_lens, label_smoothing=0.0):
    """Cross-entropy averaged over the real target tokens (the padding after ``valid_lens`` is ignored).

    ``label_smoothing`` ε trains towards ``(1 - ε)`` on the reference word and ``ε`` spread evenly over
    the vocabulary (as ``F.cross_entropy``'s); 0 gives the plain cross-entropy.

    Shapes:
        logits: (batch_size, num_steps, vocab_size); targets: (batch_size, num_steps)
        valid_lens: (batch_size,)
        returns: () scalar
    """
    return _masked_losses(logits, targets, valid_lens, label_smoothing)[0]


def _masked_losses(logits, targets, valid_lens, label_smoothing=0.0):
    """The (smoothed) loss to train on and the plain cross-entropy, both averaged over the real tokens."""
    check_tensor("logits", logits, 3)
    check_tensor("targets", targets, 2, floating=False)
    check_number("label_smoothing", label_smoothing, 0.0, 1.0, high_open=True)
    if targets.shape != logits.shape[:2]:
        raise ValueError(f"logits (batch_size, num_steps, vocab_size) and targets (batch_size, num_steps) "
                         f"expected, got {tuple(logits.shape)} and {tuple(targets.shape)}")
    batch_size, num_steps, vocab_size = logits.shape
    check_lengths("valid_lens", valid_lens, batch_size, num_steps)
    mask = sequence_mask(valid_lens.to(targets.device), num_steps)       # (B, T)
    check_index_tensor("targets (at the real tokens)", targets[mask], 1, vocab_size)
    num_tokens = mask.sum()
    if int(num_tokens) == 0:
        raise ValueError("masked_cross_entropy needs at least one real target token, got valid_lens of 0")
    safe_targets = targets.masked_fill(~mask, 0)                         # padding may hold any index
    # the vocabulary on the last axis: log-softmax over contiguous rows, 3x faster than over axis 1
    log_probs = torch.log_softmax(logits.reshape(-1, vocab_size), dim=-1)  # (B T, V)
    nll = -log_probs.gather(1, safe_targets.reshape(-1, 1))[:, 0]         # (B T,)
    nll = torch.where(mask.reshape(-1), nll, 0.0).sum() / num_tokens      # NaN at the padding cannot leak
    if label_smoothing == 0:
        return nll, nll
    uniform = -torch.where(mask.reshape(-1, 1), log_probs, 0.0).sum() / (num_tokens * vocab_size)
    return (1 - label_smoothing) * nll + label_smoothing * uniform, nll


def decoder_inputs(tgt, bos_index):
    """Teacher forcing (强制教学): ``<bos>`` followed by the target shifted one step right.

    Shapes:
        tgt: (batch_size, num_steps)
        returns: (batch_size, num_steps)
    """
    bos = torch.full_like(tgt[:, :1], bos_index)                         # (B, 1)
    return torch.cat([bos, tgt[:, :-1]], dim=1)                          # (B, T)


def train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=TRAINING_DEFAULTS.num_epochs,
                  batch_size=TRAINING_DEFAULTS.batch_size, lr=TRAINING_DEFAULTS.lr,
                  weight_decay=TRAINING_DEFAULTS.weight_decay, grad_clip=TRAINING_DEFAULTS.grad_clip, seed=0,
                  device=None, progress=True, num_threads=1,
                  label_smoothing=TRAINING_DEFAULTS.label_smoothing, on_epoch_end=None):
    """Train with teacher forcing, gradient clipping and Adam; return the mean loss of every epoch.

    Each epoch's loss is the plain cross-entropy averaged over its real target tokens, also when training
    uses ``label_smoothing``. ``seed`` fixes the batches and dropout
    (the global random state is left as it was); ``device=None`` picks CUDA when present. The progress
    bar is ``tqdm.auto`` (a widget in a notebook); ``progress=False`` hides it. On the CPU, training
    uses ``num_threads`` threads and restores the previous setting afterwards (``None`` keeps it): one
    thread is the fastest choice for models this small on a busy machine, and the same on every one.
    ``on_epoch_end(epoch, loss)``, if given, is called after every epoch (counted from 1) with the model
    in eval mode and gradients off, e.g. to measure how the model changes as it learns; it must not draw
    random numbers from the global generator if the run is to stay the same.

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: list of num_epochs floats
    """
    from tqdm.auto import tqdm

    check_int("num_epochs", num_epochs, minimum=1)
    check_int("batch_size", batch_size, minimum=1)
    check_number("lr", lr, low=0.0, low_open=True)
    check_number("weight_decay", weight_decay, low=0.0)
    check_number("grad_clip", grad_clip, low=0.0, low_open=True)
    check_int("seed", seed)
    check_int("num_threads", num_threads, minimum=1, allow_none=True)
    check_number("label_smoothing", label_smoothing, 0.0, 1.0, high_open=True)
    if on_epoch_end is not None and not callable(on_epoch_end):
        raise TypeError(f"on_epoch_end must be a function of (epoch, loss) or None, "
                        f"got {type(on_epoch_end).__name__}")
    check_vocabs(model, src_vocab, tgt_vocab)
    check_pairs(pairs)
    device = check_device(device)
    model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    generator = torch.Generator().manual_seed(seed)
    history = []
    previous_threads = torch.get_num_threads()
    if num_threads is not None and device.type == "cpu":
        torch.set_num_threads(num_threads)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)                                      # dropout masks
            model.train()
            bar = tqdm(range(num_epochs), desc="epochs", disable=not progress)
            for _ in bar:
                total_loss, total_tokens = 0.0, 0
                for batch in make_batches(pairs, src_vocab, tgt_vocab, batch_size, generator=generator):
                    batch = batch.to(device)
                    dec_in = decoder_inputs(batch.tgt, tgt_vocab.bos)    # (B, T)
                    logits, _ = model(batch.src, batch.src_valid_lens, dec_in)  # (B, T, V)
                    loss, plain_loss = _masked_losses(logits, batch.tgt, batch.tgt_valid_lens,
                                                      label_smoothing)
                    optimizer.zero_grad()
                    loss.backward()
                    nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
                    optimizer.step()
                    num_tokens = int(batch.tgt_valid_lens.sum())
                    total_loss += plain_loss.item() * num_tokens
                    total_tokens += num_tokens
                history.append(total_loss / total_tokens)
                bar.set_postfix(loss=f"{history[-1]:.3f}")
                if on_epoch_end is not None:
                    model.eval()
                    with torch.no_grad():
                        on_epoch_end(len(history), history[-1])
                    model.train()
    finally:
        torch.set_num_threads(previous_threads)
        model.eval()
    return history


@dataclass
class Evaluation:
    """Translations of test pairs (greedy or beam search), their corpus BLEU and share of exact matches."""

    outputs: list        # one helpers.seq2seq.Translation per pair
    bleu: float          # corpus BLEU up to max_n-grams
    exact_match: float   # share of outputs equal to their reference, token for token


def evaluate_translations(model, pairs, src_vocab, tgt_vocab, max_n=4, max_len=20, beam_size=1):
    """Translate the sources of tokenized ``(source, target)`` pairs; score them against the targets.

    Greedy decoding with ``beam_size=1``, beam search (束搜索) with a larger one.

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: Evaluation(outputs: list of len(pairs) Translation, bleu: float, exact_match: float)
    """
    check_pairs(pairs)
    outputs = translate_batch(model, [src for src, _ in pairs], src_vocab, tgt_vocab, max_len,
                              beam_size=beam_size)
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
def teacher_forced_attention(model, pairs, src_vocab, tgt_vocab, batch_size=256):
    """The attention weights of an attention model reading each pair's reference translation.

    Teacher forcing (强制教学): the decoder is fed ``<bos>`` and the reference, so row j is the attention
    the model computes to produce the reference's j-th token (the last row produces ``<eos>``); column i is
    the source's i-th token (the last column is its ``<eos>``). Unlike a translation's weights, the rows
    are the reference's words, so they can be compared with a word alignment of the pair.

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: list of len(pairs) tensors (len(target) + 1, len(source) + 1), on the CPU
    """
    check_vocabs(model, src_vocab, tgt_vocab)
    if not model.attention:
        raise ValueError("model has no attention (attention=False): there are no weights to read; "
                         "build it with make_seq2seq(..., attention=True)")
    check_int("batch_size", batch_size, minimum=1)
    check_pairs(pairs)
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    results = []
    try:
        for batch in make_batches(pairs, src_vocab, tgt_vocab, batch_size, shuffle=False):
            batch = batch.to(device)
            dec_in = decoder_inputs(batch.tgt, tgt_vocab.bos)               # (B, T)
            _, weights = model(batch.src, batch.src_valid_lens, dec_in)    # (B, T, T_src)
            for row, n_tgt, n_src in zip(weights, batch.tgt_valid_lens.tolist(),
                                         batch.src_valid_lens.tolist(), strict=True):
                results.append(row[:n_tgt, :n_src].cpu())
    finally:
        model.train(was_training)
    return results


def attention_links(model, pairs, src_vocab, tgt_vocab, method="argmax", threshold=None, batch_size=256):
    """The word alignment an attention model implies: links read off its teacher-forced attention weights.

    Each target word links to its most attended source word (``method="argmax"``) or to every source
    word with a weight >= ``threshold`` (``method="threshold"``); the ``<eos>`` row and column are left
    out (see ``helpers.alignment.links_from_attention``).

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: list of len(pairs) frozensets of (i, j), i a source index, j a target index
    """
    weights = teacher_forced_attention(model, pairs, src_vocab, tgt_vocab, batch_size)
    return [links_from_attention(w, len(src), len(tgt), method, threshold)
            for (src, tgt), w in zip(pairs, weights, strict=True)]
