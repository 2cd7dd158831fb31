"""helpers.exercises.scores: right answers pass, typical wrong answers fail with a hint, not the solution."""

import math

import numpy as np
import pytest
import torch

from helpers.attention import masked_softmax
from helpers.cost import additive_flops, dot_product_flops
from helpers.exercises import scores as ex


def _verdict(capsys, check, answer):
    passed = check(answer)
    out = capsys.readouterr().out
    english, chinese = out.splitlines()                 # the verdict, then the same in Chinese
    assert english.startswith("✓" if passed else "✗")
    assert chinese.startswith("  练习 ") and ("：正确。" if passed else "：还不对。") in chinese
    return passed, out


@pytest.mark.parametrize("answer", [
    lambda q, k: torch.einsum("bqd,bkd->bqk", q, k) / math.sqrt(q.shape[-1]),
    lambda q, k: torch.einsum("bqd,bkd->bqk", q, k) * q.shape[-1] ** -0.5,
    lambda q, k: torch.einsum("bid,bjd->bij", q / q.shape[-1] ** 0.5, k),
    lambda q, k: torch.einsum("...qd,...kd->...qk", q, k) / torch.tensor(q.shape[-1]).sqrt(),
    lambda q, k: torch.einsum(q, [0, 1, 2], k, [0, 3, 2], [0, 1, 3]) / math.sqrt(k.size(-1)),
])
def test_scaled_scores_right_answers(capsys, answer):
    assert _verdict(capsys, ex.check_scaled_scores, answer)[0]


@pytest.mark.parametrize("answer, words", [       # right values, but not with torch.einsum
    (lambda q, k: torch.bmm(q, k.transpose(1, 2)) / math.sqrt(q.shape[-1]), "bmm, transpose"),
    (lambda q, k: q @ k.mT / math.sqrt(q.shape[-1]), "matmul"),
    (lambda q, k: torch.matmul(q, k.permute(0, 2, 1)) / math.sqrt(q.shape[-1]),
     "matmul, permute"),
    (lambda q, k: torch.einsum("bqd,bdk->bqk", q, k.transpose(1, 2)) / math.sqrt(q.shape[-1]),
     "transpose"),
    (lambda q, k: (q[:, :, None, :] * k[:, None]).sum(-1) / math.sqrt(q.shape[-1]),
     "one torch.einsum"),
])
def test_scaled_scores_without_einsum_is_refused(capsys, answer, words):
    passed, out = _verdict(capsys, ex.check_scaled_scores, answer)
    assert not passed and "the scores are right" in out and words in out and "分数算对了" in out


@pytest.mark.parametrize("answer, words", [
    (lambda q, k: torch.bmm(q, k.transpose(1, 2)), "√d times too large"),
    (lambda q, k: torch.bmm(q, k.transpose(1, 2)) / q.shape[-1], "divided by d"),
    (lambda q, k: torch.bmm(k, q.transpose(1, 2)) / math.sqrt(q.shape[-1]), "should have shape"),
    (lambda q, k: (q @ k.transpose(1, 2)).tolist(), "return a torch.Tensor"),
    (lambda q, k: torch.bmm(q, k) / math.sqrt(q.shape[-1]), "raised RuntimeError"),
    (lambda q, k: torch.bmm(q, k.transpose(1, 2)) / math.sqrt(q.shape[-1]) + 0.1, "differ from"),
    (lambda q, k: torch.zeros(q.shape[0], q.shape[1], k.shape[1]), "differ from"),  # the notebook's starter
])
def test_scaled_scores_wrong_answers(capsys, answer, words):
    passed, out = _verdict(capsys, ex.check_scaled_scores, answer)
    assert not passed and words in out


def test_masked_weights_reference_passes(capsys):
    scores = torch.tensor([ex.MASKED_SCORES])                       # (1, 2, 4)
    weights = masked_softmax(scores, torch.tensor([ex.MASKED_VALID_LENS]))[0]
    assert _verdict(capsys, ex.check_masked_weights, weights)[0]
    rounded = [[round(float(w), 3) for w in row] for row in weights]  # what a student types
    passed, out = _verdict(capsys, ex.check_masked_weights, rounded)
    assert passed and "0.88" not in out


@pytest.mark.parametrize("answer, words", [
    ([[0.25] * 4, [0.25] * 4], "padding must get weight 0"),
    ([[0.881, 0.119, 0, 0], [0.25] * 4], "valid length 0"),
    ([[0.6, 0.6, 0, 0], [0, 0, 0, 0]], "should sum to 1"),
    ([[0.5, 0.5, 0, 0], [0, 0, 0, 0]], "softmax over its valid keys is off"),
    ([[0.2, 0.8, 0, 0], [0, 0, 0, 0]], "softmax over its valid keys is off"),
])
def test_masked_weights_wrong_answers(capsys, answer, words):
    passed, out = _verdict(capsys, ex.check_masked_weights, answer)
    assert not passed and words in out


