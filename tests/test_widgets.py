"""helpers.widgets: the kernel slider and the translation box, each with a PNG fallback; bad input named."""

import base64

import pytest
import torch

from helpers.data import Vocab
from helpers.kernel_regression import KERNELS, true_function
from helpers.seq2seq import make_seq2seq
from helpers.widgets import kernel_explorer, show_translation, translation_explorer


@pytest.fixture(scope="module")
def tiny():
    src = Vocab([["i", "see", "the", "car", "."]])
    tgt = Vocab([["je", "vois", "la", "voiture", "."]])
    models = {att: make_seq2seq(src, tgt, "bahdanau" if att else "plain", embed_size=8, num_hiddens=8,
                                num_attention_hiddens=4, seed=0).eval() for att in (True, False)}
    return models, src, tgt


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
    monkeypatch.setattr("helpers.widgets.display", lambda *objs, **kw: shown.append((objs, kw)))
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


def fit_data(n=20, seed=0):
    generator = torch.Generator().manual_seed(seed)
    x_train = torch.sort(torch.rand(n, generator=generator) * 5).values
    y_train = true_function(x_train) + 0.5 * torch.randn(n, generator=generator)
    x_test = torch.arange(50) / 10
    return x_train, y_train, x_test, true_function(x_test)


def test_kernel_explorer_shows_a_png_with_the_slider(monkeypatch):
    shown = []
    monkeypatch.setattr("helpers.widgets.display", lambda *objs, **kw: shown.append((objs, kw)))
    x_train, y_train, x_test, _ = fit_data()
    widget = kernel_explorer(x_train, y_train, x_test, kernel="boxcar", bandwidth=0.5)
    bundles = [objs[0] for objs, kw in shown if kw.get("raw")]
    assert len(bundles) == 1
    bundle = bundles[0]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    kernel, bandwidth = widget.children[:2]
    assert list(kernel.options) == list(KERNELS) and kernel.value == "boxcar"
    assert abs(bandwidth.value - 0.5) < 0.01
    figures = len(shown)
    kernel.value = "gaussian"          # moving a control redraws the fit
    assert len(shown) == figures + 1
    assert shown[-1][0][0].data[:8] == b"\x89PNG\r\n\x1a\n"
    assert shown[-1][0][0].data != base64.b64decode(bundle["image/png"])   # a different fit


# Misuse: a widget's error shows its real cause, raised before any widget is built.

@pytest.mark.parametrize("change, error, words", [
    (dict(kernel="cosine"), ValueError, r"kernel must be one of \['boxcar', 'epanechnikov', 'gaussian', "
                                        r"'triangular'\], got 'cosine'"),
    (dict(bandwidth=10.0), ValueError,
     r"bandwidth must be a finite number in \[0.0501.*, 3.16.*\], got 10.0"),
    (dict(bandwidth=0), ValueError, r"bandwidth must be a finite number"),
    (dict(x_train=[0.0, 1.0]), TypeError, r"keys must be a torch.Tensor, got list"),
    (dict(y_train=torch.zeros(3)), ValueError, r"values must have the shape of keys"),
])
def test_misuse_kernel_explorer_names_the_real_cause(monkeypatch, change, error, words):
    shown = []
    monkeypatch.setattr("helpers.widgets.display", lambda *objs, **kw: shown.append(objs))
    x_train, y_train, x_test, _ = fit_data()
    args = dict(x_train=x_train, y_train=y_train, x_test=x_test, kernel="gaussian", bandwidth=0.5)
    args.update(change)
    with pytest.raises(error, match=words):
        kernel_explorer(**args)
    assert shown == []                              # nothing half-built was displayed


def test_misuse_translation_widgets_check_model_and_vocabularies(tiny):
    models, src, tgt = tiny
    other = Vocab([["a", "new", "data", "cell", "with", "more", "words"]])
    with pytest.raises(ValueError, match=rf"src_vocab has {len(other)} tokens but the model was built for"):
        show_translation(models[True], "I see the car.", other, tgt)
    with pytest.raises(ValueError, match=rf"tgt_vocab has {len(other)} tokens"):
        translation_explorer(models[True], src, other)
    with pytest.raises(TypeError, match="sentence must be a str, got list"):
        translation_explorer(models[True], src, tgt, sentence=["i", "see"])
    with pytest.raises(ValueError, match="max_len must be an int >= 1, got 0"):
        show_translation(models[True], "I see.", src, tgt, max_len=0)


def test_explorer_menu_picks_the_model_that_translates(tiny, monkeypatch, capsys):
    models, src, tgt = tiny
    monkeypatch.setattr("helpers.widgets.display", lambda *objs, **kw: None)
    widget = translation_explorer({"attention": (models[True], src, tgt), "none": (models[False], src, tgt)},
                                  sentence="I see the car.", max_len=3)
    box, menu, output = widget.children
    assert list(menu.options) == ["attention", "none"] and menu.value == "attention"
    calls = []
    monkeypatch.setattr("helpers.widgets.show_translation", lambda *args, **kw: calls.append(args))
    menu.value = "none"                       # picking another model translates the sentence again
    box.value = "I see."
    assert [args[0] for args in calls] == [models[False], models[False]]
    assert calls[-1][1:] == ("I see.", src, tgt)
    one = translation_explorer(models[True], src, tgt, sentence="I see.", max_len=3)
    assert len(one.children) == 2             # one model: no menu


@pytest.mark.parametrize("models_arg, vocabs, error, words", [
    ({}, (), ValueError, "the dict of models is empty"),
    ({"a": "model"}, (), TypeError,
     r"each entry .* name \(str\): \(model, src_vocab, tgt_vocab\), got .a.: str"),
    ({"a": None}, ("src",), TypeError, "leave src_vocab and tgt_vocab out"),
])
def test_misuse_explorer_dict_of_models(models_arg, vocabs, error, words):
    with pytest.raises(error, match=words):
        translation_explorer(models_arg, *vocabs)
