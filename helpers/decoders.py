"""Decoders (解码器) of ``helpers.seq2seq``: without attention, and Bahdanau's and Luong's with attention.

Introduced in ``notebooks/04_attention_seq2seq.ipynb`` (the plain decoder and Bahdanau's) and compared in
``notebooks/06_attention_alignment.ipynb``. The attention decoders compute a fresh context at every step
with a layer of ``helpers.attention``, the same class notebook 03 builds: the keys and values are the
encoder outputs, masked by the source's valid length.

- ``BahdanauDecoder`` (Bahdanau 注意力): the query is the previous state s_{t-1}; the context c_t goes
  into the GRU with the previous word; the output layer reads s_t.
- ``LuongDecoder``: the GRU reads the previous word first; its new state s_t is the query; the output
  layer reads tanh(W_c [c_t; s_t]).

Each of their other differences is an option of its own: ``feed_context`` (the context enters the GRU;
Luong's decoder then feeds the previous context c_{t-1}) and ``output`` (``"state"``: s_t, ``"combine"``:
tanh(W_c [c_t; s_t])). Every decoder has ``init_state``, ``step`` (one token, used by
``helpers.decoding``) and ``forward`` (teacher forcing), and *returns* its attention weights.
"""

from typing import NamedTuple

import torch
from torch import nn

from .attention import AdditiveAttention, DotProductAttention, MultiplicativeAttention

__all__ = ["DecoderState", "Seq2SeqDecoder", "AttentionDecoder", "BahdanauDecoder", "LuongDecoder",
           "DECODERS", "SCORINGS", "OUTPUTS"]


class DecoderState(NamedTuple):
    """What a decoder carries from one step to the next.

    Shapes:
        hidden: (num_layers, batch_size, num_hiddens), the GRU's state s
        memory: None or (batch_size, num_src_steps, num_hiddens), the encoder outputs (the values)
        keys: None or (batch_size, num_src_steps, ...), the keys as the attention layer prepared them
        valid_lens: None or (batch_size,), the source lengths that mask the padding
        context: None or (batch_size, num_hiddens): the plain decoder's fixed context, or the previous
                 context c_{t-1} that a Luong decoder with ``feed_context`` gives its GRU
    """

    hidden: torch.Tensor
    memory: torch.Tensor | None = None
    keys: torch.Tensor | None = None
    valid_lens: torch.Tensor | None = None
    context: torch.Tensor | None = None

    def select(self, rows: torch.Tensor) -> "DecoderState":
        """The state of the batch rows ``rows``, in that order (beam search repeats and reorders them)."""
        rest = (None if x is None else x[rows] for x in self[1:])
        return DecoderState(self.hidden[:, rows], *rest)                 # hidden: batch in axis 1


