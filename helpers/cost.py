"""Cost of the two attention scorers (注意力分数): FLOP counts, memory of the intermediates, timings.

Introduced in ``notebooks/03_attention_scores.ipynb``, which tests the slides' claim that additive
attention is expressive but costly and scaled dot-product attention cheap; ``benchmarks/attention_cost.py``
prints the same figures for larger sizes. FLOPs are counted for one forward pass without masking:
a multiply–add is 2 FLOPs; an add, subtract, divide, tanh or exp is 1; comparisons (the row maximum
in softmax, masking) are not counted. Peak memory is for a forward pass under ``torch.no_grad()``
without ``valid_lens``, following the order in which ``helpers.attention`` creates its tensors.
"""

import contextlib
import os
import sys
import time
from dataclasses import dataclass

import torch

from .attention import AdditiveAttention, DotProductAttention
from .device import cpu_threads

__all__ = ["additive_flops", "dot_product_flops", "MATMUL_PARTS", "additive_peak_bytes",
           "dot_product_peak_bytes", "measure_peak_bytes", "Timing", "time_call", "measure_scorers"]

# The parts of the two FLOP counts that are matrix products (what FlopCounterMode sees).
MATMUL_PARTS = ("W_q q", "W_k k", "w_vᵀ tanh(·)", "Q Kᵀ", "weights · V")


def _check_sizes(**sizes):
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")


def additive_flops(batch_size, num_queries, num_keys, query_size, key_size, num_hiddens, value_size):
    """FLOPs of additive attention, part by part: a(q, k) = w_vᵀ tanh(W_q q + W_k k), softmax, weights · V.

    Shapes:
        queries: (B, Q, query_size); keys: (B, K, key_size); values: (B, K, value_size)
        returns: dict part name -> FLOPs (sum the values for the total)
    """
    _check_sizes(batch_size=batch_size, num_queries=num_queries, num_keys=num_keys,
                 query_size=query_size, key_size=key_size, num_hiddens=num_hiddens,
                 value_size=value_size)
    B, Q, K, h = batch_size, num_queries, num_keys, num_hiddens
    return {
        "W_q q": 2 * B * Q * query_size * h,     # (B, Q, q) @ (q, h): one multiply-add per weight
        "W_k k": 2 * B * K * key_size * h,       # (B, K, k) @ (k, h)
        "W_q q + W_k k": B * Q * K * h,          # broadcast add -> (B, Q, K, h)
        "tanh": B * Q * K * h,                   # (B, Q, K, h)
        "w_vᵀ tanh(·)": 2 * B * Q * K * h,       # (B, Q, K, h) @ (h, 1) -> (B, Q, K)
        "softmax": 4 * B * Q * K,                # subtract max, exp, add to the sum, divide
        "weights · V": 2 * B * Q * K * value_size,  # (B, Q, K) @ (B, K, v) -> (B, Q, v)
    }


def dot_product_flops(batch_size, num_queries, num_keys, d, value_size):
    """FLOPs of scaled dot-product attention, part by part: Q Kᵀ, division by √d, softmax, weights · V.

    Shapes:
        queries: (B, Q, d); keys: (B, K, d); values: (B, K, value_size)
        returns: dict part name -> FLOPs (sum the values for the total)
    """
    _check_sizes(batch_size=batch_size, num_queries=num_queries, num_keys=num_keys, d=d,
                 value_size=value_size)
    B, Q, K = batch_size, num_queries, num_keys
    return {
        "Q Kᵀ": 2 * B * Q * K * d,               # (B, Q, d) @ (B, d, K) -> (B, Q, K)
        "/ √d": B * Q * K,                       # one division per score
        "softmax": 4 * B * Q * K,                # subtract max, exp, add to the sum, divide
        "weights · V": 2 * B * Q * K * value_size,  # (B, Q, K) @ (B, K, v) -> (B, Q, v)
    }


def additive_peak_bytes(batch_size, num_queries, num_keys, num_hiddens, value_size, element_size=4):
    """Peak bytes that ``AdditiveAttention`` allocates in a forward pass (no grad, no valid_lens).

    Two (B, Q, K, h) tensors live at once: the sum W_q q + W_k k and its tanh. Inside ``score``
    the projections and the tanh are freed once the scores exist; the prepared keys W_k k live on.

    Shapes:
        returns: int (bytes)
    """
    _check_sizes(batch_size=batch_size, num_queries=num_queries, num_keys=num_keys,
                 num_hiddens=num_hiddens, value_size=value_size, element_size=element_size)
    B, Q, K, h = batch_size, num_queries, num_keys, num_hiddens
    projections = B * Q * h + B * K * h                         # (B, Q, h), (B, K, h)
    during_tanh = projections + 2 * B * Q * K * h              # sum and tanh, both (B, Q, K, h)
    during_w_v = projections + B * Q * K * h + B * Q * K       # tanh and the scores (B, Q, K)
    at_the_end = B * K * h + B * Q * K + B * Q * value_size    # keys, weights, output
    return element_size * max(during_tanh, during_w_v, at_the_end)


