"""English–French sentence pairs for machine translation (机器翻译): loader, tokenizer, vocabulary, batches.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. A corpus file holds one pair per line,
``English<TAB>French`` in UTF-8 (extra columns, as in the Tatoeba ``fra.txt`` export, are ignored). Text
is put in Unicode NFC form and lowercased, the typography of web pages and word processors (curly quotes
and apostrophes, ``…``, non-breaking spaces) becomes what a keyboard types, and punctuation is split off
into tokens of its own. Every token list ends with ``<eos>`` when it is turned into indices.

Real exports, such as Tatoeba's (``data/tatoeba-eng-fra.txt``), are read as they come: a third
(attribution) column is ignored, a byte-order mark and Windows line endings are dropped, the narrow
no-break space French puts before ``!`` and ``?`` is a space, invisible format characters are dropped and
control characters are spaces. Several French translations of one English sentence stay separate pairs.
``load_translation_data`` skips a pair with a side over ``max_tokens`` tokens (counted in ``skipped``) and,
with ``drop_duplicates=True``, a pair that repeats an earlier one (counted in ``duplicates``); a line with
one column, an empty side or a side with no tokens is an error naming the file and the line.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import torch

from .checks import check_int, check_token_list, check_token_lists
from .files import read_lines

__all__ = ["PAD", "BOS", "EOS", "UNK", "SPECIAL_TOKENS", "read_pairs", "normalize", "tokenize",
           "num_words", "Vocab", "TranslationData", "load_translation_data", "encode", "pad_batch",
           "make_batches", "check_pairs", "Batch", "MAX_TOKENS", "DATA_DIR", "data_path"]

# The course's data/ folder. Notebooks name their files through data_path, so that the same code runs in
# notebooks/ and in notebooks/zh/ (a kernel's working directory is its notebook's folder).
DATA_DIR = Path(__file__).resolve().parents[1] / "data"

PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"
SPECIAL_TOKENS = (PAD, BOS, EOS, UNK)  # indices 0, 1, 2, 3 in every vocabulary

_PUNCTUATION = ".,!?;:«»\"()"
_TOKEN_RE = re.compile(r"[^\s" + re.escape(_PUNCTUATION) + r"]+|[" + re.escape(_PUNCTUATION) + r"]")


MAX_TOKENS = 50  # longer sentences are skipped: one of them would make every batch it joins that long


def _iter_pairs(path):
    """Yield ``(line_number, english, french)`` for every non-blank line of a corpus file."""
    for line_number, line in read_lines(path, "corpus file"):
        if not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) < 2 or not columns[0].strip() or not columns[1].strip():
            raise ValueError(f"{path}, line {line_number}: expected 'English<TAB>French', "
                             f"got {line[:60]!r}")
        yield line_number, columns[0].strip(), columns[1].strip()


def data_path(name: str) -> Path:
    """The path of the file ``name`` in the course's data/ folder, e.g. ``data_path("eng-fra.txt")``."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, the name of a file in {DATA_DIR}, got {type(name).__name__}")
    if not name or Path(name).name != name:
        raise ValueError(f"name must be the name of a file in {DATA_DIR}, such as 'eng-fra.txt', "
                         f"got {name!r}")
    path = DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"data file not found: looked for {path}; the course's helpers package must "
                                "be installed editable from the course folder (pip install -e .)")
    return path


def read_pairs(path, num_pairs: int | None = None) -> list[tuple[str, str]]:
    """Read ``(english, french)`` string pairs, in file order, from a tab-separated UTF-8 corpus file.

    Blank lines are skipped; a line without a tab, or with an empty side, or a file that is not UTF-8,
    raises ``ValueError`` naming the file and the line number.

    Shapes:
        returns: list of num_pairs (english, french) tuples of str
    """
    check_int("num_pairs", num_pairs, minimum=0, allow_none=True)
    pairs = []
    if num_pairs == 0:
        return pairs
    for _, english, french in _iter_pairs(path):
        pairs.append((english, french))
        if num_pairs is not None and len(pairs) >= num_pairs:
            break
    return pairs


# What a web page or a word processor writes -> what a keyboard types.
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'", "\u2032": "'",  # ‘ ’ ‚ ‛ ʼ ′
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',                # “ ” „ ‟ ″
    "\u2026": "...",                                                                       # …
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",               # no-break, thin
    "\u200b": "", "\ufeff": "",                                                             # zero-width
})