class AttentionDecoder(nn.Module):
    """What the attention decoders share: embedding, attention layer, output layer, ``step`` and ``forward``.

    A subclass builds its GRU in ``build_rnn`` and defines ``recur(embedded, state)``: one step of its
    equations.

    Shapes:
        inputs: (batch_size, num_steps); token: (batch_size,)
        forward returns: logits (batch_size, num_steps, vocab_size), state,
                         weights (batch_size, num_steps, num_src_steps)
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers=1, dropout=0.0,
                 num_attention_hiddens=None, scoring="additive", feed_context=True, output="state"):
        super().__init__()
        _check_choice("scoring", scoring, SCORINGS)
        _check_choice("output", output, OUTPUTS)
        if not isinstance(feed_context, bool):
            raise TypeError(f"feed_context must be True or False, got {feed_context!r}")
        if not feed_context and output == "state":
            raise ValueError("with feed_context=False and output='state' the context would reach neither "
                             "the GRU nor the output layer: set feed_context=True or output='combine'")
        self.feed_context, self.output = feed_context, output
        self.attention = _make_attention(scoring, num_hiddens, num_attention_hiddens or num_hiddens)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.dropout = nn.Dropout(dropout)
        self.build_rnn(embed_size + (num_hiddens if feed_context else 0), num_hiddens, num_layers, dropout)
        if output == "combine":
            self.combine = nn.Linear(2 * num_hiddens, num_hiddens)      # W_c of tanh(W_c [c_t; s_t])
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, enc_state, enc_valid_lens=None) -> DecoderState:
        """Keys (prepared once per sentence) and values: the encoder outputs; s_0: the encoder's state."""
        return DecoderState(enc_state, enc_outputs, self.attention.prepare_keys(enc_outputs),
                            enc_valid_lens)

    def attend(self, query, state):
        """Context and weights of one query per sentence. Shapes: query (B, H) -> (B, H), (B, T_src)."""
        context, weights = self.attention.attend(query[:, None], state.keys, state.memory, state.valid_lens)
        return context[:, 0], weights[:, 0]

    def read_out(self, s, context):
        """What the output layer reads: s_t, or tanh(W_c [c_t; s_t]). Shapes: (B, H), (B, H) -> (B, H)."""
        if self.output == "state":
            return s
        return torch.tanh(self.combine(torch.cat([context, s], dim=-1)))

    def step(self, token, state):
        """Decode one token. Shapes: token (B,) -> logits (B, V), state, weights (B, T_src)."""
        out, state, weights = self.recur(self.dropout(self.embedding(token)), state)
        return self.dense(self.dropout(out)), state, weights

    def forward(self, inputs, state):
        embedded = self.dropout(self.embedding(inputs))                 # (B, T, E)
        outs, all_weights = [], []
        for t in range(inputs.shape[1]):
            out, state, weights = self.recur(embedded[:, t], state)     # (B, H), (B, T_src)
            outs.append(out)
            all_weights.append(weights)
        logits = self.dense(self.dropout(torch.stack(outs, 1)))         # (B, T, V): one matmul for all
        return logits, state, torch.stack(all_weights, 1)               # (B, T, V), (B, T, T_src)


class BahdanauDecoder(AttentionDecoder):
    """Bahdanau's decoder: attend with s_{t-1}, feed c_t into the GRU, predict from s_t.

    ``scoring`` picks the attention layer: ``"additive"`` (w_vᵀ tanh(W_q s + W_k h), the default),
    ``"dot"`` (sᵀh / √H) or ``"multiplicative"`` (sᵀ W h). ``num_attention_hiddens`` is the additive
    layer's hidden size h (default: num_hiddens). One GRU cell per layer, stepped by hand: the context
    must be computed before every step.
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers=1, dropout=0.0,
                 num_attention_hiddens=None, scoring="additive", feed_context=True, output="state"):
        super().__init__(vocab_size, embed_size, num_hiddens, num_layers, dropout, num_attention_hiddens,
                         scoring, feed_context, output)

    def build_rnn(self, input_size, num_hiddens, num_layers, dropout):
        sizes = [input_size] + [num_hiddens] * (num_layers - 1)
        self.cells = nn.ModuleList([nn.GRUCell(size, num_hiddens) for size in sizes])

    def recur(self, embedded, state):
        """One step from the embedded previous word e(y_{t-1}). Shapes: (B, E) -> (B, H), state, (B, T_src).

        c_t = attention(s_{t-1}, h_1..h_T);  s_t = GRU([c_t; e(y_{t-1})], s_{t-1});  out = s_t
        """
        context, weights = self.attend(state.hidden[-1], state)        # query: s_{t-1}, top layer
        x = torch.cat([context, embedded], dim=-1) if self.feed_context else embedded  # (B, H + E)
        hidden = []
        for layer, cell in enumerate(self.cells):
            x = cell(x if layer == 0 else self.dropout(x), state.hidden[layer])  # (B, H)
            hidden.append(x)
        hidden = torch.stack(hidden)                                    # (L, B, H): s_t
        return self.read_out(hidden[-1], context), state._replace(hidden=hidden), weights


class LuongDecoder(AttentionDecoder):
    """Luong's decoder: run the GRU on the previous word, attend with its new state s_t, predict from
    tanh(W_c [c_t; s_t]).

    Without ``feed_context`` the GRU reads the words only, so ``forward`` runs it over the whole target at
    once (teacher forcing) and attends with every state together. ``feed_context=True`` gives the GRU the
    previous context c_{t-1} with each word (c_0 = 0), close to Luong et al.'s input feeding (which feeds
    the attentional vector tanh(W_c [c_{t-1}; s_{t-1}]) instead).
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers=1, dropout=0.0,
                 num_attention_hiddens=None, scoring="additive", feed_context=False, output="combine"):
        super().__init__(vocab_size, embed_size, num_hiddens, num_layers, dropout, num_attention_hiddens,
                         scoring, feed_context, output)

    def build_rnn(self, input_size, num_hiddens, num_layers, dropout):
        self.rnn = nn.GRU(input_size, num_hiddens, num_layers, batch_first=True,
                          dropout=dropout if num_layers > 1 else 0.0)

    def init_state(self, enc_outputs, enc_state, enc_valid_lens=None) -> DecoderState:
        state = super().init_state(enc_outputs, enc_state, enc_valid_lens)
        if not self.feed_context:
            return state
        return state._replace(context=enc_outputs.new_zeros(enc_state.shape[1:]))  # c_0 = 0: (B, H)

    def recur(self, embedded, state):
        """One step from the embedded previous word e(y_{t-1}). Shapes: (B, E) -> (B, H), state, (B, T_src).

        s_t = GRU(e(y_{t-1}) [; c_{t-1}], s_{t-1});  c_t = attention(s_t, h_1..h_T)
        out = tanh(W_c [c_t; s_t])
        """
        x = torch.cat([embedded, state.context], dim=-1) if self.feed_context else embedded
        _, hidden = self.rnn(x[:, None], state.hidden)                 # (L, B, H): s_t
        context, weights = self.attend(hidden[-1], state)              # query: s_t, top layer
        new_state = state._replace(hidden=hidden, context=context if self.feed_context else None)
        return self.read_out(hidden[-1], context), new_state, weights

    def forward(self, inputs, state):
        if self.feed_context:                                           # each step needs the last context
            return super().forward(inputs, state)
        embedded = self.dropout(self.embedding(inputs))                 # (B, T, E)
        tops, hidden = self.rnn(embedded, state.hidden)                 # (B, T, H), (L, B, H)
        context, weights = self.attention.attend(tops, state.keys, state.memory, state.valid_lens)
        outs = self.read_out(tops, context)                             # (B, T, H)
        return self.dense(self.dropout(outs)), state._replace(hidden=hidden), weights


