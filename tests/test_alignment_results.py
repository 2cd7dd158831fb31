"""data/alignment-results.json and data/aligner-*.pt: what ``benchmarks/alignment.py`` wrote,
for the committed code.

The command that regenerates them (minutes of training on one CPU thread per model)::

    python benchmarks/alignment.py --seeds 0 1 2 --jobs 2 \\
        --results data/alignment-results.json --checkpoints /tmp/aligners

(copy from ``/tmp/aligners`` the checkpoints that notebook 06 loads). The fast tests check the
file's format, that its settings are the code's, its baselines against a fresh computation, and
each committed checkpoint against the file's seed-0 scores. The slow tests (``--slow``, run by
CI) rerun the command seed by seed and compare: the scores exactly (wall-clock seconds aside)
and the checkpoints weight for weight. Training is reproducible on one CPU type; on another the
last digits may differ."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from helpers.alignment import alignment_scores, diagonal_links, read_alignments
from helpers.data import data_path, load_translation_data
from helpers.evaluation import PLATEAU, attention_links

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "data" / "alignment-results.json"
CHECKPOINTS = sorted((ROOT / "data").glob("aligner-*.pt"))
SEEDS = ["0", "1", "2"]
SCORE_KEYS = {
    "aer",
    "precision",
    "recall",
    "shift_aer",
    "row_hits",
    "source_offsets",
    "bleu4",
    "epochs",
    "train_seconds",
    "history",
}


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "benchmark_alignment", ROOT / "benchmarks" / "alignment.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results():
    return json.loads(RESULTS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data():
    return load_translation_data(data_path("eng-fra.txt"), num_train=2500)


def test_results_hold_every_variant_for_every_seed_in_format(results):
    benchmark = _benchmark()
    assert set(results) == {"settings", "variants", "baselines", "runs"}
    assert list(results["runs"]) == SEEDS
    for seed, runs in results["runs"].items():
        assert list(runs) == list(benchmark.VARIANTS), seed
        for name, scores in runs.items():
            assert set(scores) == SCORE_KEYS, (seed, name)
            assert all(
                0 <= scores[k] <= 1
                for k in ["aer", "precision", "recall", "shift_aer", "bleu4"]
            )
            assert set(scores["row_hits"]) == {f"{d:+d}" for d in benchmark.SHIFTS}
            assert set(scores["source_offsets"]) == {f"{d:+d}" for d in benchmark.OFFSETS}
            history = scores["history"]
            assert (
                scores["epochs"]
                == len(history)
                == history[-1][0]
                < results["settings"]["plateau"]["max_epochs"]
            ), (seed, name)  # stopped at a plateau, not at the limit
            assert history[-1][2:] == [scores["aer"], scores["shift_aer"], scores["bleu4"]]


def test_results_settings_and_variants_are_the_codes(results):
    benchmark = _benchmark()
    settings = benchmark.settings(benchmark.parse_args([]))
    assert results["settings"] == {**settings, "num_test": 500}
    assert results["settings"]["plateau"] == {
        "patience": PLATEAU.patience,
        "min_delta": PLATEAU.min_delta,
        "max_epochs": PLATEAU.max_epochs,
    }
    assert results["variants"] == {
        name: {"options": options, "from": parent, "changes": changes}
        for name, (options, parent, changes) in benchmark.VARIANTS.items()
    }


def test_results_baselines_recomputed(results, data):
    from helpers.ibm_model1 import train_ibm_model1

    gold_test = read_alignments(data_path("eng-fra.align"))[len(data.train) :]
    diagonal = alignment_scores(
        [diagonal_links(len(s), len(t)) for s, t in data.test], gold_test
    )
    ibm = alignment_scores(
        train_ibm_model1(data.train, num_iterations=10).align_batch(data.test), gold_test
    )
    for stored, fresh in [
        (results["baselines"]["diagonal"], diagonal),
        (results["baselines"]["ibm_model1"], ibm),
    ]:
        assert stored == {
            "aer": round(fresh.aer, 4),
            "precision": round(fresh.precision, 4),
            "recall": round(fresh.recall, 4),
        }


@pytest.mark.parametrize("path", CHECKPOINTS, ids=lambda p: p.name)
def test_checkpoint_is_the_benchmarks_seed_0_model(path, results, data, one_thread):
    from helpers.seq2seq import load_seq2seq

    benchmark = _benchmark()
    name = next(n for n in benchmark.VARIANTS if benchmark.checkpoint_name(n) == path.name)
    model, src_vocab, tgt_vocab = load_seq2seq(path)
    options = benchmark.VARIANTS[name][0]
    assert {k: model.config[k] for k in options} == options
    gold_test = read_alignments(data_path("eng-fra.align"))[len(data.train) :]
    for shift, key in [(0, "aer"), (1, "shift_aer")]:
        links = attention_links(model, data.test, src_vocab, tgt_vocab, shift=shift)
        assert (
            round(alignment_scores(links, gold_test).aer, 4) == results["runs"]["0"][name][key]
        ), key


def _without_seconds(runs):
    return {
        name: {k: v for k, v in scores.items() if k != "train_seconds"}
        for name, scores in runs.items()
    }


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_results_and_checkpoints_are_the_commands_output(seed, results, tmp_path):
    command = [sys.executable, str(ROOT / "benchmarks" / "alignment.py"), "--seeds", seed,
               "--jobs", "2", "--checkpoints", str(tmp_path)]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert run.returncode == 0, run.stderr
    fresh = json.loads(run.stdout)
    assert (
        fresh["settings"] == results["settings"] and fresh["baselines"] == results["baselines"]
    )
    assert _without_seconds(fresh["runs"][seed]) == _without_seconds(results["runs"][seed])
    if seed == "0":
        for path in CHECKPOINTS:
            stored = torch.load(path, weights_only=True)
            new = torch.load(tmp_path / path.name, weights_only=True)
            assert stored["config"] == new["config"] and stored.keys() == new.keys()
            assert all(
                torch.equal(stored["state_dict"][k], new["state_dict"][k])
                for k in new["state_dict"]
            )
