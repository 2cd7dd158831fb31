"""benchmarks/*.py: the Seq2Seq and alignment benchmarks print one JSON line; bad arguments give one error
line, exit 2."""

import importlib.util
import inspect
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch

from helpers.alignment import alignment_scores, diagonal_links, parse_alignment
from helpers.data import tokenize

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [("I see the red car.", "Je vois la voiture rouge."),
         ("He eats an apple.", "Il mange une pomme."),
         ("We drink cold milk.", "Nous buvons du lait froid."),
         ("She is here.", "Elle est ici.")]


def _load(name):
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seq2seq_benchmark_prints_one_json_line(tmp_path, capsys):
    benchmark = _load("seq2seq")
    corpus = tmp_path / "pairs.txt"
    corpus.write_text("\n".join(f"{en}\t{fr}" for en, fr in PAIRS * 5) + "\n", encoding="utf-8")
    threads = torch.get_num_threads()
    benchmark.main(["--data", str(corpus), "--num-train", "12", "--num-test", "6", "--epochs", "1",
                    "--num-hiddens", "8", "--embed-size", "4", "--threads", "1"])
    torch.set_num_threads(threads)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    for key in ["train_seconds", "train_cpu_seconds", "tokens_per_second", "peak_rss_mib", "bleu2", "bleu4",
                "bleu2_d2l", "bleu4_long", "exact_match", "num_parameters", "beam_bleu2", "beam_bleu4"]:
        assert key in result
    assert result["num_train"] == 12 and result["num_test"] == 6 and result["decoder"] == "bahdanau"
    assert all(0.0 <= result[k] <= 1.0 for k in ["bleu2", "bleu4", "bleu2_d2l", "exact_match", "beam_bleu2",
                                                 "beam_bleu4", "beam_differs"])
    assert result["settings"]["beam"] == 4


def test_seq2seq_benchmark_beam_of_one_translates_greedily_only(tmp_path, capsys):
    benchmark = _load("seq2seq")
    corpus = tmp_path / "pairs.txt"
    corpus.write_text("\n".join(f"{en}\t{fr}" for en, fr in PAIRS * 3) + "\n", encoding="utf-8")
    threads = torch.get_num_threads()
    benchmark.main(["--data", str(corpus), "--num-train", "8", "--num-test", "4", "--epochs", "1",
                    "--num-hiddens", "8", "--embed-size", "4", "--beam", "1"])
    torch.set_num_threads(threads)
    result = json.loads(capsys.readouterr().out)
    assert "beam_bleu4" not in result and 0.0 <= result["bleu4"] <= 1.0


ALIGN = ["0-0 1-1 2-2 3-4 4-3 5-5", "0-0 1-1 2-2 3-3 4-4", "0-0 1-1 2?2 3-3 3?2 4-4", "0-0 1-1 2-2 3-3"]


def _corpus_with_alignments(tmp_path, repeats):
    corpus, align = tmp_path / "pairs.txt", tmp_path / "pairs.align"
    corpus.write_text("\n".join(f"{en}\t{fr}" for en, fr in PAIRS * repeats) + "\n", encoding="utf-8")
    align.write_text("\n".join(ALIGN * repeats) + "\n", encoding="utf-8")
    return corpus, align


def test_alignment_benchmark_prints_one_json_line(tmp_path, capsys):
    benchmark = _load("alignment")
    corpus, align = _corpus_with_alignments(tmp_path, 5)
    threads = torch.get_num_threads()
    benchmark.main(["--data", str(corpus), "--align", str(align), "--num-train", "12", "--max-epochs", "1",
                    "--num-hiddens", "8", "--embed-size", "4", "--ibm-iterations", "3",
                    "--variants", "bahdanau", "context not fed", "--seeds", "0", "1",
                    "--results", str(tmp_path / "results.json"), "--checkpoints", str(tmp_path)])
    torch.set_num_threads(threads)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result == json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    settings = result["settings"]
    assert settings["num_train"] == 12 and settings["num_test"] == 8 and settings["num_hiddens"] == 8
    assert settings["plateau"]["max_epochs"] == 1 and list(result["runs"]) == ["0", "1"]
    for name, scores in [*result["baselines"].items(), *result["runs"]["1"].items()]:
        assert all(0.0 <= scores[k] <= 1.0 for k in ["aer", "precision", "recall"]), name
    test = [(tokenize(en), tokenize(fr)) for en, fr in (PAIRS * 5)[12:]]
    diagonal = alignment_scores([diagonal_links(len(en), len(fr)) for en, fr in test],
                                [parse_alignment(line) for line in (ALIGN * 5)[12:]])
    assert result["baselines"]["diagonal"]["aer"] == round(diagonal.aer, 4)   # the reference, here
    for scores in result["runs"]["0"].values():
        assert scores["epochs"] == 1 == len(scores["history"]) and scores["train_seconds"] >= 0
        assert scores["history"][-1][2:] == [scores["aer"], scores["shift_aer"], scores["bleu4"]]
        assert set(scores["row_hits"]) == {"-1", "+0", "+1", "+2"}
    saved = sorted(path.name for path in tmp_path.glob("aligner-*.pt"))     # the first seed's models
    assert saved == ["aligner-bahdanau.pt", "aligner-context-not-fed.pt"]


