"""One tokenizer: helpers.data.tokenize gives, on every line of data/eng-fra.txt, the tokens the corpus
generator (tools/corpus) counts for its statistics."""

import pathlib

import pytest
from shared import load_generator

from helpers.data import tokenize

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "eng-fra.txt"


@pytest.mark.parametrize("side", [0, 1], ids=["english", "french"])
def test_tokenize_agrees_with_the_generator_on_every_corpus_line(side):
    generator = load_generator()
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 2000
    disagreements = [(number, line.split("\t")[side]) for number, line in enumerate(lines, start=1)
                     if tokenize(line.split("\t")[side]) != generator.tokens(line.split("\t")[side])]
    assert not disagreements, f"{len(disagreements)} lines differ, e.g. line {disagreements[0]}"
