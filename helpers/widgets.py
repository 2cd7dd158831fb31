"""Interactive widgets for class that still show a figure in a notebook read without a kernel.

Used by ``notebooks/02_kernel_regression.ipynb`` (the kernel slider) and
``notebooks/04_attention_seq2seq.ipynb`` (type a sentence, see its translation and attention heatmap).
A widget is displayed together with a PNG of its first figure: JupyterLab with a running kernel shows
the live widget, a viewer without one (GitHub, nbviewer, a notebook opened before running) shows the PNG.
Bad arguments raise before any widget is built, so the error names its real cause.
"""

import base64
import io

import ipywidgets
from IPython.display import Image, display

from .checks import check_int, check_number
from .data import tokenize
from .decoding import translate
from .kernel_regression import KERNELS, nadaraya_watson, true_function
from .plotting import plot_kernel_fit, show_heatmaps
from .seq2seq import check_vocabs

__all__ = ["figure_png", "display_with_fallback", "kernel_explorer", "show_translation",
           "translation_explorer", "BANDWIDTH_RANGE"]

BANDWIDTH_RANGE = (10 ** -1.3, 10 ** 0.5)  # the kernel slider's ends, about 0.05 and 3.16


def figure_png(fig):
    """Render a matplotlib figure to PNG bytes and close it (so the inline backend does not show it again)."""
    import matplotlib.pyplot as plt  # here, not at the top: importing pyplot picks a backend

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def display_with_fallback(widget, png):
    """Display ``widget`` with ``png`` (bytes) as the picture shown where widgets cannot run."""
    if not isinstance(png, bytes):
        raise TypeError(f"png must be the bytes of a PNG image (see figure_png), got {type(png).__name__}")
    bundle = widget._repr_mimebundle_()   # the widget view and its text fallback
    bundle["image/png"] = base64.b64encode(png).decode("ascii")
    display(bundle, raw=True)


def kernel_explorer(x_train, y_train, x_test, kernel="gaussian", bandwidth=0.5):
    """Show a kernel / bandwidth slider over the Nadaraya–Watson fit; return the widget.

    The displayed output also carries a PNG of the starting fit, which a reader without a running
    kernel sees in place of the slider. ``bandwidth`` must lie on the slider (``BANDWIDTH_RANGE``).

    Shapes:
        x_train, y_train: (n,); x_test: (num_queries,)
    """
    if kernel not in KERNELS:
        raise ValueError(f"kernel must be one of {sorted(KERNELS)}, got {kernel!r}")
    low, high = BANDWIDTH_RANGE
    check_number("bandwidth", bandwidth, low, high)
    y_true = true_function(x_test)

    def fit_png(kernel, bandwidth):
        y_hat, _ = nadaraya_watson(x_test, x_train, y_train, kernel, bandwidth)
        return figure_png(plot_kernel_fit(x_train, y_train, x_test, y_true, y_hat,
                                          title=f"{kernel} kernel, bandwidth h = {bandwidth:.2f}"))

    first_png = fit_png(kernel, bandwidth)   # raises here, with its real cause, if an argument is wrong

    def show(kernel, bandwidth):
        display(Image(fit_png(kernel, bandwidth)))

    widget = ipywidgets.interactive(       # what ipywidgets.interact displays, before displaying it
        show, kernel=ipywidgets.Dropdown(options=list(KERNELS), value=kernel, description="kernel"),
        bandwidth=ipywidgets.FloatLogSlider(value=bandwidth, base=10, min=-1.3, max=0.5, step=0.05,
                                            description="bandwidth h", continuous_update=False,
                                            style={"description_width": "initial"}))
    display_with_fallback(widget, first_png)
    return widget