@pytest.mark.parametrize("answer, words", [
    ([[0.881, 0.119, 0, 0], [math.nan] * 4], "NaN"),             # softmax of -inf everywhere
    ([[0.881, 0.119, math.nan, math.nan], [0, 0, 0, 0]], "NaN"),
    ([[0.881, 0.119, 0, 0], [0, math.nan, 0, 0]], "NaN"),
    ([[0.881, 0.119, 0, 0], [0, 0, 0, math.inf]], "NaN or an infinite"),
    (torch.tensor([[0.881, 0.119, 0, 0], [math.nan] * 4]), "NaN"),
])
def test_masked_weights_reject_nan_where_a_weight_must_be_0(capsys, answer, words):
    passed, out = _verdict(capsys, ex.check_masked_weights, answer)
    assert not passed and words in out and "NaN" in out.splitlines()[1]


@pytest.mark.parametrize("answer", [
    [[0.881, 0.119, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
    ((0.881, 0.119, 0, 0), (0, 0, 0, 0)),
    [[0.8808, 0.1192, -0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
    np.array([[0.881, 0.119, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]),
    torch.tensor([[0.881, 0.119, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]], dtype=torch.float16),
])
def test_masked_weights_accept_every_form_of_the_table(capsys, answer):
    assert _verdict(capsys, ex.check_masked_weights, answer)[0]


@pytest.mark.parametrize("answer, words", [
    ([0.25] * 4, "shape (2, 4)"),
    ([[0.881, 0], [0.119, 0], [0, 0], [0, 0]], "transposed"),
    ("0.88", "a table of 2 x 4 numbers"),
    ([[0.881, 0.119, 0, 0], [0, 0, 0]], "a table of 2 x 4 numbers"),
    (None, "a table of 2 x 4 numbers"),
])
def test_masked_weights_bad_tables_get_a_verdict(capsys, answer, words):
    passed, out = _verdict(capsys, ex.check_masked_weights, answer)
    assert not passed and words in out and "练习 2" in out


def test_dot_variance_matches_simulation(capsys):
    gen = torch.Generator().manual_seed(0)
    for d, sigma in [(4, 0.5), (16, 2.0)]:  # the reference answer against a Monte-Carlo estimate
        q = sigma * torch.randn(200_000, d, generator=gen, dtype=torch.float64)
        k = sigma * torch.randn(200_000, d, generator=gen, dtype=torch.float64)
        assert math.isclose(float((q * k).sum(-1).var()), d * sigma ** 4, rel_tol=0.03)
    assert _verdict(capsys, ex.check_dot_variance, lambda d, sigma: d * sigma ** 4)[0]


@pytest.mark.parametrize("answer, words", [
    (lambda d, sigma: d, "right for σ = 1 but not"),
    (lambda d, sigma: d * sigma ** 2, "right for σ = 1 only"),
    (lambda d, sigma: 1.0, "wrong for σ = 1"),
    (lambda d, sigma: 0.0, "wrong for σ = 1"),  # the notebook's starter
    (lambda d, sigma: math.sqrt(d) * sigma ** 4, "wrong for σ = 1"),
    (lambda d: d, "raised TypeError"),
])
def test_dot_variance_wrong_answers(capsys, answer, words):
    passed, out = _verdict(capsys, ex.check_dot_variance, answer)
    assert not passed and words in out


def test_max_keys(capsys):
    fits = [k for k in range(1, 2000)
            if 4 * ex.MEMORY_BATCH_SIZE * k * k * ex.MEMORY_NUM_HIDDENS <= ex.MEMORY_BUDGET]
    assert _verdict(capsys, ex.check_max_keys, max(fits))[0]
    assert _verdict(capsys, ex.check_max_keys, float(max(fits)))[0]
    for form in (str, torch.tensor, np.int64, np.float32, lambda k: f" {k} "):
        assert _verdict(capsys, ex.check_max_keys, form(max(fits)))[0]
    for wrong, words in [(max(fits) + 1, "too many keys"), (max(fits) - 1, "so do larger ones"),
                         (0, "at least 1"),
                         (10.5, "whole number")]:
        passed, out = _verdict(capsys, ex.check_max_keys, wrong)
        assert not passed and words in out and str(max(fits)) not in out.replace(str(max(fits) - 1), "")


def test_flop_ratio_matches_helpers_cost(capsys):
    d, n = ex.RATIO_SIZE, 10 ** 6  # large n: the ratio of the exact counts approaches the answer
    ratio = sum(additive_flops(1, n, n, d, d, d, d).values()) / sum(dot_product_flops(1, n, n, d, d).values())
    for right in (round(ratio, 2), round(ratio, 4), math.floor(ratio * 100) / 100,
                  str(round(ratio, 2)), torch.tensor(round(ratio, 2)),
                  np.float64(round(ratio, 2)), 388 / 261):
        assert _verdict(capsys, ex.check_flop_ratio, right)[0]
    # scores only: no softmax, no weights · V
    scores_only = (additive_flops(1, n, n, d, d, d, d)["tanh"] * 4) / (
        sum(dot_product_flops(1, n, n, d, d).values()) - 4 * n * n - 2 * n * n * d)
    for wrong, words in [(0.7, "not fewer"), (2.5, "add up every term"), (50.0, "too large"),
                         (round(ratio, 2) - 0.05, "add up every term"),
                         (round(ratio, 2) + 0.04, "add up every term"),
                         (round(scores_only, 2), "scores only"),
                         (1.0, "not fewer or as many")]:
        passed, out = _verdict(capsys, ex.check_flop_ratio, wrong)
        assert not passed and words in out and f"{ratio:.2f}" not in out


@pytest.mark.parametrize("n", [16, 128, 1024])
def test_flop_ratio_read_off_the_table_is_told_to_take_the_limit(capsys, n):
    d = ex.RATIO_SIZE
    additive = sum(additive_flops(1, n, n, d, d, d, d).values())
    row = additive / sum(dot_product_flops(1, n, n, d, d).values())
    passed, out = _verdict(capsys, ex.check_flop_ratio, round(row, 2))    # 5.41, 1.98, 1.55
    assert not passed and f"n = {n}" in out and "n → ∞" in out
    assert f"n = {n} " in out.splitlines()[1]


@pytest.mark.parametrize("wrong, words", [
    (round(5 * 64 + 4, 0) / 261, "(+ or tanh?)"),      # one d-term of additive attention out
    (round((6 * 64) / 261, 2), "additive count (softmax?)"),
    (round(388 / (261 - 128), 2), "dot-product count (Q Kᵀ or weights · V?)"),
    (round((4 * 64 + 4) / (2 * 64 + 5), 2), "a multiply–add counts 2 FLOPs"),   # 1.95
])
def test_flop_ratio_hints_name_the_missing_term(capsys, wrong, words):
    passed, out = _verdict(capsys, ex.check_flop_ratio, round(wrong, 2))
    assert not passed and words in out


def _bilinear_reference(queries, keys, W):
    return torch.stack([torch.stack([torch.stack([q @ W @ k for k in ks]) for q in qs])
                        for qs, ks in zip(queries, keys, strict=True)])  # loop: sequences, queries, keys


@pytest.mark.parametrize("answer", [
    lambda q, k, W: q @ W @ k.transpose(1, 2),
    lambda q, k, W: torch.einsum("biq,qk,bjk->bij", q, W, k),
    lambda q, k, W: torch.bmm(q, (k @ W.T).transpose(1, 2)),
    _bilinear_reference,
])
def test_bilinear_scores_right_answers(capsys, answer):
    assert _verdict(capsys, ex.check_bilinear_scores, answer)[0]


def test_bilinear_scores_starter_fails(capsys):
    passed, out = _verdict(capsys, ex.check_bilinear_scores,
                           lambda q, k, W: torch.zeros(q.shape[0], q.shape[1], k.shape[1]))
    assert not passed and "differ from" in out


@pytest.mark.parametrize("answer, words", [
    (lambda q, k, W: q @ W.T @ k.transpose(1, 2), "wrong way round"),
    (lambda q, k, W: q @ k.transpose(1, 2), "do not depend on W"),
    (lambda q, k, W: q @ W @ k.transpose(1, 2) / math.sqrt(q.shape[-1]), "no scaling factor"),
    (lambda q, k, W: k @ W.T @ q.transpose(1, 2), "should have shape"),
    (lambda q, k, W: torch.einsum("biq,qk,cjk->bij", q, W, k), "same sequence's keys"),
    (lambda q, k, W: (q @ W @ k.transpose(1, 2)).tolist(), "return a torch.Tensor"),
    (lambda q, k, W: torch.bmm(q @ W, k), "raised RuntimeError"),
])
def test_bilinear_scores_common_mistakes(capsys, answer, words):
    passed, out = _verdict(capsys, ex.check_bilinear_scores, answer)
    assert not passed and words in out
    assert "einsum" not in out and "@" not in out and "transpose" not in out  # no solution in the hint


@pytest.mark.parametrize("check, answer, words", [
    (ex.check_scaled_scores, 3, "pass your function itself"),
    (ex.check_dot_variance, "d", "pass your function itself"),
    (ex.check_max_keys, "many", "answer with a number, got 'many'"),
    (ex.check_max_keys, True, "answer with a number, got True"),
    (ex.check_max_keys, [256], "answer with a number, got [256]"),
    (ex.check_flop_ratio, None, "answer with a number, got None"),
    (ex.check_flop_ratio, math.inf, "answer with a number, got inf"),
    (ex.check_bilinear_scores, "qWk", "pass your function itself"),
    (ex.check_dot_variance, lambda d, sigma: "d σ^4",
     "must return a number, it returned 'd σ^4'"),
])
def test_answers_of_the_wrong_kind_get_a_bilingual_verdict(capsys, check, answer, words):
    passed, out = _verdict(capsys, check, answer)     # a verdict in both languages, no error
    assert not passed and words in out


@pytest.mark.parametrize("form", [str, torch.tensor, np.float64, np.float32,
                                  lambda x: f"{x} "])
def test_dot_variance_accepts_numbers_in_every_form(capsys, form):
    def right(d, sigma):
        return form(float(d * sigma ** 4))

    assert _verdict(capsys, ex.check_dot_variance, right)[0]
