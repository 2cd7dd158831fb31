"""helpers.diagrams: the Bahdanau step diagram labels what the notebook's prose names."""

import matplotlib
import pytest

matplotlib.use("Agg")

from helpers.diagrams import draw_bahdanau_step  # noqa: E402


def test_diagram_names_query_keys_values_and_context():
    import matplotlib.pyplot as plt

    fig = draw_bahdanau_step(source=["i", "see", "it"], target=["je", "le", "vois"], step=1)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for word in ["query", "keys = values", "context", "encoder", "decoder", "<bos>", "vois"]:
        assert word in texts
    assert "t = 2" in fig.axes[0].get_title()
    plt.close(fig)


@pytest.mark.parametrize("kwargs, pattern", [
    (dict(step=4), r"step must be in \[0, 3\], got 4"),
    (dict(source=[]), r"non-empty, got 0 and 4 tokens"),
])
def test_diagram_bad_input(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        draw_bahdanau_step(**kwargs)