class Seq2SeqDecoder(nn.Module):
    """Decoder without attention (解码器): every step sees the encoder's final top-layer state as its context.

    Shapes:
        inputs: (batch_size, num_steps); token: (batch_size,)
        forward returns: logits (batch_size, num_steps, vocab_size), state, None
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers=1, dropout=0.0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.dropout = nn.Dropout(dropout)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, batch_first=True,
                          dropout=dropout if num_layers > 1 else 0.0)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, enc_state, enc_valid_lens=None) -> DecoderState:
        """The context is the encoder's final top-layer state; the hidden state starts from the encoder's."""
        return DecoderState(enc_state, context=enc_state[-1])          # (L, B, H), (B, H)

    def step(self, token, state):
        """Decode one token. Shapes: token (B,) -> logits (B, V), state, None."""
        logits, state, _ = self(token[:, None], state)
        return logits[:, 0], state, None

    def forward(self, inputs, state):
        embedded = self.dropout(self.embedding(inputs))                 # (B, T, E)
        context = state.context[:, None, :].expand(-1, inputs.shape[1], -1)  # (B, T, H)
        outputs, hidden = self.rnn(torch.cat([embedded, context], dim=-1), state.hidden)  # (B, T, H)
        logits = self.dense(self.dropout(outputs))                      # (B, T, V)
        return logits, state._replace(hidden=hidden), None


DECODERS = {"bahdanau": BahdanauDecoder, "luong": LuongDecoder, "plain": Seq2SeqDecoder}
SCORINGS = ("additive", "dot", "multiplicative")
OUTPUTS = ("state", "combine")


def _make_attention(scoring, num_hiddens, num_attention_hiddens):
    """The attention layer of a decoder: queries and keys are both of size num_hiddens."""
    if scoring == "additive":
        return AdditiveAttention(num_hiddens, num_hiddens, num_attention_hiddens)
    if scoring == "dot":
        return DotProductAttention()
    return MultiplicativeAttention(num_hiddens, num_hiddens)


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")
