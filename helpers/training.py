"""Training a sequence-to-sequence model: masked cross-entropy loss, teacher forcing, the training loop.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. The loss averages the cross-entropy over the
real target tokens only (padding contributes nothing, and nothing is divided twice); training uses
teacher forcing (强制教学), label smoothing (标签平滑), gradient clipping (梯度裁剪) and Adam, on CUDA
when present.
"""

from dataclasses import dataclass

import torch
from torch import nn

from .attention import sequence_mask
from .checks import check_index_tensor, check_int, check_lengths, check_number, check_tensor
from .data import Vocab, check_pairs, make_batches
from .device import check_device, cpu_threads
from .seq2seq import Seq2Seq, check_vocabs

__all__ = ["masked_cross_entropy", "decoder_inputs", "train_seq2seq", "TRAINING_DEFAULTS"]


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


def masked_cross_entropy(logits: torch.Tensor, targets: torch.Tensor, valid_lens: torch.Tensor,
                         label_smoothing: float = 0.0) -> torch.Tensor:
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


def decoder_inputs(tgt: torch.Tensor, bos_index: int) -> torch.Tensor:
    """Teacher forcing (强制教学): ``<bos>`` followed by the target shifted one step right.

    Shapes:
        tgt: (batch_size, num_steps)
        returns: (batch_size, num_steps)
    """
    bos = torch.full_like(tgt[:, :1], bos_index)                         # (B, 1)
    return torch.cat([bos, tgt[:, :-1]], dim=1)                          # (B, T)


def train_seq2seq(model: Seq2Seq, pairs: list, src_vocab: Vocab, tgt_vocab: Vocab,
                  num_epochs: int = TRAINING_DEFAULTS.num_epochs,
                  batch_size: int = TRAINING_DEFAULTS.batch_size, lr: float = TRAINING_DEFAULTS.lr,
                  weight_decay: float = TRAINING_DEFAULTS.weight_decay,
                  grad_clip: float = TRAINING_DEFAULTS.grad_clip, seed: int = 0, device=None,
                  progress: bool = True, num_threads: int | None = 1,
                  label_smoothing: float = TRAINING_DEFAULTS.label_smoothing,
                  on_epoch_end=None) -> list[float]:
    """Train with teacher forcing, gradient clipping and Adam; return the mean loss of every epoch.

    Each epoch's loss is the plain cross-entropy averaged over its real target tokens, also when training
    uses ``label_smoothing``. ``seed`` fixes the batches and dropout
    (the global random state is left as it was); ``device=None`` picks CUDA when present. The progress
    bar is ``tqdm.auto`` (a widget in a notebook); ``progress=False`` hides it. On the CPU, training
    uses ``num_threads`` threads and restores the previous setting afterwards (``None`` keeps it): one
    thread is the fastest choice for models this small on a busy machine, and the same on every one.
    ``on_epoch_end(epoch, loss)``, if given, is called after every epoch (counted from 1) with the model
    in eval mode and gradients off, e.g. to measure how the model changes as it learns; it must not draw
    random numbers from the global generator if the run is to stay the same. If it returns ``True``,
    training stops after that epoch (e.g. once a score has stopped improving).

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: list of num_epochs floats (fewer if ``on_epoch_end`` stopped training)
    """
    from tqdm.auto import tqdm

    check_int("num_epochs", num_epochs, minimum=1)
    check_int("batch_size", batch_size, minimum=1)
    check_number("lr", lr, low=0.0, low_open=True)
    check_number("weight_decay", weight_decay, low=0.0)
    check_number("grad_clip", grad_clip, low=0.0, low_open=True)
    check_int("seed", seed)
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
    with cpu_threads(num_threads, device), torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)                                          # dropout masks
        model.train()
        try:
            for _ in (bar := tqdm(range(num_epochs), desc="epochs", disable=not progress)):
                history.append(_train_epoch(model, pairs, src_vocab, tgt_vocab, batch_size, generator,
                                            optimizer, grad_clip, label_smoothing, device))
                bar.set_postfix(loss=f"{history[-1]:.3f}")
                if on_epoch_end is not None:
                    model.eval()
                    with torch.no_grad():
                        stop = on_epoch_end(len(history), history[-1]) is True
                    model.train()
                    if stop:
                        break
        finally:
            model.eval()
    return history


def _train_epoch(model, pairs, src_vocab, tgt_vocab, batch_size, generator, optimizer, grad_clip,
                 label_smoothing, device):
    """One pass over the shuffled pairs; returns the plain cross-entropy averaged over the real tokens."""
    total_loss, total_tokens = 0.0, 0
    for batch in make_batches(pairs, src_vocab, tgt_vocab, batch_size, generator=generator):
        batch = batch.to(device)
        dec_in = decoder_inputs(batch.tgt, tgt_vocab.bos)                # (B, T): teacher forcing
        logits, _ = model(batch.src, batch.src_valid_lens, dec_in)      # (B, T, V)
        loss, plain_loss = _masked_losses(logits, batch.tgt, batch.tgt_valid_lens, label_smoothing)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
        optimizer.step()
        num_tokens = int(batch.tgt_valid_lens.sum())
        total_loss += plain_loss.item() * num_tokens
        total_tokens += num_tokens
    return total_loss / total_tokens
