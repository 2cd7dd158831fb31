"""Attention scoring (注意力分数): masked softmax, additive, scaled dot-product and multiplicative attention.

Introduced in ``notebooks/03_attention_scores.ipynb``; the decoders of ``helpers.seq2seq`` (notebooks 04
and 06) run these same classes. Each class computes attention in two parts: ``prepare_keys`` turns the
keys into what its score needs (once per sentence: W_k k for the additive score, W k for the
multiplicative one) and ``attend`` scores any
number of queries against them, takes the masked softmax and the weighted sum of the values.
``forward(queries, keys, values, valid_lens)`` checks its inputs and does both. Every module *returns*
its attention weights together with its output; nothing is stored on the module as a side effect.
"""

import math

import torch
from torch import nn

from .checks import check_int, check_lengths, check_number, check_tensor

__all__ = ["sequence_mask", "masked_softmax", "Attention", "AdditiveAttention", "DotProductAttention",
           "MultiplicativeAttention", "check_valid_lens"]


def masked_softmax(scores, valid_lens=None):
    """Softmax over the last axis that gives the keys at or past ``valid_lens`` weight exactly 0.

    A valid length of 0 gives a row of zeros (the query attends to nothing), not a uniform row.
    With ``valid_lens=None`` this is a plain softmax over the last axis.

    Shapes:
        scores: (batch_size, num_queries, num_keys)
        valid_lens: None, (batch_size,) or (batch_size, num_queries)
        returns: (batch_size, num_queries, num_keys)
    """
    check_tensor("scores", scores, 3)
    valid_lens = check_valid_lens(valid_lens, *scores.shape)
    return _masked_softmax(scores, None if valid_lens is None else valid_lens.to(scores.device))


def _masked_softmax(scores, valid_lens):
    """``masked_softmax`` without the checks: ``valid_lens`` is None, (B,) or (B, Q), on scores' device."""
    if valid_lens is None:
        return torch.softmax(scores, dim=-1)
    if valid_lens.dim() == 1:
        valid_lens = valid_lens[:, None]                                 # (B,) -> (B, 1): every query
    mask = sequence_mask(valid_lens, scores.shape[-1])                   # (B, Q or 1, K)
    # A very negative finite fill keeps fully masked rows free of NaN (forward and backward);
    # torch.where then sets every masked weight to exactly 0.
    filled = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
    weights = torch.softmax(filled, dim=-1)                              # (B, Q, K)
    return torch.where(mask, weights, torch.zeros((), dtype=scores.dtype, device=scores.device))


class Attention(nn.Module):
    """What every attention layer shares: ``attend`` = masked softmax of ``score``, then the weighted sum.

    A subclass defines ``score(queries, prepared_keys)`` and, if its keys need work, ``prepare_keys``.

    Shapes:
        queries: (batch_size, num_queries, query_size)
        keys: (batch_size, num_keys, key_size); values: (batch_size, num_keys, value_size)
        valid_lens: None, (batch_size,) or (batch_size, num_queries)
        returns: output (batch_size, num_queries, value_size), weights (batch_size, num_queries, num_keys)
    """

    def __init__(self, dropout=0.0):
        super().__init__()
        check_number("dropout", dropout, 0.0, 1.0, high_open=True)
        self.dropout = nn.Dropout(dropout)

    def prepare_keys(self, keys):
        """The keys as ``score`` reads them; computed once per sentence, for any number of queries."""
        return keys

    def attend(self, queries, prepared_keys, values, valid_lens=None):
        """Attention of the queries over keys already prepared; no checks (``forward`` checks)."""
        weights = _masked_softmax(self.score(queries, prepared_keys), valid_lens)  # (B, Q, K)
        return torch.bmm(self.dropout(weights), values), weights         # (B, Q, v), (B, Q, K)

    def forward(self, queries, keys, values, valid_lens=None):
        _check_qkv(queries, keys, values, self)
        valid_lens = check_valid_lens(valid_lens, queries.shape[0], queries.shape[1], keys.shape[1])
        if valid_lens is not None:
            valid_lens = valid_lens.to(queries.device)
        values = _zero_unreachable_values(values, valid_lens)
        return self.attend(queries, self.prepare_keys(keys), values, valid_lens)


class AdditiveAttention(Attention):
    """Additive attention (加性注意力): a(q, k) = w_vᵀ tanh(W_q q + W_k k).

    ``prepare_keys`` computes W_k k; ``score`` adds W_q q to it for every pair of query and key.
    """

    def __init__(self, query_size, key_size, num_hiddens, dropout=0.0):
        super().__init__(dropout)
        for name, value in (("query_size", query_size), ("key_size", key_size), ("num_hiddens", num_hiddens)):
            check_int(name, value, minimum=1)
        self.query_size, self.key_size = query_size, key_size
        self.W_q = nn.Linear(query_size, num_hiddens, bias=False)
        self.W_k = nn.Linear(key_size, num_hiddens, bias=False)
        self.w_v = nn.Linear(num_hiddens, 1, bias=False)

    def prepare_keys(self, keys):
        return self.W_k(keys)                                            # (B, K, h)

    def score(self, queries, prepared_keys):
        q = self.W_q(queries)                                            # (B, Q, h)
        features = torch.tanh(q[:, :, None, :] + prepared_keys[:, None, :, :])  # (B, Q, K, h)
        return self.w_v(features).squeeze(-1)                            # (B, Q, K)


