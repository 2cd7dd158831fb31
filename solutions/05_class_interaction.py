"""Worked solutions of the tasks of notebooks/05_class_interaction.ipynb (课堂互动 9.1), for instructors.

SOLUTIONS maps the check a task cell calls to the cell's solved source (see tools/solutions.py);
CONTEXT marks the notebook cells the tasks need besides the imports (Task 5's situations). The
predictions of Tasks 1, 6 and 8 count once per kernel: the solutions are meant for a fresh one.
"""

CONTEXT = ["from helpers.exercises.class_interaction import SCENARIOS"]

SOLUTIONS = {
    "check_pooling_pictures": '''
from helpers.exercises.class_interaction import POOLINGS, check_pooling_pictures

# Average pooling ignores the query: every weight 1/50. A Gaussian with h = 1 spreads each
# query's weight over the keys within about 2 of it; with h = 0.1 only over its nearest few
# keys.
answers = {"average pooling": "uniform",
           "Gaussian, h = 1": "wide band",
           "Gaussian, h = 0.1": "narrow band"}
passed = check_pooling_pictures(answers)
''',
    "check_nw_by_hand": '''
from helpers.exercises.class_interaction import check_nw_by_hand

# K(2 - 1) = e^(-1/2) = 0.607, K(0) = 1, K(2 - 4) = e^(-2) = 0.135; their sum is 1.742
weights = [0.607 / 1.742, 1 / 1.742, 0.135 / 1.742]      # 0.348, 0.574, 0.078
f_2 = 0.348 * 3 + 0.574 * 5 + 0.078 * 1                  # 3.992
passed = check_nw_by_hand(weights, f_2)
''',
    "check_bleu_clipped": '''
from helpers.exercises.class_interaction import check_bleu_clipped

# Clipped unigrams: 'le' counts once (the reference has one), 'chat' and '.' match: p1 = 3/5.
# Bigrams: only 'le chat' matches: p2 = 1/4. c = r = 5, so BP = 1. BLEU-2 = sqrt(3/5 * 1/4)
bleu2 = round((3 / 5 * 1 / 4) ** 0.5, 3)               # 0.387
passed = check_bleu_clipped(bleu2)
''',
    "check_masked_softmax_fix": '''
from helpers.exercises.class_interaction import check_masked_softmax_fix


def masked_softmax_fixed(scores, valid_lens):
    # scores (B, n_q, n_k); valid_lens (B,) or (B, n_q) -> weights (B, n_q, n_k)
    if valid_lens.dim() == 1:
        valid_lens = valid_lens[:, None].expand(scores.shape[:2])      # (B,) -> (B, n_q)
    # mask (B, n_q, n_k): True where the key is real
    mask = torch.arange(scores.shape[-1]) < valid_lens[..., None]
    # the bug was the fill 0: exp(0) = 1 puts the padding into the denominator. A fill of -inf
    # gives NaN in a row of valid length 0 (0 / 0, and NaN * 0 is NaN); a large finite negative
    # number does not
    weights = torch.softmax(scores.masked_fill(~mask, -1e9), dim=-1)  # (B, n_q, n_k)
    return weights * mask                                  # a row of valid length 0: all 0


passed = check_masked_softmax_fix(masked_softmax_fixed)
''',
    "check_scorer_choice": '''
# a) q = 20, k = 2: the dot product needs equal sizes, additive attention maps both to h.
# b) additive: 32 * 2048 * 2048 * 64 numbers * 4 bytes = 2^5 * 2^22 * 2^6 * 2^2 = 2^35 bytes
#    = 32 GiB
#    > 2 GiB; the dot product's (B, n_q, n_k) scores take 512 MiB.
# c) equal sizes, speed first: the dot product is one matrix product with no parameters.
choices = {"a": "additive", "b": "dot product", "c": "dot product"}
additive_gib = 32 * 2048 * 2048 * 64 * 4 / 2 ** 30     # 32.0
passed = check_scorer_choice(choices, additive_gib)
''',
    "check_reverse_prediction": '''
from helpers.exercises.class_interaction import check_reverse_prediction

# The first output digit copies the last input digit, the last output the first:
# the anti-diagonal.
shape = "anti-diagonal"
passed = check_reverse_prediction(shape)
''',
    "check_decoder_step": '''
from helpers.exercises.class_interaction import check_decoder_step, decode_with


def decoder_step(decoder, token, state):
    memory, hidden = state.memory, state.hidden                  # (B, T, H), (1, B, H)
    query = hidden[-1][:, None, :]                   # (B, 1, H): the previous state s_{t-1}
    # context (B, 1, H), weights (B, 1, T)
    context, weights = decoder.attention(query, memory, memory, state.valid_lens)
    x = torch.cat([context[:, 0], decoder.embedding(token)], dim=-1)   # (B, H + E)
    new_hidden = decoder.cells[0](x, hidden[0])                  # (B, H)
    logits = decoder.dense(new_hidden)                           # (B, V)
    return logits, state._replace(hidden=new_hidden[None]), weights[:, 0]


passed = check_decoder_step(decoder_step)
''',
    "check_diagnosis": '''
from helpers.exercises.class_interaction import check_diagnosis

# One string, so no padding (not a); the rows differ (not b); the output is not the reversed
# input (not d); Task 6's model reversed most test strings of 3 to 6 digits exactly (not e).
# The first rows follow the anti-diagonal, then the weight smears over the first digits:
# 12 digits is twice the longest training string.
diagnosis = "c"
passed = check_diagnosis(diagnosis)
''',
}
