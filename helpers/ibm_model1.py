"""IBM Model 1 (Brown et al., 1993): word translation probabilities t(f|e) learned by EM, and its alignments.

Introduced in ``notebooks/06_attention_alignment.ipynb`` as the word aligner that attention is compared
with. ``train_ibm_model1`` runs expectation maximisation over all sentence pairs at once (float64,
deterministic); ``IBMModel1.align`` links each target word to its likeliest source word or to the empty
word ``NULL``. Links ``(i, j)`` are as in ``helpers.alignment``.
"""

import math

import torch

from .checks import check_int, check_tensor, check_token_list
from .data import check_pairs

__all__ = ["IBMModel1", "train_ibm_model1", "NULL"]

NULL = "<null>"  # the empty source word of IBM Model 1, which target words with no counterpart align to


class IBMModel1:
    """IBM Model 1's translation table t(f|e) with its vocabularies; made by ``train_ibm_model1``.

    ``table[tgt_vocab[f], src_vocab[e]]`` is t(f|e); with ``null=True`` column 0 is the empty word
    ``NULL``. ``align`` links a target word to its likeliest source word unless ``NULL`` is strictly
    likelier. Unknown words: ``prob`` gives 0, an unknown source word is never linked, and an unknown
    target word gets no link. ``log_likelihoods[k]`` is the training pairs' log-likelihood after k
    iterations.

    Shapes:
        table: (num target words, num source words + 1 with null, else + 0)
    """

    def __init__(self, src_vocab, tgt_vocab, table, null=True, log_likelihoods=()):
        for name, vocab in (("src_vocab", src_vocab), ("tgt_vocab", tgt_vocab)):
            if not isinstance(vocab, dict):
                raise TypeError(f"{name} must be a dict token -> index, got {type(vocab).__name__}")
        if not isinstance(null, bool):
            raise TypeError(f"null must be True or False, got {type(null).__name__} {null!r}")
        check_tensor("table", table, ndim=2)
        expected = (len(tgt_vocab), len(src_vocab) + null)
        if tuple(table.shape) != expected:
            raise ValueError(f"table of shape (len(tgt_vocab), len(src_vocab){' + 1' if null else ''}) = "
                             f"{expected} expected, got {tuple(table.shape)}")
        self.src_vocab, self.tgt_vocab, self.table, self.null = src_vocab, tgt_vocab, table, null
        self.log_likelihoods = list(log_likelihoods)

    def prob(self, f, e):
        """t(f|e), the probability that source word ``e`` (``NULL``: the empty word) translates to ``f``."""
        for name, word in (("f", f), ("e", e)):
            if not isinstance(word, str):
                raise TypeError(f"{name} must be a str token, got {type(word).__name__}")
        if e == NULL and not self.null:
            raise ValueError("e is NULL, but this model was trained with null=False")
        column = 0 if e == NULL else self.src_vocab.get(e)
        row = self.tgt_vocab.get(f)
        if row is None or column is None:
            return 0.0
        return float(self.table[row, column])

    def _scores(self, pairs):
        """t(f_j|e_i) for every sentence at once, 0 for padding and unknown words."""
        src, src_known = self._indices([s for s, _ in pairs], self.src_vocab, with_null=self.null)
        tgt, tgt_known = self._indices([t for _, t in pairs], self.tgt_vocab, with_null=False)
        scores = self.table[tgt[:, :, None], src[:, None, :]]             # (B, T, S)
        return scores * (src_known[:, None, :] & tgt_known[:, :, None])

    @staticmethod
    def _indices(sentences, vocab, with_null):
        """Padded vocabulary indices of the sentences (after a ``NULL`` column with ``with_null``), and
        which entries are known words (or ``NULL``) rather than padding or unknown words.

        Shapes:
            returns: index (B, L), known (B, L), L = longest sentence (+ 1 with with_null)
        """
        width = max(len(s) for s in sentences) + with_null
        index = [[0] * width for _ in sentences]
        known = [[with_null] + [False] * (width - 1) if width else [] for _ in sentences]
        for row, sentence in enumerate(sentences):
            for position, token in enumerate(sentence, start=int(with_null)):
                k = vocab.get(token)
                if k is not None:
                    index[row][position], known[row][position] = k, True
        return (torch.tensor(index, dtype=torch.long).view(len(sentences), width),
                torch.tensor(known, dtype=torch.bool).view(len(sentences), width))

    def align_batch(self, pairs):
        """``align`` for a list of ``(source_tokens, target_tokens)`` pairs, all at once."""
        check_pairs(pairs)
        scores = self._scores(pairs)                                      # (B, T, S)
        offset = int(self.null)
        if scores.shape[2] == offset:                                     # no source word at all
            return [frozenset() for _ in pairs]
        best_score, best = (x.tolist() for x in scores[:, :, offset:].max(dim=2))   # (B, T) each
        null_score = scores[:, :, 0].tolist() if self.null else None                 # (B, T)
        return [frozenset((best[row][j], j) for j in range(len(tgt))
                          if best_score[row][j] > 0 and (null_score is None
                                                         or best_score[row][j] >= null_score[row][j]))
                for row, (_, tgt) in enumerate(pairs)]

    def align(self, src_tokens, tgt_tokens):
        """Links ``(i, j)``: each target word to its likeliest source word; none when ``NULL`` is likelier.

        Ties go to the earlier source word; a tie with ``NULL`` goes to the source word.
        """
        check_token_list("src_tokens", src_tokens)
        check_token_list("tgt_tokens", tgt_tokens)
        return self.align_batch([(src_tokens, tgt_tokens)])[0]

    def log_likelihood(self, pairs):
        """Σ over pairs of log p(f|e) = Σ_j log Σ_i t(f_j|e_i) − m·log(l + 1 if null else l); −inf if 0."""
        check_pairs(pairs)
        return _log_likelihood(self._scores(pairs), pairs, self.null)

    def __repr__(self):
        return (f"IBMModel1(src_vocab={len(self.src_vocab)} words, tgt_vocab={len(self.tgt_vocab)} words, "
                f"null={self.null}, iterations={max(len(self.log_likelihoods) - 1, 0)})")