# Invisible format characters (soft hyphen, zero-width and direction marks) are dropped; control characters
# other than tab and line breaks become spaces.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u206a-\u206f\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def normalize(text: str) -> str:
    """Unicode NFC, typed quotes, apostrophes, ``...`` and spaces for typographic ones, then lowercase.

    Invisible format characters (zero-width, soft hyphen, direction marks) are dropped and control
    characters become spaces.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    return unicodedata.normalize("NFC", text).translate(_TYPOGRAPHY).lower()


def tokenize(text: str) -> list[str]:
    """Split a sentence into lowercase word and punctuation tokens: ``"Va !"`` -> ``["va", "!"]``.

    Apostrophes and hyphens stay inside words (``"j'ai"``, ``"arrête-toi"``), as in d2l.
    """
    return _TOKEN_RE.findall(normalize(text))


def num_words(tokens: list[str]) -> int:
    """Number of words in a token list: tokens with a letter or digit (punctuation does not count)."""
    check_token_list("tokens", tokens)
    return sum(any(ch.isalnum() for ch in token) for token in tokens)


class Vocab:
    """Token ↔ index table: ``<pad> <bos> <eos> <unk>`` first, then tokens by frequency (ties alphabetical).

    Tokens seen fewer than ``min_freq`` times are left out and map to ``<unk>``.
    """

    def __init__(self, sentences=(), min_freq: int = 1):
        check_int("min_freq", min_freq, minimum=1)
        sentences = check_token_lists("sentences", sentences)
        counter = Counter(token for sentence in sentences for token in sentence)
        frequent = sorted((t for t, c in counter.items() if c >= min_freq and t not in SPECIAL_TOKENS),
                          key=lambda t: (-counter[t], t))
        self.min_freq = min_freq
        self.idx_to_token = list(SPECIAL_TOKENS) + frequent
        self.token_to_idx = {token: idx for idx, token in enumerate(self.idx_to_token)}

    @classmethod
    def from_tokens(cls, idx_to_token):
        """Rebuild a vocabulary from its ``idx_to_token`` list (as stored by ``save_seq2seq``)."""
        idx_to_token = list(idx_to_token)
        if tuple(idx_to_token[:len(SPECIAL_TOKENS)]) != SPECIAL_TOKENS:
            raise ValueError(f"a vocabulary must start with {list(SPECIAL_TOKENS)}, "
                             f"got {idx_to_token[:len(SPECIAL_TOKENS)]}")
        if len(set(idx_to_token)) != len(idx_to_token):
            raise ValueError("a vocabulary must not list a token twice")
        vocab = cls()
        vocab.idx_to_token = idx_to_token
        vocab.token_to_idx = {token: idx for idx, token in enumerate(idx_to_token)}
        return vocab

    def __len__(self):
        return len(self.idx_to_token)

    def __contains__(self, token):
        return token in self.token_to_idx

    def __getitem__(self, tokens):
        """Index of a token (``<unk>``'s for unknown ones), or a list of indices for a list of tokens."""
        if isinstance(tokens, (list, tuple)):
            return [self[token] for token in tokens]
        return self.token_to_idx.get(tokens, self.unk)

    def to_tokens(self, indices):
        """Token of an index, or a list of tokens for a list (or 1-D tensor) of indices."""
        if isinstance(indices, torch.Tensor):
            indices = indices.tolist()
        if isinstance(indices, (list, tuple)):
            return [self.idx_to_token[int(i)] for i in indices]
        return self.idx_to_token[int(indices)]

    pad = property(lambda self: 0, doc="Index of ``<pad>``.")
    bos = property(lambda self: 1, doc="Index of ``<bos>``.")
    eos = property(lambda self: 2, doc="Index of ``<eos>``.")
    unk = property(lambda self: 3, doc="Index of ``<unk>``.")

    def __repr__(self):
        return f"Vocab(size={len(self)}, first={self.idx_to_token[4:9]})"


@dataclass
class TranslationData:
    """Tokenized training and test pairs with the vocabularies built from the training pairs."""

    train: list      # list of (source_tokens, target_tokens)
    test: list       # list of (source_tokens, target_tokens)
    src_vocab: Vocab
    tgt_vocab: Vocab
    skipped: int = 0     # pairs left out because a side had more than max_tokens tokens
    duplicates: int = 0  # pairs left out because an earlier line held the same pair (drop_duplicates=True)

    def __repr__(self):
        skipped = f", skipped={self.skipped} pairs over max_tokens" if self.skipped else ""
        duplicates = f", duplicates={self.duplicates} repeated pairs dropped" if self.duplicates else ""
        return (f"TranslationData(train={len(self.train)} pairs, test={len(self.test)} pairs, "
                f"src_vocab={len(self.src_vocab)} tokens, tgt_vocab={len(self.tgt_vocab)} tokens"
                f"{skipped}{duplicates})")


def load_translation_data(path, num_train: int = 2500, num_test: int | None = None, min_freq: int = 1,
                          reverse: bool = False, max_tokens: int = MAX_TOKENS,
                          drop_duplicates: bool = False) -> "TranslationData":
    """Tokenize the first ``num_train`` pairs of a corpus for training and the next ``num_test`` for testing.

    The vocabularies are built from the training pairs only (test words they lack become ``<unk>``).
    ``num_test=None`` takes every remaining pair; ``reverse=True`` translates French to English. Pairs
    with a side longer than ``max_tokens`` tokens are skipped and counted in ``skipped``. With
    ``drop_duplicates=True`` a pair whose tokens repeat an earlier pair's is dropped and counted in
    ``duplicates``, so that no test pair is a copy of a training pair (real exports hold such repeats);
    the default keeps every line, so that line n of an alignment file still matches pair n. Several
    translations of one sentence are kept, each as a pair. A side with no tokens (only spaces or
    invisible characters) raises ``ValueError`` naming the file and line.
    """
    check_int("num_train", num_train, minimum=1)
    check_int("num_test", num_test, minimum=0, allow_none=True)
    check_int("min_freq", min_freq, minimum=1)
    check_int("max_tokens", max_tokens, minimum=1)
    for name, flag in (("reverse", reverse), ("drop_duplicates", drop_duplicates)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {type(flag).__name__} {flag!r}")
    total = None if num_test is None else num_train + num_test
    tokenized, skipped, seen, duplicates = [], 0, set(), 0
    for line_number, english, french in _iter_pairs(path):
        if total is not None and len(tokenized) >= total:
            break
        en, fr = tokenize(english), tokenize(french)
        for side, tokens, text in (("English", en, english), ("French", fr, french)):
            if not tokens:
                raise ValueError(f"{path}, line {line_number}: the {side} side {text!r} has no words once "
                                 "invisible and control characters are removed")
        if len(en) > max_tokens or len(fr) > max_tokens:
            skipped += 1
            continue
        key = (tuple(en), tuple(fr))
        if drop_duplicates and key in seen:
            duplicates += 1
            continue
        seen.add(key)
        tokenized.append((fr, en) if reverse else (en, fr))
    if len(tokenized) < num_train + (num_test or 0):
        over = (f" ({skipped} more skipped for having over max_tokens = {max_tokens} tokens)"
                if skipped else "")
        over += f" ({duplicates} repeated pairs dropped)" if duplicates else ""
        raise ValueError(f"{path} holds {len(tokenized)} usable pairs{over}, fewer than "
                         f"num_train + num_test = {num_train + (num_test or 0)}")
    train, test = tokenized[:num_train], tokenized[num_train:]
    src_vocab = Vocab([src for src, _ in train], min_freq)
    tgt_vocab = Vocab([tgt for _, tgt in train], min_freq)
    return TranslationData(train, test, src_vocab, tgt_vocab, skipped, duplicates)


def encode(tokens: list[str], vocab: Vocab) -> list[int]:
    """Indices of ``tokens`` followed by ``<eos>``."""
    return vocab[check_token_list("tokens", tokens)] + [vocab.eos]


def pad_batch(sequences: list[list[int]], pad_index: int = 0,
              length: int | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack index lists into one padded tensor and return it with the valid lengths.

    Shapes:
        sequences: batch_size lists of ints
        returns: padded (batch_size, length or longest), valid_lens (batch_size,)
    """
    if isinstance(sequences, str) or not isinstance(sequences, (list, tuple)):
        raise TypeError(f"sequences must be a list of index lists, got {type(sequences).__name__}")
    if not sequences:
        raise ValueError("pad_batch needs at least one sequence, got none")
    for i, seq in enumerate(sequences):
        if not isinstance(seq, (list, tuple)) or not all(isinstance(x, int) and not isinstance(x, bool)
                                                         for x in seq):
            raise TypeError(f"sequences[{i}] must be a list of int indices (see encode), got {seq!r:.60}")
    check_int("pad_index", pad_index, minimum=0)
    check_int("length", length, minimum=0, allow_none=True)
    valid_lens = torch.tensor([len(s) for s in sequences], dtype=torch.long)  # (B,)
    length = int(valid_lens.max()) if length is None else length
    if length < int(valid_lens.max()):
        raise ValueError(f"length must be >= the longest sequence ({int(valid_lens.max())}), got {length}")
    padded = torch.full((len(sequences), length), pad_index, dtype=torch.long)  # (B, T)
    for row, seq in enumerate(sequences):
        padded[row, :len(seq)] = torch.tensor(seq, dtype=torch.long)
    return padded, valid_lens


@dataclass
class Batch:
    """One padded mini-batch: sources and targets (each ending in ``<eos>``) with their valid lengths.

    Shapes:
        src: (batch_size, num_src_steps); src_valid_lens: (batch_size,)
        tgt: (batch_size, num_tgt_steps); tgt_valid_lens: (batch_size,)
    """

    src: torch.Tensor
    src_valid_lens: torch.Tensor
    tgt: torch.Tensor
    tgt_valid_lens: torch.Tensor

    def to(self, device):
        """The same batch on ``device``."""
        return Batch(*(t.to(device) for t in (self.src, self.src_valid_lens, self.tgt, self.tgt_valid_lens)))


def check_pairs(pairs):
    """``pairs`` is a non-empty list of ``(source_tokens, target_tokens)``, not of strings."""
    if isinstance(pairs, str) or not isinstance(pairs, (list, tuple)):
        raise TypeError(f"pairs must be a list of (source_tokens, target_tokens), got {type(pairs).__name__}")
    if not pairs:
        raise ValueError("pairs must hold at least one (source_tokens, target_tokens) pair, got none")
    for i, pair in enumerate(pairs):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"pairs[{i}] must be a (source_tokens, target_tokens) pair, got {pair!r:.60}")
        for side, tokens in zip(("source", "target"), pair, strict=True):
            if isinstance(tokens, str):
                raise TypeError(f"pairs[{i}] holds the {side} as the str {tokens[:40]!r}: token lists are "
                                "expected, e.g. load_translation_data(...).train or "
                                "(tokenize(en), tokenize(fr))")
            check_token_list(f"pairs[{i}] {side}", tokens)
    return pairs


def make_batches(pairs: list, src_vocab: Vocab, tgt_vocab: Vocab, batch_size: int = 64, shuffle: bool = True,
                 generator: torch.Generator | None = None) -> list["Batch"]:
    """Cut tokenized pairs into padded batches of similar length (bucketing cuts padding).

    Pairs are sorted by (source length, target length, a random tie-break) and cut into batches;
    with ``shuffle=True`` the order of the batches is random too. Pass a seeded
    ``torch.Generator`` for reproducible batches; ``shuffle=False`` keeps the pairs' own order.
    """
    check_int("batch_size", batch_size, minimum=1)
    check_pairs(pairs)
    for name, vocab in (("src_vocab", src_vocab), ("tgt_vocab", tgt_vocab)):
        if not isinstance(vocab, Vocab):
            raise TypeError(f"{name} must be a helpers.data.Vocab, got {type(vocab).__name__}")
    encoded = [(encode(src, src_vocab), encode(tgt, tgt_vocab)) for src, tgt in pairs]
    if shuffle:
        tie_break = torch.randperm(len(encoded), generator=generator).tolist()
        order = sorted(range(len(encoded)),
                       key=lambda i: (len(encoded[i][0]), len(encoded[i][1]), tie_break[i]))
    else:
        order = list(range(len(encoded)))
    batches = []
    for start in range(0, len(order), batch_size):
        chunk = [encoded[i] for i in order[start:start + batch_size]]
        src, src_valid_lens = pad_batch([s for s, _ in chunk], src_vocab.pad)
        tgt, tgt_valid_lens = pad_batch([t for _, t in chunk], tgt_vocab.pad)
        batches.append(Batch(src, src_valid_lens, tgt, tgt_valid_lens))
    if shuffle:
        batches = [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]
    return batches
