"""The Chinese prose uses one term per idea, as docs/glossary.md fixes them, and Chinese typesetting.

Chinese prose is the markdown cells of notebooks/zh/*.ipynb, README.zh.md and docs/*.zh.md. Code, formulas,
link targets, HTML comments and words quoted in “…” (mentioned, not used) are not checked. Each failure
names the notebook and cell id (or the file and line) and the variant found.
"""

import json
import pathlib
import re
from collections import defaultdict

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
ZH_NOTEBOOKS = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))
ZH_DOCUMENTS = [ROOT / "README.zh.md", *sorted((ROOT / "docs").glob("*.zh.md"))]
CJK = "\u3400-\u4dbf\u4e00-\u9fff"

HIDDEN = [
    re.compile(r"```.*?```", re.S),               # code blocks
    re.compile(r"<!--.*?-->", re.S),              # HTML comments
    re.compile(r"\$\$.*?\$\$", re.S),             # display formulas
    re.compile(r"\$[^$\n]*\$"),                   # inline formulas
    re.compile(r"`[^`\n]*`"),                     # inline code
    re.compile(r"\]\([^)\s]*\)"),                 # link targets
    re.compile(r"https?://\S+"),                  # bare addresses
]
QUOTED = re.compile(r"“[^”\n]*”")


def visible(text, keep_quotes=False):
    """The prose of ``text`` as read: code, formulas, link targets and comments replaced by a space."""
    for pattern in HIDDEN:
        text = pattern.sub(lambda m: "]" if m.group().startswith("](") else " ", text)
    return text if keep_quotes else QUOTED.sub(" ", text)


def glossary():
    """(English, 中文, compiled variant pattern) for every row of the glossary's table."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or line.startswith("| ---") or line.startswith("| English"):
            continue
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        english, chinese, rejected = cells[0], cells[1], cells[2]
        pattern = re.search(r"`(.+)`", rejected).group(1).replace(r"\|", "|")
        rows.append((english, chinese, re.compile(pattern)))
    return rows


def prose_of_notebook(path):
    """(label, text) of each markdown cell of a notebook, labelled by the cell's id."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(cell["id"], "".join(cell["source"])) for cell in cells if cell["cell_type"] == "markdown"]


def prose_of_document(path):
    """(label, text) of each line of a Markdown file outside code blocks, labelled by its number."""
    text = re.sub(r"```.*?```", lambda m: "\n" * m.group().count("\n"), path.read_text(encoding="utf-8"),
                  flags=re.S)
    return [(f"line {number}", line) for number, line in enumerate(text.splitlines(), 1)]


def sources():
    return [*ZH_NOTEBOOKS, *ZH_DOCUMENTS]


def source_id(path):
    return str(path.relative_to(ROOT))


def prose(path):
    return prose_of_notebook(path) if path.suffix == ".ipynb" else prose_of_document(path)


def variants_in(text, rows):
    """(variant found, the glossary's term) for each rejected variant in ``text``."""
    shown = visible(text)
    return [(match.group(), chinese) for _, chinese, pattern in rows for match in pattern.finditer(shown)]


# ---------------------------------------------------------------- the glossary itself


def test_glossary_covers_the_terms_it_must_fix():
    rows = glossary()
    assert len(rows) >= 30
    chinese = {row[1] for row in rows}
    for term in ("笔记本", "幻灯片", "汇聚", "注意力分数", "注意力评分函数", "精确率", "`helpers` 包",
                 "CPU 核心", "标准对齐、标准链接", "以当前状态作查询的模型", "`**练习 N**：`"):
        assert term in chinese, f"docs/glossary.md has no row for {term}"


def test_a_variant_is_found_with_its_term():
    rows = glossary()
    found = variants_in("本 notebook 用 2 个 CPU 核，把黄金对齐画成热力图。", rows)
    assert sorted(variant for variant, _ in found) == sorted(["notebook", "CPU 核", "黄金", "热力图"])
    assert ("黄金", "标准对齐、标准链接") in found


@pytest.mark.parametrize("text", [
    "`notebook` 与 $x_{size}$", "[笔记本 02](../notebooks/02_kernel_regression.ipynb)",
    "幻灯片把它叫作“均值池化”。", "<!-- notebook -->", "2 个 CPU 核心", "**练习 1**：写出",
])
def test_code_formulas_links_and_quoted_names_are_not_variants(text):
    assert variants_in(text, glossary()) == []


