"""Self-checks for the exercises of ``notebooks/06_attention_alignment.ipynb``: verdict, hint, no answer."""

import torch

from ..alignment import alignment_scores, links_from_attention, parse_alignment
from . import read_function, read_number, read_table, report, report_raised

__all__ = ["check_aer_by_hand", "check_argmax_links", "check_ibm1_posteriors", "EXERCISE_GOLD",
           "EXERCISE_PREDICTED"]

# Exercise 1: "the books aren't black ." / "les livres ne sont pas noirs ." and an aligner's links.
EXERCISE_GOLD = parse_alignment("0-0 1-1 2?2 2-3 2-4 3-5 4-6")
EXERCISE_PREDICTED = frozenset({(0, 0), (1, 1), (2, 2), (2, 3), (3, 4), (3, 5), (4, 6)})


def check_aer_by_hand(aer):
    """Exercise 1: the AER of ``EXERCISE_PREDICTED`` against ``EXERCISE_GOLD``, 3 decimals."""
    name, name_zh = "Exercise 1 (AER by hand)", "练习 1（手算 AER）"
    if (aer := read_number(name, name_zh, aer)) is None:
        return False
    expected = alignment_scores(EXERCISE_PREDICTED, EXERCISE_GOLD).aer
    if abs(aer - expected) < 1.5e-3:
        return report(name, True, exercise_zh=name_zh)
    a, s = EXERCISE_PREDICTED, EXERCISE_GOLD.sure
    sure_only = 1 - 2 * len(a & s) / (len(a) + len(s))                 # A ∩ S counted where A ∩ P belongs
    if abs(aer - sure_only) < 1.5e-3:
        return report(name, False, "a proposed link that is only possible still counts in |A ∩ P|: "
                                   "look again at the link of 'ne'.",
                      exercise_zh=name_zh, hint_zh="只是“可能”的链接也算在 |A ∩ P| 里：再看看 ne 的链接。")
    if not 0 <= aer <= 1:
        return report(name, False, f"AER lies between 0 and 1, got {aer}.",
                      exercise_zh=name_zh, hint_zh=f"AER 在 0 和 1 之间，你给的是 {aer}。")
    return report(name, False, "count |A|, |S|, |A ∩ S| and |A ∩ P| link by link, then use "
                               "AER = 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|).",
                  exercise_zh=name_zh, hint_zh="逐条数出 |A|、|S|、|A ∩ S| 和 |A ∩ P|，再用 "
                                               "AER = 1 − (|A ∩ S| + |A ∩ P|) / (|A| + |S|)。")


def check_argmax_links(argmax_links):
    """Exercise 2: ``argmax_links(weights)``: each target word (row) links to its most attended source word.

    Shapes:
        weights: (num_target_words, num_source_words)
        returns: a set of (i, j), i the source index, j the target index
    """
    name, name_zh = "Exercise 2 (links from attention)", "练习 2（从注意力得到链接）"
    if read_function(name, name_zh, argmax_links) is None:
        return False
    for seed, shape in enumerate([(5, 4), (3, 6), (6, 6)]):
        weights = torch.softmax(torch.randn(shape, generator=torch.Generator().manual_seed(seed)) * 3, dim=-1)
        try:
            got = argmax_links(weights.clone())
        except Exception as error:  # a student's code: report, don't crash the notebook
            return report_raised(name, name_zh, error)
        try:
            got = {(int(i), int(j)) for i, j in got}
        except (TypeError, ValueError):
            return report(name, False, f"return a set of (i, j) pairs of ints, got {type(got).__name__}.",
                          exercise_zh=name_zh, hint_zh=f"请返回由整数对 (i, j) 组成的集合，你返回的是 "
                                                       f"{type(got).__name__}。")
        expected = set(links_from_attention(weights))
        if got == expected:
            continue
        if got == {(j, i) for i, j in expected}:
            return report(name, False, "the pairs are the wrong way round: a link is (source index i, "
                                       "target index j), and the rows of weights are the target words.",
                          exercise_zh=name_zh, hint_zh="顺序反了：链接是（源词下标 i，目标词下标 j），"
                                                       "weights 的行是目标词。")
        by_column = {(int(weights[:, i].argmax()), i) for i in range(weights.shape[1])}
        if got in (by_column, {(i, j) for j, i in by_column}):
            return report(name, False, "each target word (a row) picks its source word, not each source "
                                       "word (a column) its target word.",
                          exercise_zh=name_zh, hint_zh="应由每个目标词（一行）选它的源词，"
                                                       "而不是每个源词（一列）选目标词。")
        return report(name, False, f"expected one link per target word ({weights.shape[0]}), to the "
                                   f"source word it gives the most weight; got {len(got)} links.",
                      exercise_zh=name_zh, hint_zh=f"每个目标词（共 {weights.shape[0]} 个）应有一条链接，"
                                                   f"连到它权重最大的源词；你给了 {len(got)} 条。")
    return report(name, True, exercise_zh=name_zh)


def check_ibm1_posteriors(ibm1_posteriors):
    """Exercise 3: ``ibm1_posteriors(t, source_ids, target_ids)``, the E-step of IBM Model 1 for one pair.

    Shapes:
        t: (num_french_words, num_english_words), t[f, e] = t(f | e)
        source_ids, target_ids: lists of English and French word indices
        returns: (len(target_ids), len(source_ids)), row j = the posterior over source positions
    """
    name, name_zh = "Exercise 3 (IBM Model 1, E-step)", "练习 3（IBM 模型 1 的 E 步）"
    if read_function(name, name_zh, ibm1_posteriors) is None:
        return False
    for seed in range(3):
        gen = torch.Generator().manual_seed(seed)
        t = torch.rand(7, 5, generator=gen, dtype=torch.float64)
        t = t / t.sum(0, keepdim=True)                                    # each column: a distribution over f
        source_ids, target_ids = [0, 3, 1, 3], [2, 6, 0]                  # a repeated English word
        try:
            got = ibm1_posteriors(t.clone(), list(source_ids), list(target_ids))
        except IndexError as error:                                   # t read as t[e, f]
            return report(name, False, f"your function raised IndexError: {error}. t has one "
                          "row per French word and one column per English word: "
                          "t[f, e] = t(f | e).",
                          exercise_zh=name_zh, hint_zh=f"你的函数抛出了 IndexError：{error}。t 的每一行"
                          "是一个法语词，每一列是一个英语词：t[f, e] = t(f | e)。")
        except Exception as error:
            return report_raised(name, name_zh, error)
        got = read_table(name, name_zh, got, (3, 4), "one row per French word, one column per "
                         "English position", "每个法语词一行，每个英语位置一列", returned=True)
        if got is None:
            return False
        scores = t[target_ids][:, source_ids]                             # (3, 4): t(f_j | e_i)
        expected = scores / scores.sum(1, keepdim=True)
        if torch.allclose(got, expected):
            continue
        if torch.allclose(got, scores / scores.sum(0, keepdim=True)):
            return report(name, False, "each French word's posterior over the English positions sums to "
                                       "1: normalise each row, not each column.",
                          exercise_zh=name_zh, hint_zh="每个法语词在英语位置上的后验之和为 1："
                                                       "按行归一化，而不是按列。")
        return report(name, False, "entry (j, i) is t(f_j | e_i) divided by the sum of t(f_j | e_i') over "
                                   "every English position i' of the sentence.",
                      exercise_zh=name_zh, hint_zh="第 (j, i) 项是 t(f_j | e_i) 除以该句所有英语位置 i' 的 "
                                                   "t(f_j | e_i') 之和。")
    return report(name, True, exercise_zh=name_zh)

