"""Worked solutions of the exercises of notebooks/07_self_attention_transformer.ipynb, for instructors.

SOLUTIONS maps the check an exercise cell calls to the cell's solved source (see tools/solutions.py).
"""

CONTEXT = []

SOLUTIONS = {
    "check_mha_parameters": '''
from helpers.exercises.transformer import check_causal_mask, check_mha_parameters

# W_q, W_k, W_v and W_o are each a 64 x 64 matrix and a bias of 64: the heads only cut the columns of
# W_q, W_k, W_v into 4 blocks of 16, so the number of heads does not change the count.
num_parameters = 4 * (64 * 64 + 64)   # = sum(p.numel() for p in MultiHeadAttention(64, 4).parameters())

passed = check_mha_parameters(num_parameters)
''',
    "check_causal_mask": '''
def causal_mask(num_steps):
    # query t (row) may look at key s (column) when s <= t: the lower triangle, diagonal included
    return torch.ones(num_steps, num_steps, dtype=torch.bool).tril()

passed = check_causal_mask(causal_mask)
''',
}
