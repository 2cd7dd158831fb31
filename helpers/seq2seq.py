"""Sequence to sequence (序列到序列) with and without Bahdanau attention: encoder, two decoders, translation.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. The encoder reads the source sentence; the plain
decoder sees only the encoder's final state (one fixed context vector); the Bahdanau decoder
(Bahdanau 注意力) recomputes its context at every step: the query is the decoder's previous top-layer
hidden state, the keys and values are the encoder outputs (masked by the source's valid length), and the
context is concatenated with the input embedding. As in Bahdanau et al. (2015), the attention model's
encoder is bidirectional (双向), so the hidden state at each source word describes the words on both of its
sides. Decoders *return* their attention weights. Translation is greedy (贪心搜索) or by beam search
(束搜索) with length normalisation.
"""

import math
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from .attention import AdditiveAttention, DotProductAttention, MultiplicativeAttention, sequence_mask
from .checks import check_device, check_index_tensor, check_int, check_lengths, check_number, check_token_list
from .data import Vocab, encode, pad_batch, tokenize

__all__ = ["ModelSizes", "MODEL_DEFAULTS", "Seq2SeqEncoder", "Seq2SeqDecoder", "BahdanauDecoder", "Seq2Seq",
           "SCORINGS", "QUERY_STATES",
           "make_seq2seq", "greedy_decode", "beam_search", "translate", "translate_batch", "Translation",
           "check_vocabs", "save_seq2seq", "load_seq2seq", "count_parameters"]


@dataclass(frozen=True)
class ModelSizes:
    """The sizes of notebook 04's translator: the defaults of ``Seq2Seq``, ``make_seq2seq`` and the benchmark.

    ``num_attention_hiddens=None`` gives the attention MLP ``num_hiddens`` units.
    """

    embed_size: int = 64
    num_hiddens: int = 128
    num_layers: int = 1
    dropout: float = 0.0
    num_attention_hiddens: int | None = None


MODEL_DEFAULTS = ModelSizes()


class Seq2SeqEncoder(nn.Module):
    """GRU encoder (编码器): embeds the source and returns every step's top-layer output and the final state.

    Padding is skipped (packed sequences), so extra padding changes nothing; outputs there are 0.
    ``bidirectional=True`` runs ``num_hiddens // 2`` units forward and as many backward and concatenates
    them (forward first), in the outputs and, layer by layer, in the final state.

    Shapes:
        src: (batch_size, num_steps); valid_lens: None or (batch_size,)
        returns: outputs (batch_size, num_steps, num_hiddens), state (num_layers, batch_size, num_hiddens)
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers=1, dropout=0.0, bidirectional=False):
        super().__init__()
        if bidirectional and num_hiddens % 2:
            raise ValueError(f"a bidirectional encoder splits num_hiddens between two directions: "
                             f"expected an even number, got {num_hiddens}")
        self.bidirectional = bool(bidirectional)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.dropout = nn.Dropout(dropout)
        self.rnn = nn.GRU(embed_size, num_hiddens // 2 if bidirectional else num_hiddens, num_layers,
                          batch_first=True, dropout=dropout if num_layers > 1 else 0.0,
                          bidirectional=self.bidirectional)

    def _join_directions(self, state):
        """Concatenate each layer's forward and backward final states (unchanged when unidirectional).

        Shapes:
            state: (num_layers * num_directions, batch_size, num_hiddens // num_directions)
            returns: (num_layers, batch_size, num_hiddens)
        """
        if not self.bidirectional:
            return state
        state = state.reshape(-1, 2, *state.shape[1:])                  # (L, 2, B, H/2)
        return torch.cat([state[:, 0], state[:, 1]], dim=-1)            # (L, B, H)

    def forward(self, src, valid_lens=None):
        embedded = self.dropout(self.embedding(src))                    # (B, T, E)
        if valid_lens is None:
            outputs, state = self.rnn(embedded)                         # (B, T, H), (L * D, B, H / D)
            return outputs, self._join_directions(state)                # (B, T, H), (L, B, H)
        if int(valid_lens.min()) < 1:
            raise ValueError("every source needs at least one token (its <eos>), "
                             f"got valid_lens {valid_lens.tolist()}")
        packed = nn.utils.rnn.pack_padded_sequence(embedded, valid_lens.cpu(), batch_first=True,
                                                   enforce_sorted=False)
        outputs, state = self.rnn(packed)                               # state: (L * D, B, H / D)
        outputs, _ = nn.utils.rnn.pad_packed_sequence(outputs, batch_first=True,
                                                      total_length=src.shape[1])  # (B, T, H)
        return outputs, self._join_directions(state)                    # (B, T, H), (L, B, H)


class Seq2SeqDecoder(nn.Module):
    """Decoder without attention (解码器): every step sees the encoder's final top-layer state as its context.

    The decoder state is ``(context, hidden)``; ``forward`` returns ``None`` as its attention weights.

    Shapes:
        inputs: (batch_size, num_steps); context: (batch_size, num_hiddens)
        hidden: (num_layers, batch_size, num_hiddens)
        returns: logits (batch_size, num_steps, vocab_size), state, None
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers=1, dropout=0.0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.dropout = nn.Dropout(dropout)
        self.rnn = nn.GRU(embed_size + num_hiddens, num_hiddens, num_layers, batch_first=True,
                          dropout=dropout if num_layers > 1 else 0.0)
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, enc_state, enc_valid_lens=None):
        """The context is the encoder's final top-layer state; the hidden state starts from the encoder's."""
        return enc_state[-1], enc_state                                 # (B, H), (L, B, H)

    def forward(self, inputs, state):
        context, hidden = state
        embedded = self.dropout(self.embedding(inputs))                 # (B, T, E)
        context = context[:, None, :].expand(-1, inputs.shape[1], -1)   # (B, T, H)
        outputs, hidden = self.rnn(torch.cat([embedded, context], dim=-1), hidden)  # (B, T, H)
        logits = self.dense(self.dropout(outputs))                      # (B, T, V)
        return logits, (state[0], hidden), None


