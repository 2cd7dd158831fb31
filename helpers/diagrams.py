"""Diagrams drawn with matplotlib: the Bahdanau attention decoder at one decoding step.

Introduced in ``notebooks/04_attention_seq2seq.ipynb``. Drawn from shapes and arrows, no image files;
like every plotting function here it creates its own figure, returns it and changes no global state.
"""

from .plotting import FONT_SIZE

__all__ = ["draw_bahdanau_step"]

_ENC, _DEC, _ATT, _EMB = "#cfe2f3", "#d9ead3", "#f4cccc", "#fff2cc"


def _box(ax, x, y, text, color, width=1.0, height=0.6, fontsize=FONT_SIZE, bold=False):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.02,rounding_size=0.08", facecolor=color,
                                edgecolor="#333333", linewidth=1.5))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize,
            fontweight="bold" if bold else "normal")


def _arrow(ax, start, end, color="#333333", style="-|>", width=1.6, rad=0.0, dashed=False):
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=16, color=color,
                                 linewidth=width, connectionstyle=f"arc3,rad={rad}",
                                 linestyle="--" if dashed else "-", shrinkA=4, shrinkB=4))


def draw_bahdanau_step(source=("i", "see", "it", "<eos>"), target=("je", "le", "vois", "<eos>"),
                       step=3, figsize=(13, 6.6)):
    """Draw the bidirectional encoder, the decoder and the attention at decoding step t = ``step``.

    ``step`` counts from 1, as t does in the formulas: the query is the decoder's previous hidden state
    s_{t-1} (the encoder's final state at t = 1); keys and values are the encoder's hidden states
    h_i = [forward h_i; backward h_i]; the context c_t is concatenated with the embedding of the
    previous target token y_{t-1} as the decoder GRU's input. Returns the figure.
    """
    import matplotlib.pyplot as plt

    source, target = list(source), list(target)
    if not source or not target:
        raise ValueError(f"source and target must be non-empty, got {len(source)} and {len(target)} tokens")
    if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= len(target):
        raise ValueError(f"step must be an int in [1, {len(target)}] (t counts from 1), got {step!r}")
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    ax.set_xlim(-0.9, 13.6)
    ax.set_ylim(-0.65, 6.3)
    ax.axis("off")

    # Bidirectional encoder: a forward GRU (left to right) and a backward GRU (right to left) read the
    # source; h_i concatenates their states at word i. The h_i are the keys and the values.
    enc_x = [0.6 + 1.35 * i for i in range(len(source))]
    for i, (x, token) in enumerate(zip(enc_x, source, strict=True)):
        ax.text(x, -0.1, token, ha="center", va="center", fontsize=FONT_SIZE, family="monospace")
        _arrow(ax, (x, 0.1), (x, 0.5))
        _box(ax, x, 0.8, "GRU →", _ENC, height=0.5, fontsize=FONT_SIZE - 2)
        _box(ax, x, 1.65, "GRU ←", _ENC, height=0.5, fontsize=FONT_SIZE - 2)
        if i:
            _arrow(ax, (enc_x[i - 1] + 0.5, 0.8), (x - 0.5, 0.8))
            _arrow(ax, (x - 0.5, 1.65), (enc_x[i - 1] + 0.5, 1.65))
        _box(ax, x, 2.6, f"$h_{i + 1}$", _ENC, width=0.8, height=0.5)
        _arrow(ax, (x, 1.9), (x, 2.35))                                 # backward state into h_i
        _arrow(ax, (x - 0.42, 1.05), (x - 0.3, 2.35), width=1.2, rad=-0.25)  # forward state into h_i
    ax.text(enc_x[0] - 0.75, 1.25, "encoder", rotation=90, ha="center", va="center",
            fontsize=FONT_SIZE, color="#1f4e79")
    ax.text(enc_x[0] - 0.45, 3.05, "$h_i$ = [forward; backward] state at word i", fontsize=FONT_SIZE - 3,
            color="#1f4e79", ha="left", va="center")

    # Attention: query s_{t-1}, keys = values = h_1..h_n, output the context c_t.
    att_x, att_y = 6.3, 4.75
    _box(ax, att_x, att_y, "additive attention\n$c_t = \\sum_i \\alpha(s_{t-1}, h_i)\\, h_i$",
         _ATT, width=3.6, height=1.05)
    for x in enc_x:
        _arrow(ax, (x, 2.85), (att_x - 1.4 + 0.25 * (x - enc_x[0]) / max(1, len(enc_x) - 1) * 4,
                               att_y - 0.52), color="#c0504d", width=1.3)
    ax.text(enc_x[0] - 0.3, 4.3, "keys = values\n(all encoder states)", fontsize=FONT_SIZE - 1,
            color="#c0504d", ha="left", va="center")

    # Decoder: one GRU step per target token; inputs are the previous target token (teacher forcing).
    dec_x = [8.2 + 1.45 * t for t in range(len(target))]
    inputs = ["<bos>"] + target[:-1]
    active_index = step - 1
    for t, (x, token_in, token_out) in enumerate(zip(dec_x, inputs, target, strict=True)):
        active = t == active_index
        ax.text(x, -0.05, token_in, ha="center", va="center", fontsize=FONT_SIZE - 1,
                family="monospace", fontweight="bold" if active else "normal")
        _box(ax, x, 0.62, "embed", _EMB, width=0.95, height=0.42, fontsize=FONT_SIZE - 3)
        _arrow(ax, (x, 0.45), (x, 0.6), width=1.0)
        _box(ax, x, 1.55, "GRU", _DEC if active else "#eeeeee", bold=active)
        _arrow(ax, (x, 0.83), (x, 1.25))
        _box(ax, x, 2.6, f"$s_{t + 1}$", _DEC if active else "#eeeeee", width=0.7, height=0.45)
        _arrow(ax, (x, 1.85), (x, 2.38))
        ax.text(x, 3.25, token_out, ha="center", va="center", fontsize=FONT_SIZE,
                family="monospace", fontweight="bold" if active else "normal")
        _arrow(ax, (x, 2.83), (x, 3.05), width=1.0)
        if t:
            _arrow(ax, (dec_x[t - 1] + 0.5, 1.55), (x - 0.5, 1.55))
    ax.text(dec_x[-1] + 0.8, 1.55, "decoder", rotation=90, ha="center", va="center",
            fontsize=FONT_SIZE, color="#38761d")

    # The step being drawn: query from s_{t-1} (the encoder's final state at t = 1), context into the GRU.
    x = dec_x[active_index]
    query_from = (dec_x[active_index - 1] - 0.35, 2.85) if active_index else (enc_x[-1] + 0.4, 2.65)
    query_label = "query = $s_{t-1}$" if active_index else "query = $s_0$ (encoder's final state)"
    _arrow(ax, query_from, (att_x + 1.2, att_y - 0.53), color="#7f6000", width=2.2, rad=-0.2)
    ax.text(att_x + 1.0, 3.75, query_label, fontsize=FONT_SIZE, color="#7f6000", ha="right")
    _arrow(ax, (att_x + 1.8, att_y + 0.1), (x + 0.5, 1.7), color="#c0504d", width=2.2, rad=-0.45)
    ax.text(att_x + 2.3, att_y + 0.45, "context $c_t$", fontsize=FONT_SIZE, color="#c0504d",
            ha="left", va="bottom")
    ax.text(dec_x[0] - 0.5, -0.45, "decoder input at step t: [$c_t$; embed($y_{t-1}$)]",
            fontsize=FONT_SIZE - 2, color="#333333", ha="left", va="center")
    ax.set_title(f"Bahdanau attention at decoding step t = {step} (producing '{target[active_index]}')",
                 fontsize=FONT_SIZE + 2)
    return fig