def test_misuse_alignment_benchmark_with_an_alignment_file_of_other_length(tmp_path):
    corpus, align = _corpus_with_alignments(tmp_path, 2)
    align.write_text("\n".join(ALIGN) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "alignment.py"), "--data", str(corpus),
                             "--align", str(align), "--num-train", "4"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "has 4 lines but" in lines[0] and "8 pairs" in lines[0]


def test_seq2seq_benchmark_defaults_are_the_notebook_settings():
    from helpers.seq2seq import MODEL_DEFAULTS, Seq2Seq
    from helpers.training import TRAINING_DEFAULTS, train_seq2seq

    model = Seq2Seq(10, 12)
    assert model.config["embed_size"] == MODEL_DEFAULTS.embed_size
    assert model.config["num_hiddens"] == MODEL_DEFAULTS.num_hiddens
    defaults = train_seq2seq.__defaults__
    assert defaults[:5] == (TRAINING_DEFAULTS.num_epochs, TRAINING_DEFAULTS.batch_size, TRAINING_DEFAULTS.lr,
                            TRAINING_DEFAULTS.weight_decay, TRAINING_DEFAULTS.grad_clip)
    parameters = inspect.signature(train_seq2seq).parameters
    assert parameters["label_smoothing"].default == TRAINING_DEFAULTS.label_smoothing


def test_seq2seq_benchmark_real_data_settings_and_line_by_line_split(tmp_path, capsys):
    from helpers.training import TATOEBA_SETTINGS

    benchmark = _load("seq2seq")
    corpus = tmp_path / "fra.txt"
    lines = [f"{en[:-1]} {i}.\t{fr[:-1]} {i}\u202f!" for i, (en, fr) in enumerate(PAIRS * 3)]
    lines.insert(4, lines[0].replace("\u202f!", " !"))       # the same tokens as line 1: a repeat
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    threads = torch.get_num_threads()
    results = []
    for extra in (["--drop-duplicates"], []):
        benchmark.main(["--data", str(corpus), "--num-train", "8", "--num-test", "4", "--epochs", "1",
                        "--num-hiddens", "8", "--embed-size", "4", "--beam", "1", "--settings", "tatoeba",
                        *extra])
        results.append(json.loads(capsys.readouterr().out))
    torch.set_num_threads(threads)
    assert [r["duplicates_dropped"] for r in results] == [1, 0]
    for result in results:
        assert result["settings_preset"] == "tatoeba"
        assert result["settings"]["min_freq"] == TATOEBA_SETTINGS.min_freq
        assert result["epochs"] == 1 and result["settings"]["lr"] == TATOEBA_SETTINGS.training.lr


GOOD_SEQ2SEQ = ["--data", "data/eng-fra.txt", "--num-train", "20", "--num-test", "5"]

