"""helpers.diagrams: the Bahdanau step diagram labels what the notebook's prose names."""

import matplotlib
import pytest

matplotlib.use("Agg")

from helpers.diagrams import draw_bahdanau_step  # noqa: E402


def test_diagram_names_query_keys_values_and_context():
    import matplotlib.pyplot as plt

    fig = draw_bahdanau_step(source=["i", "see", "it"], target=["je", "le", "vois"], step=2)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for word in ["query", "keys = values", "context", "encoder", "decoder", "<bos>", "vois", "forward",
                 "backward", "GRU →", "GRU ←"]:
        assert word in texts
    assert "t = 2" in fig.axes[0].get_title() and "'le'" in fig.axes[0].get_title()
    plt.close(fig)


def test_diagram_first_step_takes_the_encoders_final_state_as_query():
    import matplotlib.pyplot as plt

    fig = draw_bahdanau_step(step=1)
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "$s_0$ (encoder's final state)" in texts and "t = 1" in fig.axes[0].get_title()
    plt.close(fig)


@pytest.mark.parametrize("kwargs, pattern", [
    (dict(step=5), r"step must be an int in \[1, 4\] \(t counts from 1\), got 5"),
    (dict(step=0), r"step must be an int in \[1, 4\] \(t counts from 1\), got 0"),
    (dict(step=2.0), r"step must be an int in \[1, 4\] \(t counts from 1\), got 2.0"),
    (dict(source=[]), r"non-empty, got 0 and 4 tokens"),
])
def test_diagram_bad_input(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        draw_bahdanau_step(**kwargs)
