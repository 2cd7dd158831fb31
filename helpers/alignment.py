"""Word alignment (词对齐): gold links, links read off attention weights, AER, the diagonal baseline.

Introduced in ``notebooks/06_attention_alignment.ipynb``. A link ``(i, j)`` joins source (English) token
``i`` to target (French) token ``j``, both counted from 0, in every function here.

- Gold alignments are read in Pharaoh format, one line per sentence pair: space-separated links ``i-j``
  (sure, S) or ``i?j`` (possible, P); a blank line has no links. As in Och & Ney (2003), every sure link
  is also possible: ``Alignment.possible`` includes ``Alignment.sure``.
- ``links_from_attention`` turns an attention matrix (rows: target words, columns: source words) into
  links: each target word to its most attended source word, or every pair above a threshold.
- ``alignment_scores`` gives precision ``|A∩P|/|A|``, recall ``|A∩S|/|S|`` and the alignment error rate
  ``AER = 1 − (|A∩S| + |A∩P|)/(|A| + |S|)`` of predicted links A; over a corpus the counts are summed
  over sentences first (not a mean of sentence scores).
- ``diagonal_links`` is the baseline that ignores the words; ``helpers.ibm_model1`` holds the other one,
  IBM Model 1.
"""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import torch

from .checks import check_int, check_number, check_tensor
from .files import read_lines

__all__ = ["Alignment", "parse_alignment", "format_alignment", "read_alignments", "links_from_attention",
           "AlignmentScores", "alignment_scores", "diagonal_links", "link_offsets",
           "row_offsets", "crossing_blocks"]

_LINK_RE = re.compile(r"(\d+)([-?])(\d+)")
_NEGATIVE_RE = re.compile(r"-?\d+[-?]-?\d+")


def _check_links(name, links):
    """``links`` is a set of ``(i, j)`` pairs of ints >= 0; return it as a frozenset of int tuples."""
    if isinstance(links, Alignment):
        raise TypeError(f"{name} must be a set of (i, j) links, got an Alignment: "
                        "use its .sure or .possible links")
    if not isinstance(links, (set, frozenset, list, tuple)):
        raise TypeError(f"{name} must be a set of (i, j) links, got {type(links).__name__}")
    checked = []
    for link in links:
        if (not isinstance(link, tuple) or len(link) != 2
                or not all(isinstance(k, int) and not isinstance(k, bool) for k in link)):
            raise TypeError(f"{name} must hold (i, j) tuples of two ints, got {link!r:.60}")
        if link[0] < 0 or link[1] < 0:
            raise ValueError(f"{name} must hold links with indices >= 0, got {link!r}")
        checked.append((int(link[0]), int(link[1])))
    return frozenset(checked)


@dataclass(frozen=True)
class Alignment:
    """Gold links of one sentence pair: ``sure`` (S) and ``possible`` (P ⊇ S) sets of ``(i, j)``."""

    sure: frozenset = frozenset()
    possible: frozenset = frozenset()

    def __post_init__(self):
        sure = _check_links("sure", self.sure)
        # Och & Ney (2003): every sure link is a possible link too
        object.__setattr__(self, "sure", sure)
        object.__setattr__(self, "possible", _check_links("possible", self.possible) | sure)


def _parse(text, where=""):
    links = {}
    for token in text.split():
        match = _LINK_RE.fullmatch(token)
        if match is None:
            if _NEGATIVE_RE.fullmatch(token):
                raise ValueError(f"{where}expected links with indices >= 0 like 3-4 or 3?4, got {token!r}")
            raise ValueError(f"{where}expected links like 3-4 or 3?4, got {token!r}")
        link = (int(match.group(1)), int(match.group(3)))
        if link in links:
            raise ValueError(f"{where}the link {link[0]}-{link[1]} is given twice "
                             f"(as {links[link]!r} and {token!r})")
        links[link] = token
    sure = frozenset(link for link, token in links.items() if "?" not in token)
    return Alignment(sure, frozenset(links))


