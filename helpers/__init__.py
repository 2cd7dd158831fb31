"""Helpers for the Chapter 9 attention notebooks (注意力机制).

One module per idea, each named in the notebook that introduces it. Mathematics at the bottom, the
user interface on top: ``checks``, ``files`` < ``attention``, ``device``, ``kernel_regression``,
``metrics``, ``data``, ``lexicon`` < ``alignment``, ``ibm_model1``, ``cost``, ``decoders`` < ``seq2seq``
< ``decoding``, ``training`` < ``evaluation`` < ``plotting`` < ``diagrams``, ``widgets`` < ``exercises``.

- ``helpers.checks``: argument checks shared by every module (notebook 03 onwards)
- ``helpers.files``: the one reader of the course's text files: corpus, alignments, lexicon
- ``helpers.device``: the device (CPU or CUDA) and the number of CPU threads (notebook 00 onwards)
- ``helpers.plotting``: heatmaps of attention weights, line and loss plots, kernel fits (notebook 00 onwards)
- ``helpers.kernel_regression``: kernels, Nadaraya–Watson and parametric attention pooling (notebook 02)
- ``helpers.attention``: masked softmax; additive, scaled dot-product and multiplicative attention, each
  with ``prepare_keys`` and ``attend`` (notebook 03)
- ``helpers.cost``: FLOP counts, peak memory and timings of the two attention scorers (notebook 03)
- ``helpers.data``: the English–French corpus loader, tokenizer, vocabulary and padded batches (notebook 04)
- ``helpers.decoders``: the decoder state; the plain decoder, Bahdanau's and Luong's (notebooks 04, 06)
- ``helpers.seq2seq``: the GRU encoder, the encoder–decoder model, saving and loading (notebook 04)
- ``helpers.decoding``: greedy search, beam search and translation (notebook 04)
- ``helpers.training``: masked cross-entropy, teacher forcing, the training loop (notebook 04)
- ``helpers.evaluation``: BLEU over a test set and by length, teacher-forced attention, attention links
  (notebooks 04 and 06)
- ``helpers.metrics``: BLEU, sentence and corpus level (notebook 04)
- ``helpers.lexicon``: the corpus's nouns and adjectives (notebook 04)
- ``helpers.alignment``: gold word alignments, links from attention weights, AER, the diagonal (notebook 06)
- ``helpers.ibm_model1``: IBM Model 1 trained by EM, the word aligner attention is compared with (notebook 06)
- ``helpers.diagrams``: the Bahdanau decoder at one step, drawn (notebook 04)
- ``helpers.widgets``: the kernel slider and the translation box, with a PNG fallback (notebooks 02 and 04)
- ``helpers.exercises``: self-checks for each notebook's exercises (练习)

Importing this package has no side effects: it seeds nothing and changes no matplotlib setting.
"""

from .attention import AdditiveAttention, DotProductAttention, masked_softmax
from .plotting import show_heatmaps

__version__ = "0.1.0"

__all__ = ["AdditiveAttention", "DotProductAttention", "masked_softmax", "show_heatmaps"]
