"""Plotting: attention-weight heatmaps (注意力权重热图) that read well on a projector.

Introduced in ``notebooks/00_getting_started.ipynb`` and used by every chapter notebook.
Functions take explicit font sizes instead of touching ``matplotlib.rcParams``, create their own
figure, and return it; nothing global is changed.
"""

import numpy as np
import torch

__all__ = ["show_heatmaps", "show_alignments", "plot_lines", "plot_loss", "plot_kernel_fit", "FONT_SIZE",
           "as_numpy"]

FONT_SIZE = 14  # large enough for the back row of a lecture hall


def as_numpy(x):
    """A tensor (any device, with or without grad) or array-like as a float NumPy array."""
    if isinstance(x, torch.Tensor):
        return x.detach().cpu().to(torch.float64).numpy()
    return np.asarray(x, dtype=np.float64)


def _grid(matrices):
    if not isinstance(matrices, (torch.Tensor, np.ndarray)):
        raise TypeError(f"matrices must be a torch.Tensor or numpy.ndarray, got {type(matrices).__name__}")
    data = as_numpy(matrices)
    if data.ndim == 2:
        data = data[None, None]
    elif data.ndim == 3:
        data = data[None]
    elif data.ndim != 4:
        raise ValueError("matrices must be 2-D (one map), 3-D (a row of maps) or 4-D (rows × columns "
                         f"of maps), got shape {tuple(data.shape)}")
    if 0 in data.shape:
        raise ValueError(f"matrices must not be empty (no map, row or column of size 0), "
                         f"got shape {tuple(matrices.shape)}")
    if np.isnan(data).all():
        raise ValueError(f"matrices are all NaN (shape {tuple(matrices.shape)}): there is nothing to draw")
    return data


def _check_labels(name, labels, size):
    if labels is None:
        return None
    if isinstance(labels, str):
        raise TypeError(f"{name} must be a list with one label per {'column' if name[0] == 'x' else 'row'}, "
                        f"got one str {labels[:40]!r}: use e.g. {labels[:20]!r}.split()")
    labels = list(labels)
    if len(labels) != size:
        raise ValueError(f"{name} must have one label per {'column' if name[0] == 'x' else 'row'} "
                         f"({size}), got {len(labels)}")
    return [str(t) for t in labels]