SCORINGS = ("additive", "dot", "multiplicative")
QUERY_STATES = ("previous", "current")


class BahdanauDecoder(nn.Module):
    """Decoder with Bahdanau attention (Bahdanau 注意力): a fresh context at every step.

    The decoder state is ``(enc_outputs, hidden, enc_valid_lens)``. ``step`` decodes one token;
    ``forward`` (teacher forcing) decodes all the given inputs and stacks the weights.
    ``num_attention_hiddens`` is the hidden size h of the additive attention's MLP (default: num_hiddens).

    ``scoring`` picks the attention score, each from ``helpers.attention``: ``"additive"`` (w_vᵀ tanh(W_q s
    + W_k h), the default), ``"dot"`` (scaled dot product sᵀh / √H) or ``"multiplicative"`` (sᵀ W h).
    ``query_state`` picks the query: ``"previous"`` (Bahdanau: attend with s_{t-1}, feed the context into
    the GRU, predict from s_t) or ``"current"`` (Luong: run the GRU on the input word first, attend with
    its new state s_t, predict from tanh(W_c [c_t; s_t])).

    Shapes:
        inputs: (batch_size, num_steps); enc_outputs: (batch_size, num_src_steps, num_hiddens)
        hidden: (num_layers, batch_size, num_hiddens); enc_valid_lens: None or (batch_size,)
        returns: logits (batch_size, num_steps, vocab_size), state,
                 weights (batch_size, num_steps, num_src_steps)
    """

    def __init__(self, vocab_size, embed_size, num_hiddens, num_layers=1, dropout=0.0,
                 num_attention_hiddens=None, scoring="additive", query_state="previous"):
        super().__init__()
        _check_choice("scoring", scoring, SCORINGS)
        _check_choice("query_state", query_state, QUERY_STATES)
        self.scoring, self.query_state = scoring, query_state
        if scoring == "additive":
            self.attention = AdditiveAttention(num_hiddens, num_hiddens, num_attention_hiddens or num_hiddens)
        elif scoring == "dot":
            self.attention = DotProductAttention()
        else:
            self.attention = MultiplicativeAttention(num_hiddens, num_hiddens)
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.dropout = nn.Dropout(dropout)
        if query_state == "previous":
            # One GRU cell per layer, stepped by hand: the context must be recomputed before every step.
            self.cells = nn.ModuleList([nn.GRUCell(num_hiddens + embed_size if layer == 0 else num_hiddens,
                                                   num_hiddens) for layer in range(num_layers)])
        else:
            # The GRU reads the words only, so it runs over the whole target at once (teacher forcing).
            self.rnn = nn.GRU(embed_size, num_hiddens, num_layers, batch_first=True,
                              dropout=dropout if num_layers > 1 else 0.0)
            self.combine = nn.Linear(2 * num_hiddens, num_hiddens)       # W_c of tanh(W_c [c_t; s_t])
        self.dense = nn.Linear(num_hiddens, vocab_size)

    def init_state(self, enc_outputs, enc_state, enc_valid_lens=None):
        """Keys and values are the encoder outputs; the hidden state starts from the encoder's final state."""
        return enc_outputs, enc_state, enc_valid_lens

    def attend_once(self, enc_outputs, enc_valid_lens):
        """What attention computes once per sentence: the keys as the score needs them, the mask of real ones.

        The keys are W_k h_i (additive), h_i / √H (dot) or W h_i (multiplicative).

        Shapes:
            returns: keys (batch_size, num_src_steps, num_attention_hiddens or num_hiddens),
                     mask None or (batch_size, num_src_steps)
        """
        if self.scoring == "additive":
            keys = self.attention.W_k(enc_outputs)                      # (B, T_src, h)
        elif self.scoring == "dot":
            keys = enc_outputs / math.sqrt(enc_outputs.shape[-1])      # (B, T_src, H)
        else:
            keys = self.attention.W(enc_outputs)                        # (B, T_src, H)
        mask = None if enc_valid_lens is None else sequence_mask(enc_valid_lens, enc_outputs.shape[1])
        return keys, mask

    def _attend(self, queries, enc_outputs, keys, mask):
        """Scores, masked softmax and context for a batch of queries (decoder states).

        Shapes:
            queries: (batch_size, num_queries, num_hiddens)
            returns: context (batch_size, num_queries, num_hiddens),
                     weights (batch_size, num_queries, num_src_steps)
        """
        if self.scoring == "additive":
            q = self.attention.W_q(queries)                             # (B, Q, h)
            scores = self.attention.w_v(torch.tanh(keys[:, None] + q[:, :, None])).squeeze(-1)  # (B, Q, T)
        else:
            scores = torch.bmm(queries, keys.transpose(1, 2))          # (B, Q, T_src)
        if mask is None:
            weights = torch.softmax(scores, dim=-1)                     # (B, Q, T_src)
        else:
            weights = torch.softmax(scores.masked_fill(~mask[:, None], torch.finfo(scores.dtype).min), dim=-1)
            weights = torch.where(mask[:, None], weights, 0.0)          # padding: exactly 0
        context = torch.bmm(self.attention.dropout(weights), enc_outputs)  # (B, Q, H)
        return context, weights

    def _cells(self, x, hidden):
        """Run the stacked GRU cells once; returns the new hidden states."""
        new_hidden = []
        for layer, cell in enumerate(self.cells):
            x = cell(x if layer == 0 else self.dropout(x), hidden[layer])  # (B, H)
            new_hidden.append(x)
        return torch.stack(new_hidden)

    def _step(self, embedded, state, keys, mask):
        """One step from the embedded input word: what the output layer reads, the new state, the weights."""
        enc_outputs, hidden, enc_valid_lens = state
        if self.query_state == "previous":
            context, weights = self._attend(hidden[-1][:, None], enc_outputs, keys, mask)  # query s_{t-1}
            hidden = self._cells(torch.cat([context[:, 0], embedded], dim=-1), hidden)    # (L, B, H)
            out = hidden[-1]                                            # (B, H): s_t
        else:
            _, hidden = self.rnn(embedded[:, None], hidden)             # (L, B, H)
            context, weights = self._attend(hidden[-1][:, None], enc_outputs, keys, mask)  # query s_t
            out = torch.tanh(self.combine(torch.cat([context[:, 0], hidden[-1]], dim=-1)))  # (B, H)
        return out, (enc_outputs, hidden, enc_valid_lens), weights[:, 0]

    def step(self, token, state):
        """Decode one step: attention and the GRU cells, in the order ``query_state`` says.

        The keys are projected by ``attend_once`` from the parts of ``self.attention`` (``W_q``, ``W_k``,
        ``w_v``; or ``W``) so that ``forward`` can project them once for all steps.

        Shapes:
            token: (batch_size,)
            returns: logits (batch_size, vocab_size), state, weights (batch_size, num_src_steps)
        """
        keys, mask = self.attend_once(state[0], state[2])
        out, state, weights = self._step(self.dropout(self.embedding(token)), state, keys, mask)
        return self.dense(self.dropout(out)), state, weights             # (B, V), state, (B, T_src)

    def forward(self, inputs, state):
        keys, mask = self.attend_once(state[0], state[2])               # once, not at every step
        embedded = self.dropout(self.embedding(inputs))                 # (B, T, E)
        if self.query_state == "current":                               # the GRU never reads the context:
            enc_outputs, hidden, enc_valid_lens = state                 # run it first, attend once for all
            tops, hidden = self.rnn(embedded, hidden)                   # (B, T, H), (L, B, H)
            context, weights = self._attend(tops, enc_outputs, keys, mask)  # (B, T, H), (B, T, T_src)
            outs = torch.tanh(self.combine(torch.cat([context, tops], dim=-1)))  # (B, T, H)
            logits = self.dense(self.dropout(outs))                     # (B, T, V)
            return logits, (enc_outputs, hidden, enc_valid_lens), weights
        all_outs, all_weights = [], []
        for t in range(inputs.shape[1]):
            out, state, weights = self._step(embedded[:, t], state, keys, mask)  # (B, H), (B, T_src)
            all_outs.append(out)
            all_weights.append(weights)
        logits = self.dense(self.dropout(torch.stack(all_outs, 1)))     # (B, T, V): one matmul for all steps
        return logits, state, torch.stack(all_weights, 1)               # (B, T, V), (B, T, T_src)


