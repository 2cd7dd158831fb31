"""Helpers for the Chapter 9 attention notebooks (注意力机制).

One module per idea, each named in the notebook that introduces it. Mathematics at the bottom, the
user interface on top: ``checks`` < ``attention``, ``kernel_regression``, ``metrics``, ``data`` <
``alignment``, ``cost``, ``seq2seq`` < ``training`` < ``plotting`` < ``diagrams``, ``widgets`` <
``exercises``.

- ``helpers.checks``: argument checks shared by every module, and the device choice (notebook 00 onwards)
- ``helpers.plotting``: heatmaps of attention weights, line and loss plots, kernel fits (notebook 00 onwards)
- ``helpers.kernel_regression``: kernels, Nadaraya–Watson and parametric attention pooling (notebook 02)
- ``helpers.attention``: masked softmax, additive and scaled dot-product attention (notebook 03)
- ``helpers.cost``: FLOP counts, peak memory and timings of the two attention scorers (notebook 03)
- ``helpers.data``: the English–French corpus loader, tokenizer, vocabulary and padded batches (notebook 04)
- ``helpers.seq2seq``: GRU encoder, decoders with and without Bahdanau attention, greedy translation
  (notebook 04)
- ``helpers.training``: masked cross-entropy, the training loop, BLEU of a model's translations (notebook 04)
- ``helpers.metrics``: BLEU, sentence and corpus level (notebook 04)
- ``helpers.alignment``: gold word alignments, links from attention weights, AER, IBM Model 1 (notebook 06)
- ``helpers.diagrams``: the Bahdanau decoder at one step, drawn (notebook 04)
- ``helpers.widgets``: the kernel slider and the translation box, with a PNG fallback (notebooks 02 and 04)
- ``helpers.exercises``: self-checks for each notebook's exercises (练习)

Importing this package has no side effects: it seeds nothing and changes no matplotlib setting.
"""

from .attention import AdditiveAttention, DotProductAttention, masked_softmax
from .plotting import show_heatmaps

__version__ = "0.1.0"

__all__ = ["AdditiveAttention", "DotProductAttention", "masked_softmax", "show_heatmaps"]