def show_heatmaps(matrices, xlabel="Keys", ylabel="Queries", titles=None, xticklabels=None,
                  yticklabels=None, figsize=None, cmap="Reds", vmin=None, vmax=None,
                  colorbar_label="attention weight", scale_per_map=False, tick_step=1):
    """Draw one heatmap per matrix on a grid with one shared colorbar; return the figure.

    ``titles`` has one entry per map (a flat list for 2-D/3-D input, rows × columns or flat for 4-D).
    ``xticklabels`` / ``yticklabels`` put tokens on the axes (one per column / row of each map);
    ``tick_step`` shows only every ``tick_step``-th of them (the first, then every step after it).
    ``scale_per_map=True`` gives each map its own colour scale (from 0, or its minimum if negative, to
    its maximum; ``vmin``/``vmax`` are then not used) and its own colorbar, instead of one shared scale.

    Shapes:
        matrices: (Q, K), (num_cols, Q, K) or (num_rows, num_cols, Q, K)
    """
    import matplotlib.pyplot as plt

    data = _grid(matrices)
    num_rows, num_cols, num_q, num_k = data.shape
    xticklabels = _check_labels("xticklabels", xticklabels, num_k)
    yticklabels = _check_labels("yticklabels", yticklabels, num_q)
    flat_titles = None
    if titles is not None:
        flat_titles = list(np.asarray(titles, dtype=object).reshape(-1))
        if len(flat_titles) != num_rows * num_cols:
            raise ValueError(f"titles must have one entry per map ({num_rows * num_cols}), "
                             f"got {len(flat_titles)}")
    if figsize is None:
        cell = 0.45 if max(num_q, num_k) > 12 else 0.6  # inches per token
        width = min(max(4.0, cell * num_k), 8.0) if (xticklabels or yticklabels) else 3.6
        square = 3.6 * min(max(num_q / num_k, 0.5), 2)
        height = width * num_q / num_k if (xticklabels or yticklabels) else square
        figsize = (width * num_cols + 1.6, height * num_rows + 0.6)
    if vmin is None:  # weights are >= 0: anchor the colour scale at 0 so that pale means "none"
        vmin = min(0.0, float(np.nanmin(data)))
    vmax = float(np.nanmax(data)) if vmax is None else vmax
    if vmin == vmax:
        vmax = vmin + 1.0
    if isinstance(tick_step, bool) or not isinstance(tick_step, int) or tick_step < 1:
        raise ValueError(f"tick_step must be a positive int, got {tick_step!r}")
    fig, axes = plt.subplots(num_rows, num_cols, figsize=figsize, sharex=True, sharey=True,
                             squeeze=False, layout="constrained")
    for i in range(num_rows):
        for j in range(num_cols):
            ax = axes[i, j]
            if scale_per_map:  # this map's own range, still anchored at 0 for weights
                vmin = min(0.0, float(np.nanmin(data[i, j])))
                vmax = max(float(np.nanmax(data[i, j])), vmin + 1e-12)
            image = ax.imshow(data[i, j], cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto",
                              interpolation="nearest")
            if scale_per_map:
                colorbar = fig.colorbar(image, ax=ax, shrink=0.8)
                colorbar.ax.tick_params(labelsize=FONT_SIZE - 2)
                if colorbar_label:
                    colorbar.set_label(colorbar_label, fontsize=FONT_SIZE - 1)
            if i == num_rows - 1:
                ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
            if j == 0:
                ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
            if flat_titles is not None:
                ax.set_title(str(flat_titles[i * num_cols + j]), fontsize=FONT_SIZE)
            if xticklabels is not None:
                ax.set_xticks(range(0, num_k, tick_step), xticklabels[::tick_step], rotation=60,
                              ha="right", rotation_mode="anchor")
            if yticklabels is not None:
                ax.set_yticks(range(0, num_q, tick_step), yticklabels[::tick_step])
            ax.tick_params(labelsize=FONT_SIZE - 2)
    if scale_per_map:
        return fig
    colorbar = fig.colorbar(image, ax=axes, shrink=0.8)
    colorbar.ax.tick_params(labelsize=FONT_SIZE - 2)
    if colorbar_label:
        colorbar.set_label(colorbar_label, fontsize=FONT_SIZE - 1)
    return fig


def _check_links(name, links, num_src, num_tgt):
    """A set of (i, j) links that fit a map with num_src columns and num_tgt rows, as a sorted list."""
    try:
        links = sorted((int(i), int(j)) for i, j in links)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a set of (source index, target index) pairs, "
                        f"got {links!r:.60}") from None
    for i, j in links:
        if not (0 <= i < num_src and 0 <= j < num_tgt):
            raise ValueError(f"{name} holds the link ({i}, {j}) outside the map's {num_src} source "
                             f"columns and {num_tgt} target rows")
    return links


def _as_list(name, value, count):
    if value is None:
        return [None] * count
    if not isinstance(value, (list, tuple)) or len(value) != count:
        got = f"{len(value)} entries" if isinstance(value, (list, tuple)) else type(value).__name__
        raise ValueError(f"{name} must be a list with one entry per map ({count}), got {got}")
    return list(value)


