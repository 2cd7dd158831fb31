"""Benchmark: notebook 07's Transformer against notebook 04's Bahdanau model, and its heads as aligners.

Prints one JSON line. Defaults are the settings of ``notebooks/07_self_attention_transformer.ipynb``.

    python benchmarks/heads.py
    python benchmarks/heads.py --seed 1

Trains both translators on the first ``--num-train`` pairs of the corpus for ``--epochs`` epochs (the
Bahdanau model at notebook 04's learning rate, the Transformer at ``--transformer-lr``), translates the
remaining pairs greedily (corpus BLEU-4) and reads each one's attention on them by teacher forcing. Each
cross-attention head of each Transformer decoder layer, the Bahdanau model's attention, the diagonal and
IBM Model 1 are scored as word aligners against the gold alignments (AER, Och & Ney 2003). Seconds are
CPU seconds of this process on ``--threads`` threads.
"""

import json
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from _cli import Parser, existing_file, fail, int_at_least, number_in  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def parse_args(argv=None):
    """Parse and check every argument; nothing heavy is imported yet, so a bad one fails at once."""
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=existing_file, default=str(ROOT / "data" / "eng-fra.txt"))
    parser.add_argument("--align", type=existing_file, default=str(ROOT / "data" / "eng-fra.align"))
    parser.add_argument("--num-train", type=int_at_least(1), default=2500)
    parser.add_argument("--num-test", type=int_at_least(1), default=None, help="default: the rest")
    parser.add_argument("--epochs", type=int_at_least(1), default=5)
    parser.add_argument("--transformer-lr", type=number_in(0.0, low_open=True), default=None,
                        help="default: notebook 07's (helpers.transformer.TRANSFORMER_DEFAULTS)")
    parser.add_argument("--seed", type=int_at_least(0), default=0)
    parser.add_argument("--threads", type=int_at_least(1), default=1)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import torch

    from helpers.alignment import alignment_scores, diagonal_links, links_from_attention, read_alignments
    from helpers.data import load_translation_data
    from helpers.evaluation import attention_links, evaluate_bleu, teacher_forced_attention
    from helpers.ibm_model1 import train_ibm_model1
    from helpers.seq2seq import count_parameters, make_seq2seq
    from helpers.training import TRAINING_DEFAULTS, train_seq2seq
    from helpers.transformer import TRANSFORMER_DEFAULTS

    try:
        torch.set_num_threads(args.threads)
        data = load_translation_data(args.data, num_train=args.num_train, num_test=args.num_test)
        gold = read_alignments(args.align)[len(data.train):len(data.train) + len(data.test)]
    except (ValueError, TypeError, OSError) as error:
        fail(error)
    result = {"num_train": len(data.train), "num_test": len(data.test), "epochs": args.epochs,
              "seed": args.seed, "threads": args.threads}
    sizes = {k: v for k, v in vars(TRANSFORMER_DEFAULTS).items() if k != "lr"}
    transformer_lr = args.transformer_lr or TRANSFORMER_DEFAULTS.lr
    bahdanau = make_seq2seq(data.src_vocab, data.tgt_vocab, seed=args.seed)
    models = {"bahdanau": (bahdanau, TRAINING_DEFAULTS.lr),
              "transformer": (make_seq2seq(data.src_vocab, data.tgt_vocab, "transformer", seed=args.seed,
                                           **sizes), transformer_lr)}
    for name, (model, lr) in models.items():
        cpu = time.process_time()
        train_seq2seq(model, data.train, data.src_vocab, data.tgt_vocab, num_epochs=args.epochs, lr=lr,
                      seed=args.seed, progress=False, num_threads=args.threads)
        result[name] = {"train_cpu_seconds": round(time.process_time() - cpu, 2),
                        "bleu4": round(evaluate_bleu(model, data.test, data.src_vocab, data.tgt_vocab), 4),
                        "num_parameters": count_parameters(model)}
    transformer, bahdanau = models["transformer"][0], models["bahdanau"][0]
    heads = teacher_forced_attention(transformer, data.test, data.src_vocab, data.tgt_vocab, all_heads=True)
    num_layers, num_heads = heads[0].shape[:2]
    result["transformer"]["head_aer"] = [
        [round(alignment_scores([links_from_attention(w[layer, head], len(s), len(t))
                                 for w, (s, t) in zip(heads, data.test, strict=True)], gold).aer, 4)
         for head in range(num_heads)] for layer in range(num_layers)]
    links = attention_links(bahdanau, data.test, data.src_vocab, data.tgt_vocab)
    result["bahdanau"]["aer"] = round(alignment_scores(links, gold).aer, 4)
    diagonal = [diagonal_links(len(s), len(t)) for s, t in data.test]
    result["diagonal_aer"] = round(alignment_scores(diagonal, gold).aer, 4)
    ibm = train_ibm_model1(data.train)
    result["ibm_model1_aer"] = round(alignment_scores(ibm.align_batch(data.test), gold).aer, 4)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
