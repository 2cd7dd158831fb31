"""Training a sequence-to-sequence model: masked cross-entropy loss, teacher forcing, the training loop.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. The loss averages the cross-entropy over the
real target tokens only (padding contributes nothing, and nothing is divided twice); training uses
teacher forcing (强制教学), label smoothing (标签平滑), gradient clipping (梯度裁剪) and Adam, on CUDA
when present, optionally keeping a moving average of the weights. ``TATOEBA_SETTINGS`` holds the settings
tuned on real sentences (``data/tatoeba-eng-fra.txt``), apart from notebook 04's defaults.
"""

from dataclasses import dataclass

import torch
from torch import nn

from .attention import sequence_mask
from .checks import check_index_tensor, check_int, check_lengths, check_number, check_tensor
from .data import Vocab, check_pairs, make_batches
from .device import check_device, cpu_threads
from .seq2seq import ModelSizes, Seq2Seq, check_vocabs

__all__ = ["masked_cross_entropy", "decoder_inputs", "train_seq2seq", "TRAINING_DEFAULTS",
           "TrainingSettings", "DataSettings", "TATOEBA_SETTINGS"]


@dataclass(frozen=True)
class TrainingSettings:
    """The training settings of notebook 04, the defaults of ``train_seq2seq`` and of the benchmark."""

    num_epochs: int = 5
    batch_size: int = 64
    lr: float = 1e-2
    weight_decay: float = 0.0
    grad_clip: float = 1.0
    label_smoothing: float = 0.1
    weight_average: float = 0.0


TRAINING_DEFAULTS = TrainingSettings()


@dataclass(frozen=True)
class DataSettings:
    """Everything that differs from notebook 04's defaults on one kind of data: the vocabularies'
    ``min_freq`` (for ``load_translation_data``), the model's sizes (``make_seq2seq(..., **vars(model))``),
    the training settings (``train_seq2seq(..., **vars(training))``) and whether translations may
    write ``<unk>`` (``translate_batch(..., allow_unk=...)``)."""

    min_freq: int = 1
    model: ModelSizes = ModelSizes()
    training: TrainingSettings = TRAINING_DEFAULTS
    allow_unk: bool = True


# Tuned on real sentences (data/tatoeba-eng-fra.txt, 4,000 training pairs; benchmarks/README.md): words seen
# once become <unk>, which halves the output layer and the training time; the average of the weights over
# the last steps and beam search that never writes <unk> each add about 0.01-0.03 BLEU-2 there.
TATOEBA_SETTINGS = DataSettings(min_freq=2, training=TrainingSettings(weight_average=0.97), allow_unk=False)


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
                  on_epoch_end=None,
                  weight_average: float = TRAINING_DEFAULTS.weight_average) -> list[float]:
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
    ``weight_average`` β > 0 keeps an exponential moving average of the weights (权重滑动平均),
    ``w̄ ← β w̄ + (1 − β) w`` after every step, and leaves the model with it at the end: the average
    of the last 1/(1 − β) steps or so, smoother than the last step's weights. 0 (the default) keeps the
    last step's; the losses and ``on_epoch_end`` see the weights being trained either way.

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
    check_number("weight_average", weight_average, 0.0, 1.0, high_open=True)
    if on_epoch_end is not None and not callable(on_epoch_end):
        raise TypeError(f"on_epoch_end must be a function of (epoch, loss) or None, "
                        f"got {type(on_epoch_end).__name__}")
    check_vocabs(model, src_vocab, tgt_vocab)
    check_pairs(pairs)
    device = check_device(device)
    model.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    generator = torch.Generator().manual_seed(seed)
    average = _WeightAverage(model, weight_average) if weight_average > 0 else None
    history = []
    with cpu_threads(num_threads, device), torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)                                          # dropout masks
        model.train()
        try:
            for _ in (bar := tqdm(range(num_epochs), desc="epochs", disable=not progress)):
                history.append(_train_epoch(model, pairs, src_vocab, tgt_vocab, batch_size, generator,
                                            optimizer, grad_clip, label_smoothing, device, average))
                bar.set_postfix(loss=f"{history[-1]:.3f}")
                if on_epoch_end is not None:
                    model.eval()
                    with torch.no_grad():
                        stop = on_epoch_end(len(history), history[-1]) is True
                    model.train()
                    if stop:
                        break
            if average is not None:
                average.copy_to(model)
        finally:
            model.eval()
    return history


class _WeightAverage:
    """An exponential moving average of a model's weights: ``update`` after each step, then ``copy_to``."""

    def __init__(self, model, decay):
        self.decay = decay
        self.params = [p for p in model.parameters() if p.requires_grad]
        self.averages = [p.detach().clone() for p in self.params]

    @torch.no_grad()
    def update(self):
        for average, param in zip(self.averages, self.params, strict=True):
            average.lerp_(param, 1.0 - self.decay)

    @torch.no_grad()
    def copy_to(self, model):
        for average, param in zip(self.averages, self.params, strict=True):
            param.copy_(average)


def _train_epoch(model, pairs, src_vocab, tgt_vocab, batch_size, generator, optimizer, grad_clip,
                 label_smoothing, device, average=None):
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
        if average is not None:
            average.update()
        num_tokens = int(batch.tgt_valid_lens.sum())
        total_loss += plain_loss.item() * num_tokens
        total_tokens += num_tokens
    return total_loss / total_tokens
