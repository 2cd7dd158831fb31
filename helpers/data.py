"""English–French sentence pairs for machine translation (机器翻译): loader, tokenizer, vocabulary, batches.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. A corpus file holds one pair per line,
``English<TAB>French`` (extra columns, as in the Tatoeba ``fra.txt`` export, are ignored). Text is
lowercased, the narrow and non-breaking spaces (U+202F, U+00A0) become plain spaces, and punctuation is
split off into tokens of its own. Every token list ends with ``<eos>`` when it is turned into indices.
"""

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import torch

__all__ = ["PAD", "BOS", "EOS", "UNK", "SPECIAL_TOKENS", "read_pairs", "normalize", "tokenize",
           "Vocab", "TranslationData", "load_translation_data", "encode", "pad_batch", "make_batches",
           "Batch"]

PAD, BOS, EOS, UNK = "<pad>", "<bos>", "<eos>", "<unk>"
SPECIAL_TOKENS = (PAD, BOS, EOS, UNK)  # indices 0, 1, 2, 3 in every vocabulary

_PUNCTUATION = ".,!?;:«»\"()"
_TOKEN_RE = re.compile(r"[^\s" + re.escape(_PUNCTUATION) + r"]+|[" + re.escape(_PUNCTUATION) + r"]")


def read_pairs(path, num_pairs=None):
    """Read ``(english, french)`` string pairs, in file order, from a tab-separated corpus file.

    Blank lines are skipped; a line without a tab, or with an empty side, raises ``ValueError``
    naming the file and the line number.

    Shapes:
        returns: list of num_pairs (english, french) tuples of str
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"corpus file not found: looked for {path.resolve()}")
    if num_pairs is not None and (not isinstance(num_pairs, int) or num_pairs < 0):
        raise ValueError(f"num_pairs must be a non-negative int or None, got {num_pairs!r}")
    pairs = []
    with open(path, encoding="utf-8-sig") as f:  # a leading byte-order mark is dropped
        for line_number, line in enumerate(f, start=1):
            if num_pairs is not None and len(pairs) >= num_pairs:
                break
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            columns = line.split("\t")
            if len(columns) < 2 or not columns[0].strip() or not columns[1].strip():
                raise ValueError(f"{path}, line {line_number}: expected 'English<TAB>French', "
                                 f"got {line[:60]!r}")
            pairs.append((columns[0].strip(), columns[1].strip()))
    return pairs


def normalize(text):
    """Lowercase and turn U+202F (narrow no-break space) and U+00A0 (no-break space) into spaces."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return text.replace("\u202f", " ").replace("\xa0", " ").lower()


def tokenize(text):
    """Split a sentence into lowercase word and punctuation tokens: ``"Va !"`` -> ``["va", "!"]``.

    Apostrophes and hyphens stay inside words (``"j'ai"``, ``"arrête-toi"``), as in d2l.
    """
    return _TOKEN_RE.findall(normalize(text))


class Vocab:
    """Token ↔ index table: ``<pad> <bos> <eos> <unk>`` first, then tokens by frequency (ties alphabetical).

    Tokens seen fewer than ``min_freq`` times are left out and map to ``<unk>``.
    """

    def __init__(self, sentences=(), min_freq=1):
        if not isinstance(min_freq, int) or min_freq < 1:
            raise ValueError(f"min_freq must be an int >= 1, got {min_freq!r}")
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

    def __repr__(self):
        return (f"TranslationData(train={len(self.train)} pairs, test={len(self.test)} pairs, "
                f"src_vocab={len(self.src_vocab)} tokens, tgt_vocab={len(self.tgt_vocab)} tokens)")


def load_translation_data(path, num_train=2500, num_test=None, min_freq=1, reverse=False):
    """Tokenize the first ``num_train`` pairs of a corpus for training and the next ``num_test`` for testing.

    The vocabularies are built from the training pairs only (test words they lack become ``<unk>``).
    ``num_test=None`` takes every remaining pair; ``reverse=True`` translates French to English.
    """
    if not isinstance(num_train, int) or num_train < 1:
        raise ValueError(f"num_train must be an int >= 1, got {num_train!r}")
    total = None if num_test is None else num_train + num_test
    pairs = read_pairs(path, total)
    if len(pairs) < num_train + (num_test or 0):
        raise ValueError(f"{path} holds {len(pairs)} pairs, fewer than num_train + num_test = "
                         f"{num_train + (num_test or 0)}")
    tokenized = [(tokenize(en), tokenize(fr)) for en, fr in pairs]
    if reverse:
        tokenized = [(fr, en) for en, fr in tokenized]
    train, test = tokenized[:num_train], tokenized[num_train:]
    src_vocab = Vocab([src for src, _ in train], min_freq)
    tgt_vocab = Vocab([tgt for _, tgt in train], min_freq)
    return TranslationData(train, test, src_vocab, tgt_vocab)


def encode(tokens, vocab):
    """Indices of ``tokens`` followed by ``<eos>``."""
    return vocab[list(tokens)] + [vocab.eos]


def pad_batch(sequences, pad_index=0, length=None):
    """Stack index lists into one padded tensor and return it with the valid lengths.

    Shapes:
        sequences: batch_size lists of ints
        returns: padded (batch_size, length or longest), valid_lens (batch_size,)
    """
    if not sequences:
        raise ValueError("pad_batch needs at least one sequence, got none")
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


def make_batches(pairs, src_vocab, tgt_vocab, batch_size=64, shuffle=True, generator=None):
    """Cut tokenized pairs into padded batches of similar length (bucketing cuts padding).

    Pairs are sorted by (source length, target length, a random tie-break) and cut into batches;
    with ``shuffle=True`` the order of the batches is random too. Pass a seeded
    ``torch.Generator`` for reproducible batches; ``shuffle=False`` keeps the pairs' own order.
    """
    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be an int >= 1, got {batch_size!r}")
    if not pairs:
        raise ValueError("make_batches needs at least one pair, got none")
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
