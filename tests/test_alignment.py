"""helpers.alignment: Pharaoh files, links from attention, AER, and the diagonal baseline, checked
against hand-computed values and plain-Python reference implementations."""

import math
from collections import Counter
from fractions import Fraction

import pytest
import torch

from helpers.alignment import (
    Alignment,
    AlignmentScores,
    alignment_scores,
    diagonal_links,
    format_alignment,
    link_offsets,
    links_from_attention,
    parse_alignment,
    read_alignments,
)
from helpers.data import data_path

# ---------------------------------------------------------------------------------------------------------
# Gold alignments in Pharaoh format


def test_parse_sure_and_possible_links():
    alignment = parse_alignment("0-0 1-2 2?1")
    assert alignment.sure == {(0, 0), (1, 2)}
    assert alignment.possible == {(0, 0), (1, 2), (2, 1)}           # possible ⊇ sure
    assert parse_alignment("") == Alignment() == parse_alignment("  \n")
    assert parse_alignment("").sure == frozenset() and parse_alignment("").possible == frozenset()
    assert parse_alignment("10-12\t3?4\r\n") == Alignment({(10, 12)}, {(3, 4)})


def test_alignment_possible_includes_sure():
    alignment = Alignment(sure={(0, 1)}, possible={(2, 2)})
    assert alignment.possible == {(0, 1), (2, 2)}
    assert isinstance(alignment.sure, frozenset) and isinstance(alignment.possible, frozenset)
    with pytest.raises(AttributeError):
        alignment.sure = frozenset()                                  # frozen


@pytest.mark.parametrize("text", ["0-0 1-2 2?1", "", "3?3", "0-1 1-0 2-2 4?3 4?4 5-5"])
def test_parse_format_round_trip(text):
    alignment = parse_alignment(text)
    assert format_alignment(alignment) == text
    assert parse_alignment(format_alignment(alignment)) == alignment


def test_format_sorts_links():
    assert format_alignment(Alignment({(2, 0), (0, 1)}, {(1, 1)})) == "0-1 1?1 2-0"


def test_read_alignments(tmp_path):
    path = tmp_path / "gold.align"
    path.write_text("0-0 1-1\n\n2?0 0-1\n", encoding="utf-8")
    alignments = read_alignments(path)
    assert alignments == [Alignment({(0, 0), (1, 1)}), Alignment(), Alignment({(0, 1)}, {(2, 0)})]
    assert read_alignments(str(path), num_lines=2) == alignments[:2]
    assert read_alignments(path, num_lines=0) == []
    path.write_bytes(b"\xef\xbb\xbf0-0\r\n1?1")                      # byte-order mark, CRLF, no final newline
    assert read_alignments(path) == [Alignment({(0, 0)}), Alignment(possible={(1, 1)})]


# Misuse: malformed links, negative indices, a link given twice, files that are not UTF-8.

@pytest.mark.parametrize("line, words", [
    ("0-0 3_4", r"line 2: expected links like 3-4 or 3\?4, got '3_4'"),
    ("0-0 -1-2", r"line 2: expected links with indices >= 0 like 3-4 or 3\?4, got '-1-2'"),
    ("0--2", r"line 2: expected links with indices >= 0 like 3-4 or 3\?4, got '0--2'"),
    ("0-0 1-1 0-0", r"line 2: the link 0-0 is given twice \(as '0-0' and '0-0'\)"),
    ("1-1 1?1", r"line 2: the link 1-1 is given twice \(as '1-1' and '1\?1'\)"),
    ("0-a", r"line 2: expected links like 3-4 or 3\?4, got '0-a'"),
    ("0,1", r"line 2: expected links like 3-4 or 3\?4, got '0,1'"),
])
def test_misuse_bad_line_names_file_and_line(tmp_path, line, words):
    path = tmp_path / "x.align"
    path.write_text(f"0-0\n{line}\n1-1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.align, " + words):
        read_alignments(path)
    with pytest.raises(ValueError, match=words.removeprefix("line 2: ")):
        parse_alignment(line)


