"""The slides' terms (shared/guides/chapter.md) stand where their idea is taught, in English with the Chinese.

Each entry names the notebook, an English phrase and the slide's Chinese term: both must stand in one
markdown cell of that notebook that is not its title cell, so that the term is taught, not only named.
"""

import json
import pathlib

import pytest

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"

TERMS = [
    # Part 1 · 什么是注意力机制
    ("01_attention_cues", "psychological framework", "心理学框架"),
    ("01_attention_cues", "William James", "威廉·詹姆斯"),
    ("01_attention_cues", "Nonvolitional cue", "不随意线索"),
    ("01_attention_cues", "Volitional cue", "随意线索"),
    ("01_attention_cues", "nonvolitional prompt", "非自主性提示"),
    ("01_attention_cues", "volitional prompt", "自主性提示"),
    ("01_attention_cues", "sensory inputs", "感官输入"),
    ("01_attention_cues", "query", "查询"),
    ("01_attention_cues", "key", "键"),
    ("01_attention_cues", "value", "值"),
    ("01_attention_cues", "attention pooling", "注意力汇聚"),
    ("02_kernel_regression", "average pooling", "均值池化"),
    ("02_kernel_regression", "nonparametric attention pooling", "非参注意力池化"),
    ("02_kernel_regression", "Gaussian kernel", "高斯核"),
    ("02_kernel_regression", "parametric attention pooling", "参数化的注意力机制"),
    # Part 2 · 注意力分数
    ("03_attention_scores", "attention score", "注意力分数"),
    ("03_attention_scores", "attention weights", "注意力权重"),
    ("03_attention_scores", "high-dimensional attention", "高维度注意力"),
    ("03_attention_scores", "Masked softmax", "掩蔽softmax"),
    ("03_attention_scores", "Additive attention", "加性注意力"),
    ("03_attention_scores", "one hidden layer", "单隐层MLP"),
    ("03_attention_scores", "Scaled dot-product attention", "缩放点积注意力"),
    ("03_attention_scores", "scaling factor", "缩放因子"),
    # Part 3 · 基于注意力的Seq2Seq
    ("04_attention_seq2seq", "Attention-based Seq2Seq", "基于注意力的Seq2Seq"),
    ("04_attention_seq2seq", "Bahdanau attention", "Bahdanau 注意力"),
    ("04_attention_seq2seq", "encoder", "编码器"),
    ("04_attention_seq2seq", "bidirectional", "双向"),
    ("04_attention_seq2seq", "beam search", "束搜索"),
    ("04_attention_seq2seq", "label smoothing", "标签平滑"),
    # After the slides: the bridge to the Transformer, in d2l-zh's terms
    ("07_self_attention_transformer", "self-attention", "自注意力"),
    ("07_self_attention_transformer", "positional encoding", "位置编码"),
    ("07_self_attention_transformer", "multi-head attention", "多头注意力"),
    ("07_self_attention_transformer", "residual connection", "残差连接"),
    ("07_self_attention_transformer", "layer normalization", "层规范化"),
    ("07_self_attention_transformer", "position-wise feed-forward network", "基于位置的前馈网络"),
    ("07_self_attention_transformer", "cross-attention", "交叉注意力"),
    ("07_self_attention_transformer", "masked", "掩蔽"),
]

# The two summary sentences of Part 1, in the slides' words, with an English gloss beside them.
SUMMARY_SENTENCES = [
    ("scarce resource", "稀缺资源"),
    ("grabs patterns by intuition and filters information by goal", "既凭直觉抓取模式，又按目标筛选信息"),
]


def markdown_cells(name):
    cells = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]


@pytest.mark.parametrize("name, english, chinese", TERMS,
                         ids=[english.replace(" ", "-") for _, english, _ in TERMS])
def test_term_is_taught_in_english_with_the_slides_chinese(name, english, chinese):
    body = markdown_cells(name)[1:]  # the title cell alone does not teach a term
    assert any(english.lower() in cell.lower() and chinese in cell for cell in body), \
        f"{name}: no markdown cell (after the title) gives {english!r} with {chinese!r}"


@pytest.mark.parametrize("english, chinese", SUMMARY_SENTENCES, ids=["scarce", "intuition-and-goal"])
def test_part_one_summary_sentences(english, chinese):
    summaries = [cell for cell in markdown_cells("01_attention_cues") if cell.startswith("## Summary")]
    assert len(summaries) == 1 and english in summaries[0] and chinese in summaries[0]


@pytest.mark.parametrize("name, phrase", [
    ("02_kernel_regression", r"h \to \infty"),          # average pooling is NW with a constant kernel
    # the Gaussian score expanded into a dot product
    ("03_attention_scores", r"\mathbf q^\top\mathbf k_i - \tfrac12\|\mathbf k_i\|^2"),
    ("03_attention_scores", "multiplicative"),          # the bilinear score qᵀWk, third of the family
])
def test_bridges_between_ideas(name, phrase):
    assert any(phrase in cell for cell in markdown_cells(name)), f"{name}: no cell mentions {phrase!r}"