def show_alignments(weights, source_tokens, target_tokens, gold=None, links=None, titles=None, ncols=None,
                    xlabel="English", ylabel="French", cmap="Reds", figsize=None):
    """Attention weights with a word alignment drawn on the same grid; one map per sentence pair.

    Each map has the target's tokens as rows and the source's as columns, like the attention heatmaps.
    ``gold`` (one alignment per map: an object with ``.sure`` and ``.possible`` sets of (source index,
    target index) links) is drawn as outlines: solid for sure links, dashed for possible ones.
    ``links`` (one set of (i, j) per map) is drawn as dots, e.g. the hard links an aligner chose.
    A weight matrix may be None (a grid with the links only). The colour scale runs from 0 to 1 on
    every map, with one colorbar. Returns the figure.

    Shapes:
        weights: list of (len(target_tokens[k]), len(source_tokens[k])) matrices or None
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    if not isinstance(source_tokens, (list, tuple)) or not source_tokens:
        raise TypeError(f"source_tokens must be a non-empty list of token lists, one per map, "
                        f"got {source_tokens!r:.60}")
    if all(isinstance(t, str) for t in source_tokens):       # one map given without the lists around it
        weights, source_tokens, target_tokens = [weights], [source_tokens], [target_tokens]
        gold = None if gold is None else [gold]
        links = None if links is None else [links]
        titles = None if titles is None else [titles]
    count = len(source_tokens)
    named = [("weights", weights), ("target_tokens", target_tokens), ("gold", gold), ("links", links),
             ("titles", titles)]
    weights, target_tokens, gold, links, titles = (_as_list(name, value, count) for name, value in named)
    ncols = count if ncols is None else ncols
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    nrows = -(-count // ncols)
    sizes = [(len(t), len(s)) for s, t in zip(source_tokens, target_tokens, strict=True)]
    if figsize is None:
        cell = 0.42
        width = max(n_src for _, n_src in sizes) * cell + 1.6
        height = max(n_tgt for n_tgt, _ in sizes) * cell + 1.6
        figsize = (min(width * ncols + 1.2, 16.0), min(height * nrows, 12.0))
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False, layout="constrained")
    image = None
    for k, ax in enumerate(axes.flat):
        if k >= count:
            ax.axis("off")
            continue
        n_tgt, n_src = sizes[k]
        _check_labels(f"source_tokens[{k}]", source_tokens[k], n_src)
        if weights[k] is None:
            data = np.zeros((n_tgt, n_src))
        else:
            data = as_numpy(weights[k])
            if data.shape != (n_tgt, n_src):
                raise ValueError(f"weights[{k}] must have one row per target token and one column per "
                                 f"source token {(n_tgt, n_src)}, got shape {data.shape}")
        image = ax.imshow(data, cmap=cmap, vmin=0.0, vmax=1.0, aspect="equal", interpolation="nearest")
        if gold[k] is not None:
            sure = set(_check_links(f"gold[{k}].sure", gold[k].sure, n_src, n_tgt))
            possible = set(_check_links(f"gold[{k}].possible", gold[k].possible, n_src, n_tgt)) - sure
            outlines = ([(link, "-", 2.0) for link in sorted(sure)]
                        + [(link, "--", 1.2) for link in sorted(possible)])
            for (i, j), style, width in outlines:
                ax.add_patch(Rectangle((i - 0.5, j - 0.5), 1, 1, fill=False, edgecolor="black",
                                       linewidth=width, linestyle=style))
        if links[k] is not None:
            dots = _check_links(f"links[{k}]", links[k], n_src, n_tgt)
            if dots:
                ax.scatter([i for i, _ in dots], [j for _, j in dots], s=28, color="tab:blue", zorder=3)
        ax.set_xticks(range(n_src), source_tokens[k], rotation=60, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(n_tgt), [str(t) for t in target_tokens[k]])
        ax.tick_params(labelsize=FONT_SIZE - 2)
        if titles[k] is not None:
            ax.set_title(str(titles[k]), fontsize=FONT_SIZE)
        if k % ncols == 0:
            ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
        if k // ncols == nrows - 1 or k + ncols >= count:
            ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
    if any(w is not None for w in weights):
        colorbar = fig.colorbar(image, ax=axes, shrink=0.8)
        colorbar.ax.tick_params(labelsize=FONT_SIZE - 2)
        colorbar.set_label("attention weight", fontsize=FONT_SIZE - 1)
    return fig


def _new_axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    return fig, ax


def plot_lines(x, ys, labels=None, xlabel=None, ylabel=None, title=None, ax=None, logx=False,
               logy=False, styles=None, figsize=(7, 4.2), legend_loc="best", xticklabels=None, ylim=None):
    """Plot one or more curves against ``x`` (or each against its own x); return the figure.

    ``ys`` is one sequence or a list of sequences; ``x`` is one sequence shared by all curves or a
    list with one sequence per curve. ``xticklabels`` names the points of a shared ``x`` (e.g. groups
    "1-3", "4-5"); ``ylim`` is a (bottom, top) pair.
    """
    for name, labels_ in (("labels", labels), ("xticklabels", xticklabels)):
        if isinstance(labels_, str):
            raise TypeError(f"{name} must be a list of str, got one str {labels_[:40]!r}")
    ys = [as_numpy(y) for y in ys] if isinstance(ys, (list, tuple)) and len(ys) and \
        np.ndim(as_numpy(ys[0])) == 1 else [as_numpy(ys)]
    xs = ([as_numpy(v) for v in x] if isinstance(x, (list, tuple)) and len(x) and
          np.ndim(as_numpy(x[0])) == 1 else [as_numpy(x)] * len(ys))
    if len(xs) != len(ys):
        raise ValueError(f"x must be one sequence or one per curve ({len(ys)}), got {len(xs)}")
    if labels is not None and len(labels) != len(ys):
        raise ValueError(f"labels must have one entry per curve ({len(ys)}), got {len(labels)}")
    for i, (xi, yi) in enumerate(zip(xs, ys, strict=True)):
        if xi.shape != yi.shape:
            raise ValueError(f"curve {i}: x has shape {xi.shape} but y has shape {yi.shape}")
        if yi.size == 0 or np.isnan(yi).all():
            raise ValueError(f"ys: curve {i} is empty or all NaN (shape {yi.shape}): "
                             "there is nothing to draw")
    if xticklabels is not None and len(xticklabels) != len(xs[0]):
        raise ValueError(f"xticklabels must have one label per x value ({len(xs[0])}), "
                         f"got {len(xticklabels)}")
    styles = styles or ["-", "--", "-.", ":"]
    fig, ax = _new_axes(ax, figsize)
    for i, (xi, yi) in enumerate(zip(xs, ys, strict=True)):
        ax.plot(xi, yi, styles[i % len(styles)], linewidth=2.2,
                label=None if labels is None else labels[i])
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel or "", fontsize=FONT_SIZE)
    ax.set_ylabel(ylabel or "", fontsize=FONT_SIZE)
    if title:
        ax.set_title(title, fontsize=FONT_SIZE)
    ax.tick_params(labelsize=FONT_SIZE - 2)
    ax.grid(True, alpha=0.3)
    if xticklabels is not None:
        ax.set_xticks(xs[0], [str(t) for t in xticklabels])
    if ylim is not None:
        ax.set_ylim(*ylim)
    if labels is not None:
        ax.legend(fontsize=FONT_SIZE - 2, loc=legend_loc)
    return fig


def plot_loss(history, xlabel="epoch", ylabel="loss", title="Training loss", ax=None, logy=False):
    """Plot a training-loss history (one value per epoch or step); return the figure."""
    history = as_numpy(history)
    if history.ndim != 1 or history.size == 0 or np.isnan(history).all():
        raise ValueError(f"history must be a non-empty 1-D sequence of losses, not all NaN, "
                         f"got shape {history.shape}")
    return plot_lines(np.arange(1, history.size + 1), history, xlabel=xlabel, ylabel=ylabel,
                      title=title, ax=ax, logy=logy)


def plot_kernel_fit(x_train, y_train, x_test, y_true, y_hat, ax=None, title=None,
                    label="prediction", figsize=(7, 4.2), legend=True):
    """Plot a regression fit: the true function, the prediction and the training points; return the figure.

    NaN predictions (queries with no estimate) leave gaps in the prediction's curve.

    Shapes:
        x_train, y_train: (n,); x_test, y_true, y_hat: (num_queries,)
    """
    x_train, y_train = as_numpy(x_train), as_numpy(y_train)
    x_test, y_true, y_hat = as_numpy(x_test), as_numpy(y_true), as_numpy(y_hat)
    if x_train.ndim != 1 or x_train.shape != y_train.shape:
        raise ValueError(f"x_train and y_train must be 1-D of the same length, "
                         f"got shapes {x_train.shape} and {y_train.shape}")
    if x_test.ndim != 1 or not x_test.shape == y_true.shape == y_hat.shape:
        raise ValueError(f"x_test, y_true and y_hat must be 1-D of the same length, got shapes "
                         f"{x_test.shape}, {y_true.shape} and {y_hat.shape}")
    fig, ax = _new_axes(ax, figsize)
    ax.plot(x_test, y_true, "-", color="tab:blue", linewidth=2.2, label="true function")
    ax.plot(x_test, y_hat, "--", color="tab:purple", linewidth=2.6, label=label)
    ax.plot(x_train, y_train, "o", color="tab:orange", alpha=0.6, markersize=6, label="training data")
    ax.set_xlabel("x", fontsize=FONT_SIZE)
    ax.set_ylabel("y", fontsize=FONT_SIZE)
    if title:
        ax.set_title(title, fontsize=FONT_SIZE)
    ax.tick_params(labelsize=FONT_SIZE - 2)
    ax.grid(True, alpha=0.3)
    if legend:
        ax.legend(fontsize=FONT_SIZE - 3, loc="lower center", ncol=3, framealpha=0.8)
    return fig
