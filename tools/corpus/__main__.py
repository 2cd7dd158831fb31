"""python -m tools.corpus: rewrite data/eng-fra.txt, eng-fra.align, eng-fra.lexicon.tsv and the
statistics in data/README.md; python -m tools.corpus --harder PATH: write the harder variant to PATH
(outside data/). A bad argument prints one `error:` line and exits with status 2."""

import sys

from .draw import NUM_TRAIN
from .files import OUT, main, statistics, write_harder

USAGE = "usage: python -m tools.corpus [--harder PATH]"


def run(argv):
    """Run the command with the arguments argv; return the exit status."""
    if argv in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if argv[:1] == ["--harder"] and len(argv) == 2:
        try:
            harder = write_harder(argv[1])
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"wrote {len(harder)} pairs to {argv[1]} (a harder variant, for benchmarks)")
        print(statistics(harder))
        return 0
    if argv:
        print(f"error: expected no argument or --harder PATH ({USAGE}), got {' '.join(argv)}",
              file=sys.stderr)
        return 2
    pairs = main()
    print(f"wrote {len(pairs)} pairs to {OUT.name} (first {NUM_TRAIN} for training)")
    print(statistics(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
