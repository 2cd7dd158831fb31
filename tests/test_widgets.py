"""helpers.widgets: the translation box handles empty input and unknown words, and keeps a PNG fallback."""

import base64

import matplotlib
import pytest

matplotlib.use("Agg")

from helpers.data import Vocab  # noqa: E402
from helpers.seq2seq import make_seq2seq  # noqa: E402
from helpers.widgets import show_translation, translation_explorer  # noqa: E402


@pytest.fixture(scope="module")
def tiny():
    src = Vocab([["i", "see", "the", "car", "."]])
    tgt = Vocab([["je", "vois", "la", "voiture", "."]])
    models = {att: make_seq2seq(src, tgt, attention=att, embed_size=8, num_hiddens=8,
                                num_attention_hiddens=4, seed=0).eval() for att in (True, False)}
    return models, src, tgt


@pytest.fixture(autouse=True)
def _close():
    import matplotlib.pyplot as plt
    yield
    plt.close("all")


def test_empty_input_gets_a_message(tiny, capsys):
    models, src, tgt = tiny
    assert show_translation(models[True], "   ", src, tgt) is None
    assert "box is empty" in capsys.readouterr().out


def test_unknown_words_are_named_and_marked(tiny, capsys):
    models, src, tgt = tiny
    fig = show_translation(models[True], "I see the zebra.", src, tgt, max_len=4)
    out = capsys.readouterr().out
    assert "read as <unk>): zebra" in out and out.startswith("English: i see the zebra .")
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]   # seed 0 emits 4 tokens
    assert "zebra (?)" in labels and labels[-1] == "<eos>"


def test_no_attention_model_prints_without_heatmap(tiny, capsys):
    models, src, tgt = tiny
    assert show_translation(models[False], "I see the car.", src, tgt, max_len=3) is None
    assert "French:" in capsys.readouterr().out


def test_bad_sentence_type(tiny):
    models, src, tgt = tiny
    with pytest.raises(TypeError, match="sentence must be a str, got list"):
        show_translation(models[True], ["i"], src, tgt)


def test_explorer_displays_widget_with_png_and_updates(tiny, monkeypatch):
    models, src, tgt = tiny
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.append((objs, kw)))
    widget = translation_explorer(models[True], src, tgt, sentence="I see the car.", max_len=4)
    bundles = [objs[0] for objs, kw in shown if kw.get("raw")]
    box = widget.children[0]
    assert box.value == "I see the car."
    assert len(bundles) == 1   # the fallback PNG travels with the widget view
    assert "application/vnd.jupyter.widget-view+json" in bundles[0]
    assert base64.b64decode(bundles[0]["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    before = len(shown)
    box.value = ""          # typing replaces the output; empty input is handled, not raised
    assert len(shown) == before