@pytest.mark.parametrize("data, words", [
    (b"0-0\n1-1 \xe9\n", r"x\.align, line 2: expected UTF-8 text, got byte b'\\xe9' at column 5"),
    (b"\xff\xfe0\x00-\x000\x00", r"x\.align, line 1: expected UTF-8 text, got UTF-16"),
    (b"0-0\n1\x00-1\n", r"x\.align, line 2: expected UTF-8 text, got NUL bytes"),
])
def test_misuse_file_not_utf8(tmp_path, data, words):
    path = tmp_path / "x.align"
    path.write_bytes(data)
    with pytest.raises(ValueError, match=words):
        read_alignments(path)


@pytest.mark.parametrize("call, error, words", [
    (lambda: read_alignments(3), TypeError, r"path must be a str or pathlib.Path naming an alignment file, "
                                            r"got int"),
    (lambda: read_alignments("no/such.align"), FileNotFoundError, r"alignment file not found: looked for "),
    (lambda: read_alignments(data_path("eng-fra.txt"), num_lines=-1), ValueError,
     r"num_lines must be an int >= 0, got -1"),
    (lambda: parse_alignment(["0-0"]), TypeError,
     r"text must be a str of links like '0-0 1-2 2\?1', got list"),
    (lambda: parse_alignment("0-0\n1-1"), ValueError, r"text must be one line of links, got 2 lines"),
    (lambda: format_alignment("0-0"), TypeError, r"alignment must be an Alignment, got str"),
    (lambda: Alignment({(0, -1)}), ValueError, r"sure must hold links with indices >= 0, got \(0, -1\)"),
    (lambda: Alignment({"0-0"}), TypeError, r"sure must hold \(i, j\) tuples of two ints, got '0-0'"),
    (lambda: Alignment(set(), {(0, 1.0)}), TypeError, r"possible must hold \(i, j\) tuples of two ints"),
    (lambda: Alignment("0-0"), TypeError, r"sure must be a set of \(i, j\) links, got str"),
])
def test_misuse_alignment_arguments_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ---------------------------------------------------------------------------------------------------------
# Links from attention weights

# Rows: 3 French words and <eos>; columns: 3 English words and <eos>. float64, so 0.3 >= 0.3 exactly.
WEIGHTS = torch.tensor([[0.7, 0.2, 0.05, 0.05],
                        [0.1, 0.1, 0.6, 0.2],
                        [0.3, 0.4, 0.2, 0.1],
                        [0.1, 0.1, 0.1, 0.7]], dtype=torch.float64)


def test_links_from_attention_argmax():
    # row j's largest column i gives (i, j): row 0 -> 0, row 1 -> 2, row 2 -> 1, row 3 (<eos>) -> 3
    assert links_from_attention(WEIGHTS) == {(0, 0), (2, 1), (1, 2), (3, 3)}
    assert links_from_attention(WEIGHTS, src_len=3, tgt_len=3) == {(0, 0), (2, 1), (1, 2)}
    # cropped to two source words, row 1 reads [0.1, 0.1]: a tie goes to the first column
    assert links_from_attention(WEIGHTS, src_len=2, tgt_len=3) == {(0, 0), (0, 1), (1, 2)}
    assert links_from_attention(WEIGHTS.float().T.contiguous().T, 3, 3) == {(0, 0), (2, 1), (1, 2)}
    assert links_from_attention(WEIGHTS, tgt_len=0) == frozenset()
    assert links_from_attention(WEIGHTS, src_len=0) == frozenset()


def test_links_from_attention_threshold():
    # weights >= 0.3 in the 3 x 3 crop: (row 0, col 0) 0.7, (1, 2) 0.6, (2, 0) 0.3, (2, 1) 0.4
    assert links_from_attention(WEIGHTS, 3, 3, method="threshold", threshold=0.3) == \
        {(0, 0), (2, 1), (0, 2), (1, 2)}
    assert links_from_attention(WEIGHTS, method="threshold", threshold=0.65) == {(0, 0), (3, 3)}
    assert links_from_attention(WEIGHTS, method="threshold", threshold=1) == frozenset()
    # a brute-force loop over every cell agrees
    for threshold in (0.05, 0.1, 0.2, 0.5):
        expected = {(i, j) for j in range(4) for i in range(4) if WEIGHTS[j, i] >= threshold}
        assert links_from_attention(WEIGHTS, method="threshold", threshold=threshold) == expected


