"""Benchmark: attention as a word aligner, scored against gold alignments, beside two baselines.

Prints one JSON line. Defaults are the settings of ``notebooks/06_attention_alignment.ipynb``.

    python benchmarks/alignment.py
    python benchmarks/alignment.py --all --seed 1

Trains a translator on the first ``--num-train`` pairs of the corpus for each attention variant (encoder
bidirectional or unidirectional; score additive, dot or multiplicative; query the decoder's previous
state, as Bahdanau, or its current one, as Luong), reads its alignment off the teacher-forced attention
weights (each French word links to its most attended English word) and scores it on the remaining pairs
against the gold alignments: alignment error rate ``aer`` (Och & Ney 2003), ``precision``, ``recall``;
``shift_next`` is the share of French words with one sure gold link whose attention peaks on the English
word right after it. The baselines are the diagonal and IBM Model 1 (trained by EM on the same training
pairs). ``bleu4`` is corpus BLEU-4 of the variant's greedy translations of the test pairs;
``train_seconds`` is wall time on ``--threads`` threads. Without ``--all`` the five variants of the
notebook are trained; with it, all twelve.
"""

import json
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from _cli import Parser, existing_file, fail, int_at_least  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# name -> (bidirectional, scoring, query); the query is the decoder's previous state (Bahdanau's decoder)
# or its current one (Luong's); the first five are the notebook's
NOTEBOOK_VARIANTS = {
    "bi additive previous": (True, "additive", "previous"),
    "uni additive previous": (False, "additive", "previous"),
    "bi dot previous": (True, "dot", "previous"),
    "bi multiplicative previous": (True, "multiplicative", "previous"),
    "bi additive current": (True, "additive", "current"),
}
ALL_VARIANTS = {f"{'bi' if bi else 'uni'} {scoring} {query}": (bi, scoring, query)
                for query in ("previous", "current") for bi in (True, False)
                for scoring in ("additive", "dot", "multiplicative")}


def parse_args(argv=None):
    """Parse and check every argument; nothing heavy is imported yet, so a bad one fails at once."""
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=existing_file, default=str(ROOT / "data" / "eng-fra.txt"),
                        help="tab-separated English<TAB>French file (default: the course corpus)")
    parser.add_argument("--align", type=existing_file, default=str(ROOT / "data" / "eng-fra.align"),
                        help="gold alignments, one line per pair of --data (default: the course's)")
    parser.add_argument("--num-train", type=int_at_least(1), default=2500)
    parser.add_argument("--epochs", type=int_at_least(1), default=4)
    parser.add_argument("--seed", type=int_at_least(0), default=0)
    parser.add_argument("--ibm-iterations", type=int_at_least(1), default=10)
    parser.add_argument("--embed-size", type=int_at_least(1), default=None)
    parser.add_argument("--num-hiddens", type=int_at_least(2), default=None,
                        help="decoder state size H; even (a bidirectional encoder splits it in two)")
    parser.add_argument("--all", action="store_true", help="all twelve variants, not the notebook's five")
    parser.add_argument("--threads", type=int_at_least(1), default=1,
                        help="CPU threads for training (default 1, as train_seq2seq)")
    args = parser.parse_args(argv)
    if args.num_hiddens is not None and args.num_hiddens % 2:
        fail(f"argument --num-hiddens: a bidirectional encoder needs an even number, got {args.num_hiddens}")
    return args


def _scores(scores):
    return {"aer": round(scores.aer, 4), "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4)}


def main(argv=None):
    args = parse_args(argv)
    import torch

    from helpers.alignment import (
        alignment_scores,
        diagonal_links,
        link_offsets,
        read_alignments,
    )
    from helpers.data import load_translation_data
    from helpers.evaluation import attention_links, evaluate_bleu
    from helpers.ibm_model1 import train_ibm_model1
    from helpers.seq2seq import MODEL_DEFAULTS, make_seq2seq
    from helpers.training import train_seq2seq

    try:
        torch.set_num_threads(args.threads)
        data = load_translation_data(args.data, num_train=args.num_train)
        gold = read_alignments(args.align)
    except (ValueError, TypeError, OSError) as error:
        fail(error)
    if len(gold) != len(data.train) + len(data.test):
        fail(f"{args.align} has {len(gold)} lines but {args.data} has {len(data.train) + len(data.test)} "
             f"pairs: expected one alignment per pair")
    gold_test = gold[len(data.train):]
    result = {"data": Path(args.data).name, "num_train": len(data.train), "num_test": len(data.test),
              "epochs": args.epochs, "seed": args.seed, "threads": torch.get_num_threads(),
              "embed_size": args.embed_size or MODEL_DEFAULTS.embed_size,
              "num_hiddens": args.num_hiddens or MODEL_DEFAULTS.num_hiddens}
    diagonal = [diagonal_links(len(src), len(tgt)) for src, tgt in data.test]
    result["diagonal"] = _scores(alignment_scores(diagonal, gold_test))
    wall = time.perf_counter()
    ibm = train_ibm_model1(data.train, num_iterations=args.ibm_iterations)
    ibm_seconds = time.perf_counter() - wall
    result["ibm_model1"] = {**_scores(alignment_scores(ibm.align_batch(data.test), gold_test)),
                            "train_seconds": round(ibm_seconds, 2)}
    variants = ALL_VARIANTS if args.all else NOTEBOOK_VARIANTS
    for name, (bidirectional, scoring, query_state) in variants.items():
        decoder = "bahdanau" if query_state == "previous" else "luong"
        model = make_seq2seq(data.src_vocab, data.tgt_vocab, decoder, seed=args.seed,
                             bidirectional=bidirectional, scoring=scoring,
                             embed_size=args.embed_size or MODEL_DEFAULTS.embed_size,
                             num_hiddens=args.num_hiddens or MODEL_DEFAULTS.num_hiddens)
        wall = time.perf_counter()
        train_seq2seq(model, data.train, data.src_vocab, data.tgt_vocab, num_epochs=args.epochs,
                      seed=args.seed, progress=False, num_threads=args.threads)
        seconds = time.perf_counter() - wall
        links = attention_links(model, data.test, data.src_vocab, data.tgt_vocab)
        offsets = link_offsets(links, gold_test)
        result[name] = {**_scores(alignment_scores(links, gold_test)),
                        "shift_next": round(offsets[1] / sum(offsets.values()), 4),
                        "bleu4": round(evaluate_bleu(model, data.test, data.src_vocab, data.tgt_vocab), 4),
                        "train_seconds": round(seconds, 2)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
