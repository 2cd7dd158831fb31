"""Benchmark: attention as a word aligner, at its plateau, over seeds, beside two baselines.

Trains a translator for each attention variant (``VARIANTS``: notebook 04's Bahdanau decoder
and decoders that each change one option of another variant) on the first ``--num-train`` pairs
of the corpus, until its test AER and BLEU-4 stop improving (``helpers.evaluation.PLATEAU``),
and scores the alignment read off its teacher-forced attention weights against the gold
alignments of the remaining pairs: ``aer``, ``precision``, ``recall`` of the links of word j
read from row j (each French word to its most attended English word), ``shift_aer`` of those
read from row j + 1 (Shift-Att, Chen et al. 2020), ``row_hits`` (offsets in target time: the
share of French words with one sure gold link whose row j + d peaks on it), ``source_offsets``
(offsets in source positions: where the row-j peak lands from the gold word), ``bleu4``
(greedy), ``epochs``, ``train_seconds`` (wall, with the per-epoch scoring), ``history`` (loss,
AER, Shift-Att AER, BLEU-4 of every epoch). Baselines: the diagonal and IBM Model 1 (EM on the
training pairs).

    python benchmarks/alignment.py                   # every variant, seed 0: one JSON line
    python benchmarks/alignment.py --seeds 0 1 2 --jobs 2 \\
        --results data/alignment-results.json --checkpoints /tmp/aligners

With ``--results`` the JSON also goes to that file; with ``--checkpoints DIR`` the models of
the first seed are saved as ``DIR/aligner-<variant>.pt`` (``helpers.seq2seq.save_seq2seq``)."""

import json
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from _cli import Parser, existing_file, fail, int_at_least  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# name -> (make_seq2seq options, the variant it changes, what it changes); each differs from
# the
# variant it names in that one thing
VARIANTS = {
    "bahdanau": (dict(decoder="bahdanau"), None, "notebook 04's translator"),
    "forward-only encoder": (
        dict(decoder="bahdanau", bidirectional=False),
        "bahdanau",
        "encoder",
    ),
    "dot score": (dict(decoder="bahdanau", scoring="dot"), "bahdanau", "score"),
    "multiplicative score": (
        dict(decoder="bahdanau", scoring="multiplicative"),
        "bahdanau",
        "score",
    ),
    "combined output": (
        dict(decoder="bahdanau", output="combine"),
        "bahdanau",
        "output layer",
    ),
    "current query": (
        dict(decoder="luong", feed_context=True, output="combine"),
        "combined output",
        "query",
    ),
    "context not fed": (
        dict(decoder="luong", feed_context=False, output="combine"),
        "current query",
        "context into the GRU",
    ),
    "forward-only, context not fed": (
        dict(decoder="luong", bidirectional=False),
        "context not fed",
        "encoder",
    ),
}
SHIFTS = (-1, 0, 1, 2)  # rows j + d of row_hits
OFFSETS = (-2, -1, 0, 1, 2)  # source offsets of source_offsets


def checkpoint_name(variant):
    """The file name of a variant's saved model, e.g. ``aligner-current-query.pt``."""
    return f"aligner-{variant.replace(' ', '-')}.pt"


