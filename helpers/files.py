"""Reading the course's text files: one reader for corpus, alignment and lexicon files alike.

Used by ``helpers.data`` (notebook 04), ``helpers.alignment`` (notebook 06) and ``helpers.lexicon``.
Each file is UTF-8, read line by line; a file in another encoding (UTF-16, gzip, latin-1, binary)
is rejected with the file's name and the line that shows it, and a leading byte-order mark is dropped.
"""

import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["read_lines"]


def read_lines(path, kind: str = "file") -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` for every line of a UTF-8 text file, without its line ending.

    ``kind`` names the file in the errors, e.g. ``"corpus file"``. Blank lines are yielded too.
    """
    if not isinstance(path, (str, os.PathLike)):
        article = "an" if kind[:1] in "aeiou" else "a"
        raise TypeError(f"path must be a str or pathlib.Path naming {article} {kind}, "
                        f"got {type(path).__name__}")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{kind} not found: looked for {path.resolve()}")
    with open(path, "rb") as f:
        for line_number, raw in enumerate(f, start=1):
            yield line_number, _decode_line(path, line_number, raw).rstrip("\r\n")


def _decode_line(path, line_number, raw):
    """One line of a file as str; a file in another encoding is named with the line that shows it."""
    if line_number == 1 and raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ValueError(f"{path}, line 1: expected UTF-8 text, got UTF-16 (a byte-order mark "
                         f"{raw[:2]!r}); save the file as UTF-8")
    if line_number == 1 and raw[:2] == b"\x1f\x8b":
        raise ValueError(f"{path}, line 1: expected UTF-8 text, got a gzip-compressed file; "
                         f"decompress it first (gunzip)")
    if b"\x00" in raw:
        raise ValueError(f"{path}, line {line_number}: expected UTF-8 text, got NUL bytes "
                         f"(UTF-16 or a binary file?); save the file as UTF-8")
    try:
        # a leading byte-order mark is dropped
        return raw.decode("utf-8-sig" if line_number == 1 else "utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}, line {line_number}: expected UTF-8 text, got byte "
                         f"{raw[error.start:error.start + 1]!r} at column {error.start + 1} that UTF-8 "
                         f"does not allow (latin-1 or cp1252?); save the file as UTF-8") from None