def test_links_from_attention_matches_brute_force_on_random_weights():
    generator = torch.Generator().manual_seed(0)
    for _ in range(20):
        weights = torch.rand(6, 5, generator=generator, dtype=torch.float64).softmax(dim=1)
        expected = {(max(range(4), key=lambda i, j=j: weights[j, i]), j) for j in range(5)}
        assert links_from_attention(weights, src_len=4, tgt_len=5) == expected


def test_links_are_python_ints():
    for i, j in links_from_attention(WEIGHTS, method="threshold", threshold=0.1):
        assert type(i) is int and type(j) is int


@pytest.mark.parametrize("call, error, words", [
    (lambda: links_from_attention(WEIGHTS[0]), ValueError, r"weights must be 2-D \(2 dimensions\), got shape "
                                                           r"\(4,\)"),
    (lambda: links_from_attention(WEIGHTS[None]), ValueError,
     r"weights must be 2-D .* got shape \(1, 4, 4\)"),
    (lambda: links_from_attention(WEIGHTS.tolist()), TypeError, r"weights must be a torch.Tensor, got list"),
    (lambda: links_from_attention(torch.ones(2, 2, dtype=torch.long)), TypeError,
     r"weights must be a floating-point tensor, got dtype torch.int64"),
    (lambda: links_from_attention(torch.tensor([[0.5, float("nan")], [0.5, 0.5]])), ValueError,
     r"weights must be finite, got nan at row 0, column 1"),
    (lambda: links_from_attention(WEIGHTS, method="threshold", threshold=0), ValueError,
     r"threshold must be a finite number in \(0, 1\], got 0.0"),
    (lambda: links_from_attention(WEIGHTS, method="threshold", threshold=1.5), ValueError,
     r"threshold must be a finite number in \(0, 1\], got 1.5"),
    (lambda: links_from_attention(WEIGHTS, method="threshold"), ValueError,
     r"method='threshold' needs a threshold, a number in \(0, 1\], got None"),
    (lambda: links_from_attention(WEIGHTS, threshold=0.5), ValueError,
     r"threshold is only used with method='threshold', got threshold=0.5 with method='argmax'"),
    (lambda: links_from_attention(WEIGHTS, method="max"), ValueError,
     r"method must be 'argmax' or 'threshold', got 'max'"),
    (lambda: links_from_attention(WEIGHTS, src_len=5), ValueError,
     r"src_len must be <= the number of columns \(source tokens\) of weights, 4, got 5"),
    (lambda: links_from_attention(WEIGHTS, tgt_len=9), ValueError,
     r"tgt_len must be <= the number of rows \(target tokens\) of weights, 4, got 9"),
    (lambda: links_from_attention(WEIGHTS, src_len=-1), ValueError, r"src_len must be an int >= 0, got -1"),
    (lambda: links_from_attention(WEIGHTS, tgt_len=2.0), TypeError, r"tgt_len must be an int or None, "
                                                                    r"got float"),
])
def test_misuse_links_from_attention_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_nan_outside_the_crop_is_ignored():
    weights = WEIGHTS.clone()
    weights[3, 3] = float("nan")                                      # the <eos> corner, cropped away
    assert links_from_attention(weights, 3, 3) == {(0, 0), (2, 1), (1, 2)}


# ---------------------------------------------------------------------------------------------------------
# AER, precision and recall