def parse_args(argv=None):
    """Parse and check every argument; nothing heavy is imported: a bad one fails at once."""
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=existing_file,
        default=str(ROOT / "data" / "eng-fra.txt"),
        help="tab-separated English<TAB>French file (default: the course corpus)",
    )
    parser.add_argument(
        "--align",
        type=existing_file,
        default=str(ROOT / "data" / "eng-fra.align"),
        help="gold alignments, one line per pair of --data (default: the course's)",
    )
    parser.add_argument("--num-train", type=int_at_least(1), default=2500)
    parser.add_argument("--seeds", type=int_at_least(0), nargs="+", default=[0])
    parser.add_argument(
        "--variants",
        nargs="+",
        default=list(VARIANTS),
        metavar="NAME",
        help=f"variants to train (default: all): {', '.join(map(repr, VARIANTS))}",
    )
    parser.add_argument(
        "--max-epochs",
        type=int_at_least(1),
        default=None,
        help="at most this many epochs (default: the plateau rule's)",
    )
    parser.add_argument("--ibm-iterations", type=int_at_least(1), default=10)
    parser.add_argument("--embed-size", type=int_at_least(1), default=None)
    parser.add_argument(
        "--num-hiddens",
        type=int_at_least(2),
        default=None,
        help="decoder state size H; even (a bidirectional encoder splits it in two)",
    )
    parser.add_argument(
        "--jobs",
        type=int_at_least(1),
        default=1,
        help="train this many models at once, one CPU thread each (same results)",
    )
    parser.add_argument("--results", default=None, help="also write the JSON to this file")
    parser.add_argument(
        "--checkpoints",
        default=None,
        help="a folder: save the first seed's models there as aligner-<variant>.pt",
    )
    args = parser.parse_args(argv)
    if args.num_hiddens is not None and args.num_hiddens % 2:
        fail(
            "argument --num-hiddens: a bidirectional encoder needs an even number, "
            f"got {args.num_hiddens}"
        )
    unknown = [name for name in args.variants if name not in VARIANTS]
    if unknown:
        fail(
            f"argument --variants: expected names among {', '.join(map(repr, VARIANTS))}, "
            f"got {', '.join(map(repr, unknown))}"
        )
    if args.checkpoints is not None and not Path(args.checkpoints).is_dir():
        fail(f"argument --checkpoints: expected an existing folder, got {args.checkpoints!r}")
    if args.results is not None and not Path(args.results).resolve().parent.is_dir():
        fail(f"argument --results: the folder of {args.results!r} does not exist")
    return args


def _scores(scores):
    return {
        "aer": round(scores.aer, 4),
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
    }


def settings(args):
    """What the results depend on besides the code: data, sizes, training, plateau."""
    from dataclasses import asdict

    from helpers.evaluation import PLATEAU
    from helpers.seq2seq import MODEL_DEFAULTS
    from helpers.training import TRAINING_DEFAULTS

    plateau = asdict(PLATEAU)
    if args.max_epochs is not None:
        plateau["max_epochs"] = args.max_epochs
    return {
        "data": Path(args.data).name,
        "align": Path(args.align).name,
        "num_train": args.num_train,
        "embed_size": args.embed_size or MODEL_DEFAULTS.embed_size,
        "num_hiddens": args.num_hiddens or MODEL_DEFAULTS.num_hiddens,
        "ibm_iterations": args.ibm_iterations,
        "threads": 1,
        "plateau": plateau,
        "training": {k: v for k, v in asdict(TRAINING_DEFAULTS).items() if k != "num_epochs"},
    }


def run_variant(name, seed, data, gold_test, config):
    """Train one variant to its plateau and score it; return (its results, the model)."""
    from helpers.alignment import (
        alignment_scores,
        link_offsets,
        links_from_attention,
        row_offsets,
    )
    from helpers.evaluation import PlateauRule, teacher_forced_attention, train_to_plateau
    from helpers.seq2seq import make_seq2seq

    options = VARIANTS[name][0]
    model = make_seq2seq(
        data.src_vocab,
        data.tgt_vocab,
        seed=seed,
        embed_size=config["embed_size"],
        num_hiddens=config["num_hiddens"],
        **options,
    )
    wall = time.perf_counter()
    history = train_to_plateau(
        model, data, gold_test, seed=seed, rule=PlateauRule(**config["plateau"])
    )
    seconds = time.perf_counter() - wall
    weights = teacher_forced_attention(model, data.test, data.src_vocab, data.tgt_vocab)
    links = [
        links_from_attention(w, len(src), len(tgt))
        for (src, tgt), w in zip(data.test, weights, strict=True)
    ]
    offsets = link_offsets(links, gold_test)
    hits = row_offsets(weights, gold_test, SHIFTS)
    last = history[-1]
    result = {
        **_scores(alignment_scores(links, gold_test)),
        "shift_aer": round(last.shift_aer, 4),
        "row_hits": {f"{d:+d}": round(hits[d], 4) for d in SHIFTS},
        "source_offsets": {
            f"{d:+d}": round(offsets[d] / sum(offsets.values()), 4) for d in OFFSETS
        },
        "bleu4": round(last.bleu, 4),
        "epochs": len(history),
        "train_seconds": round(seconds, 1),
        "history": [
            [
                h.epoch,
                round(h.loss, 4),
                round(h.aer, 4),
                round(h.shift_aer, 4),
                round(h.bleu, 4),
            ]
            for h in history
        ],
    }
    return result, model