def _log_likelihood(scores, pairs, null):
    """Model 1's log-likelihood from the table lookups of every sentence; target padding is skipped."""
    tgt_lens = torch.tensor([len(tgt) for _, tgt in pairs])                            # (B,)
    src_lens = torch.tensor([len(src) + null for src, _ in pairs])                     # (B,)
    if bool(((src_lens == 0) & (tgt_lens > 0)).any()):
        return -math.inf                                 # a target word with no source word to come from
    valid = torch.arange(scores.shape[1])[None, :] < tgt_lens[:, None]                 # (B, T)
    log_sums = torch.where(valid, scores.sum(dim=2).log(), 0.0)                        # (B, T)
    norm = torch.where(tgt_lens > 0, tgt_lens * src_lens.clamp_min(1).double().log(), 0.0)
    return float(log_sums.sum() - norm.sum())


def train_ibm_model1(pairs, num_iterations=10, null=True):
    """IBM Model 1 by expectation maximisation from uniform t(f|e), all sentence pairs at once; deterministic.

    ``pairs`` holds ``(source_tokens, target_tokens)``; t(f|e) is the probability that source word e
    translates to target word f. Each iteration spreads every target word over the source words of its
    sentence (and ``NULL``) in proportion to t, sums these expected counts over the corpus and
    normalises them per source word. A source word that never meets a target word keeps its column.

    Shapes:
        pairs: list of (source tokens, target tokens)
        returns: IBMModel1 with table (num target words, num source words + 1 with null)
    """
    check_pairs(pairs)
    check_int("num_iterations", num_iterations, minimum=0)
    if not isinstance(null, bool):
        raise TypeError(f"null must be True or False, got {type(null).__name__} {null!r}")
    offset = int(null)
    src_vocab = {e: k + offset for k, e in enumerate(sorted({e for src, _ in pairs for e in src}))}
    tgt_vocab = {f: k for k, f in enumerate(sorted({f for _, tgt in pairs for f in tgt}))}
    if not tgt_vocab:
        raise ValueError("pairs must hold at least one target word, got only empty target sentences")
    table = torch.full((len(tgt_vocab), len(src_vocab) + offset), 1.0 / len(tgt_vocab), dtype=torch.float64)
    model = IBMModel1(src_vocab, tgt_vocab, table, null)
    src, src_known = model._indices([s for s, _ in pairs], src_vocab, with_null=null)     # (B, S)
    tgt, tgt_known = model._indices([t for _, t in pairs], tgt_vocab, with_null=False)    # (B, T)
    rows = tgt[:, :, None].expand(-1, -1, src.shape[1])                                   # (B, T, S)
    columns = src[:, None, :].expand(-1, tgt.shape[1], -1)                                # (B, T, S)
    mask = (src_known[:, None, :] & tgt_known[:, :, None]).to(table.dtype)                # (B, T, S)
    flat = (rows * table.shape[1] + columns).reshape(-1)                                  # (B·T·S,)
    log_likelihoods = []
    for _ in range(num_iterations + 1):
        # E-step: p(a_j = i | e, f) = t(f_j|e_i) / Σ_i' t(f_j|e_i') for every sentence and target word
        scores = table[rows, columns] * mask                                              # (B, T, S)
        log_likelihoods.append(_log_likelihood(scores, pairs, null))
        if len(log_likelihoods) > num_iterations:
            break
        totals = scores.sum(dim=2, keepdim=True)                                          # (B, T, 1)
        posterior = scores / totals.masked_fill(totals == 0, 1.0)                         # (B, T, S)
        # M-step: expected counts c(f, e) summed over the corpus, then t(f|e) = c(f, e) / Σ_f c(f, e)
        counts = torch.zeros(table.numel(), dtype=table.dtype)
        counts.index_add_(0, flat, posterior.reshape(-1))
        counts = counts.view_as(table)                                                    # (|V_f|, |V_e|)
        column_totals = counts.sum(dim=0, keepdim=True)                                   # (1, |V_e|)
        table = torch.where(column_totals > 0, counts / column_totals.clamp_min(1e-300), table)
    return IBMModel1(src_vocab, tgt_vocab, table, null, log_likelihoods)
