"""Worked solutions of the exercises of notebooks/06_attention_alignment.ipynb, for instructors.

SOLUTIONS maps the check an exercise cell calls to the cell's solved source (see tools/solutions.py).
"""

CONTEXT = []

SOLUTIONS = {
    "check_aer_by_hand": '''
from helpers.exercises.alignment import check_aer_by_hand

# S = {0-0, 1-1, 2-3, 2-4, 3-5, 4-6}: |S| = 6; P adds 2-2. A has 7 links.
# A ∩ S = {0-0, 1-1, 2-3, 3-5, 4-6}: 5 (3-4 links "black" to "pas": wrong)
# A ∩ P = A ∩ S + {2-2} ("ne" with "aren't" is possible): 6
aer = round(1 - (5 + 6) / (7 + 6), 3)   # 2/13 = 0.154
passed = check_aer_by_hand(aer)
''',
    "check_argmax_links": '''
from helpers.exercises.alignment import check_argmax_links


def argmax_links(weights):
    best = weights.argmax(dim=1)     # (target words,): each row's most attended source word
    return {(int(i), j) for j, i in enumerate(best)}

passed = check_argmax_links(argmax_links)
''',
    "check_ibm1_posteriors": '''
from helpers.exercises.alignment import check_ibm1_posteriors


def ibm1_posteriors(t, source_ids, target_ids):
    scores = t[target_ids][:, source_ids]      # (French words, English words): t(f_j | e_i)
    return scores / scores.sum(dim=1, keepdim=True)  # each French word's posterior sums to 1

passed = check_ibm1_posteriors(ibm1_posteriors)
''',
}