_LOADED = {}


def _task(setup, seed, name, checkpoints):
    """Train and score one variant with one seed on one thread; save it to ``checkpoints``."""
    import torch

    from helpers.alignment import read_alignments
    from helpers.data import load_translation_data
    from helpers.seq2seq import save_seq2seq

    path, align, num_train, config = setup
    if setup[:3] not in _LOADED:
        data = load_translation_data(path, num_train=num_train)
        _LOADED[setup[:3]] = data, read_alignments(align)[len(data.train) :]
    data, gold_test = _LOADED[setup[:3]]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        scores, model = run_variant(name, seed, data, gold_test, config)
    finally:
        torch.set_num_threads(threads)
    if checkpoints is not None:
        save_seq2seq(
            Path(checkpoints) / checkpoint_name(name), model, data.src_vocab, data.tgt_vocab
        )
    return scores


def main(argv=None):
    args = parse_args(argv)
    from helpers.alignment import alignment_scores, diagonal_links, read_alignments
    from helpers.data import load_translation_data
    from helpers.ibm_model1 import train_ibm_model1

    try:
        data = load_translation_data(args.data, num_train=args.num_train)
        gold = read_alignments(args.align)
    except (ValueError, TypeError, OSError) as error:
        fail(error)
    if len(gold) != len(data.train) + len(data.test):
        fail(
            f"{args.align} has {len(gold)} lines but {args.data} has "
            f"{len(data.train) + len(data.test)} "
            f"pairs: expected one alignment per pair"
        )
    gold_test = gold[len(data.train) :]
    config = settings(args)
    result = {
        "settings": {**config, "num_test": len(data.test)},
        "variants": {
            name: {
                "options": VARIANTS[name][0],
                "from": VARIANTS[name][1],
                "changes": VARIANTS[name][2],
            }
            for name in args.variants
        },
    }
    diagonal = [diagonal_links(len(src), len(tgt)) for src, tgt in data.test]
    ibm = train_ibm_model1(data.train, num_iterations=args.ibm_iterations)
    result["baselines"] = {
        "diagonal": _scores(alignment_scores(diagonal, gold_test)),
        "ibm_model1": _scores(alignment_scores(ibm.align_batch(data.test), gold_test)),
    }
    tasks = [
        (seed, name, args.checkpoints if seed == args.seeds[0] else None)
        for seed in args.seeds
        for name in args.variants
    ]
    setup = (args.data, args.align, args.num_train, config)
    if args.jobs == 1:
        done = [_task(setup, *task) for task in tasks]
    else:
        import multiprocessing

        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            done = pool.starmap(_task, [(setup, *task) for task in tasks])
    result["runs"] = {str(seed): {} for seed in args.seeds}
    for (seed, name, _), scores in zip(tasks, done, strict=True):
        result["runs"][str(seed)][name] = scores
    line = json.dumps(result)
    if args.results is not None:
        Path(args.results).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(line)


if __name__ == "__main__":
    main()