def show_translation(model, sentence, src_vocab, tgt_vocab, max_len=20):
    """Print the greedy translation of ``sentence`` and return its attention heatmap (None without one).

    Empty input and unknown words are reported in plain words instead of raising: this is what a
    student typing into a box sees. Unknown words are read by the model as ``<unk>``.
    """
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a str, got {type(sentence).__name__}")
    check_vocabs(model, src_vocab, tgt_vocab)
    check_int("max_len", max_len, minimum=1)
    if not tokenize(sentence):
        print("Type an English sentence first: the box is empty.")
        return None
    result = translate(model, sentence, src_vocab, tgt_vocab, max_len=max_len)
    unknown = [token for token in result.source_tokens[:-1] if token not in src_vocab]
    print("English:", " ".join(result.source_tokens[:-1]))
    print("French: ", " ".join(result.tokens) if result.tokens else "(nothing: the model stopped at once)")
    if unknown:
        print(f"Not in the training vocabulary (read as <unk>): {', '.join(unknown)}")
    if result.weights is None or not result.tokens:
        return None
    source_labels = [t if t in src_vocab or t == "<eos>" else f"{t} (?)" for t in result.source_tokens]
    return show_heatmaps(result.weights, xlabel="English (source)", ylabel="French (output)",
                         xticklabels=source_labels, yticklabels=result.tokens,
                         titles=["Where the decoder looks"])


def translation_explorer(model, src_vocab=None, tgt_vocab=None, sentence="I see the red car.", max_len=20):
    """A text box: type an English sentence, press Enter, see its translation and heatmap; return the box.

    ``model`` is one model (with its two vocabularies), or a dict ``{name: (model, src_vocab,
    tgt_vocab)}`` of several, e.g. one trained on the course corpus and one on Tatoeba: a menu then picks
    the model that translates (the first one to start with).
    """
    import matplotlib.pyplot as plt  # here, not at the top: importing pyplot picks a backend

    models = _explorer_models(model, src_vocab, tgt_vocab)
    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a str, got {type(sentence).__name__}")
    check_int("max_len", max_len, minimum=1)
    box = ipywidgets.Text(value=sentence, description="English:", continuous_update=False,
                          placeholder="Type an English sentence and press Enter",
                          layout=ipywidgets.Layout(width="34em"))
    menu = ipywidgets.Dropdown(options=list(models), description="model:",
                               layout=ipywidgets.Layout(width="34em"))
    output = ipywidgets.Output()
    first = {}

    def update(*_):
        output.clear_output(wait=True)
        with output:
            chosen, src, tgt = models[menu.value]
            fig = show_translation(chosen, box.value, src, tgt, max_len=max_len)
            if fig is not None:
                png = figure_png(fig)
                first.setdefault("png", png)
                display(Image(png))

    box.observe(update, names="value")
    menu.observe(update, names="value")
    update()
    widget = ipywidgets.VBox([box, menu, output] if len(models) > 1 else [box, output])
    if "png" in first:
        display_with_fallback(widget, first["png"])
    else:
        display(widget)
    plt.close("all")
    return widget


def _explorer_models(model, src_vocab, tgt_vocab):
    """The explorer's models as ``{name: (model, src_vocab, tgt_vocab)}``, each checked."""
    if not isinstance(model, dict):
        check_vocabs(model, src_vocab, tgt_vocab)
        return {"model": (model, src_vocab, tgt_vocab)}
    if src_vocab is not None or tgt_vocab is not None:
        raise TypeError("with a dict of models, give each model's vocabularies in the dict, "
                        "{name: (model, src_vocab, tgt_vocab)}, and leave src_vocab and tgt_vocab out")
    if not model:
        raise ValueError("the dict of models is empty: give at least {name: (model, src_vocab, tgt_vocab)}")
    for name, entry in model.items():
        if not isinstance(name, str) or not isinstance(entry, tuple) or len(entry) != 3:
            raise TypeError(f"each entry of the dict of models must be name (str): (model, src_vocab, "
                            f"tgt_vocab), got {name!r}: {type(entry).__name__}")
        check_vocabs(*entry)
    return dict(model)