def dot_product_peak_bytes(batch_size, num_queries, num_keys, value_size, element_size=4):
    """Peak bytes that ``DotProductAttention`` allocates in a forward pass (no grad, no valid_lens).

    Shapes:
        returns: int (bytes)
    """
    _check_sizes(batch_size=batch_size, num_queries=num_queries, num_keys=num_keys,
                 value_size=value_size, element_size=element_size)
    B, Q, K = batch_size, num_queries, num_keys
    # Two (B, Q, K) tensors at once: Q Kᵀ and its division by √d, then the scores and the weights.
    # The scores are freed after the softmax; the weights and the output (B, Q, v) are alive at the end.
    return element_size * max(2 * B * Q * K, B * Q * K + B * Q * value_size)


def measure_peak_bytes(fn):
    """Run ``fn()`` once under ``torch.no_grad()`` and return the peak of the CPU memory it allocated.

    Uses the PyTorch profiler (``profile_memory=True``), which sees every tensor allocation and free;
    memory allocated before the call does not count. The profiler's log lines on stderr (file
    descriptor 2) are discarded while it runs. It sees a few bytes more than the analytic
    counts above when Python numbers are wrapped as 0-d tensors (e.g. the √d, 8 bytes).

    Shapes:
        returns: int (bytes)
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable (a function of no arguments), got {type(fn).__name__}")
    from torch.profiler import ProfilerActivity, profile

    with _quiet_profiler(), torch.no_grad(), \
            profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        fn()
    records = sorted((event.start_ns(), event.nbytes())
                     for event in prof.profiler.kineto_results.events() if event.name() == "[memory]")
    current = peak = 0
    for _, nbytes in records:  # allocations are positive, frees negative
        current += nbytes
        peak = max(peak, current)
    return peak


@contextlib.contextmanager
def _quiet_profiler():
    """Discard what C++ code writes to file descriptor 2 meanwhile (the profiler's start/stop lines)."""
    try:
        fd = sys.__stderr__.fileno()
    except (AttributeError, OSError, ValueError):  # no real stderr: nothing to hide
        yield
        return
    sys.__stderr__.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), fd)
            yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


@dataclass(frozen=True)
class Timing:
    """Best time of one call: wall clock and CPU time of the process (all threads together)."""

    wall_s: float
    cpu_s: float


def time_call(fn, repeats=5, warmup=1):
    """Call ``fn()`` ``warmup`` times untimed, then ``repeats`` times; return the best ``Timing``."""
    if not callable(fn):
        raise TypeError(f"fn must be callable (a function of no arguments), got {type(fn).__name__}")
    _check_sizes(repeats=repeats)
    if isinstance(warmup, bool) or not isinstance(warmup, int) or warmup < 0:
        raise ValueError(f"warmup must be an int >= 0, got {warmup!r}")
    for _ in range(warmup):
        fn()
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(min(walls), min(cpus))


def measure_scorers(batch_size, num_queries, num_keys, size, value_size=16, repeats=5,
                    measure_memory=False, seed=0, num_threads=1):
    """Time (and optionally profile) both scorers on one random problem; return one dict per scorer.

    ``size`` is d for dot-product attention and query_size = key_size = num_hiddens for additive
    attention. Each dict holds the sizes, ``flops``, ``wall_ms``, ``cpu_ms``, ``peak_bytes`` (analytic)
    and, with ``measure_memory``, ``measured_peak_bytes``. The timings run on ``num_threads`` threads
    (default 1: on a busy machine a single thread is far steadier than threads waiting for each other).

    Shapes:
        queries: (batch_size, num_queries, size); keys: (batch_size, num_keys, size)
        values: (batch_size, num_keys, value_size)
    """
    _check_sizes(batch_size=batch_size, num_queries=num_queries, num_keys=num_keys, size=size,
                 value_size=value_size, num_threads=num_threads)
    gen = torch.Generator().manual_seed(seed)
    queries = torch.randn(batch_size, num_queries, size, generator=gen)  # (B, Q, d)
    keys = torch.randn(batch_size, num_keys, size, generator=gen)        # (B, K, d)
    values = torch.randn(batch_size, num_keys, value_size, generator=gen)  # (B, K, v)
    with torch.random.fork_rng(devices=[]):  # seeds the additive scorer's weights, restores the global RNG
        torch.manual_seed(seed)
        additive = AdditiveAttention(size, size, size).eval()
    scorers = {
        "additive": (additive,
                     additive_flops(batch_size, num_queries, num_keys, size, size, size, value_size),
                     additive_peak_bytes(batch_size, num_queries, num_keys, size, value_size)),
        "dot product": (DotProductAttention().eval(),
                        dot_product_flops(batch_size, num_queries, num_keys, size, value_size),
                        dot_product_peak_bytes(batch_size, num_queries, num_keys, value_size)),
    }
    rows, forwards = [], []
    for name, (attention, flops, peak_bytes) in scorers.items():
        def forward(attention=attention):
            with torch.no_grad():
                attention(queries, keys, values)

        with cpu_threads(num_threads):
            timing = time_call(forward, repeats=repeats, warmup=2)
        rows.append({"scorer": name, "batch_size": batch_size, "num_queries": num_queries,
                     "num_keys": num_keys, "size": size, "value_size": value_size, "num_threads": num_threads,
                     "flops": sum(flops.values()), "wall_ms": 1e3 * timing.wall_s,
                     "cpu_ms": 1e3 * timing.cpu_s, "peak_bytes": peak_bytes})
        forwards.append(forward)
    if measure_memory:  # after the timings: the profiler's start-up must not slow them down
        for row, forward in zip(rows, forwards, strict=True):
            row["measured_peak_bytes"] = measure_peak_bytes(forward)
    return rows
