"""Training a sequence-to-sequence model: masked cross-entropy loss, teacher forcing, the training loop.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. The loss averages the cross-entropy over the
real target tokens only (padding contributes nothing, and nothing is divided twice); training uses
teacher forcing (强制教学), gradient clipping (梯度裁剪) and Adam, on CUDA when present.
"""

import torch
from torch import nn
from torch.nn import functional as F

from .data import make_batches

__all__ = ["get_device", "sequence_mask", "masked_cross_entropy", "decoder_inputs", "train_seq2seq"]


def get_device():
    """``cuda`` when a GPU is present, ``cpu`` otherwise."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def sequence_mask(valid_lens, num_steps):
    """True at the first ``valid_lens[i]`` positions of row i, False on the padding.

    Shapes:
        valid_lens: (batch_size,)
        returns: (batch_size, num_steps), bool
    """
    positions = torch.arange(num_steps, device=valid_lens.device)      # (T,)
    return positions[None, :] < valid_lens[:, None]                      # (B, T)


def masked_cross_entropy(logits, targets, valid_lens):
    """Cross-entropy averaged over the real target tokens (the padding after ``valid_lens`` is ignored).

    Shapes:
        logits: (batch_size, num_steps, vocab_size); targets: (batch_size, num_steps)
        valid_lens: (batch_size,)
        returns: () scalar
    """
    if logits.dim() != 3 or targets.shape != logits.shape[:2]:
        raise ValueError(f"logits (batch_size, num_steps, vocab_size) and targets (batch_size, num_steps) "
                         f"expected, got {tuple(logits.shape)} and {tuple(targets.shape)}")
    mask = sequence_mask(valid_lens, targets.shape[1])                   # (B, T)
    num_tokens = mask.sum()
    if int(num_tokens) == 0:
        raise ValueError("masked_cross_entropy needs at least one real target token, got valid_lens of 0")
    losses = F.cross_entropy(logits.transpose(1, 2), targets, reduction="none")  # (B, T)
    return (losses * mask).sum() / num_tokens


def decoder_inputs(tgt, bos_index):
    """Teacher forcing (强制教学): ``<bos>`` followed by the target shifted one step right.

    Shapes:
        tgt: (batch_size, num_steps)
        returns: (batch_size, num_steps)
    """
    bos = torch.full_like(tgt[:, :1], bos_index)                         # (B, 1)
    return torch.cat([bos, tgt[:, :-1]], dim=1)                          # (B, T)


def train_seq2seq(model, pairs, src_vocab, tgt_vocab, num_epochs=5, batch_size=64, lr=1e-2,
                  weight_decay=0.0, grad_clip=1.0, seed=0, device=None, progress=True, num_threads=1):
    """Train with teacher forcing, gradient clipping and Adam; return the mean loss of every epoch.

    Each epoch's loss is averaged over its real target tokens. ``seed`` fixes the batches and dropout
    (the global random state is left as it was); ``device=None`` picks CUDA when present. The progress
    bar is ``tqdm.auto`` (a widget in a notebook); ``progress=False`` hides it. On the CPU, training
    uses ``num_threads`` threads and restores the previous setting afterwards (``None`` keeps it): one
    thread is the fastest choice for models this small on a busy machine, and the same on every one.

    Shapes:
        pairs: list of (source_tokens, target_tokens)
        returns: list of num_epochs floats
    """
    from tqdm.auto import tqdm

    if not isinstance(num_epochs, int) or num_epochs < 1:
        raise ValueError(f"num_epochs must be an int >= 1, got {num_epochs!r}")
    if num_threads is not None and (not isinstance(num_threads, int) or num_threads < 1):
        raise ValueError(f"num_threads must be an int >= 1 or None, got {num_threads!r}")
    device = get_device() if device is None else torch.device(device)
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
                    loss = masked_cross_entropy(logits, batch.tgt, batch.tgt_valid_lens)
                    optimizer.zero_grad()
                    loss.backward()
                    nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
                    optimizer.step()
                    num_tokens = int(batch.tgt_valid_lens.sum())
                    total_loss += loss.item() * num_tokens
                    total_tokens += num_tokens
                history.append(total_loss / total_tokens)
                bar.set_postfix(loss=f"{history[-1]:.3f}")
    finally:
        torch.set_num_threads(previous_threads)
        model.eval()
    return history
