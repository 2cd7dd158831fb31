"""The Transformer (Vaswani et al., 2017): multi-head attention (多头注意力), positional encoding (位置编码),
and an encoder–decoder built from them alone, without recurrence.

Introduced in ``notebooks/07_self_attention_transformer.ipynb``. ``MultiHeadAttention`` runs ``num_heads``
scaled dot-product attentions (``helpers.attention.DotProductAttention``) side by side on slices of
``num_hiddens / num_heads`` dimensions: one reshape puts the heads in the batch axis. Each layer adds its
input back and normalises (post-norm, as the paper and PyTorch's default do). The decoder's
self-attention is causal (掩蔽): position t sees positions 1..t. Its ``step`` keeps every layer's inputs
so far in ``DecoderState.hidden``, so greedy and beam search (``helpers.decoding``) run it unchanged.
"""

import math
from dataclasses import dataclass

import torch
from torch import nn

from .attention import DotProductAttention
from .checks import check_int, check_number, check_tensor
from .decoders import DecoderState

__all__ = ["MultiHeadAttention", "PositionalEncoding", "EncoderBlock", "DecoderBlock", "TransformerEncoder",
           "TransformerDecoder", "causal_valid_lens", "torch_layer_like", "TRANSFORMER_DEFAULTS"]


@dataclass(frozen=True)
class TransformerSettings:
    """Notebook 07's Transformer: its sizes and learning rate, the defaults of the benchmarks."""

    num_hiddens: int = 64
    num_layers: int = 2
    num_heads: int = 4
    ffn_hiddens: int = 128
    lr: float = 0.005


TRANSFORMER_DEFAULTS = TransformerSettings()