class DotProductAttention(Attention):
    """Scaled dot-product attention (缩放点积注意力): softmax(Q Kᵀ / √d) V.

    The keys need no preparing. The returned weights are the ones before dropout; dropout (training
    only) acts on the weights that multiply the values.
    """

    def score(self, queries, keys):
        d = queries.shape[-1]
        return torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)    # (B, Q, d) @ (B, d, K)

    def forward(self, queries, keys, values, valid_lens=None):
        _check_qkv(queries, keys, values, self)
        if queries.shape[-1] != keys.shape[-1]:
            raise ValueError("dot-product attention needs queries and keys of the same size d, got "
                             f"query size {queries.shape[-1]} and key size {keys.shape[-1]}")
        return super().forward(queries, keys, values, valid_lens)


class MultiplicativeAttention(Attention):
    """Multiplicative (bilinear) attention (乘性注意力): a(q, k) = qᵀ W k, with a learnable W of shape (q, k).

    ``W`` is a ``nn.Linear(key_size, query_size)`` without bias: ``prepare_keys`` computes W k for every key.
    """

    def __init__(self, query_size, key_size, dropout=0.0):
        super().__init__(dropout)
        for name, value in (("query_size", query_size), ("key_size", key_size)):
            check_int(name, value, minimum=1)
        self.query_size, self.key_size = query_size, key_size
        self.W = nn.Linear(key_size, query_size, bias=False)

    def prepare_keys(self, keys):
        return self.W(keys)                                              # (B, K, q)

    def score(self, queries, prepared_keys):
        return torch.bmm(queries, prepared_keys.transpose(1, 2))          # (B, Q, q) @ (B, q, K)


def sequence_mask(valid_lens, num_steps):
    """True at the first ``valid_lens[i]`` positions of row i, False on the padding (any leading shape).

    Shapes:
        valid_lens: (...)
        returns: (..., num_steps), bool
    """
    positions = torch.arange(num_steps, device=valid_lens.device)      # (T,)
    return positions < valid_lens[..., None]                             # (..., 1) vs (T,) -> (..., T)


# Checks at the boundary: ``forward`` and ``masked_softmax`` call them before any computation.

def check_valid_lens(valid_lens, batch_size, num_queries, num_keys):
    """Validate ``valid_lens`` and expand it to one length per query.

    Shapes:
        valid_lens: None, (batch_size,) or (batch_size, num_queries), integer dtype
        returns: None or (batch_size, num_queries), int64
    """
    if valid_lens is None:
        return None
    if not isinstance(valid_lens, torch.Tensor):
        raise TypeError(f"valid_lens must be a torch.Tensor of integers or None, "
                        f"got {type(valid_lens).__name__}")
    check_tensor("valid_lens", valid_lens, floating=False)
    if valid_lens.dim() == 2:
        if tuple(valid_lens.shape) != (batch_size, num_queries):
            raise ValueError(f"valid_lens of shape (batch_size, num_queries) = "
                             f"({batch_size}, {num_queries}) expected, got {tuple(valid_lens.shape)}")
        check_lengths("valid_lens", valid_lens.reshape(-1), batch_size * num_queries, num_keys,
                      limit="the number of keys")
        return valid_lens.long()
    if valid_lens.dim() != 1:
        raise ValueError(f"valid_lens must have shape ({batch_size},) or ({batch_size}, {num_queries}), "
                         f"got {tuple(valid_lens.shape)}")
    check_lengths("valid_lens", valid_lens, batch_size, num_keys, limit="the number of keys")
    return valid_lens[:, None].expand(batch_size, num_queries).long()    # (B,) -> (B, Q)


def _check_qkv(queries, keys, values, module):
    for name, x in (("queries", queries), ("keys", keys), ("values", values)):
        check_tensor(name, x, 3)
    if not queries.shape[0] == keys.shape[0] == values.shape[0]:
        raise ValueError("queries, keys and values must have the same batch size, got "
                         f"{queries.shape[0]}, {keys.shape[0]} and {values.shape[0]}")
    if keys.shape[1] != values.shape[1]:
        raise ValueError("keys and values must have the same number of entries (one value per key), "
                         f"got {keys.shape[1]} keys and {values.shape[1]} values")
    if keys.shape[1] == 0:
        raise ValueError(f"attention needs at least one key, got keys of shape {tuple(keys.shape)}")
    for name, x in (("queries", queries), ("keys", keys)):
        if x.shape[-1] == 0:
            raise ValueError(f"{name} must have a size >= 1 in the last axis, got shape {tuple(x.shape)}")
    weight = next(module.parameters(), None)
    dtype = queries.dtype if weight is None else weight.dtype
    for name, x in (("queries", queries), ("keys", keys), ("values", values)):
        if x.dtype != dtype:
            whose = "queries'" if weight is None else "the layer's weights'"
            raise TypeError(f"{name} has dtype {x.dtype} but {whose} dtype is {dtype}: convert one of them, "
                            f"e.g. {name}.to({dtype}) or module.to({x.dtype})")
    for name, x, size in (("queries", queries, getattr(module, "query_size", None)),
                          ("keys", keys, getattr(module, "key_size", None))):
        if size is not None and x.shape[-1] != size:   # layers built for one query and key size
            raise ValueError(f"{name} must have size {size} in the last axis, got shape {tuple(x.shape)}")


def _zero_unreachable_values(values, valid_lens):
    """Set the values no query may look at to 0, so that NaN or inf padding cannot leak through 0 · NaN.

    Shapes:
        values: (batch_size, num_keys, value_size); valid_lens: None or (batch_size, num_queries)
        returns: (batch_size, num_keys, value_size)
    """
    if valid_lens is None:
        return values
    reachable = sequence_mask(valid_lens.max(dim=1).values.to(values.device), values.shape[1])  # (B, K)
    return values.masked_fill(~reachable[:, :, None], 0.0)                # (B, K, 1) broadcast to (B, K, v)