# Sentence 1: S = {0-0, 1-1}, P = S + {2?1}, A = {0-0, 2-1, 2-2}
#   |A| = 3, |S| = 2, A∩S = {0-0}: 1, A∩P = {0-0, 2-1}: 2
#   precision = 2/3, recall = 1/2, AER = 1 - (1 + 2)/(3 + 2) = 2/5
# Sentence 2: S = {0-0}, P = S + {1?0}, A = {0-0}: |A| = 1, |S| = 1, A∩S = 1, A∩P = 1 -> AER 0
# Corpus: |A| = 4, |S| = 3, A∩S = 2, A∩P = 3
#   precision = 3/4, recall = 2/3, AER = 1 - (2 + 3)/(4 + 3) = 2/7 (the mean of sentence AERs is 1/5)
GOLD_1, PRED_1 = parse_alignment("0-0 1-1 2?1"), {(0, 0), (2, 1), (2, 2)}
GOLD_2, PRED_2 = parse_alignment("0-0 1?0"), {(0, 0)}


def test_hand_computed_sentence_scores():
    scores = alignment_scores(PRED_1, GOLD_1)
    assert isinstance(scores, AlignmentScores)
    assert scores.aer == pytest.approx(2 / 5)
    assert scores.precision == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(1 / 2)
    aer, precision, recall = alignment_scores(PRED_2, GOLD_2)
    assert (aer, precision, recall) == (0.0, 1.0, 1.0)


def test_hand_computed_corpus_scores_sum_counts():
    scores = alignment_scores([PRED_1, PRED_2], [GOLD_1, GOLD_2])
    assert scores == pytest.approx((2 / 7, 3 / 4, 2 / 3))
    mean = (alignment_scores(PRED_1, GOLD_1).aer + alignment_scores(PRED_2, GOLD_2).aer) / 2
    assert mean == pytest.approx(1 / 5) and scores.aer != pytest.approx(mean)   # not a mean of sentences
    assert alignment_scores((PRED_1,), (GOLD_1,)) == alignment_scores(PRED_1, GOLD_1)
    assert alignment_scores(list(PRED_1), GOLD_1) == alignment_scores(PRED_1, GOLD_1)


def test_perfect_and_disjoint_alignments():
    gold = parse_alignment("0-0 1-2 2-1 3?3")
    assert alignment_scores(set(gold.sure), gold) == (0.0, 1.0, 1.0)
    assert alignment_scores(set(gold.possible), gold).aer == 0.0      # possible links are never wrong
    assert alignment_scores({(0, 1), (5, 5)}, gold) == (1.0, 0.0, 0.0)
    aer, precision, recall = alignment_scores(set(), gold)             # nothing predicted
    assert aer == 1.0 and math.isnan(precision) and recall == 0.0
    aer, precision, recall = alignment_scores({(3, 3)}, Alignment(possible={(3, 3)}))   # no sure link
    assert aer == 0.0 and precision == 1.0 and math.isnan(recall)


def test_scores_match_brute_force_on_random_links():
    generator = torch.Generator().manual_seed(1)

    def random_links(p):
        return {(i, j) for i in range(5) for j in range(5) if torch.rand(1, generator=generator) < p}

    predicted, gold = [], []
    for _ in range(30):
        sure = random_links(0.2)
        gold.append(Alignment(sure, sure | random_links(0.1)))
        predicted.append(random_links(0.25))
    a = sum(len(x) for x in predicted)
    s = sum(len(g.sure) for g in gold)
    a_s = sum(len(x & g.sure) for x, g in zip(predicted, gold, strict=True))
    a_p = sum(len(x & g.possible) for x, g in zip(predicted, gold, strict=True))
    assert alignment_scores(predicted, gold) == pytest.approx((1 - (a_s + a_p) / (a + s), a_p / a, a_s / s))


