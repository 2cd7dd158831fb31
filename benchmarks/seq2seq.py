"""Benchmark: train a Seq2Seq translator on the first N pairs of a corpus, translate the next M.

Prints one JSON line. Defaults are the settings of ``notebooks/04_attention_seq2seq.ipynb``; ``--settings
tatoeba`` takes those tuned on real sentences (``helpers.training.TATOEBA_SETTINGS``) instead.

    python benchmarks/seq2seq.py --data data/eng-fra.txt --num-train 2500 --num-test 500
    python benchmarks/seq2seq.py --data fra.txt --num-train 2000 --num-test 300 --decoder plain
    python benchmarks/seq2seq.py --data data/tatoeba-eng-fra.txt --num-train 4000 --num-test 500 \
        --settings tatoeba

The test pairs are translated twice: greedily and by beam search (束搜索) with ``--beam K`` hypotheses
(default 4; ``--beam 1`` translates greedily only). Keys: ``bleu2``/``bleu4`` are the standard corpus BLEU
of the greedy translations (Papineni, pooled counts, uniform weights), ``beam_bleu2``/``beam_bleu4`` those
of beam search;
``bleu2_d2l`` is the mean over sentences of Dive into Deep Learning's BLEU with k=2 (the figure the d2l
reference reports); ``bleu4_long`` is corpus BLEU-4 over the test pairs whose source has at least 8 words;
``exact_match`` is the share of test sentences translated token for token. ``train_seconds`` is wall time,
``train_cpu_seconds`` the process's CPU time; ``tokens_per_second`` counts real target tokens (with
``<eos>``) processed in training per wall second. Training and translation use one CPU thread unless
``--threads`` says otherwise (on a busy 2-core machine, two threads made training up to 10x slower).
"""

import json
import resource
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

import argparse  # noqa: E402

from _cli import Parser, existing_file, fail, int_at_least, number_in  # noqa: E402


def parse_args(argv=None):
    """Parse and check every argument; nothing heavy is imported yet, so a bad one fails at once."""
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, type=existing_file,
                        help="tab-separated English<TAB>French file")
    parser.add_argument("--num-train", type=int_at_least(1), required=True)
    parser.add_argument("--num-test", type=int_at_least(1), required=True)
    parser.add_argument("--epochs", type=int_at_least(1), default=None, dest="num_epochs")
    parser.add_argument("--decoder", choices=["bahdanau", "luong", "plain", "transformer"],
                        default="bahdanau",
                        help="bahdanau (default), luong, plain (no attention), or transformer "
                             "(notebook 07's sizes and learning rate unless given)")
    parser.add_argument("--num-heads", type=int_at_least(1), default=None, help="transformer only")
    parser.add_argument("--ffn-hiddens", type=int_at_least(1), default=None, help="transformer only")
    parser.add_argument("--seed", type=int_at_least(0), default=0)
    parser.add_argument("--embed-size", type=int_at_least(1), default=None)
    parser.add_argument("--num-hiddens", type=int_at_least(1), default=None)
    parser.add_argument("--num-layers", type=int_at_least(1), default=None)
    parser.add_argument("--dropout", type=number_in(0.0, 1.0, high_open=True), default=None)
    parser.add_argument("--num-attention-hiddens", type=int_at_least(1),
                        default=None)
    parser.add_argument("--encoder", choices=["bidirectional", "unidirectional"], default="bidirectional")
    parser.add_argument("--batch-size", type=int_at_least(1), default=None)
    parser.add_argument("--lr", type=number_in(0.0, low_open=True), default=None)
    parser.add_argument("--weight-decay", type=number_in(0.0), default=None)
    parser.add_argument("--grad-clip", type=number_in(0.0, low_open=True), default=None)
    parser.add_argument("--min-freq", type=int_at_least(1), default=None,
                        help="tokens seen fewer times in training become <unk> (default 1; 2 with "
                             "--settings tatoeba)")
    parser.add_argument("--drop-duplicates", action="store_true",
                        help="drop pairs that repeat an earlier one (default: split the file line by line, "
                             "as d2l does)")
    parser.add_argument("--settings", choices=["notebook", "tatoeba"], default="notebook",
                        help="defaults for the unset options: notebook 04's (default) or those tuned on "
                             "real Tatoeba sentences (helpers.training.TATOEBA_SETTINGS)")
    parser.add_argument("--label-smoothing", type=number_in(0.0, 1.0, high_open=True), default=None)
    parser.add_argument("--weight-average", type=number_in(0.0, 1.0, high_open=True), default=None,
                        help="train with an exponential moving average of the weights of this decay "
                             "and translate with it (0: the last step's weights)")
    parser.add_argument("--unk", action=argparse.BooleanOptionalAction, default=None, dest="allow_unk",
                        help="whether translations may write <unk> (--no-unk: the next best word)")
    parser.add_argument("--beam", type=int_at_least(1), default=4,
                        help="beam size for the second translation of the test set (1: greedy only)")
    parser.add_argument("--alpha", type=number_in(0.0), default=0.75,
                        help="length normalisation of beam search: log P / length**alpha")
    parser.add_argument("--max-len", type=int_at_least(1), default=20)
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda", "auto"],
                        help="cpu (default), cuda, or auto")
    parser.add_argument("--threads", type=int_at_least(1), default=1,
                        help="CPU threads for training and translation (default 1, as train_seq2seq)")
    args = parser.parse_args(argv)
    transformer_only = [name for name in ("num_heads", "ffn_hiddens") if getattr(args, name) is not None]
    if args.decoder != "transformer" and transformer_only:
        fail(f"argument --{transformer_only[0].replace('_', '-')}: an option of --decoder transformer")
    if args.decoder == "transformer" and (args.embed_size or args.num_attention_hiddens):
        fail("argument --embed-size/--num-attention-hiddens: not options of --decoder transformer "
             "(its embeddings have --num-hiddens dimensions)")
    if args.encoder == "bidirectional" and args.decoder != "transformer":
        if args.num_hiddens is not None and args.num_hiddens % 2:
            fail("argument --num-hiddens: a bidirectional encoder needs an even number, "
                 f"got {args.num_hiddens}")
    return args


