"""helpers.cost against independent counts: PyTorch's FlopCounterMode, a brute-force loop over counted
scalars, and the PyTorch profiler's record of every allocation."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close
from torch.utils.flop_counter import FlopCounterMode

from helpers.attention import AdditiveAttention, DotProductAttention
from helpers.cost import (
    MATMUL_PARTS,
    Timing,
    additive_flops,
    additive_peak_bytes,
    dot_product_flops,
    dot_product_peak_bytes,
    measure_peak_bytes,
    measure_scorers,
    time_call,
)

# batch_size, num_queries, num_keys, query_size, key_size, num_hiddens, value_size
SCALAR_BYTES = 16
SHAPES = [(1, 1, 1, 1, 1, 1, 1), (2, 3, 4, 2, 3, 5, 2), (3, 2, 5, 4, 4, 3, 1), (1, 4, 2, 1, 6, 2, 3)]


def _matmul_flops(parts):
    return sum(flops for name, flops in parts.items() if name in MATMUL_PARTS)


def _counted_flops(fn):
    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


@pytest.mark.parametrize("shape", SHAPES)
def test_additive_matmul_flops_match_flop_counter(shape):
    B, Q, K, q, k, h, v = shape
    attention = AdditiveAttention(q, k, h)
    queries, keys, values = torch.randn(B, Q, q), torch.randn(B, K, k), torch.randn(B, K, v)
    expected = _counted_flops(lambda: attention(queries, keys, values))
    assert _matmul_flops(additive_flops(B, Q, K, q, k, h, v)) == expected


@pytest.mark.parametrize("shape", SHAPES)
def test_dot_product_matmul_flops_match_flop_counter(shape):
    B, Q, K, d, _, _, v = shape
    queries, keys, values = torch.randn(B, Q, d), torch.randn(B, K, d), torch.randn(B, K, v)
    parts = dot_product_flops(B, Q, K, d, v)
    assert _matmul_flops(parts) == _counted_flops(lambda: DotProductAttention()(queries, keys, values))
    assert _matmul_flops(parts) == _counted_flops(
        lambda: F.scaled_dot_product_attention(queries, keys, values))


class Counted:
    """A float that counts every arithmetic operation it takes part in (comparisons are free)."""

    count = 0

    def __init__(self, value):
        self.value = float(value)

    @staticmethod
    def _op(result):
        Counted.count += 1
        return Counted(result)

    @staticmethod
    def _raw(x):
        return x.value if isinstance(x, Counted) else float(x)

    def __add__(self, other):
        return self._op(self.value + self._raw(other))

    __radd__ = __add__

    def __sub__(self, other):
        return self._op(self.value - self._raw(other))

    def __mul__(self, other):
        return self._op(self.value * self._raw(other))

    __rmul__ = __mul__

    def __truediv__(self, other):
        return self._op(self.value / self._raw(other))

    def __gt__(self, other):
        return self.value > self._raw(other)

    def __lt__(self, other):
        return self.value < self._raw(other)


def _tanh(x):
    return Counted._op(math.tanh(x.value))


def _exp(x):
    return Counted._op(math.exp(x.value))


def _matvec(matrix, vector):
    out = []
    for row in matrix:
        acc = 0
        for w, x in zip(row, vector, strict=True):
            acc = acc + w * x  # one multiply-add = 2 FLOPs
        out.append(acc)
    return out


def _softmax(scores):
    largest = max(scores)  # comparisons: not counted
    exps = [_exp(s - largest) for s in scores]
    total = 0
    for e in exps:
        total = total + e
    return [e / total for e in exps]


def _pool(weights, values):
    out = []
    for c in range(len(values[0])):
        acc = 0
        for w, value in zip(weights, values, strict=True):
            acc = acc + w * value[c]
        out.append(acc)
    return out


def _counted(tensor):
    return [[[Counted(x) for x in row] for row in matrix] for matrix in tensor.tolist()]


def _plain(nested):
    return torch.tensor([[[x.value for x in row] for row in matrix] for matrix in nested],
                        dtype=torch.float64)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("seed", [0, 1])
def test_additive_total_flops_match_brute_force_count(shape, seed):
    B, Q, K, q, k, h, v = shape
    torch.manual_seed(seed)
    attention = AdditiveAttention(q, k, h).double()
    queries, keys, values = (torch.randn(B, Q, q, dtype=torch.float64),
                             torch.randn(B, K, k, dtype=torch.float64),
                             torch.randn(B, K, v, dtype=torch.float64))
    W_q, W_k = attention.W_q.weight.tolist(), attention.W_k.weight.tolist()
    w_v = attention.w_v.weight[0].tolist()
    Counted.count = 0
    cq, ck, cv = _counted(queries), _counted(keys), _counted(values)
    outputs = []
    for b in range(B):
        projected_q = [_matvec(W_q, query) for query in cq[b]]  # Q vectors of size h
        projected_k = [_matvec(W_k, key) for key in ck[b]]      # K vectors of size h
        rows = []
        for i in range(Q):
            scores = []
            for j in range(K):
                features = [_tanh(a + c) for a, c in zip(projected_q[i], projected_k[j], strict=True)]
                scores.append(_matvec([w_v], features)[0])
            rows.append(_pool(_softmax(scores), cv[b]))
        outputs.append(rows)
    assert Counted.count == sum(additive_flops(B, Q, K, q, k, h, v).values())
    assert_close(_plain(outputs), attention(queries, keys, values)[0])


@pytest.mark.parametrize("shape", SHAPES)
def test_dot_product_total_flops_match_brute_force_count(shape):
    B, Q, K, d, _, _, v = shape
    gen = torch.Generator().manual_seed(0)
    queries, keys, values = (torch.randn(B, Q, d, generator=gen, dtype=torch.float64),
                             torch.randn(B, K, d, generator=gen, dtype=torch.float64),
                             torch.randn(B, K, v, generator=gen, dtype=torch.float64))
    Counted.count = 0
    cq, ck, cv = _counted(queries), _counted(keys), _counted(values)
    outputs = [[_pool(_softmax([_matvec([query], key)[0] / math.sqrt(d) for key in ck[b]]), cv[b])
                for query in cq[b]] for b in range(B)]
    assert Counted.count == sum(dot_product_flops(B, Q, K, d, v).values())
    assert_close(_plain(outputs), DotProductAttention()(queries, keys, values)[0])


def test_flops_hand_computed():
    # B = Q = K = 1, d = 2, v = 1: q·k is 2 multiply-adds (4), /√d 1, softmax 4, weights · V 2.
    assert dot_product_flops(1, 1, 1, 2, 1) == {"Q Kᵀ": 4, "/ √d": 1, "softmax": 4, "weights · V": 2}
    assert sum(additive_flops(2, 3, 4, 5, 6, 7, 8).values()) == (
        2 * 2 * 7 * (3 * 5 + 4 * 6) + 4 * 2 * 3 * 4 * 7 + 4 * 2 * 3 * 4 + 2 * 2 * 3 * 4 * 8)


@pytest.mark.parametrize("shape", [(1, 1, 1, 1, 1), (2, 16, 24, 8, 4), (3, 7, 33, 5, 2), (1, 64, 8, 1, 16)])
def test_peak_bytes_match_profiler(shape):
    B, Q, K, h, v = shape
    gen = torch.Generator().manual_seed(0)
    queries = torch.randn(B, Q, h, generator=gen)
    keys = torch.randn(B, K, h, generator=gen)
    values = torch.randn(B, K, v, generator=gen)
    additive = AdditiveAttention(h, h, h).eval()
    # The analytic count leaves out Python numbers wrapped as 0-d tensors (8 bytes, e.g. the √d).
    measured = measure_peak_bytes(lambda: additive(queries, keys, values))
    assert 0 <= measured - additive_peak_bytes(B, Q, K, h, v) <= SCALAR_BYTES
    dot = DotProductAttention().eval()
    measured = measure_peak_bytes(lambda: dot(queries, keys, values))
    assert 0 <= measured - dot_product_peak_bytes(B, Q, K, v) <= SCALAR_BYTES
    double = additive.double()
    measured = measure_peak_bytes(lambda: double(queries.double(), keys.double(), values.double()))
    converted = 8 * (B * Q * h + B * K * h + B * K * v)  # the float64 copies of the inputs
    assert 0 <= measured - converted - additive_peak_bytes(B, Q, K, h, v, element_size=8) <= SCALAR_BYTES


def test_peak_bytes_hand_computed():
    # B = 1, Q = K = 2, h = 3, v = 1: projections 2·3 + 2·3 = 12, sum and tanh 2·12 = 24 -> 36 floats.
    assert additive_peak_bytes(1, 2, 2, 3, 1) == 4 * 36
    # Q K^T and its division, both (1, 2, 2) = 8 floats; at the end the weights 4 and the output 2.
    assert dot_product_peak_bytes(1, 2, 2, 1) == 4 * 8
    assert dot_product_peak_bytes(1, 2, 2, 5) == 4 * (4 + 2 * 5)


def test_measure_peak_bytes_ignores_earlier_memory_and_frees():
    big = torch.zeros(1000)  # allocated before: not counted

    def fn():
        for _ in range(3):
            temporary = big + 1  # 4000 bytes, freed each time round
            del temporary

    assert 4000 <= measure_peak_bytes(fn) <= 4000 + SCALAR_BYTES


def test_time_call_calls_warmup_plus_repeats_times():
    calls = []
    timing = time_call(lambda: calls.append(1), repeats=4, warmup=2)
    assert len(calls) == 6
    assert isinstance(timing, Timing) and timing.wall_s >= 0 and timing.cpu_s >= 0


def test_measure_scorers_rows():
    rows = measure_scorers(2, 3, 5, 4, value_size=6, repeats=1, measure_memory=True)
    assert [row["scorer"] for row in rows] == ["additive", "dot product"]
    assert rows[0]["flops"] == sum(additive_flops(2, 3, 5, 4, 4, 4, 6).values())
    assert rows[1]["flops"] == sum(dot_product_flops(2, 3, 5, 4, 6).values())
    for row in rows:
        assert 0 <= row["measured_peak_bytes"] - row["peak_bytes"] <= SCALAR_BYTES
        assert row["wall_ms"] >= 0 and row["cpu_ms"] >= 0


def test_measure_scorers_leaves_global_state_alone():
    state, threads = torch.get_rng_state(), torch.get_num_threads()
    rows = measure_scorers(1, 2, 2, 2, repeats=1, num_threads=2)
    assert torch.equal(torch.get_rng_state(), state)
    assert torch.get_num_threads() == threads and rows[0]["num_threads"] == 2


@pytest.mark.parametrize("call, error, words", [
    (lambda: additive_flops(1, 2, 3, 4, 5, 0, 1), ValueError, "num_hiddens must be >= 1, got 0"),
    (lambda: dot_product_flops(1, 2.0, 3, 4, 5), TypeError, "num_queries must be an int, got float"),
    (lambda: dot_product_flops(True, 2, 3, 4, 5), TypeError, "batch_size must be an int, got bool"),
    (lambda: additive_peak_bytes(1, 2, 3, 4, -1), ValueError, "value_size must be >= 1, got -1"),
    (lambda: measure_peak_bytes(3), TypeError, "fn must be callable"),
    (lambda: time_call(print, repeats=0), ValueError, "repeats must be >= 1, got 0"),
    (lambda: measure_scorers(1, 2, 2, 2, num_threads=0), ValueError, "num_threads must be >= 1, got 0"),
    (lambda: time_call(print, warmup=-1), ValueError, "warmup must be an int >= 0, got -1"),
])
def test_bad_input_messages(call, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(")):
        call()
