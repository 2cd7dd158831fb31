"""helpers.exercises.scores: right answers pass, typical wrong answers fail with a hint, not the solution."""

import math

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


def test_scaled_scores_right_answers(capsys):
    assert _verdict(capsys, ex.check_scaled_scores,
                    lambda q, k: torch.bmm(q, k.transpose(1, 2)) / math.sqrt(q.shape[-1]))[0]
    assert _verdict(capsys, ex.check_scaled_scores,
                    lambda q, k: torch.einsum("bqd,bkd->bqk", q, k) * q.shape[-1] ** -0.5)[0]


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


def test_masked_weights_bad_input():
    with pytest.raises(ValueError, match=r"shape \(2, 4\).*got \(4,\)"):
        ex.check_masked_weights([0.25] * 4)
    with pytest.raises(TypeError, match="2 x 4 nested list of numbers, got str"):
        ex.check_masked_weights("0.88")


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
    for wrong, words in [(max(fits) + 1, "too many keys"), (max(fits) - 1, "so do larger ones"),
                         (0, "at least 1"),
                         (10.5, "whole number")]:
        passed, out = _verdict(capsys, ex.check_max_keys, wrong)
        assert not passed and words in out and str(max(fits)) not in out.replace(str(max(fits) - 1), "")


def test_flop_ratio_matches_helpers_cost(capsys):
    d, n = ex.RATIO_SIZE, 10 ** 6  # large n: the ratio of the exact counts approaches the answer
    ratio = sum(additive_flops(1, n, n, d, d, d, d).values()) / sum(dot_product_flops(1, n, n, d, d).values())
    assert _verdict(capsys, ex.check_flop_ratio, round(ratio, 2))[0]
    assert _verdict(capsys, ex.check_flop_ratio, round(ratio, 4))[0]
    # scores only: no softmax, no weights · V
    scores_only = (additive_flops(1, n, n, d, d, d, d)["tanh"] * 4) / (
        sum(dot_product_flops(1, n, n, d, d).values()) - 4 * n * n - 2 * n * n * d)
    for wrong, words in [(0.7, "not fewer"), (2.5, "not quite"), (50.0, "too large"),
                         (round(ratio, 2) - 0.01, "not quite"), (round(ratio, 2) + 0.01, "not quite"),
                         (round(scores_only, 2), "scores only"), (1.0, "not quite")]:
        passed, out = _verdict(capsys, ex.check_flop_ratio, wrong)
        assert not passed and words in out and f"{ratio:.2f}" not in out


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


@pytest.mark.parametrize("check, answer, error, words", [
    (ex.check_scaled_scores, 3, TypeError, "scaled_scores must be a function, got int"),
    (ex.check_dot_variance, "d", TypeError, "variance must be a function, got str"),
    (ex.check_max_keys, "256", TypeError, "num_keys must be a number, got str"),
    (ex.check_max_keys, True, TypeError, "num_keys must be a number, got bool"),
    (ex.check_flop_ratio, None, TypeError, "ratio must be a number, got NoneType"),
    (ex.check_bilinear_scores, "qWk", TypeError, "bilinear_scores must be a function, got str"),
])
def test_bad_input_messages(check, answer, error, words):
    with pytest.raises(error, match=words):
        check(answer)