class MultiHeadAttention(nn.Module):
    """head_i = attention(Q W_q^(i), K W_k^(i), V W_v^(i));  output = [head_1; ...; head_h] W_o.

    Shapes:
        queries: (batch_size, num_queries, num_hiddens); keys, values: (batch_size, num_keys, num_hiddens)
        valid_lens: None, (batch_size,) or (batch_size, num_queries)
        returns: output (batch_size, num_queries, num_hiddens),
                 weights (batch_size, num_heads, num_queries, num_keys)
    """

    def __init__(self, num_hiddens, num_heads, dropout=0.0, bias=True):
        super().__init__()
        check_int("num_hiddens", num_hiddens, minimum=1)
        check_int("num_heads", num_heads, minimum=1)
        if num_hiddens % num_heads:
            raise ValueError(f"num_hiddens must split evenly into num_heads heads: {num_hiddens} is not a "
                             f"multiple of num_heads={num_heads} (try num_heads in "
                             f"{[h for h in range(1, num_hiddens + 1) if num_hiddens % h == 0][:8]})")
        self.num_heads = num_heads
        self.attention = DotProductAttention(dropout)
        self.W_q = nn.Linear(num_hiddens, num_hiddens, bias=bias)
        self.W_k = nn.Linear(num_hiddens, num_hiddens, bias=bias)
        self.W_v = nn.Linear(num_hiddens, num_hiddens, bias=bias)
        self.W_o = nn.Linear(num_hiddens, num_hiddens, bias=bias)

    def forward(self, queries, keys, values, valid_lens=None):
        _check_mha_inputs(queries, keys, values, self.W_q.in_features)
        B, h = queries.shape[0], self.num_heads
        q, k, v = (self.split_heads(W(x)) for W, x in
                   ((self.W_q, queries), (self.W_k, keys), (self.W_v, values)))  # (B h, T, H / h)
        if valid_lens is not None:
            valid_lens = torch.repeat_interleave(valid_lens, h, dim=0)    # one copy per head: (B h, ...)
        output, weights = self.attention(q, k, v, valid_lens)             # (B h, Q, H / h), (B h, Q, K)
        output = self.W_o(self.join_heads(output))                        # (B, Q, H)
        return output, weights.reshape(B, h, *weights.shape[1:])          # (B, h, Q, K)

    def split_heads(self, x):
        """(B, T, H) -> (B h, T, H / h): the heads move into the batch axis."""
        B, T, H = x.shape
        x = x.reshape(B, T, self.num_heads, H // self.num_heads)          # (B, T, h, H / h)
        return x.permute(0, 2, 1, 3).reshape(B * self.num_heads, T, -1)    # (B h, T, H / h)

    def join_heads(self, x):
        """(B h, T, H / h) -> (B, T, H): the heads side by side again."""
        Bh, T, d = x.shape
        x = x.reshape(Bh // self.num_heads, self.num_heads, T, d)          # (B, h, T, H / h)
        return x.permute(0, 2, 1, 3).reshape(Bh // self.num_heads, T, -1)  # (B, T, H)


class PositionalEncoding(nn.Module):
    """Sinusoidal positional encoding: P[i, 2j] = sin(i / 10000^(2j/d)), P[i, 2j+1] = cos(i / 10000^(2j/d)).

    ``forward(x, start)`` adds rows ``start .. start + T - 1`` of the table to x.

    Shapes:
        x: (batch_size, num_steps, num_hiddens); returns the same shape
    """

    def __init__(self, num_hiddens, max_len=100, dropout=0.0):
        super().__init__()
        check_int("num_hiddens", num_hiddens, minimum=2)
        check_int("max_len", max_len, minimum=1)
        check_number("dropout", dropout, 0.0, 1.0, high_open=True)
        self.dropout = nn.Dropout(dropout)
        positions = torch.arange(max_len, dtype=torch.float32)[:, None]   # (max_len, 1)
        frequencies = torch.pow(10000, torch.arange(0, num_hiddens, 2, dtype=torch.float32) / num_hiddens)
        table = torch.zeros(max_len, num_hiddens)
        table[:, 0::2] = torch.sin(positions / frequencies)                # even columns
        table[:, 1::2] = torch.cos(positions / frequencies[: num_hiddens // 2])  # odd columns
        self.register_buffer("table", table, persistent=False)             # (max_len, d)

    def forward(self, x, start=0):
        check_tensor("x", x, 3)
        if x.shape[-1] != self.table.shape[1]:
            raise ValueError(f"x must have size {self.table.shape[1]} in the last axis (num_hiddens), "
                             f"got shape {tuple(x.shape)}")
        end = start + x.shape[1]
        if end > self.table.shape[0]:
            raise ValueError(f"positions up to {end} need a positional table of at least {end} rows, but "
                             f"max_len is {self.table.shape[0]}: build the model with a larger max_len")
        return self.dropout(x + self.table[start:end].to(x.dtype))


class EncoderBlock(nn.Module):
    """One encoder layer: X = LayerNorm(X + SelfAttention(X));  X = LayerNorm(X + FFN(X))."""

    def __init__(self, num_hiddens, num_heads, ffn_hiddens, dropout=0.0):
        super().__init__()
        self.attention = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.norm1, self.norm2 = nn.LayerNorm(num_hiddens), nn.LayerNorm(num_hiddens)
        self.ffn = nn.Sequential(nn.Linear(num_hiddens, ffn_hiddens), nn.ReLU(),
                                 nn.Dropout(dropout), nn.Linear(ffn_hiddens, num_hiddens))
        self.dropout = nn.Dropout(dropout)

    def forward(self, X, valid_lens=None):
        attended, weights = self.attention(X, X, X, valid_lens)          # (B, T, H), (B, h, T, T)
        X = self.norm1(X + self.dropout(attended))
        return self.norm2(X + self.dropout(self.ffn(X))), weights


class DecoderBlock(nn.Module):
    """One decoder layer: causal self-attention, attention over the encoder's outputs, FFN; each sublayer
    added back and normalised.

    Shapes:
        X: (B, Q, H), the positions to compute; past: (B, T, H), the layer's inputs at every position up to
        and including the last of X (the keys and values of self-attention); memory: (B, T_src, H)
        returns: (B, Q, H), cross-attention weights (B, h, Q, T_src)
    """

    def __init__(self, num_hiddens, num_heads, ffn_hiddens, dropout=0.0):
        super().__init__()
        self.self_attention = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.cross_attention = MultiHeadAttention(num_hiddens, num_heads, dropout)
        self.norm1, self.norm2, self.norm3 = (nn.LayerNorm(num_hiddens) for _ in range(3))
        self.ffn = nn.Sequential(nn.Linear(num_hiddens, ffn_hiddens), nn.ReLU(),
                                 nn.Dropout(dropout), nn.Linear(ffn_hiddens, num_hiddens))
        self.dropout = nn.Dropout(dropout)

    def forward(self, X, past, memory, self_valid_lens=None, memory_valid_lens=None):
        attended, _ = self.self_attention(X, past, past, self_valid_lens)   # causal: see causal_valid_lens
        X = self.norm1(X + self.dropout(attended))
        attended, weights = self.cross_attention(X, memory, memory, memory_valid_lens)  # (B, Q, H)
        X = self.norm2(X + self.dropout(attended))
        return self.norm3(X + self.dropout(self.ffn(X))), weights


def causal_valid_lens(batch_size, num_steps, device=None):
    """Valid lengths that let query t see keys 1..t only (the decoder's causal mask, 掩蔽).

    Shapes:
        returns: (batch_size, num_steps): every row 1, 2, ..., num_steps
    """
    return torch.arange(1, num_steps + 1, device=device).repeat(batch_size, 1)


class TransformerEncoder(nn.Module):
    """Embedding × √d + positional encoding, then ``num_layers`` encoder blocks.

    Returns the top layer's outputs and ``None`` for a final state (there is no recurrence).

    Shapes:
        src: (batch_size, num_steps); valid_lens: None or (batch_size,)
        returns: outputs (batch_size, num_steps, num_hiddens), None
    """

    def __init__(self, vocab_size, num_hiddens, num_layers, num_heads, ffn_hiddens, dropout=0.0, max_len=100):
        super().__init__()
        self.num_hiddens = num_hiddens
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.positions = PositionalEncoding(num_hiddens, max_len, dropout)
        self.blocks = nn.ModuleList([EncoderBlock(num_hiddens, num_heads, ffn_hiddens, dropout)
                                     for _ in range(num_layers)])

    def forward(self, src, valid_lens=None):
        X = self.positions(self.embedding(src) * math.sqrt(self.num_hiddens))  # (B, T, H)
        for block in self.blocks:
            X, _ = block(X, valid_lens)
        return X, None


class TransformerDecoder(nn.Module):
    """Embedding × √d + positional encoding, ``num_layers`` decoder blocks, a linear output layer.

    The weights it returns are the last layer's cross-attention averaged over its heads;
    ``forward(..., all_heads=True)`` returns every layer's and head's instead.
    """

    def __init__(self, vocab_size, num_hiddens, num_layers, num_heads, ffn_hiddens, dropout=0.0, max_len=100):
        super().__init__()
        self.num_hiddens = num_hiddens
        self.embedding = nn.Embedding(vocab_size, num_hiddens)
        self.positions = PositionalEncoding(num_hiddens, max_len, dropout)
        self.blocks = nn.ModuleList([DecoderBlock(num_hiddens, num_heads, ffn_hiddens, dropout)
                                     for _ in range(num_layers)])
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, enc_state=None, enc_valid_lens=None) -> DecoderState:
        """Memory: the encoder outputs; hidden: each layer's inputs so far, none yet (L, B, 0, H)."""
        B, _, H = enc_outputs.shape
        past = enc_outputs.new_zeros(len(self.blocks), B, 0, H)
        return DecoderState(past, enc_outputs, None, enc_valid_lens)

    def forward(self, inputs, state, all_heads=False):
        """Teacher forcing: every position at once, each seeing itself and the ones before it."""
        B, T = inputs.shape
        start = state.hidden.shape[2]
        X = self.positions(self.embedding(inputs) * math.sqrt(self.num_hiddens), start)  # (B, T, H)
        causal = causal_valid_lens(B, T, inputs.device) + start          # (B, T): sees past and up to t
        pasts, all_weights = [], []
        for block, past in zip(self.blocks, state.hidden, strict=True):
            past = torch.cat([past, X], dim=1)                            # (B, start + T, H)
            pasts.append(past)
            X, weights = block(X, past, state.memory, causal, state.valid_lens)  # (B, T, H), (B, h, T, S)
            all_weights.append(weights)
        weights = torch.stack(all_weights, 1) if all_heads else all_weights[-1].mean(1)
        return self.dense(X), state._replace(hidden=torch.stack(pasts)), weights

    def step(self, token, state):
        """Decode one token. Shapes: token (B,) -> logits (B, V), state, weights (B, T_src)."""
        logits, state, weights = self(token[:, None], state)
        return logits[:, 0], state, weights[:, 0]


def torch_layer_like(block):
    """PyTorch's own layer with this block's weights: ``nn.MultiheadAttention`` for a
    ``MultiHeadAttention``, ``nn.TransformerEncoderLayer`` / ``nn.TransformerDecoderLayer`` for a block
    (post-norm, ReLU, batch first, no dropout), in eval mode, to compare outputs with."""
    if isinstance(block, MultiHeadAttention):
        layer = nn.MultiheadAttention(block.W_q.in_features, block.num_heads, batch_first=True,
                                      bias=block.W_q.bias is not None)
        _copy_attention(block, layer)
    elif isinstance(block, (EncoderBlock, DecoderBlock)):
        encoder = isinstance(block, EncoderBlock)
        d, f = block.norm1.normalized_shape[0], block.ffn[0].out_features
        heads = (block.attention if encoder else block.self_attention).num_heads
        kind = nn.TransformerEncoderLayer if encoder else nn.TransformerDecoderLayer
        layer = kind(d, heads, f, dropout=0.0, batch_first=True)
        pairs = [(block.attention, layer.self_attn)] if encoder else \
            [(block.self_attention, layer.self_attn), (block.cross_attention, layer.multihead_attn)]
        for ours, theirs in pairs:
            _copy_attention(ours, theirs)
        layer.linear1.load_state_dict(block.ffn[0].state_dict())
        layer.linear2.load_state_dict(block.ffn[3].state_dict())
        for name in ("norm1", "norm2") if encoder else ("norm1", "norm2", "norm3"):
            getattr(layer, name).load_state_dict(getattr(block, name).state_dict())
    else:
        raise TypeError(f"block must be a MultiHeadAttention, EncoderBlock or DecoderBlock, "
                        f"got {type(block).__name__}")
    return layer.to(next(block.parameters()).dtype).eval()


def _copy_attention(ours, theirs):
    """Our W_q, W_k, W_v, W_o into nn.MultiheadAttention's stacked in_proj and out_proj."""
    with torch.no_grad():
        theirs.in_proj_weight.copy_(torch.cat([ours.W_q.weight, ours.W_k.weight, ours.W_v.weight]))
        theirs.out_proj.weight.copy_(ours.W_o.weight)
        if ours.W_q.bias is not None:
            theirs.in_proj_bias.copy_(torch.cat([ours.W_q.bias, ours.W_k.bias, ours.W_v.bias]))
            theirs.out_proj.bias.copy_(ours.W_o.bias)


def _check_mha_inputs(queries, keys, values, num_hiddens):
    for name, x in (("queries", queries), ("keys", keys), ("values", values)):
        check_tensor(name, x, 3)
        if x.shape[-1] != num_hiddens:
            raise ValueError(f"{name} must have size {num_hiddens} (num_hiddens) in the last axis, "
                             f"got shape {tuple(x.shape)}")
