"""Sequence to sequence (序列到序列): the GRU encoder, the encoder–decoder model, saving and loading.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. The encoder reads the source sentence, by default
in both directions (双向) as in Bahdanau et al. (2015), so the hidden state at each source word describes
the words on both of its sides. ``Seq2Seq`` joins it to one of the decoders of ``helpers.decoders``:
``"bahdanau"`` (Bahdanau 注意力, notebook 04's translator), ``"luong"`` or ``"plain"`` (no attention: one
fixed context vector); ``"transformer"`` builds the Transformer of ``helpers.transformer`` instead
(notebook 07). Decoding (greedy, beam search) is in ``helpers.decoding``.
"""

from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from .checks import check_int, check_number
from .data import Vocab
from .decoders import DECODERS, SCORINGS, Seq2SeqDecoder, _check_choice
from .device import check_device
from .transformer import TransformerDecoder, TransformerEncoder

__all__ = ["ModelSizes", "MODEL_DEFAULTS", "Seq2SeqEncoder", "Seq2Seq", "make_seq2seq", "check_model",
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

    def _join_directions(self, state):
        """Concatenate each layer's forward and backward final states: (L * D, B, H / D) -> (L, B, H)."""
        if not self.bidirectional:
            return state
        state = state.reshape(-1, 2, *state.shape[1:])                  # (L, 2, B, H/2)
        return torch.cat([state[:, 0], state[:, 1]], dim=-1)            # (L, B, H)


class Seq2Seq(nn.Module):
    """Encoder–decoder (编码器-解码器) for translation: ``"bahdanau"``, ``"luong"`` or ``"plain"`` GRU decoder
    after a GRU encoder, or ``"transformer"`` (a Transformer encoder and decoder, ``helpers.transformer``).

    ``forward`` uses teacher forcing: the decoder reads ``<bos>`` + the target shifted right. The GRU
    encoder is bidirectional unless ``bidirectional=False``, whatever the decoder. ``scoring``,
    ``feed_context`` and ``output`` are options of the attention decoders; ``num_heads``, ``ffn_hiddens``
    and ``max_len`` (the longest sequence the positional table covers) of the Transformer. None: the
    model's own default; an option of another model is refused.

    Shapes:
        src: (batch_size, num_src_steps); src_valid_lens: (batch_size,)
        dec_inputs: (batch_size, num_tgt_steps)
        returns: logits (batch_size, num_tgt_steps, tgt_vocab_size),
                 weights (batch_size, num_tgt_steps, num_src_steps) or None
    """

    def __init__(self, src_vocab_size: int, tgt_vocab_size: int, decoder: str = "bahdanau",
                 embed_size: int | None = None, num_hiddens: int = MODEL_DEFAULTS.num_hiddens,
                 num_layers: int = MODEL_DEFAULTS.num_layers, dropout: float = MODEL_DEFAULTS.dropout,
                 num_attention_hiddens: int | None = None, bidirectional: bool | None = None,
                 scoring: str | None = None, feed_context: bool | None = None, output: str | None = None,
                 num_heads: int | None = None, ffn_hiddens: int | None = None, max_len: int | None = None):
        super().__init__()
        self.config = c = _model_config(
            src_vocab_size, tgt_vocab_size, decoder, num_hiddens, num_layers, dropout,
            dict(embed_size=embed_size, num_attention_hiddens=num_attention_hiddens,
                 bidirectional=bidirectional, scoring=scoring, feed_context=feed_context, output=output,
                 num_heads=num_heads, ffn_hiddens=ffn_hiddens, max_len=max_len))
        if decoder == "transformer":
            sizes = (num_hiddens, num_layers, c["num_heads"], c["ffn_hiddens"], dropout, c["max_len"])
            self.encoder = TransformerEncoder(src_vocab_size, *sizes)
            self.decoder = TransformerDecoder(tgt_vocab_size, *sizes)
            return
        self.encoder = Seq2SeqEncoder(src_vocab_size, c["embed_size"], num_hiddens, num_layers, dropout,
                                      c["bidirectional"])
        sizes = (tgt_vocab_size, c["embed_size"], num_hiddens, num_layers, dropout)
        if decoder == "plain":
            self.decoder = Seq2SeqDecoder(*sizes)
        else:
            self.decoder = DECODERS[decoder](*sizes, c["num_attention_hiddens"], c["scoring"],
                                             c["feed_context"], c["output"])

    @property
    def has_attention(self) -> bool:
        """Whether the decoder attends (every decoder but ``"plain"``)."""
        return self.config["decoder"] != "plain"

    def forward(self, src, src_valid_lens, dec_inputs):
        enc_outputs, enc_state = self.encoder(src, src_valid_lens)      # (B, T_src, H), (L, B, H)
        state = self.decoder.init_state(enc_outputs, enc_state, src_valid_lens)
        logits, _, weights = self.decoder(dec_inputs, state)            # (B, T, V), (B, T, T_src)
        return logits, weights


def make_seq2seq(src_vocab: Vocab, tgt_vocab: Vocab, decoder: str = "bahdanau",
                 embed_size: int | None = None, num_hiddens: int = MODEL_DEFAULTS.num_hiddens,
                 num_layers: int = MODEL_DEFAULTS.num_layers, dropout: float = MODEL_DEFAULTS.dropout,
                 num_attention_hiddens: int | None = None, seed: int = 0, bidirectional: bool | None = None,
                 scoring: str | None = None, feed_context: bool | None = None, output: str | None = None,
                 num_heads: int | None = None, ffn_hiddens: int | None = None,
                 max_len: int | None = None) -> Seq2Seq:
    """A ``Seq2Seq`` sized for the two vocabularies, weights drawn from ``seed`` (global RNG untouched)."""
    for name, vocab in (("src_vocab", src_vocab), ("tgt_vocab", tgt_vocab)):
        if not isinstance(vocab, Vocab):
            raise TypeError(f"{name} must be a helpers.data.Vocab, got {type(vocab).__name__}")
    check_int("seed", seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return Seq2Seq(len(src_vocab), len(tgt_vocab), decoder, embed_size, num_hiddens, num_layers,
                       dropout, num_attention_hiddens, bidirectional, scoring, feed_context, output,
                       num_heads, ffn_hiddens, max_len)


def count_parameters(model: nn.Module) -> int:
    """Number of trainable parameters."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


_FORMAT = "helpers.seq2seq/2"
_OLD_FORMAT = "helpers.seq2seq/1"   # attention=True/False and query_state="previous"/"current"


def save_seq2seq(path, model: Seq2Seq, src_vocab: Vocab, tgt_vocab: Vocab) -> None:
    """Save a model's configuration and weights with its two vocabularies (readable with ``weights_only``)."""
    check_vocabs(model, src_vocab, tgt_vocab)
    torch.save({"format": _FORMAT, "config": dict(model.config),
                "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()},
                "src_vocab": list(src_vocab.idx_to_token), "tgt_vocab": list(tgt_vocab.idx_to_token)},
               path)


def load_seq2seq(path, device="cpu") -> tuple[Seq2Seq, Vocab, Vocab]:
    """Load ``(model, src_vocab, tgt_vocab)`` saved by ``save_seq2seq``; the model comes back in eval mode.

    Files saved in the earlier format (``attention``, ``query_state``) load as the same model.
    """
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
    if (not isinstance(saved, dict) or saved.get("format") not in (_FORMAT, _OLD_FORMAT)
            or not expected <= saved.keys()):
        found = sorted(saved.keys()) if isinstance(saved, dict) else type(saved).__name__
        raise ValueError(f"{path} is not a saved Seq2Seq model: expected format {_FORMAT!r} with keys "
                         f"{sorted(expected)}, got {found}")
    config = saved["config"] if saved["format"] == _FORMAT else _upgrade_config(saved["config"])
    src_vocab, tgt_vocab = Vocab.from_tokens(saved["src_vocab"]), Vocab.from_tokens(saved["tgt_vocab"])
    try:
        model = Seq2Seq(**config)
        model.load_state_dict(saved["state_dict"])
    except (TypeError, RuntimeError, ValueError) as error:
        raise ValueError(f"{path}: the saved weights do not fit the saved configuration "
                         f"{saved['config']}: {str(error)[:300]}") from error
    check_vocabs(model, src_vocab, tgt_vocab)
    return model.to(device).eval(), src_vocab, tgt_vocab


def _upgrade_config(old):
    """An earlier file's configuration in today's terms (its weights keep their names)."""
    config = {key: value for key, value in old.items() if key not in ("attention", "query_state")}
    config.setdefault("bidirectional", False)      # files from before the bidirectional option
    if not old.get("attention", True):
        return {**config, "decoder": "plain", "scoring": None}
    current = old.get("query_state", "previous") == "current"
    return {**config, "decoder": "luong" if current else "bahdanau"}


# Checks at the boundary: the model's settings, and what decoding and training are given.

GRU_OPTIONS = ("embed_size", "num_attention_hiddens", "bidirectional", "scoring", "feed_context", "output")
TRANSFORMER_OPTIONS = ("num_heads", "ffn_hiddens", "max_len")


def _model_config(src_vocab_size, tgt_vocab_size, decoder, num_hiddens, num_layers, dropout, options):
    """The checked settings of a ``Seq2Seq``: the model's own options with their defaults filled in."""
    if decoder in (True, False) or decoder not in (*DECODERS, "transformer"):
        raise ValueError(f"decoder must be one of {', '.join(map(repr, [*DECODERS, 'transformer']))}, "
                         f"got {decoder!r}")
    for name, value in [("src_vocab_size", src_vocab_size), ("tgt_vocab_size", tgt_vocab_size),
                        ("num_hiddens", num_hiddens), ("num_layers", num_layers)]:
        check_int(name, value, minimum=1)
    check_number("dropout", dropout, 0.0, 1.0, high_open=True)
    config = dict(src_vocab_size=src_vocab_size, tgt_vocab_size=tgt_vocab_size, decoder=decoder,
                  num_hiddens=num_hiddens, num_layers=num_layers, dropout=float(dropout))
    own = {"transformer": TRANSFORMER_OPTIONS, "plain": GRU_OPTIONS[:3]}.get(decoder, GRU_OPTIONS)
    foreign = {name: value for name, value in options.items() if name not in own and value is not None}
    if foreign:
        raise ValueError(f"{', '.join(foreign)}: not an option of decoder={decoder!r} (leave it None), "
                         f"got {foreign}")
    if decoder == "transformer":
        return {**config, **_transformer_options(num_hiddens, **{k: options[k] for k in own})}
    return {**config, **_gru_options(decoder, num_hiddens, **{k: options[k] for k in GRU_OPTIONS})}


def _gru_options(decoder, num_hiddens, embed_size, num_attention_hiddens, bidirectional, scoring,
                 feed_context, output):
    embed_size = MODEL_DEFAULTS.embed_size if embed_size is None else embed_size
    check_int("embed_size", embed_size, minimum=1)
    check_int("num_attention_hiddens", num_attention_hiddens, minimum=1, allow_none=True)
    bidirectional = True if bidirectional is None else bidirectional
    if not isinstance(bidirectional, bool):
        raise TypeError(f"bidirectional must be True or False, got {type(bidirectional).__name__} "
                        f"{bidirectional!r}")
    options = dict(embed_size=embed_size, num_attention_hiddens=num_attention_hiddens or num_hiddens,
                   bidirectional=bidirectional)
    if decoder == "plain":
        return options
    bahdanau = decoder == "bahdanau"
    scoring = "additive" if scoring is None else scoring
    _check_choice("scoring", scoring, SCORINGS)
    return {**options, "scoring": scoring, "feed_context": bahdanau if feed_context is None else feed_context,
            "output": ("state" if bahdanau else "combine") if output is None else output}


def _transformer_options(num_hiddens, num_heads, ffn_hiddens, max_len):
    options = dict(num_heads=4 if num_heads is None else num_heads,
                   ffn_hiddens=2 * num_hiddens if ffn_hiddens is None else ffn_hiddens,
                   max_len=128 if max_len is None else max_len)
    for name, value in options.items():
        check_int(name, value, minimum=1)
    return options


def check_model(model) -> None:
    """``model`` is a ``Seq2Seq`` (a bare encoder or decoder cannot translate)."""
    if not isinstance(model, Seq2Seq):
        raise TypeError(f"model must be a helpers.seq2seq.Seq2Seq (e.g. from make_seq2seq), "
                        f"got {type(model).__name__}")


def check_vocabs(model, src_vocab, tgt_vocab) -> None:
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
