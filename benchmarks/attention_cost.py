"""Time, memory and FLOPs of additive and scaled dot-product attention (notebook 03, section 5).

Usage:
    python benchmarks/attention_cost.py                 # a table, sizes a laptop handles in a few seconds
    python benchmarks/attention_cost.py --json          # JSON lines, one per (scorer, problem)
    python benchmarks/attention_cost.py --large --memory --threads 4

Two sweeps: growing number of queries = keys n at a fixed size, and growing size d = h = q = k at a
fixed n. Times are the best of --repeats runs of one forward pass without gradients; they depend on the
machine and on what else runs on it. Peak memory is counted (helpers.cost) and, with --memory, measured
by the PyTorch profiler.
"""

import json
import platform
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from _cli import Parser, int_at_least  # noqa: E402

SWEEPS = {  # name -> (n values, size values); one of the two lists has a single entry
    "small": {"n": ([16, 32, 64, 128, 256], [64]), "size": ([64], [8, 16, 32, 64, 128, 256])},
    "large": {"n": ([64, 128, 256, 512, 1024], [64]), "size": ([256], [16, 32, 64, 128, 256, 512])},
}


def parse_args(argv=None):
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    parser.add_argument("--large", action="store_true",
                        help="larger problems (n up to 1024: the additive scorer then needs about 0.5 GiB)")
    parser.add_argument("--memory", action="store_true", help="also measure peak memory with the profiler")
    parser.add_argument("--batch-size", type=int_at_least(1), default=1)
    parser.add_argument("--value-size", type=int_at_least(1), default=64)
    parser.add_argument("--repeats", type=int_at_least(1), default=5)
    parser.add_argument("--threads", type=int_at_least(1), default=1,
                        help="CPU threads for the timed runs (default 1)")
    return parser.parse_args(argv)


def run(args):
    """Yield one result dict per (sweep, scorer, problem)."""
    from helpers.cost import measure_scorers

    for sweep, (ns, sizes) in SWEEPS["large" if args.large else "small"].items():
        for n in ns:
            for size in sizes:
                for row in measure_scorers(args.batch_size, n, n, size, value_size=args.value_size,
                                           repeats=args.repeats, measure_memory=args.memory,
                                           num_threads=args.threads):
                    yield {"sweep": sweep, **row}


def main(argv=None):
    args = parse_args(argv)
    import torch

    header = (f"# torch {torch.__version__}, {platform.machine()}, {args.threads} thread(s); "
              "times depend on the machine and its load")
    if args.json:
        print(json.dumps({"comment": header}))
    else:
        print(header)
        memory = " measured MiB" if args.memory else ""
        print(f"{'sweep':5} {'scorer':12} {'n':>5} {'size':>5} {'MFLOP':>9} {'wall ms':>9} {'CPU ms':>9} "
              f"{'GFLOP/s':>8} {'peak MiB':>9}{memory}")
    for row in run(args):
        if args.json:
            print(json.dumps(row), flush=True)
            continue
        measured = f" {row['measured_peak_bytes'] / 2 ** 20:12.3f}" if args.memory else ""
        print(f"{row['sweep']:5} {row['scorer']:12} {row['num_queries']:5d} {row['size']:5d} "
              f"{row['flops'] / 1e6:9.2f} {row['wall_ms']:9.3f} {row['cpu_ms']:9.3f} "
              f"{row['flops'] / row['wall_ms'] / 1e6:8.2f} {row['peak_bytes'] / 2 ** 20:9.3f}{measured}",
              flush=True)


if __name__ == "__main__":
    sys.exit(main())