BAD_ARGUMENTS = [
    ("seq2seq", [], "--data"),
    ("seq2seq", ["--data", "no/such/file.txt", "--num-train", "20", "--num-test", "5"], "no such file"),
    ("seq2seq", ["--data", "data/eng-fra.txt", "--num-train", "0", "--num-test", "5"], "--num-train"),
    ("seq2seq", ["--data", "data/eng-fra.txt", "--num-train", "-3", "--num-test", "5"], "--num-train"),
    ("seq2seq", ["--data", "data/eng-fra.txt", "--num-train", "2.5", "--num-test", "5"], "--num-train"),
    ("seq2seq", [*GOOD_SEQ2SEQ[:4], "--num-test", "-1"], "--num-test"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--epochs", "0"], "--epochs"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--lr", "nan"], "--lr"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--lr", "0"], "--lr"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--grad-clip", "0"], "--grad-clip"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--grad-clip", "-1"], "--grad-clip"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--batch-size", "0"], "--batch-size"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--dropout", "1.5"], "--dropout"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--threads", "0"], "--threads"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--max-len", "0"], "--max-len"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--num-hiddens", "7"], "--num-hiddens"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--device", "tpu"], "--device"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--no-such-option"], "no-such-option"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--beam", "0"], "--beam"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--alpha", "-1"], "--alpha"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--label-smoothing", "1"], "--label-smoothing"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--settings", "d2l"], "--settings"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--min-freq", "0"], "--min-freq"),
    ("attention_cost", ["--repeats", "0"], "--repeats"),
    ("attention_cost", ["--threads", "-2"], "--threads"),
    ("attention_cost", ["--batch-size", "x"], "--batch-size"),
    ("attention_cost", ["--value-size", "0"], "--value-size"),
    ("attention_cost", ["--bogus"], "--bogus"),
    ("alignment", ["--data", "no/such/file.txt"], "no such file"),
    ("alignment", ["--align", "no/such/file.align"], "no such file"),
    ("alignment", ["--num-train", "0"], "--num-train"),
    ("alignment", ["--max-epochs", "-1"], "--max-epochs"),
    ("alignment", ["--seeds", "x"], "--seeds"),
    ("alignment", ["--variants", "luong"], "--variants"),
    ("alignment", ["--checkpoints", "no/such/folder"], "--checkpoints"),
    ("alignment", ["--results", "no/such/folder/r.json"], "--results"),
    ("alignment", ["--jobs", "0"], "--jobs"),
    ("alignment", ["--num-hiddens", "7"], "--num-hiddens"),
    ("alignment", ["--ibm-iterations", "x"], "--ibm-iterations"),
    ("alignment", ["--bogus"], "--bogus"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--num-heads", "2"], "--num-heads"),
    ("seq2seq", [*GOOD_SEQ2SEQ, "--decoder", "transformer", "--embed-size", "8"], "--embed-size"),
    ("heads", ["--num-train", "0"], "--num-train"),
    ("heads", ["--transformer-lr", "0"], "--transformer-lr"),
    ("heads", ["--data", "no/such/file.txt"], "no such file"),
]


@pytest.mark.parametrize("tool, args, words", BAD_ARGUMENTS,
                         ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_misuse_bad_arguments_give_one_error_line_and_status_2(tool, args, words):
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{tool}.py"), *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    seconds = time.perf_counter() - start
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert words in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert seconds < 5, f"took {seconds:.1f} s: arguments must be checked before anything heavy runs"


@pytest.mark.parametrize("content, words", [
    ("Go.\tVa !\n".encode("utf-16"), "UTF-16"),
    ("Café.\tCafé.\n".encode("latin-1"), "line 1"),
])
def test_misuse_unreadable_corpus_gives_one_error_line(tmp_path, content, words):
    corpus = tmp_path / "bad.txt"
    corpus.write_bytes(content)
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "seq2seq.py"), "--data", str(corpus),
                             "--num-train", "1", "--num-test", "1"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and words in lines[0] and "UTF-8" in lines[0]


def test_heads_benchmark_scores_every_head_and_the_baselines(capsys):
    benchmark = _load("heads")
    threads = torch.get_num_threads()
    benchmark.main(["--num-train", "40", "--num-test", "8", "--epochs", "1"])
    torch.set_num_threads(threads)
    result = json.loads(capsys.readouterr().out)
    assert result["num_test"] == 8 and len(result["transformer"]["head_aer"]) == 2
    for layer in result["transformer"]["head_aer"]:
        assert len(layer) == 4 and all(0 <= a <= 1 for a in layer)
    assert 0 <= result["bahdanau"]["aer"] <= 1 and 0 <= result["ibm_model1_aer"] <= 1
    assert result["bahdanau"]["num_parameters"] > 0 and 0 <= result["transformer"]["bleu4"] <= 1


def test_seq2seq_benchmark_trains_notebook_07s_transformer(tmp_path, capsys):
    benchmark = _load("seq2seq")
    corpus = tmp_path / "pairs.txt"
    corpus.write_text("\n".join(f"{en}\t{fr}" for en, fr in PAIRS * 3) + "\n", encoding="utf-8")
    threads = torch.get_num_threads()
    benchmark.main(["--data", str(corpus), "--num-train", "8", "--num-test", "4", "--epochs", "1",
                    "--decoder", "transformer", "--num-hiddens", "8", "--num-heads", "2", "--beam", "2"])
    torch.set_num_threads(threads)
    result = json.loads(capsys.readouterr().out)
    assert result["decoder"] == "transformer" and result["settings"]["num_heads"] == 2
    assert result["settings"]["lr"] == 0.005 and result["settings"]["ffn_hiddens"] == 128
    assert result["settings"]["embed_size"] is None and 0 <= result["beam_bleu2"] <= 1