@pytest.mark.parametrize("text, variant", [
    ("**练习 1.** 在下面", "**练习 1.**"), ("**1.** 写出", "**1.**"), ("第 1 部分", "第 1 部分"),
    ("它的 size 为 64", "size"), ("课程软件包里", "软件包"), ("截断的 n-gram 精度", "-gram"),
])
def test_each_listed_case_is_caught(text, variant):
    assert variant in [found for found, _ in variants_in(text, glossary())]


# ---------------------------------------------------------------- the Chinese prose


@pytest.mark.parametrize("path", sources(), ids=source_id)
def test_chinese_prose_uses_the_glossarys_terms(path):
    rows = glossary()
    found = [f"{label}: {variant!r} (use {chinese})" for label, text in prose(path)
             for variant, chinese in variants_in(text, rows)]
    assert not found, f"{source_id(path)} uses variants that docs/glossary.md rejects: {found}"


HALF_WIDTH = re.compile(rf"[{CJK}][,;:?!()]|[,;:?!(][{CJK}]|\([{CJK}]")
LONE_DASH = re.compile(rf"[{CJK}]\s*(?<!—)[–—](?!—)\s*[{CJK}]")
ITALIC = re.compile(r"(?<![*A-Za-z0-9])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![*A-Za-z0-9])")


def typesetting_problems(text):
    shown = visible(text, keep_quotes=True)
    problems = [f"half-width punctuation {m.group()!r}" for m in HALF_WIDTH.finditer(shown)]
    problems += [f"a lone dash {m.group()!r} (use - in terms, —— in sentences)"
                 for m in LONE_DASH.finditer(shown)]
    unbolded = shown.replace("**", "")
    problems += [f"Chinese in italics *{m.group(1)}*" for m in ITALIC.finditer(unbolded)
                 if re.search(f"[{CJK}]", m.group(1))]
    return problems


@pytest.mark.parametrize("text, problem", [
    ("每个（查询, 键）对", "half-width"), ("键–值对", "lone dash"), ("这个词*生成之前*的状态", "italics"),
    ("见笔记本(03)", "half-width"),
])
def test_typesetting_problems_are_found(text, problem):
    assert any(problem in found for found in typesetting_problems(text)), typesetting_problems(text)


@pytest.mark.parametrize("text", [
    "15–20 分钟", "Nadaraya–Watson 核回归", "编码器-解码器", "法语 *cheval noir*", "——威廉·詹姆斯",
    "**粗体**和 $a*b*c$", "（查询，键）",
])
def test_correct_typesetting_passes(text):
    assert typesetting_problems(text) == []


@pytest.mark.parametrize("path", sources(), ids=source_id)
def test_chinese_typesetting(path):
    found = [f"{label}: {problem}" for label, text in prose(path)
             for problem in typesetting_problems(text)]
    assert not found, f"{source_id(path)}: {found}"


GLOSS = re.compile(r"（([A-Za-z][A-Za-z '’\-–]*[A-Za-z])(?:[,，][^）]*)?）")


def glosses(text):
    """The English glosses in full-width brackets, as written: （attention weights） → attention weights."""
    return [m.group(1) for m in GLOSS.finditer(visible(text))]


def test_glosses_are_found():
    text = "注意力权重（attention weights）与对齐错误率（alignment error rate, AER）（Brown et al., 1993）"
    assert glosses(text) == ["attention weights", "alignment error rate"]


@pytest.mark.parametrize("path", ZH_NOTEBOOKS, ids=source_id)
def test_english_gloss_only_at_first_use(path):
    cells = defaultdict(list)
    for label, text in prose_of_notebook(path):
        for gloss in glosses(text):
            cells[gloss.lower()].append(label)
    repeated = {gloss: labels for gloss, labels in cells.items()
                if len(labels) > 1}
    assert not repeated, f"{source_id(path)}: English glosses repeated after their first use " \
                         f"{{gloss: cells}}: {repeated}"


@pytest.mark.parametrize("path", ZH_NOTEBOOKS, ids=source_id)
def test_gloss_stands_beside_its_glossary_term(path):
    wrong = []
    for english, chinese, _ in glossary():
        term = english.split(" (")[0]
        if "," in term or "/" in term or not re.fullmatch(r"[A-Za-z \-–]+", term):
            continue
        gloss = re.compile(rf"([^（\n]*)（{re.escape(term)}(?:e?s)?[）,，]", re.I)
        for label, text in prose_of_notebook(path):
            for match in gloss.finditer(visible(text)):
                before = match.group(1).rstrip("*")
                if not before.endswith(chinese.split("（")[0]):
                    wrong.append(f"{label}: （{term}） follows {before[-12:]!r}, not {chinese!r}")
    assert not wrong, f"{source_id(path)}: glosses beside another term than the glossary's: {wrong}"
