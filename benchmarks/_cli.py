"""Argument checking shared by the benchmark scripts: one line ``error: ...`` and exit status 2, no traceback.

Every argument is checked by its ``type=`` while parsing, before any data is loaded or model built.
"""

import argparse
import math
import sys
from pathlib import Path


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose errors are one line on stderr, ``error: <what>``, exit status 2."""

    def error(self, message):
        fail(message)


def fail(message):
    """Print ``error: message`` as one line on stderr and exit with status 2."""
    print(f"error: {' '.join(str(message).split())}", file=sys.stderr)
    sys.exit(2)


def int_at_least(minimum):
    """An argparse type: an int >= minimum."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an int >= {minimum}, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected an int >= {minimum}, got {value}")
        return value
    parse.__name__ = f"int >= {minimum}"
    return parse


def number_in(low=None, high=None, low_open=False, high_open=False):
    """An argparse type: a finite float within the given (open or closed) bounds."""
    left = "(-inf" if low is None else f"{'(' if low_open else '['}{low:g}"
    right = "inf)" if high is None else f"{high:g}{')' if high_open else ']'}"

    def parse(text):
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        too_low = low is not None and (value <= low if low_open else value < low)
        too_high = high is not None and (value >= high if high_open else value > high)
        if not math.isfinite(value) or too_low or too_high:
            raise argparse.ArgumentTypeError(f"expected a finite number in {left}, {right}, got {text!r}")
        return value
    parse.__name__ = "number"
    return parse


def existing_file(text):
    """An argparse type: the path of a file that exists."""
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text!r} (looked for {path.resolve()})")
    return text