SETTINGS = ["embed_size", "num_hiddens", "num_layers", "num_heads", "ffn_hiddens", "dropout",
            "num_attention_hiddens", "batch_size", "lr",
            "weight_decay", "grad_clip", "label_smoothing", "weight_average", "min_freq", "allow_unk",
            "max_len", "beam", "alpha"]


def main(argv=None):
    args = parse_args(argv)
    import torch

    from helpers.data import load_translation_data, num_words
    from helpers.decoding import translate_batch
    from helpers.device import check_device
    from helpers.metrics import corpus_bleu, d2l_bleu
    from helpers.seq2seq import MODEL_DEFAULTS, count_parameters, make_seq2seq
    from helpers.training import TATOEBA_SETTINGS, TRAINING_DEFAULTS, train_seq2seq
    from helpers.transformer import TRANSFORMER_DEFAULTS

    model_defaults, training_defaults, min_freq, allow_unk = MODEL_DEFAULTS, TRAINING_DEFAULTS, 1, True
    if args.settings == "tatoeba":
        model_defaults, training_defaults = TATOEBA_SETTINGS.model, TATOEBA_SETTINGS.training
        min_freq, allow_unk = TATOEBA_SETTINGS.min_freq, TATOEBA_SETTINGS.allow_unk
    if args.decoder == "transformer":
        for name, default in vars(TRANSFORMER_DEFAULTS).items():
            if getattr(args, name) is None:
                setattr(args, name, default)
    for name, default in [*vars(model_defaults).items(), *vars(training_defaults).items(),
                          ("min_freq", min_freq), ("allow_unk", allow_unk)]:
        if getattr(args, name, None) is None and hasattr(args, name):
            setattr(args, name, default)
    if args.num_attention_hiddens is None:
        args.num_attention_hiddens = args.num_hiddens
    if args.decoder == "transformer":
        architecture = dict(num_heads=args.num_heads, ffn_hiddens=args.ffn_hiddens)
        args.embed_size = args.num_attention_hiddens = None
    else:
        architecture = dict(embed_size=args.embed_size, num_attention_hiddens=args.num_attention_hiddens,
                            bidirectional=args.encoder == "bidirectional")
    try:
        device = None if args.device == "auto" else check_device(args.device)
        torch.set_num_threads(args.threads)
        data = load_translation_data(args.data, args.num_train, args.num_test, min_freq=args.min_freq,
                                     drop_duplicates=args.drop_duplicates)
    except (ValueError, TypeError, OSError) as error:
        fail(error)
    model = make_seq2seq(data.src_vocab, data.tgt_vocab, args.decoder, num_hiddens=args.num_hiddens,
                         num_layers=args.num_layers, dropout=args.dropout, seed=args.seed,
                         **architecture)
    # torch.optim imports torch._dynamo at its first step (about 2 s, once per process): not training time.
    wall = time.perf_counter()
    warm_up = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.Adam([warm_up])
    warm_up.sum().backward()
    optimizer.step()
    startup_seconds = time.perf_counter() - wall
    wall, cpu = time.perf_counter(), time.process_time()
    history = train_seq2seq(model, data.train, data.src_vocab, data.tgt_vocab, num_epochs=args.num_epochs,
                            batch_size=args.batch_size, lr=args.lr, weight_decay=args.weight_decay,
                            grad_clip=args.grad_clip, seed=args.seed, device=device, progress=False,
                            num_threads=args.threads, label_smoothing=args.label_smoothing,
                            weight_average=args.weight_average)
    train_seconds, train_cpu = time.perf_counter() - wall, time.process_time() - cpu
    train_tokens = sum(len(tgt) + 1 for _, tgt in data.train) * args.num_epochs

    wall = time.perf_counter()
    outputs = translate_batch(model, [src for src, _ in data.test], data.src_vocab, data.tgt_vocab,
                              max_len=args.max_len, allow_unk=args.allow_unk)
    translate_seconds = time.perf_counter() - wall
    predictions = [out.tokens for out in outputs]
    references = [tgt for _, tgt in data.test]
    beam = {}
    if args.beam > 1:
        wall = time.perf_counter()
        beam_outputs = translate_batch(model, [src for src, _ in data.test], data.src_vocab, data.tgt_vocab,
                                       max_len=args.max_len, beam_size=args.beam, alpha=args.alpha,
                                       allow_unk=args.allow_unk)
        beam_predictions = [out.tokens for out in beam_outputs]
        beam = {"beam_translate_seconds": round(time.perf_counter() - wall, 2),
                "beam_bleu2": round(corpus_bleu(beam_predictions, references, 2), 4),
                "beam_bleu4": round(corpus_bleu(beam_predictions, references, 4), 4),
                "beam_differs": round(sum(b != p for b, p in zip(beam_predictions, predictions, strict=True))
                                      / len(references), 4)}
    long = [i for i, (src, _) in enumerate(data.test) if num_words(src) >= 8]
    result = {
        "data": Path(args.data).name, "num_train": args.num_train, "num_test": len(data.test),
        "duplicates_dropped": data.duplicates, "settings_preset": args.settings,
        "decoder": args.decoder, "bidirectional": model.config.get("bidirectional"),
        "epochs": args.num_epochs, "seed": args.seed,
        "device": str(next(model.parameters()).device), "threads": torch.get_num_threads(),
        "train_seconds": round(train_seconds, 2), "train_cpu_seconds": round(train_cpu, 2),
        "translate_seconds": round(translate_seconds, 2),
        "optimizer_import_seconds": round(startup_seconds, 2),
        "tokens_per_second": round(train_tokens / train_seconds),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "bleu2": round(corpus_bleu(predictions, references, 2), 4),
        "bleu4": round(corpus_bleu(predictions, references, 4), 4),
        "bleu2_d2l": round(sum(d2l_bleu(p, r, 2) for p, r in zip(predictions, references, strict=True))
                           / len(references), 4),
        "bleu4_long": (round(corpus_bleu([predictions[i] for i in long], [references[i] for i in long], 4), 4)
                       if long else None),
        "num_long": len(long),
        **beam,
        "exact_match": round(sum(p == r for p, r in zip(predictions, references, strict=True))
                             / len(references), 4),
        "num_parameters": count_parameters(model),
        "final_loss": round(history[-1], 4),
        "settings": {k: getattr(args, k) for k in SETTINGS},
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
