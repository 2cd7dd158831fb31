"""helpers.attention against references: PyTorch's built-in attention and brute-force loops."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close

from helpers.attention import AdditiveAttention, DotProductAttention, MultiplicativeAttention, masked_softmax

SHAPES = [(1, 1, 1, 1, 1), (2, 3, 5, 4, 6), (4, 7, 10, 8, 3), (3, 1, 16, 2, 5)]  # B, Q, K, d, v


def _valid_lens(kind, batch, queries, keys, gen):
    if kind == "none":
        return None
    if kind == "per_sequence":
        return torch.randint(1, keys + 1, (batch,), generator=gen)
    return torch.randint(1, keys + 1, (batch, queries), generator=gen)


def _bool_mask(valid_lens, batch, queries, keys):
    if valid_lens is None:
        return None
    if valid_lens.dim() == 1:
        valid_lens = valid_lens[:, None].expand(batch, queries)
    return torch.arange(keys)[None, None, :] < valid_lens[:, :, None]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kind", ["none", "per_sequence", "per_query"])
def test_dot_product_matches_pytorch_sdpa(seed, shape, kind):
    batch, num_q, num_k, d, v = shape
    gen = torch.Generator().manual_seed(seed)
    queries = torch.randn(batch, num_q, d, generator=gen, dtype=torch.float64)
    keys = torch.randn(batch, num_k, d, generator=gen, dtype=torch.float64)
    values = torch.randn(batch, num_k, v, generator=gen, dtype=torch.float64)
    valid_lens = _valid_lens(kind, batch, num_q, num_k, gen)
    output, weights = DotProductAttention()(queries, keys, values, valid_lens)
    expected = F.scaled_dot_product_attention(queries, keys, values,
                                              attn_mask=_bool_mask(valid_lens, batch, num_q, num_k))
    assert_close(output, expected)
    assert weights.shape == (batch, num_q, num_k)
    assert_close(weights.sum(-1), torch.ones(batch, num_q, dtype=torch.float64))


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("kind", ["none", "per_sequence", "per_query"])
def test_additive_matches_brute_force_loop(seed, kind):
    batch, num_q, num_k, q_size, k_size, v_size, hidden = 3, 4, 6, 5, 7, 2, 8
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    attention = AdditiveAttention(q_size, k_size, hidden).double()
    queries = torch.randn(batch, num_q, q_size, generator=gen, dtype=torch.float64)
    keys = torch.randn(batch, num_k, k_size, generator=gen, dtype=torch.float64)
    values = torch.randn(batch, num_k, v_size, generator=gen, dtype=torch.float64)
    valid_lens = _valid_lens(kind, batch, num_q, num_k, gen)
    output, weights = attention(queries, keys, values, valid_lens)

    W_q, W_k, w_v = attention.W_q.weight, attention.W_k.weight, attention.w_v.weight[0]
    for b in range(batch):
        for i in range(num_q):
            n = num_k if valid_lens is None else int(
                valid_lens[b] if valid_lens.dim() == 1 else valid_lens[b, i])
            scores = torch.stack([w_v @ torch.tanh(W_q @ queries[b, i] + W_k @ keys[b, j])
                                  for j in range(n)])
            alpha = torch.exp(scores - scores.max())
            alpha = alpha / alpha.sum()
            assert_close(weights[b, i, :n], alpha)
            assert torch.all(weights[b, i, n:] == 0)
            assert_close(output[b, i], sum(alpha[j] * values[b, j] for j in range(n)))


def test_masked_softmax_hand_computed():
    scores = torch.tensor([[[0.0, math.log(3.0), 5.0], [1.0, 1.0, 1.0]]])  # (1, 2, 3)
    weights = masked_softmax(scores, torch.tensor([[2, 0]]))
    expected = torch.tensor([[[0.25, 0.75, 0.0], [0.0, 0.0, 0.0]]])
    assert_close(weights, expected)
    assert weights[0, 0, 2].item() == 0.0  # exactly zero, not merely small


def test_masked_softmax_per_sequence_and_zero_length():
    scores = torch.randn(3, 2, 4, generator=torch.Generator().manual_seed(0))
    weights = masked_softmax(scores, torch.tensor([4, 1, 0]))
    assert_close(weights[0], torch.softmax(scores[0], -1))
    assert torch.equal(weights[1], torch.tensor([[1.0, 0, 0, 0], [1.0, 0, 0, 0]]))
    assert torch.equal(weights[2], torch.zeros(2, 4))  # a zero-length row attends to nothing


def test_masked_softmax_ignores_padded_scores():
    gen = torch.Generator().manual_seed(5)
    scores = torch.randn(2, 3, 6, generator=gen)
    changed = scores.clone()
    changed[:, :, 4:] = 1e4  # garbage in the padded positions must not matter
    valid = torch.tensor([4, 3])
    assert torch.equal(masked_softmax(scores, valid), masked_softmax(changed, valid))


def test_gradcheck_float64():
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    additive = AdditiveAttention(3, 4, 5).double()
    q = torch.randn(2, 3, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    k = torch.randn(2, 4, 4, generator=gen, dtype=torch.float64, requires_grad=True)
    kd = torch.randn(2, 4, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    v = torch.randn(2, 4, 2, generator=gen, dtype=torch.float64, requires_grad=True)
    valid = torch.tensor([[3, 0, 4], [1, 2, 4]])
    assert torch.autograd.gradcheck(lambda a, b, c: additive(a, b, c, valid)[0], (q, k, v))
    assert torch.autograd.gradcheck(lambda a, b, c: DotProductAttention()(a, b, c, valid)[0], (q, kd, v))
    s = torch.randn(2, 3, 4, generator=gen, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda x: masked_softmax(x, valid), (s,))


def test_weights_are_returned_not_stashed():
    attention = DotProductAttention()
    x = torch.randn(1, 2, 3)
    before = set(vars(attention))
    _, weights = attention(x, x, x)
    assert set(vars(attention)) == before
    assert weights.shape == (1, 2, 2)


def test_dropout_changes_output_not_returned_weights():
    torch.manual_seed(0)
    attention = DotProductAttention(dropout=0.5).train()
    x = torch.randn(2, 5, 4)
    output, weights = attention(x, x, x)
    assert_close(weights.sum(-1), torch.ones(2, 5))
    attention.eval()
    eval_output, eval_weights = attention(x, x, x)
    assert_close(eval_weights, weights)
    assert not torch.allclose(output, eval_output)


# --- bad input: every error names what was expected and what was given ---

def _qkv(batch=(2, 2, 2), num_q=3, num_k=4, num_v=4, d_q=5, d_k=5):
    return (torch.randn(batch[0], num_q, d_q), torch.randn(batch[1], num_k, d_k),
            torch.randn(batch[2], num_v, 6))


@pytest.mark.parametrize("module", [DotProductAttention(), AdditiveAttention(5, 5, 4),
                                    MultiplicativeAttention(5, 5)])
@pytest.mark.parametrize("inputs, valid_lens, error, pattern", [
    (dict(batch=(2, 3, 2)), None, ValueError, r"same batch size, got 2, 3 and 2"),
    (dict(num_v=5), None, ValueError, r"4 keys and 5 values"),
    ({}, torch.tensor([1, 2, 3]), ValueError, r"\(2,\).*got \(3,\)"),
    ({}, torch.tensor([[1, 2], [1, 2]]), ValueError, r"\(2, 3\).*got \(2, 2\)"),
    ({}, torch.ones(2, 3, 1, dtype=torch.long), ValueError, r"got \(2, 3, 1\)"),
    ({}, torch.tensor([1, -1]), ValueError, r">= 0, got a minimum of -1"),
    ({}, torch.tensor([1, 5]), ValueError, r"<= the number of keys \(4\), got a maximum of 5"),
    ({}, torch.tensor([1.0, 2.0]), TypeError, r"integers.*got dtype torch.float32"),
    ({}, [1, 2], TypeError, r"got list"),
])
def test_bad_input_raises_clear_error(module, inputs, valid_lens, error, pattern):
    with pytest.raises(error, match=pattern):
        module(*_qkv(**inputs), valid_lens)


def test_dot_product_size_mismatch():
    with pytest.raises(ValueError, match=r"same size d, got query size 5 and key size 7"):
        DotProductAttention()(*_qkv(d_k=7))


def test_additive_size_mismatch():
    with pytest.raises(ValueError, match=r"queries must have size 3.*got shape \(2, 3, 5\)"):
        AdditiveAttention(3, 5, 4)(*_qkv())
    with pytest.raises(ValueError, match=r"keys must have size 6.*got shape \(2, 4, 5\)"):
        AdditiveAttention(5, 6, 4)(*_qkv())


def test_masked_softmax_bad_scores():
    with pytest.raises(ValueError, match=r"scores must be 3-D \(3 dimensions\), got shape \(2, 3\)"):
        masked_softmax(torch.randn(2, 3))
    with pytest.raises(TypeError, match=r"floating-point.*torch.int64"):
        masked_softmax(torch.ones(1, 2, 3, dtype=torch.long))


# Misuse: inputs of another dtype than the module, sizes of 0, NaN or inf on the padding.

def test_misuse_float64_into_a_float32_layer_is_a_clear_type_error():
    queries, keys, values = (t.double() for t in _qkv())
    with pytest.raises(TypeError, match=r"queries has dtype torch.float64 but the layer's weights' dtype is "
                                        r"torch.float32: convert one of them"):
        AdditiveAttention(5, 5, 4)(queries, keys, values)
    layer = AdditiveAttention(5, 5, 4).double()              # converting the layer makes it work
    output, weights = layer(queries, keys, values)
    assert output.dtype == torch.float64
    assert_close(weights.sum(-1), torch.ones(2, 3, dtype=torch.float64))


def test_misuse_mixed_dtypes_into_dot_product_attention():
    queries, keys, values = _qkv()
    with pytest.raises(TypeError, match=r"keys has dtype torch.float64 but queries' dtype is torch.float32"):
        DotProductAttention()(queries, keys.double(), values)
    output, _ = DotProductAttention()(queries.double(), keys.double(), values.double())   # all float64 works
    expected = F.scaled_dot_product_attention(queries.double(), keys.double(), values.double())
    assert_close(output, expected)


@pytest.mark.parametrize("module", [DotProductAttention(), AdditiveAttention(5, 5, 4)])
def test_misuse_no_keys_is_an_error(module):
    queries, keys, values = _qkv(num_k=0, num_v=0)
    with pytest.raises(ValueError, match=r"attention needs at least one key, got keys of shape \(2, 0, 5\)"):
        module(queries, keys, values)


def test_misuse_key_size_zero_is_an_error_not_nan():
    queries, keys, values = _qkv(d_q=0, d_k=0)
    with pytest.raises(ValueError,
                       match=r"queries must have a size >= 1 in the last axis, got shape \(2, 3, 0\)"):
        DotProductAttention()(queries, keys, values)
    for args, name in [((0, 5, 4), "query_size"), ((5, 0, 4), "key_size"), ((5, 5, 0), "num_hiddens")]:
        with pytest.raises(ValueError, match=rf"{name} must be an int >= 1, got 0"):
            AdditiveAttention(*args)


@pytest.mark.parametrize("kwargs, error, pattern", [
    (dict(dropout=1.0), ValueError, r"dropout must be a finite number in \[0.0, 1.0\)"),
])
def test_misuse_attention_dropout_out_of_range(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        DotProductAttention(**kwargs)
    with pytest.raises(error, match=pattern):
        AdditiveAttention(5, 5, 4, **kwargs)


@pytest.mark.parametrize("module", [DotProductAttention(), AdditiveAttention(5, 5, 4).eval()])
@pytest.mark.parametrize("garbage", [float("nan"), float("inf")])
def test_misuse_nan_or_inf_padding_never_reaches_the_output(module, garbage):
    queries, keys, values = _qkv()
    valid_lens = torch.tensor([2, 3])
    clean_out, clean_weights = module(queries, keys, values, valid_lens)
    dirty_keys, dirty_values = keys.clone(), values.clone()
    for row, n in enumerate(valid_lens.tolist()):
        dirty_keys[row, n:] = garbage
        dirty_values[row, n:] = garbage
    with torch.no_grad():
        out, weights = module(queries, dirty_keys, dirty_values, valid_lens)
    assert torch.isfinite(out).all() and torch.isfinite(weights).all()
    assert_close(out, clean_out.detach())
    assert_close(weights, clean_weights.detach())


def test_misuse_nan_scores_on_the_padding_are_ignored():
    scores = torch.tensor([[[1.0, 2.0, float("nan"), float("inf")]]])   # (1, 1, 4), keys 2 and 3 padding
    weights = masked_softmax(scores, torch.tensor([2]))
    assert_close(weights[0, 0, :2], torch.softmax(torch.tensor([1.0, 2.0]), 0))
    assert weights[0, 0, 2:].tolist() == [0.0, 0.0]


@pytest.mark.parametrize("seed", [0, 3])
@pytest.mark.parametrize("kind", ["none", "per_sequence", "per_query"])
def test_multiplicative_matches_brute_force_loop(seed, kind):
    """a(q, k) = qᵀ W k for every query and key, one at a time, with W of shape (q, k)."""
    batch, num_q, num_k, q_size, k_size, v_size = 3, 4, 6, 5, 7, 2
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    attention = MultiplicativeAttention(q_size, k_size).double()
    queries = torch.randn(batch, num_q, q_size, generator=gen, dtype=torch.float64)
    keys = torch.randn(batch, num_k, k_size, generator=gen, dtype=torch.float64)
    values = torch.randn(batch, num_k, v_size, generator=gen, dtype=torch.float64)
    valid_lens = _valid_lens(kind, batch, num_q, num_k, gen)
    output, weights = attention(queries, keys, values, valid_lens)
    W = attention.W.weight                                                  # (q, k)
    assert W.shape == (q_size, k_size)
    for b in range(batch):
        for i in range(num_q):
            n = num_k if valid_lens is None else int(
                valid_lens[b] if valid_lens.dim() == 1 else valid_lens[b, i])
            scores = torch.stack([queries[b, i] @ W @ keys[b, j] for j in range(n)])
            alpha = torch.softmax(scores, dim=0)
            assert_close(weights[b, i, :n], alpha)
            assert torch.all(weights[b, i, n:] == 0)
            assert_close(output[b, i], sum(alpha[j] * values[b, j] for j in range(n)))


def test_misuse_multiplicative_size_mismatch():
    with pytest.raises(ValueError, match=r"queries must have size 3.*got shape \(2, 3, 5\)"):
        MultiplicativeAttention(3, 5)(*_qkv())
    with pytest.raises(ValueError, match=r"keys must have size 6.*got shape \(2, 4, 5\)"):
        MultiplicativeAttention(5, 6)(*_qkv())
    with pytest.raises(ValueError, match=r"query_size must be an int >= 1, got 0"):
        MultiplicativeAttention(0, 6)