@pytest.mark.parametrize("call, error, words", [
    (lambda: alignment_scores(set(), Alignment()), ValueError,
     r"the AER is undefined without any predicted link and any sure gold link \(\|A\| \+ \|S\| = 0\)"),
    (lambda: alignment_scores([PRED_1], [GOLD_1, GOLD_2]), ValueError,
     r"one gold Alignment per prediction expected, got 1 predictions and 2 gold alignments"),
    (lambda: alignment_scores([], []), ValueError, r"alignment_scores needs at least one sentence, got none"),
    (lambda: alignment_scores(PRED_1, [GOLD_1]), TypeError,
     r"predicted must be a list of link sets \(one per gold Alignment\), got set"),
    (lambda: alignment_scores([PRED_1], ["0-0 1-1"]), TypeError, r"gold\[0\] must be an Alignment, got str"),
    (lambda: alignment_scores(PRED_1, "0-0 1-1"), TypeError,
     r"gold must be an Alignment or a list of Alignment, got str"),
    (lambda: alignment_scores(GOLD_1, GOLD_1), TypeError,
     r"predicted must be a set of \(i, j\) links, got an Alignment: use its .sure or .possible links"),
    (lambda: alignment_scores([{(0, 0)}, {(1, -1)}], [GOLD_1, GOLD_2]), ValueError,
     r"predicted\[1\] must hold links with indices >= 0, got \(1, -1\)"),
    (lambda: alignment_scores({"0-0"}, GOLD_1), TypeError,
     r"predicted must hold \(i, j\) tuples of two ints"),
])
def test_misuse_alignment_scores_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ---------------------------------------------------------------------------------------------------------
# The diagonal baseline

def test_diagonal_hand_examples():
    assert diagonal_links(3, 3) == {(0, 0), (1, 1), (2, 2)}
    assert diagonal_links(5, 3) == {(0, 0), (2, 1), (4, 2)}           # j·4/2: 0, 2, 4
    assert diagonal_links(2, 4) == {(0, 0), (0, 1), (1, 2), (1, 3)}   # j/3: 0, 0.33, 0.67, 1
    assert diagonal_links(2, 3) == {(0, 0), (1, 1), (1, 2)}           # j/2: 0, 0.5 -> 1 (half up), 1
    assert diagonal_links(6, 3) == {(0, 0), (3, 1), (5, 2)}           # j·5/2: 2.5 -> 3, where round() gives 2
    assert diagonal_links(1, 4) == {(0, 0), (0, 1), (0, 2), (0, 3)}   # one source word takes them all
    assert diagonal_links(4, 1) == {(0, 0)}                           # one target word: source word 0
    assert diagonal_links(0, 3) == diagonal_links(3, 0) == frozenset()


def test_diagonal_matches_exact_fractions():
    for s in range(1, 12):
        for t in range(2, 12):
            expected = {(math.floor(Fraction(j * (s - 1), t - 1) + Fraction(1, 2)), j) for j in range(t)}
            assert diagonal_links(s, t) == expected


@pytest.mark.parametrize("call, error, words", [
    (lambda: diagonal_links(-1, 3), ValueError, r"src_len must be an int >= 0, got -1"),
    (lambda: diagonal_links(3, 2.0), TypeError, r"tgt_len must be an int, got float"),
    (lambda: diagonal_links([1, 2], 3), TypeError, r"src_len must be an int, got list"),
])
def test_misuse_diagonal_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_link_offsets_count_how_far_each_chosen_link_lands():
    gold = [Alignment(sure=frozenset({(0, 0), (1, 1), (2, 1), (3, 2)})),       # word 1 has two sure links
            Alignment(sure=frozenset({(0, 0), (1, 1)}), possible=frozenset({(2, 2)}))]
    predicted = [{(0, 0), (3, 1), (4, 2)},                                   # hit; skipped (two gold); +1
                 {(1, 0), (0, 1), (2, 2)}]                                   # +1; -1; no sure link: skipped
    offsets = link_offsets(predicted, gold)
    assert offsets == Counter({0: 1, 1: 2, -1: 1}) and sum(offsets.values()) == 4
    assert link_offsets([{(0, 0), (1, 0)}], [Alignment(sure=frozenset({(0, 0)}))]) == Counter()  # two chosen


def test_misuse_link_offsets_named():
    with pytest.raises(ValueError, match="one entry per sentence pair each, got 1 and 2"):
        link_offsets([set()], [Alignment(), Alignment()])
    with pytest.raises(TypeError, match=r"gold\[0\] must be an Alignment, got set"):
        link_offsets([set()], [set()])
    with pytest.raises(TypeError, match=r"predicted\[0\] must hold \(i, j\) tuples of two ints"):
        link_offsets([{(0.5, 1)}], [Alignment()])