def _check_choice(name, value, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {value!r}")


class Seq2Seq(nn.Module):
    """Encoder–decoder (编码器-解码器) for translation, with (``attention=True``) or without attention.

    ``forward`` uses teacher forcing: the decoder reads ``<bos>`` + the target shifted right.
    ``num_attention_hiddens=None`` gives the attention MLP ``num_hiddens`` units. ``bidirectional=None``
    gives the attention model a bidirectional encoder and the plain model a unidirectional one.
    ``scoring`` and ``query_state`` choose the attention decoder's score and query (see ``BahdanauDecoder``).

    Shapes:
        src: (batch_size, num_src_steps); src_valid_lens: (batch_size,)
        dec_inputs: (batch_size, num_tgt_steps)
        returns: logits (batch_size, num_tgt_steps, tgt_vocab_size),
                 weights (batch_size, num_tgt_steps, num_src_steps) or None
    """

    def __init__(self, src_vocab_size, tgt_vocab_size, attention=True, embed_size=MODEL_DEFAULTS.embed_size,
                 num_hiddens=MODEL_DEFAULTS.num_hiddens, num_layers=MODEL_DEFAULTS.num_layers,
                 dropout=MODEL_DEFAULTS.dropout, num_attention_hiddens=MODEL_DEFAULTS.num_attention_hiddens,
                 bidirectional=None, scoring="additive", query_state="previous"):
        super().__init__()
        check_int("num_attention_hiddens", num_attention_hiddens, minimum=1, allow_none=True)
        num_attention_hiddens = num_attention_hiddens or num_hiddens
        for name, value in [("src_vocab_size", src_vocab_size), ("tgt_vocab_size", tgt_vocab_size),
                            ("embed_size", embed_size), ("num_hiddens", num_hiddens),
                            ("num_layers", num_layers), ("num_attention_hiddens", num_attention_hiddens)]:
            check_int(name, value, minimum=1)
        check_number("dropout", dropout, 0.0, 1.0, high_open=True)
        for name, value in (("attention", attention), ("bidirectional", bidirectional)):
            if value is not None and not isinstance(value, bool):
                raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
        bidirectional = bool(attention) if bidirectional is None else bidirectional
        _check_choice("scoring", scoring, SCORINGS)
        _check_choice("query_state", query_state, QUERY_STATES)
        if not attention and (scoring, query_state) != ("additive", "previous"):
            raise ValueError(f"scoring and query_state are options of the attention decoder: with "
                             f"attention=False leave them as they are, got scoring={scoring!r}, "
                             f"query_state={query_state!r}")
        self.config = dict(src_vocab_size=src_vocab_size, tgt_vocab_size=tgt_vocab_size,
                           attention=bool(attention), embed_size=embed_size, num_hiddens=num_hiddens,
                           num_layers=num_layers, dropout=float(dropout),
                           num_attention_hiddens=num_attention_hiddens, bidirectional=bidirectional,
                           scoring=scoring, query_state=query_state)
        self.encoder = Seq2SeqEncoder(src_vocab_size, embed_size, num_hiddens, num_layers, dropout,
                                      bidirectional)
        if attention:
            self.decoder = BahdanauDecoder(tgt_vocab_size, embed_size, num_hiddens, num_layers, dropout,
                                           num_attention_hiddens, scoring, query_state)
        else:
            self.decoder = Seq2SeqDecoder(tgt_vocab_size, embed_size, num_hiddens, num_layers, dropout)

    @property
    def attention(self):
        """Whether the decoder uses Bahdanau attention."""
        return self.config["attention"]

    def forward(self, src, src_valid_lens, dec_inputs):
        enc_outputs, enc_state = self.encoder(src, src_valid_lens)      # (B, T_src, H), (L, B, H)
        state = self.decoder.init_state(enc_outputs, enc_state, src_valid_lens)
        logits, _, weights = self.decoder(dec_inputs, state)            # (B, T, V), (B, T, T_src)
        return logits, weights


def make_seq2seq(src_vocab, tgt_vocab, attention=True, embed_size=MODEL_DEFAULTS.embed_size,
                 num_hiddens=MODEL_DEFAULTS.num_hiddens, num_layers=MODEL_DEFAULTS.num_layers,
                 dropout=MODEL_DEFAULTS.dropout, num_attention_hiddens=MODEL_DEFAULTS.num_attention_hiddens,
                 seed=0, bidirectional=None, scoring="additive", query_state="previous"):
    """A ``Seq2Seq`` sized for the two vocabularies, weights drawn from ``seed`` (global RNG untouched)."""
    for name, vocab in (("src_vocab", src_vocab), ("tgt_vocab", tgt_vocab)):
        if not isinstance(vocab, Vocab):
            raise TypeError(f"{name} must be a helpers.data.Vocab, got {type(vocab).__name__}")
    check_int("seed", seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return Seq2Seq(len(src_vocab), len(tgt_vocab), attention, embed_size, num_hiddens, num_layers,
                       dropout, num_attention_hiddens, bidirectional, scoring, query_state)


def count_parameters(model):
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def _check_decode_inputs(model, src, src_valid_lens, bos_index, eos_index, max_len):
    """The checks greedy and beam decoding share: source batch, lengths, special indices, device."""
    check_int("max_len", max_len, minimum=1)
    check_index_tensor("src", src, 2, model.config["src_vocab_size"])
    check_lengths("src_valid_lens", src_valid_lens, src.shape[0], src.shape[1], minimum=1)
    check_int("bos_index", bos_index, 0, model.config["tgt_vocab_size"] - 1)
    check_int("eos_index", eos_index, 0, model.config["tgt_vocab_size"] - 1)
    _check_same_device(model, src, src_valid_lens)


@torch.no_grad()
def greedy_decode(model, src, src_valid_lens, bos_index, eos_index, max_len=20):
    """Greedy decoding (贪心搜索) of a padded batch: each step feeds back the most likely token.

    A sequence stops at ``<eos>`` or after ``max_len`` tokens; positions after its ``<eos>`` hold
    ``eos_index`` and weight rows of 0.

    Shapes:
        src: (batch_size, num_src_steps); src_valid_lens: (batch_size,)
        returns: tokens (batch_size, num_steps <= max_len), lengths (batch_size,) counting the <eos>,
                 weights (batch_size, num_steps, num_src_steps) or None
    """
    check_model(model)
    _check_decode_inputs(model, src, src_valid_lens, bos_index, eos_index, max_len)
    was_training = model.training
    model.eval()
    try:
        enc_outputs, enc_state = model.encoder(src, src_valid_lens)
        state = model.decoder.init_state(enc_outputs, enc_state, src_valid_lens)
        batch_size = src.shape[0]
        token = torch.full((batch_size,), bos_index, dtype=torch.long, device=src.device)  # (B,)
        finished = torch.zeros(batch_size, dtype=torch.bool, device=src.device)
        lengths = torch.full((batch_size,), max_len, dtype=torch.long, device=src.device)
        all_tokens, all_weights = [], []
        for t in range(max_len):
            if model.attention:
                logits, state, weights = model.decoder.step(token, state)  # (B, V), (B, T_src)
                all_weights.append(weights.masked_fill(finished[:, None], 0.0))
            else:
                logits, state, _ = model.decoder(token[:, None], state)  # (B, 1, V)
                logits = logits[:, 0]                                    # (B, V)
            token = logits.argmax(dim=-1).masked_fill(finished, eos_index)  # (B,)
            all_tokens.append(token)
            newly_done = (token == eos_index) & ~finished
            lengths[newly_done] = t + 1
            finished |= newly_done
            if bool(finished.all()):
                break
        tokens = torch.stack(all_tokens, 1)                              # (B, steps)
        weights = torch.stack(all_weights, 1) if model.attention else None  # (B, steps, T_src)
        return tokens, lengths, weights
    finally:
        model.train(was_training)


def _reorder_state(state, rows):
    """Pick the decoder-state rows ``rows`` (hidden states carry the batch in axis 1, the rest in axis 0)."""
    context_or_keys, hidden, *rest = state
    picked = [context_or_keys[rows], hidden[:, rows]]
    return tuple(picked + [None if r is None else r[rows] for r in rest])


@torch.no_grad()
def beam_search(model, src, src_valid_lens, bos_index, eos_index, beam_size=4, max_len=20, alpha=0.75):
    """Beam search (束搜索) of a padded batch: keep the ``beam_size`` best partial translations per sentence.

    A hypothesis y of length L (its ``<eos>`` included) scores ``log P(y | x) / L**alpha`` (length
    normalisation; ``alpha=0`` gives the plain log-probability). At every step each hypothesis is extended
    by every word and the ``beam_size`` best scores are kept; a hypothesis that has produced ``<eos>``
    stays in the beam with its score, unchanged. The search stops when every hypothesis has ended, or
    after ``max_len`` tokens; the best one is returned, with its attention weights. ``beam_size=1`` is
    greedy decoding. Outputs are laid out as ``greedy_decode``'s.

    Shapes:
        src: (batch_size, num_src_steps); src_valid_lens: (batch_size,)
        returns: tokens (batch_size, num_steps <= max_len), lengths (batch_size,) counting the <eos>,
                 weights (batch_size, num_steps, num_src_steps) or None
    """
    check_model(model)
    check_int("beam_size", beam_size, minimum=1)
    check_number("alpha", alpha, low=0.0)
    _check_decode_inputs(model, src, src_valid_lens, bos_index, eos_index, max_len)
    was_training = model.training
    model.eval()
    try:
        batch_size, k, device = src.shape[0], beam_size, src.device
        rows = torch.arange(batch_size, device=device).repeat_interleave(k)          # (B k,)
        enc_outputs, enc_state = model.encoder(src, src_valid_lens)   # (B, T_src, H), (L, B, H)
        state = model.decoder.init_state(enc_outputs, enc_state, src_valid_lens)
        state = _reorder_state(state, rows)                            # every sentence k times
        if model.attention:
            keys, mask = model.decoder.attend_once(state[0], state[2])  # (B k, T_src, h), (B k, T_src)
        log_probs = torch.full((batch_size, k), -math.inf, device=device)  # (B, k) log P of each hypothesis
        log_probs[:, 0] = 0.0                                          # one live hypothesis at the start
        lengths = torch.zeros(batch_size, k, dtype=torch.long, device=device)        # tokens so far
        finished = torch.zeros(batch_size, k, dtype=torch.bool, device=device)
        token = torch.full((batch_size * k,), bos_index, dtype=torch.long, device=device)
        tokens = torch.zeros(batch_size, k, 0, dtype=torch.long, device=device)      # (B, k, t)
        weights = torch.zeros(batch_size, k, 0, src.shape[1], device=device)        # (B, k, t, T_src)
        for _ in range(max_len):
            if model.attention:
                embedded = model.decoder.embedding(token)              # (B k, E)
                top, state, step_weights = model.decoder._step(embedded, state, keys, mask)
                logits = model.decoder.dense(top)                      # (B k, V)
            else:
                logits, state, _ = model.decoder(token[:, None], state)
                logits, step_weights = logits[:, 0], None              # (B k, V)
            step_log_probs = torch.log_softmax(logits.float(), dim=-1).view(batch_size, k, -1)  # (B, k, V)
            vocab_size = step_log_probs.shape[-1]
            # an ended hypothesis has one continuation, <eos> again, at no cost and no extra length
            ended = torch.full_like(step_log_probs[0, 0], -math.inf)
            ended[eos_index] = 0.0
            step_log_probs = torch.where(finished[..., None], ended, step_log_probs)
            new_log_probs = log_probs[..., None] + step_log_probs       # (B, k, V)
            new_lengths = lengths + (~finished).long()                 # (B, k)
            scores = new_log_probs / new_lengths[..., None].float() ** alpha      # (B, k, V)
            best = scores.view(batch_size, -1).topk(k, dim=-1).indices  # (B, k) over k V candidates
            beam, word = best // vocab_size, best % vocab_size          # (B, k) each
            log_probs = new_log_probs.view(batch_size, -1).gather(1, best)
            lengths = new_lengths.gather(1, beam)
            was_finished = finished.gather(1, beam)
            finished = was_finished | (word == eos_index) | torch.isinf(log_probs)
            tokens = torch.cat([tokens.gather(1, beam[..., None].expand(-1, -1, tokens.shape[2])),
                                word[..., None]], dim=2)               # (B, k, t + 1)
            if step_weights is not None:
                step_weights = step_weights.view(batch_size, k, -1).gather(
                    1, beam[..., None].expand(-1, -1, src.shape[1]))  # (B, k, T_src)
                step_weights = step_weights.masked_fill(was_finished[..., None], 0.0)
                kept = weights.gather(1, beam[..., None, None].expand(-1, -1, *weights.shape[2:]))
                weights = torch.cat([kept, step_weights[:, :, None]], dim=2)  # (B, k, t + 1, T_src)
            flat = (torch.arange(batch_size, device=device)[:, None] * k + beam).reshape(-1)  # (B k,)
            state = _reorder_state(state, flat)
            token = word.reshape(-1)
            if bool(finished.all()):
                break
        final = log_probs / lengths.clamp(min=1).float() ** alpha      # (B, k)
        choice = final.argmax(dim=-1)                                  # (B,)
        batch = torch.arange(batch_size, device=device)
        lengths = lengths[batch, choice]                               # (B,) with the <eos>, if any
        return (tokens[batch, choice], lengths,
                weights[batch, choice] if model.attention else None)
    finally:
        model.train(was_training)


@dataclass
class Translation:
    """A translation: output tokens, their attention weights and the source tokens the model read.

    Shapes:
        tokens: list of num_out str (without ``<eos>``)
        weights: (num_out, num_src + 1), or None without attention
        source_tokens: list of num_src + 1 str, the sentence's tokens and ``<eos>``
                       (words missing from the vocabulary were read as ``<unk>``)
    """

    tokens: list
    weights: torch.Tensor
    source_tokens: list


def _check_same_device(model, src, src_valid_lens):
    if src_valid_lens.device != src.device:
        raise ValueError(f"src and src_valid_lens must be on the same device, got {src.device} and "
                         f"{src_valid_lens.device}")
    if src.device != _model_device(model):
        raise ValueError(f"src is on {src.device} but the model is on {_model_device(model)}: "
                         f"move it with src.to({str(_model_device(model))!r})")


def _model_device(model):
    return next(model.parameters()).device


def check_model(model):
    """``model`` is a ``Seq2Seq`` (a bare encoder or decoder cannot translate)."""
    if not isinstance(model, Seq2Seq):
        raise TypeError(f"model must be a helpers.seq2seq.Seq2Seq (e.g. from make_seq2seq), "
                        f"got {type(model).__name__}")


def _source_tokens(sentence, index=None):
    where = "sentence" if index is None else f"sentences[{index}]"
    if isinstance(sentence, str):
        tokens = tokenize(sentence)
    else:
        tokens = check_token_list(where, sentence)
        if index is None and any(len(tokenize(t)) != 1 for t in tokens):
            raise TypeError(f"sentence must be one str or one list of tokens, got a list of sentences "
                            f"({tokens[:2]!r}...): use translate_batch for several sentences")
    if not tokens:
        raise ValueError(f"cannot translate an empty sentence: {where} must hold at least one word, "
                         f"got {sentence!r}")
    return tokens


def translate_batch(model, sentences, src_vocab, tgt_vocab, max_len=20, batch_size=256, beam_size=1,
                    alpha=0.75, num_threads=1):
    """Translate many sentences (strings or token lists) batch by batch, greedily or by beam search.

    ``beam_size=1`` is greedy decoding; a larger one uses ``beam_search`` with length normalisation
    ``alpha``. On the CPU it uses ``num_threads`` threads, as ``train_seq2seq`` does, and restores the
    previous setting afterwards (``None`` keeps it). Returns one ``Translation`` per sentence, like
    ``translate``.
    """
    if isinstance(sentences, str):
        raise TypeError("sentences must be a list of sentences, got one str: use translate for one sentence")
    if not isinstance(sentences, (list, tuple)):
        raise TypeError(f"sentences must be a list of str or of token lists, got {type(sentences).__name__}")
    check_vocabs(model, src_vocab, tgt_vocab)
    check_int("max_len", max_len, minimum=1)
    check_int("batch_size", batch_size, minimum=1)
    check_int("beam_size", beam_size, minimum=1)
    check_number("alpha", alpha, low=0.0)
    check_int("num_threads", num_threads, minimum=1, allow_none=True)
    device = _model_device(model)
    token_lists = [_source_tokens(s, i) for i, s in enumerate(sentences)]
    results = []
    previous_threads = torch.get_num_threads()
    if num_threads is not None and device.type == "cpu":
        torch.set_num_threads(num_threads)
    try:
        for start in range(0, len(token_lists), batch_size):
            results += _translate_chunk(model, token_lists[start:start + batch_size], src_vocab, tgt_vocab,
                                        max_len, beam_size, alpha, device)
    finally:
        torch.set_num_threads(previous_threads)
    return results


def _translate_chunk(model, chunk, src_vocab, tgt_vocab, max_len, beam_size, alpha, device):
    """Translate one batch of token lists: pad, decode, cut each output at its <eos>."""
    results = []
    src, src_valid_lens = pad_batch([encode(t, src_vocab) for t in chunk], src_vocab.pad)
    src, src_valid_lens = src.to(device), src_valid_lens.to(device)
    if beam_size == 1:
        tokens, lengths, weights = greedy_decode(model, src, src_valid_lens, tgt_vocab.bos, tgt_vocab.eos,
                                                 max_len)
    else:
        tokens, lengths, weights = beam_search(model, src, src_valid_lens, tgt_vocab.bos, tgt_vocab.eos,
                                               beam_size, max_len, alpha)
    for row, source in enumerate(chunk):
        n = int(lengths[row])
        n_out = n - 1 if tokens[row, n - 1] == tgt_vocab.eos else n   # drop the final <eos>
        source_tokens = source + ["<eos>"]
        w = None if weights is None else weights[row, :n_out, :len(source_tokens)].cpu()
        results.append(Translation(tgt_vocab.to_tokens(tokens[row, :n_out].cpu()), w, source_tokens))
    return results


def translate(model, sentence, src_vocab, tgt_vocab, max_len=20, beam_size=1, alpha=0.75):
    """Translate one sentence (a string or a token list); stops at ``<eos>`` or ``max_len`` tokens.

    Greedy with ``beam_size=1`` (the default), beam search (束搜索) with a larger one.

    Shapes:
        returns: Translation(tokens: list of num_out str, weights: (num_out, num_src + 1) or None,
                             source_tokens: list of num_src + 1 str ending in "<eos>")
    """
    if not isinstance(sentence, (str, list, tuple)):
        raise TypeError(f"sentence must be a str or a list of tokens, got {type(sentence).__name__}")
    _source_tokens(sentence)
    return translate_batch(model, [sentence], src_vocab, tgt_vocab, max_len, beam_size=beam_size,
                           alpha=alpha)[0]


def check_vocabs(model, src_vocab, tgt_vocab):
    """The two vocabularies are those the model was built for (same sizes), before any computation."""
    check_model(model)
    for name, vocab, key in [("src_vocab", src_vocab, "src_vocab_size"),
                             ("tgt_vocab", tgt_vocab, "tgt_vocab_size")]:
        if not isinstance(vocab, Vocab):
            raise TypeError(f"{name} must be a helpers.data.Vocab, got {type(vocab).__name__}")
        if len(vocab) != model.config[key]:
            raise ValueError(f"{name} has {len(vocab)} tokens but the model was built for a {key} of "
                             f"{model.config[key]}: use the vocabularies the model was made with (re-running "
                             f"the data cell with other settings, or reverse=True, changes them)")


_FORMAT = "helpers.seq2seq/1"


def save_seq2seq(path, model, src_vocab, tgt_vocab):
    """Save a model's configuration and weights with its two vocabularies (readable with ``weights_only``)."""
    if not isinstance(model, Seq2Seq):
        raise TypeError(f"model must be a helpers.seq2seq.Seq2Seq, got {type(model).__name__}")
    check_vocabs(model, src_vocab, tgt_vocab)
    torch.save({"format": _FORMAT, "config": dict(model.config),
                "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
                "src_vocab": list(src_vocab.idx_to_token), "tgt_vocab": list(tgt_vocab.idx_to_token)},
               path)


def load_seq2seq(path, device="cpu"):
    """Load ``(model, src_vocab, tgt_vocab)`` saved by ``save_seq2seq``; the model comes back in eval mode."""
    path = Path(path)
    device = check_device(device)
    if not path.is_file():
        raise FileNotFoundError(f"model file not found: looked for {path.resolve()}")
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable file is reported the same way
        raise ValueError(f"{path} is not a readable saved Seq2Seq model "
                         f"({type(error).__name__}: {str(error)[:200]})") from error
    expected = {"format", "config", "state_dict", "src_vocab", "tgt_vocab"}
    if not isinstance(saved, dict) or saved.get("format") != _FORMAT or not expected <= saved.keys():
        found = sorted(saved.keys()) if isinstance(saved, dict) else type(saved).__name__
        raise ValueError(f"{path} is not a saved Seq2Seq model: expected format {_FORMAT!r} with keys "
                         f"{sorted(expected)}, got {found}")
    src_vocab, tgt_vocab = Vocab.from_tokens(saved["src_vocab"]), Vocab.from_tokens(saved["tgt_vocab"])
    try:
        # files saved before the encoder could be bidirectional hold a unidirectional one
        model = Seq2Seq(**{"bidirectional": False, "scoring": "additive", "query_state": "previous",
                           **saved["config"]})
        model.load_state_dict(saved["state_dict"])
    except (TypeError, RuntimeError) as error:
        raise ValueError(f"{path}: the saved weights do not fit the saved configuration "
                         f"{saved['config']}: {str(error)[:300]}") from error
    check_vocabs(model, src_vocab, tgt_vocab)
    return model.to(device).eval(), src_vocab, tgt_vocab
