"""Worked solutions of the exercises of notebooks/03_attention_scores.ipynb, for instructors.

SOLUTIONS maps the check an exercise cell calls to the cell's solved source (see tools/solutions.py).
"""

CONTEXT = []

SOLUTIONS = {
    "check_scaled_scores": '''
from helpers.exercises.scores import check_scaled_scores


def scaled_scores(queries, keys):
    # queries (B, n_q, d), keys (B, n_k, d) -> scores (B, n_q, n_k): d summed, batch kept apart
    return torch.einsum("bqd,bkd->bqk", queries, keys) / math.sqrt(queries.shape[-1])


passed = check_scaled_scores(scaled_scores)
''',
    "check_masked_weights": '''
from helpers.exercises.scores import check_masked_weights

# Query 0 sees keys 0 and 1 only: softmax(2, 0) = (e^2, 1) / (e^2 + 1) = (0.881, 0.119),
# then zeros. Query 1 has valid length 0: it may look at nothing, a row of zeros (neither NaN
# nor 0.25 each).
weights_by_hand = [[0.881, 0.119, 0.0, 0.0],
                   [0.0, 0.0, 0.0, 0.0]]
passed = check_masked_weights(weights_by_hand)
''',
    "check_dot_variance": '''
from helpers.exercises.scores import check_dot_variance


def variance(d, sigma):
    # Var(q_i k_i) = E[q_i^2] E[k_i^2] = sigma^2 * sigma^2; d independent terms add up
    return d * sigma ** 4


passed = check_dot_variance(variance)
print("so divide by the standard deviation sigma^2 * sqrt(d): sqrt(d) when sigma = 1")
''',
    "check_max_keys": '''
from helpers.exercises.scores import check_max_keys

# 4 bytes * 32 * n_k^2 * 128 <= 2^30  ->  n_k^2 <= 2^30 / 2^14 = 2^16  ->  n_k <= 256
largest_num_keys = 256
passed = check_max_keys(largest_num_keys)
''',
    "check_flop_ratio": '''
from helpers.exercises.scores import check_flop_ratio

# Per (query, key) pair, with d = 64: additive d (+) + d (tanh) + 2d (w_v) + 4 (softmax)
# + 2d (weights · V) = 6d + 4 = 388; dot product 2d (Q Kᵀ) + 1 (/ √d) + 4 + 2d = 4d + 5 = 261.
# The terms in n alone vanish.
flop_ratio = round(388 / 261, 2)                       # 1.49
passed = check_flop_ratio(flop_ratio)
''',
    "check_bilinear_scores": '''
from helpers.exercises.scores import check_bilinear_scores


def bilinear_scores(queries, keys, W):
    # queries (B, n_q, q), keys (B, n_k, k), W (q, k) -> scores (B, n_q, n_k)
    return (queries @ W) @ keys.transpose(1, 2)        # (B, n_q, k) @ (B, k, n_k)


passed = check_bilinear_scores(bilinear_scores)
''',
}
