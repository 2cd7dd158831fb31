"""Worked solutions of the exercises of notebooks/04_attention_seq2seq.ipynb, for instructors.

SOLUTIONS maps the check an exercise cell calls to the cell's solved source (see tools/solutions.py).
"""

CONTEXT = []

SOLUTIONS = {
    "check_uniform_context": '''
from helpers.exercises.seq2seq import check_uniform_context


def uniform_context(enc_outputs, valid_lens):
    # every real position weighs 1 / valid_len, the padding 0: a masked mean over the steps
    mask = torch.arange(enc_outputs.shape[1])[None, :] < valid_lens[:, None]   # (batch, steps)
    summed = (enc_outputs * mask[:, :, None]).sum(dim=1, keepdim=True)          # (batch, 1, H)
    return summed / valid_lens[:, None, None]                                   # (batch, 1, H)

passed = check_uniform_context(uniform_context)
''',
    "check_masked_loss": '''
import torch.nn.functional as F

from helpers.exercises.seq2seq import check_masked_loss


def masked_loss(logits, targets, valid_lens):
    # losses and mask (batch, steps)
    losses = F.cross_entropy(logits.transpose(1, 2), targets, reduction="none")
    mask = torch.arange(targets.shape[1])[None, :] < valid_lens[:, None]
    return (losses * mask).sum() / mask.sum()          # mean over all real tokens of the batch

passed = check_masked_loss(masked_loss)
''',
    "check_bleu_by_hand": '''
import math

from helpers.exercises.seq2seq import check_bleu_by_hand

# p1 = 5/5 (every output word is in the reference); p2 = 3/4 ("voiture ." is not);
# c = 5 < r = 6, so BP = exp(1 - 6/5); BLEU-2 = BP * sqrt(p1 * p2)
bleu2 = round(math.exp(1 - 6 / 5) * math.sqrt(5 / 5 * 3 / 4), 3)   # 0.709
passed = check_bleu_by_hand(bleu2)
''',
}