def parse_alignment(text):
    """One line of Pharaoh links, e.g. ``"0-0 1-2 2?1"``, as an ``Alignment``; a blank line has no links."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str of links like '0-0 1-2 2?1', got {type(text).__name__}")
    if "\n" in text.strip("\r\n"):
        raise ValueError(f"text must be one line of links, got {text.count(chr(10)) + 1} lines; "
                         "use read_alignments for a file")
    return _parse(text)


def format_alignment(alignment):
    """The Pharaoh line of an ``Alignment``: sure links as ``i-j``, possible-only ones as ``i?j``, sorted."""
    if not isinstance(alignment, Alignment):
        raise TypeError(f"alignment must be an Alignment, got {type(alignment).__name__}")
    sure = alignment.sure
    return " ".join(f"{i}{'-' if (i, j) in sure else '?'}{j}" for i, j in sorted(alignment.possible))


def read_alignments(path, num_lines=None):
    """Read one ``Alignment`` per line of a Pharaoh file (UTF-8); errors name the file and the line.

    Blank lines are kept: they are sentence pairs without links.

    Shapes:
        returns: list of num_lines (every line when None) Alignment
    """
    check_int("num_lines", num_lines, minimum=0, allow_none=True)
    alignments = []
    if num_lines == 0:
        return alignments
    for line_number, line in read_lines(path, "alignment file"):
        alignments.append(_parse(line, f"{path}, line {line_number}: "))
        if num_lines is not None and len(alignments) >= num_lines:
            break
    return alignments


def links_from_attention(weights, src_len=None, tgt_len=None, method="argmax", threshold=None):
    """Links ``(i, j)`` read off an attention matrix whose row j holds target word j's weights on the source.

    ``src_len`` and ``tgt_len`` keep the first columns and rows only (e.g. to drop ``<eos>``).
    ``method="argmax"``: each target word links to its most attended source word (ties: the first);
    ``method="threshold"``: every pair with a weight >= ``threshold``, a number in (0, 1].

    Shapes:
        weights: (num_tgt_tokens, num_src_tokens)
        returns: frozenset of (i, j), i a source index < src_len, j a target index < tgt_len
    """
    check_tensor("weights", weights, ndim=2)
    num_tgt, num_src = weights.shape
    check_int("src_len", src_len, minimum=0, allow_none=True)
    check_int("tgt_len", tgt_len, minimum=0, allow_none=True)
    if src_len is not None and src_len > num_src:
        raise ValueError(f"src_len must be <= the number of columns (source tokens) of weights, {num_src}, "
                         f"got {src_len}")
    if tgt_len is not None and tgt_len > num_tgt:
        raise ValueError(f"tgt_len must be <= the number of rows (target tokens) of weights, {num_tgt}, "
                         f"got {tgt_len}")
    if method not in ("argmax", "threshold"):
        raise ValueError(f"method must be 'argmax' or 'threshold', got {method!r}")
    if method == "threshold":
        if threshold is None:
            raise ValueError("method='threshold' needs a threshold, a number in (0, 1], got None")
        threshold = check_number("threshold", threshold, low=0, high=1, low_open=True)
    elif threshold is not None:
        raise ValueError(f"threshold is only used with method='threshold', got threshold={threshold!r} "
                         "with method='argmax'")
    w = weights.detach()[:tgt_len, :src_len].cpu()  # (tgt_len, src_len)
    if not torch.isfinite(w).all():
        j, i = (int(k) for k in (~torch.isfinite(w)).nonzero()[0])
        raise ValueError(f"weights must be finite, got {float(w[j, i])} at row {j}, column {i}")
    if method == "threshold":
        return frozenset((i, j) for j, i in (w >= threshold).nonzero().tolist())
    if w.shape[1] == 0:
        return frozenset()
    return frozenset((i, j) for j, i in enumerate(w.argmax(dim=1).tolist()))


class AlignmentScores(NamedTuple):
    """Alignment error rate, precision and recall of predicted links against gold ones."""

    aer: float
    precision: float
    recall: float


def alignment_scores(predicted, gold):
    """AER, precision and recall of predicted links against gold ``Alignment``s, counts summed over sentences.

    ``predicted`` is one set of ``(i, j)`` links with ``gold`` one ``Alignment``, or a list of sets with a
    list of as many ``Alignment``s. A ratio with nothing to divide by (precision with no predicted link,
    recall with no sure gold link) is ``nan``; the AER, when there are neither predicted nor sure gold
    links at all, raises ``ValueError``.
    """
    if isinstance(gold, Alignment):
        predicted, gold = [_check_links("predicted", predicted)], [gold]
    else:
        if not isinstance(gold, (list, tuple)):
            raise TypeError(f"gold must be an Alignment or a list of Alignment, got {type(gold).__name__}")
        if not isinstance(predicted, (list, tuple)):
            raise TypeError(f"predicted must be a list of link sets (one per gold Alignment), "
                            f"got {type(predicted).__name__}")
        if len(predicted) != len(gold):
            raise ValueError(f"one gold Alignment per prediction expected, got {len(predicted)} predictions "
                             f"and {len(gold)} gold alignments")
        if not gold:
            raise ValueError("alignment_scores needs at least one sentence, got none")
        for k, g in enumerate(gold):
            if not isinstance(g, Alignment):
                raise TypeError(f"gold[{k}] must be an Alignment, got {type(g).__name__}")
        predicted = [_check_links(f"predicted[{k}]", links) for k, links in enumerate(predicted)]
    num_a = num_s = a_and_s = a_and_p = 0
    for a, g in zip(predicted, gold, strict=True):
        num_a += len(a)
        num_s += len(g.sure)
        a_and_s += len(a & g.sure)
        a_and_p += len(a & g.possible)
    if num_a + num_s == 0:
        raise ValueError("the AER is undefined without any predicted link and any sure gold link "
                         "(|A| + |S| = 0)")
    aer = 1.0 - (a_and_s + a_and_p) / (num_a + num_s)
    precision = a_and_p / num_a if num_a else math.nan
    recall = a_and_s / num_s if num_s else math.nan
    return AlignmentScores(aer, precision, recall)


def diagonal_links(src_len, tgt_len):
    """Baseline links: target word j to source word ``round(j·(src_len−1)/(tgt_len−1))``, halves rounded up.

    A one-word target links to source word 0; an empty side gives no links.
    """
    check_int("src_len", src_len, minimum=0)
    check_int("tgt_len", tgt_len, minimum=0)
    if src_len == 0 or tgt_len == 0:
        return frozenset()
    if tgt_len == 1:
        return frozenset({(0, 0)})
    # integer arithmetic: floor(x + 1/2) with x = j(s−1)/(t−1), so 2.5 rounds to 3 (Python's round gives 2)
    s, t = src_len - 1, tgt_len - 1
    return frozenset(((2 * j * s + t) // (2 * t), j) for j in range(tgt_len))


def link_offsets(predicted, gold):
    """How far each chosen link lands from the gold one: ``Counter`` of ``i_predicted - i_gold``.

    Only target words with exactly one sure gold link and exactly one predicted link count (e.g. the
    argmax links of attention), so the offset is well defined: 0 is a hit, +1 the source word right after.

    Shapes:
        predicted: list of sets of (i, j); gold: list of Alignment, as long as predicted
        returns: collections.Counter {offset: number of target words}
    """
    if not isinstance(predicted, (list, tuple)) or not isinstance(gold, (list, tuple)):
        raise TypeError(f"predicted and gold must be lists (one entry per sentence pair), got "
                        f"{type(predicted).__name__} and {type(gold).__name__}")
    if len(predicted) != len(gold):
        raise ValueError(f"predicted and gold must have one entry per sentence pair each, got "
                         f"{len(predicted)} and {len(gold)}")
    offsets = Counter()
    for k, (links, alignment) in enumerate(zip(predicted, gold, strict=True)):
        if not isinstance(alignment, Alignment):
            raise TypeError(f"gold[{k}] must be an Alignment, got {type(alignment).__name__}")
        chosen, sure = defaultdict(list), defaultdict(list)
        for i, j in _check_links(f"predicted[{k}]", links):
            chosen[j].append(i)
        for i, j in alignment.sure:
            sure[j].append(i)
        for j, sources in sure.items():
            if len(sources) == 1 and len(chosen.get(j, ())) == 1:
                offsets[chosen[j][0] - sources[0]] += 1
    return offsets


def row_offsets(weights, gold, shifts=(-1, 0, 1, 2)):
    """Offsets in target time: how often row j + d of the attention peaks on target word j's gold source word.

    ``weights[k]`` is pair k's attention matrix (rows: target steps, columns: source tokens, as
    ``helpers.evaluation.teacher_forced_attention`` returns it: one row more than the target has words,
    one column more than the source). Only target words j with exactly one sure gold link count, and
    for each shift d only those whose row j + d exists. Shift 0 is the row that produces word j, +1 the
    next step (the step that reads word j as its input).

    Shapes:
        weights: list of (num_tgt_steps, num_src_tokens) tensors; gold: list of Alignment, as long
        returns: dict {d: share of the counted target words whose row j + d peaks on their gold word}
    """
    if not isinstance(weights, (list, tuple)) or not isinstance(gold, (list, tuple)):
        raise TypeError(f"weights and gold must be lists (one entry per sentence pair), got "
                        f"{type(weights).__name__} and {type(gold).__name__}")
    if len(weights) != len(gold):
        raise ValueError(f"weights and gold must have one entry per sentence pair each, got "
                         f"{len(weights)} and {len(gold)}")
    hits, counts = Counter(), Counter()
    for k, (w, alignment) in enumerate(zip(weights, gold, strict=True)):
        check_tensor(f"weights[{k}]", w, ndim=2)
        if not isinstance(alignment, Alignment):
            raise TypeError(f"gold[{k}] must be an Alignment, got {type(alignment).__name__}")
        sure = defaultdict(list)
        for i, j in alignment.sure:
            sure[j].append(i)
        num_src = 1 + max((i for i, _ in alignment.possible), default=-1)
        if num_src > w.shape[1] or 1 + max(sure, default=-1) > w.shape[0]:
            raise ValueError(f"gold[{k}] links words beyond weights[{k}]'s {tuple(w.shape)} rows and columns")
        peaks = w.detach()[:, :-1].argmax(dim=1).tolist() if w.shape[1] > 1 else []
        for j, sources in sure.items():
            if len(sources) != 1:
                continue
            for d in shifts:
                if 0 <= j + d < len(peaks):
                    counts[d] += 1
                    hits[d] += peaks[j + d] == sources[0]
    return {d: hits[d] / counts[d] if counts[d] else math.nan for d in shifts}


def crossing_blocks(weights, pairs, adjectives, src_nouns, tgt_nouns):
    """The attention at every crossed adjective and noun: English "adjective noun", French "noun adjective".

    For each pair whose source has an adjective at column i and a noun at i + 1, and whose target has a
    noun at row j and, at row j + 1, a French form of that adjective (``adjectives[english]``), the
    2 x 2 block of weights rows j, j + 1 by columns i, i + 1. Row j of ``weights[k]`` is the attention
    that produces target word j (its first ``len(target)`` rows count; ``w[1:]`` reads Shift-Att rows).

    Shapes:
        weights: list of (>= len(target), >= len(source)) tensors; pairs: list of (source, target) tokens
        returns: (num_blocks, 2, 2): rows French noun, French adjective; columns English adjective, noun
    """
    if not isinstance(weights, (list, tuple)) or not isinstance(pairs, (list, tuple)):
        raise TypeError(f"weights and pairs must be lists (one entry per sentence pair), got "
                        f"{type(weights).__name__} and {type(pairs).__name__}")
    if len(weights) != len(pairs):
        raise ValueError(f"weights and pairs must have one entry per sentence pair each, got "
                         f"{len(weights)} and {len(pairs)}")
    blocks = []
    for k, (w, (source, target)) in enumerate(zip(weights, pairs, strict=True)):
        check_tensor(f"weights[{k}]", w, ndim=2)
        if w.shape[0] < len(target) or w.shape[1] < len(source):
            raise ValueError(f"weights[{k}] must have a row per target word ({len(target)}) and a column "
                             f"per source word ({len(source)}), got {tuple(w.shape)}")
        for i in range(len(source) - 1):
            if source[i] not in adjectives or source[i + 1] not in src_nouns:
                continue
            for j in range(len(target) - 1):
                if target[j] in tgt_nouns and target[j + 1] in adjectives[source[i]]:
                    blocks.append(w.detach()[j:j + 2, i:i + 2].cpu())          # (2, 2)
    return torch.stack(blocks) if blocks else torch.zeros(0, 2, 2)
