"""Interactive widgets for class that still show a figure in a notebook read without a kernel.

Used by ``notebooks/02_kernel_regression.ipynb`` (the kernel slider) and
``notebooks/04_attention_seq2seq.ipynb`` (type a sentence, see its translation and attention heatmap).
A widget is displayed together with a PNG of its first figure: JupyterLab with a running kernel shows
the live widget, a viewer without one (GitHub, nbviewer, a notebook opened before running) shows the PNG.
"""

import base64

__all__ = ["figure_png", "display_with_fallback", "show_translation", "translation_explorer"]


def figure_png(fig):
    """Render a matplotlib figure to PNG bytes and close it (so the inline backend does not show it again)."""
    import matplotlib.pyplot as plt
    from IPython.core.pylabtools import print_figure

    png = print_figure(fig, "png")
    plt.close(fig)
    return png


def display_with_fallback(widget, png):
    """Display ``widget`` with ``png`` (bytes) as the picture shown where widgets cannot run."""
    from IPython.display import display

    bundle = widget._repr_mimebundle_()   # the widget view and its text fallback
    bundle["image/png"] = base64.b64encode(png).decode("ascii")
    display(bundle, raw=True)


def show_translation(model, sentence, src_vocab, tgt_vocab, max_len=20):
    """Print the greedy translation of ``sentence`` and return its attention heatmap (None without one).

    Empty input and unknown words are reported in plain words instead of raising: this is what a
    student typing into a box sees. Unknown words are read by the model as ``<unk>``.
    """
    from .data import tokenize
    from .plotting import show_heatmaps
    from .seq2seq import translate

    if not isinstance(sentence, str):
        raise TypeError(f"sentence must be a str, got {type(sentence).__name__}")
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


def translation_explorer(model, src_vocab, tgt_vocab, sentence="I see the red car.", max_len=20):
    """A text box: type an English sentence, press Enter, see its translation and heatmap; return the widget."""
    import ipywidgets
    import matplotlib.pyplot as plt

    box = ipywidgets.Text(value=sentence, description="English:", continuous_update=False,
                          placeholder="Type an English sentence and press Enter",
                          layout=ipywidgets.Layout(width="34em"))
    output = ipywidgets.Output()
    first = {}

    def update(text):
        output.clear_output(wait=True)
        with output:
            fig = show_translation(model, text, src_vocab, tgt_vocab, max_len=max_len)
            if fig is not None:
                png = figure_png(fig)
                first.setdefault("png", png)
                from IPython.display import Image, display
                display(Image(png))

    box.observe(lambda change: update(change["new"]), names="value")
    update(sentence)
    widget = ipywidgets.VBox([box, output])
    if "png" in first:
        display_with_fallback(widget, first["png"])
    else:
        from IPython.display import display
        display(widget)
    plt.close("all")
    return widget
