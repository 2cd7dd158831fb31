"""Worked solutions of the exercises of notebooks/01_attention_cues.ipynb, for instructors.

SOLUTIONS maps the check an exercise cell calls to the cell's solved source (see tools/solutions.py);
CONTEXT marks the notebook cells the exercises need besides the imports.
"""

CONTEXT = ["from helpers.exercises.cues import"]

SOLUTIONS = {
    "check_cue_types": '''
# a) and c): the thing's salience grabs the eye (a lit screen, a bang), whatever we want;
# b) and d): our goal steers the eye (a friend's scarf, the 8 o'clock train).
answers = {"a": "nonvolitional", "b": "volitional", "c": "nonvolitional", "d": "volitional"}
passed = check_cue_types(answers)
''',
    "check_attention_weights": '''
from helpers.exercises.cues import check_attention_weights


def to_weights(scores):
    # softmax over each row: exp makes every weight > 0 and keeps the order of the scores;
    # dividing by the row's sum makes the row sum to 1;
    # exp(s + c) / sum exp(s + c) = exp(s) / sum exp(s)
    return torch.softmax(scores, dim=-1)

passed = check_attention_weights(to_weights)
''',
    "check_lookup_width": '''
from helpers.exercises.cues import check_lookup_width

# Query 172: key 170 is 2 cm away, key 180 is 8 cm away. sigma = 3 gives 170 about 97 % of the
# weight and 180 about 3 %; any sigma from about 2.6 to 3.6 works (2.5: 180 gets 0.8 %;
# 4: 170 gets 86 %).
sigma = 3.0
passed = check_lookup_width(sigma)
''',
}
