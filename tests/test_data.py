"""helpers.data: tokenizer, loader (both file layouts, clear errors), vocabulary, padded batches."""

import pytest
import torch

from helpers.data import (
    SPECIAL_TOKENS,
    Vocab,
    encode,
    load_translation_data,
    make_batches,
    num_words,
    pad_batch,
    read_pairs,
    tokenize,
)


@pytest.mark.parametrize("text, expected", [
    ("I see the red car.", ["i", "see", "the", "red", "car", "."]),
    ("Va\u202f!", ["va", "!"]),
    ("Ça\xa0alors\u202f!", ["ça", "alors", "!"]),
    ("J'ai gagné, merci !", ["j'ai", "gagné", ",", "merci", "!"]),
    ("Arrête-toi ! Wait...", ["arrête-toi", "!", "wait", ".", ".", "."]),
    ("Qui ? «\u00a0Moi\u00a0»", ["qui", "?", "«", "moi", "»"]),
    ("   ", []),
])
def test_tokenize(text, expected):
    assert tokenize(text) == expected


def test_tokenize_rejects_non_strings():
    with pytest.raises(TypeError, match="str"):
        tokenize(["go"])


def _write(tmp_path, text, name="pairs.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_two_and_three_column_layouts(tmp_path):
    two = _write(tmp_path, "Go.\tVa !\nI see.\tJe comprends.\n\n", "two.txt")
    three = _write(tmp_path, "Go.\tVa\u202f!\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272\n"
                             "Hi.\tSalut !\tCC-BY 2.0 #538123\n", "three.txt")
    assert read_pairs(two) == [("Go.", "Va !"), ("I see.", "Je comprends.")]
    assert read_pairs(three) == [("Go.", "Va\u202f!"), ("Hi.", "Salut !")]
    assert read_pairs(three, num_pairs=1) == [("Go.", "Va\u202f!")]
    assert [tokenize(fr) for _, fr in read_pairs(three)] == [["va", "!"], ["salut", "!"]]
    windows = tmp_path / "windows.txt"
    windows.write_bytes("\ufeffGo.\tVa !\r\nHi.\tSalut !\r\n".encode("utf-8"))   # byte-order mark, CRLF
    assert read_pairs(windows) == [("Go.", "Va !"), ("Hi.", "Salut !")]


@pytest.mark.parametrize("bad_line", ["no tab here", "\tVa !", "Go.\t  "])
def test_malformed_line_names_file_and_line(tmp_path, bad_line):
    path = _write(tmp_path, f"Go.\tVa !\nHi.\tSalut !\n{bad_line}\n")
    with pytest.raises(ValueError, match=r"pairs\.txt, line 3"):
        read_pairs(path)


def test_missing_file_says_where_it_looked(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path / "nowhere.txt")):
        read_pairs(tmp_path / "nowhere.txt")


def test_vocab_order_min_freq_and_unknown():
    sentences = [["b", "a", "a"], ["c", "b", "a"], ["d"]]
    vocab = Vocab(sentences, min_freq=2)
    assert vocab.idx_to_token == list(SPECIAL_TOKENS) + ["a", "b"]   # by count, then alphabetical
    assert (vocab.pad, vocab.bos, vocab.eos, vocab.unk) == (0, 1, 2, 3)
    assert vocab["a"] == 4 and vocab["c"] == vocab.unk and vocab["zzz"] == vocab.unk
    assert vocab[["b", "c"]] == [5, 3]
    assert vocab.to_tokens(torch.tensor([4, 5, 2])) == ["a", "b", "<eos>"]
    ties = Vocab([["z", "y", "x"]])
    assert ties.idx_to_token[4:] == ["x", "y", "z"]
    assert len(Vocab([["a"]], min_freq=1)) == 5


def test_vocab_from_tokens_round_trip_and_errors():
    vocab = Vocab([["je", "vois", "je"]])
    again = Vocab.from_tokens(vocab.idx_to_token)
    assert again.token_to_idx == vocab.token_to_idx
    with pytest.raises(ValueError, match="start with"):
        Vocab.from_tokens(["a", "b"])
    with pytest.raises(ValueError, match="twice"):
        Vocab.from_tokens(list(SPECIAL_TOKENS) + ["a", "a"])
    with pytest.raises(ValueError, match="min_freq"):
        Vocab([], min_freq=0)


def test_encode_and_pad_batch():
    vocab = Vocab([["je", "vois"]])
    assert encode(["je", "inconnu"], vocab) == [vocab["je"], vocab.unk, vocab.eos]
    padded, valid_lens = pad_batch([[5, 6, 2], [7, 2]], pad_index=0)
    assert padded.tolist() == [[5, 6, 2], [7, 2, 0]] and valid_lens.tolist() == [3, 2]
    padded, _ = pad_batch([[5, 2]], length=4)
    assert padded.tolist() == [[5, 2, 0, 0]]
    with pytest.raises(ValueError, match="longest"):
        pad_batch([[1, 2, 3]], length=2)


def _pairs(n, seed):
    gen = torch.Generator().manual_seed(seed)
    words = [f"w{i}" for i in range(20)]
    lengths = torch.randint(1, 9, (n, 2), generator=gen).tolist()
    return [([words[(i + j) % 20] for j in range(a)], [words[(i * j) % 20] for j in range(b)])
            for i, (a, b) in enumerate(lengths)]


@pytest.mark.parametrize("n, batch_size, seed", [(1, 4, 0), (37, 8, 1), (100, 64, 2)])
def test_make_batches_cover_every_pair_once(n, batch_size, seed):
    pairs = _pairs(n, seed)
    src_vocab, tgt_vocab = Vocab([s for s, _ in pairs]), Vocab([t for _, t in pairs])
    batches = make_batches(pairs, src_vocab, tgt_vocab, batch_size,
                           generator=torch.Generator().manual_seed(seed))
    seen = []
    for b in batches:
        assert b.src.shape[0] == b.tgt.shape[0] <= batch_size
        assert b.src.shape[1] == int(b.src_valid_lens.max()) and b.tgt.shape[1] == int(b.tgt_valid_lens.max())
        for row in range(b.src.shape[0]):
            src = b.src[row, :b.src_valid_lens[row]].tolist()
            tgt = b.tgt[row, :b.tgt_valid_lens[row]].tolist()
            assert src[-1] == src_vocab.eos and tgt[-1] == tgt_vocab.eos
            assert (b.src[row, b.src_valid_lens[row]:] == src_vocab.pad).all()
            seen.append((tuple(src_vocab.to_tokens(src[:-1])), tuple(tgt_vocab.to_tokens(tgt[:-1]))))
    assert sorted(seen) == sorted((tuple(s), tuple(t)) for s, t in pairs)


def test_make_batches_reproducible_and_bucketed():
    pairs = _pairs(200, 3)
    src_vocab, tgt_vocab = Vocab([s for s, _ in pairs]), Vocab([t for _, t in pairs])
    first = make_batches(pairs, src_vocab, tgt_vocab, 16, generator=torch.Generator().manual_seed(5))
    second = make_batches(pairs, src_vocab, tgt_vocab, 16, generator=torch.Generator().manual_seed(5))
    assert all(torch.equal(a.src, b.src) and torch.equal(a.tgt, b.tgt)
               for a, b in zip(first, second, strict=True))
    # bucketing: a batch's sources differ in length by little, so padding stays small
    padding = sum(int((b.src == 0).sum()) for b in first)
    unsorted = make_batches(pairs, src_vocab, tgt_vocab, 16, shuffle=False)
    assert padding < sum(int((b.src == 0).sum()) for b in unsorted)
    assert unsorted[0].src[0, :len(pairs[0][0])].tolist() == src_vocab[pairs[0][0]]


def test_load_translation_data_split(tmp_path):
    lines = [f"I see {i}.\tJe vois {i}." for i in range(10)]
    path = _write(tmp_path, "\n".join(lines) + "\n")
    data = load_translation_data(path, num_train=7, num_test=2)
    assert len(data.train) == 7 and len(data.test) == 2
    assert data.train[0] == (["i", "see", "0", "."], ["je", "vois", "0", "."])
    assert data.test[-1][0] == ["i", "see", "8", "."]
    assert "8" not in data.src_vocab and "6" in data.src_vocab   # vocabularies from training pairs only
    assert len(load_translation_data(path, num_train=7).test) == 3
    assert load_translation_data(path, 7, 2, reverse=True).train[0][0] == ["je", "vois", "0", "."]
    with pytest.raises(ValueError, match="fewer than"):
        load_translation_data(path, num_train=8, num_test=5)


# Misuse: corpus files in another encoding, counts that make no sense, absurdly long lines.

@pytest.mark.parametrize("content, words", [
    ("Go.\tVa !\nCafé.\tCafé.\n".encode("latin-1"), r"line 2: expected UTF-8.*latin-1"),
    ("Go.\tVa !\n".encode("utf-16"), r"line 1: expected UTF-8 text, got UTF-16"),
    ("Go.\tVa !\n".encode("utf-16-le"), r"line 1: expected UTF-8 text, got NUL bytes"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", r"line 1: expected UTF-8 text, got a gzip"),
])
def test_misuse_corpus_not_utf8_names_file_line_and_encoding(tmp_path, content, words):
    path = tmp_path / "spreadsheet.txt"
    path.write_bytes(content)
    for load in (read_pairs, load_translation_data):
        with pytest.raises(ValueError, match="spreadsheet.txt, " + words):
            load(path) if load is read_pairs else load(path, num_train=1)


@pytest.mark.parametrize("kwargs, error, words", [
    (dict(num_test=-1), ValueError, r"num_test must be an int >= 0, got -1"),
    (dict(num_test=2.5), TypeError, r"num_test must be an int or None, got float"),
    (dict(num_train=0), ValueError, r"num_train must be an int >= 1, got 0"),
    (dict(num_train=True), TypeError, r"num_train must be an int, got bool"),
    (dict(num_train="10"), TypeError, r"num_train must be an int, got str"),
    (dict(min_freq=0), ValueError, r"min_freq must be an int >= 1"),
    (dict(max_tokens=0), ValueError, r"max_tokens must be an int >= 1"),
    (dict(reverse="yes"), TypeError, r"reverse must be True or False"),
])
def test_misuse_load_counts_named(tmp_path, kwargs, error, words):
    path = _write(tmp_path, "Go.\tVa !\nI see.\tJe vois.\n")
    with pytest.raises(error, match=words):
        load_translation_data(path, **{"num_train": 1, "num_test": 1, **kwargs})


def test_misuse_corpus_path_of_another_type():
    with pytest.raises(TypeError, match="path must be a str or pathlib.Path naming a corpus file, got list"):
        read_pairs(["data/eng-fra.txt"])


def test_misuse_read_pairs_count_named(tmp_path):
    path = _write(tmp_path, "Go.\tVa !\n")
    with pytest.raises(TypeError, match="num_pairs must be an int or None, got float"):
        read_pairs(path, 1.0)
    with pytest.raises(ValueError, match="num_pairs must be an int >= 0, got -2"):
        read_pairs(path, -2)


def test_misuse_overlong_lines_are_skipped_and_counted(tmp_path):
    long_en = " ".join(["word"] * 60) + "."
    path = _write(tmp_path, f"Go.\tVa !\n{long_en}\tMot.\nI see.\tJe vois.\nHi.\tSalut.\n")
    data = load_translation_data(path, num_train=2, num_test=1, max_tokens=50)
    assert data.skipped == 1 and "skipped=1" in repr(data)
    assert [src for src, _ in data.train] == [["go", "."], ["i", "see", "."]]
    assert data.test == [(["hi", "."], ["salut", "."])]
    kept = load_translation_data(path, num_train=3, num_test=0, max_tokens=61)
    assert kept.skipped == 0 and len(kept.train[1][0]) == 61
    with pytest.raises(ValueError, match=r"3 usable pairs \(1 more skipped .* max_tokens = 50"):
        load_translation_data(path, num_train=4, num_test=0)


# Misuse: sentences pasted from a web page or a word processor tokenize like typed ones.

@pytest.mark.parametrize("pasted, typed", [
    ("I don\u2019t know.", "I don't know."),
    ("\u2018Hi,\u2019 he said.", "'Hi,' he said."),
    ("\u201cStop!\u201d", '"Stop!"'),
    ("\u201eHalt\u201c", '"Halt"'),
    ("Wait\u2026", "Wait..."),
    ("\u00abBonjour\u00bb", "« Bonjour »"),
    ("\u00ab\u00a0Bonjour\u00a0\u00bb", "« Bonjour »"),
    ("\u00ab\u202fBonjour\u202f\u00bb", "«Bonjour»"),
    ("C\u2019est\u00a0l\u2019\u00e9t\u00e9\u202f!", "C'est l'été !"),
    ("Cafe\u0301 cre\u0300me bru\u0302le\u0301e", "Café crème brûlée"),  # decomposed accents (NFD)
    ("Go\u2009!\u200b", "Go !"),
])
def test_misuse_typography_tokenizes_like_typed_text(pasted, typed):
    assert tokenize(pasted) == tokenize(typed)
    assert all(t == t.lower() for t in tokenize(pasted))


# Misuse: a str where a list of tokens belongs.

@pytest.mark.parametrize("sentences, words", [
    ("i see the car", r"sentences must be a list of token lists.*got str"),
    (["i see the car", "go"], r"item 0 is the str 'i see the car': use \[tokenize\(s\)"),
    ([["i", "see"], [1, 2]], r"sentences\[1\] must be a list of str tokens, got an item of type int"),
])
def test_misuse_vocab_of_strings(sentences, words):
    with pytest.raises(TypeError, match=words):
        Vocab(sentences)


@pytest.mark.parametrize("pairs, error, words", [
    ([("i see", "je vois")], TypeError, r"pairs\[0\] holds the source as the str 'i see': token lists"),
    ([(["i"], "je vois")], TypeError, r"pairs\[0\] holds the target as the str"),
    ("i see", TypeError, r"pairs must be a list of \(source_tokens, target_tokens\), got str"),
    ([(["i"],)], TypeError, r"pairs\[0\] must be a \(source_tokens, target_tokens\) pair"),
    ([], ValueError, r"pairs must hold at least one"),
])
def test_misuse_make_batches_of_strings(pairs, error, words):
    vocab = Vocab([["i", "je"]])
    with pytest.raises(error, match=words):
        make_batches(pairs, vocab, vocab, batch_size=2)


def test_misuse_make_batches_settings_and_vocab():
    pairs = [(["i"], ["je"])]
    vocab = Vocab([["i", "je"]])
    with pytest.raises(ValueError, match="batch_size must be an int >= 1, got 0"):
        make_batches(pairs, vocab, vocab, batch_size=0)
    with pytest.raises(TypeError, match="tgt_vocab must be a helpers.data.Vocab, got dict"):
        make_batches(pairs, vocab, {"je": 4})
    with pytest.raises(TypeError, match="tokens must be a list of tokens, got the str 'je'"):
        encode("je", vocab)


@pytest.mark.parametrize("args, error, words", [
    (("1 2 3",), TypeError, r"sequences must be a list of index lists, got str"),
    (([[1, 2], ["a"]],), TypeError, r"sequences\[1\] must be a list of int indices \(see encode\)"),
    (([[1, 2]], -1), ValueError, r"pad_index must be an int >= 0, got -1"),
    (([[1, 2]], 0, 1), ValueError, r"length must be >= the longest sequence \(2\), got 1"),
    (([[1, 2]], 0, 2.0), TypeError, r"length must be an int or None, got float"),
])
def test_misuse_pad_batch_inputs_named(args, error, words):
    with pytest.raises(error, match=words):
        pad_batch(*args)


def test_num_words_counts_tokens_with_letters_or_digits():
    tokens = tokenize("J'ai 3 chats, « Tom » et Zoé !")
    by_hand = ["j'ai", "3", "chats", "tom", "et", "zoé"]
    assert num_words(tokens) == len(by_hand)
    assert num_words(["-", "...", "'"]) == 0
    with pytest.raises(TypeError, match="tokens must be a list of tokens, got the str"):
        num_words("a sentence")


# Misuse: what real exports such as Tatoeba's carry and generated files never do.

def test_real_export_byte_order_mark_crlf_and_attribution_column(tmp_path):
    path = tmp_path / "fra.txt"
    path.write_bytes("\ufeffGo.\tVa\u202f!\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM)\r\n"
                     "Hi.\tSalut\u00a0!\r\nRun!\tCours\u202f!\r\nRun!\tCourez\u202f!\r\n".encode("utf-8"))
    data = load_translation_data(path, num_train=3, num_test=1)
    assert data.train[0] == (["go", "."], ["va", "!"])     # no BOM in the first token, no "\r" in the last
    assert data.train[1] == (["hi", "."], ["salut", "!"])
    # two translations of one English sentence on consecutive lines: both kept, each a pair
    assert [pair for pair in data.train + data.test if pair[0] == ["run", "!"]] == [
        (["run", "!"], ["cours", "!"]), (["run", "!"], ["courez", "!"])]
    assert data.duplicates == 0 and data.skipped == 0


def test_real_export_duplicate_pairs_are_dropped_and_counted(tmp_path):
    # the same pair twice, once with the export's narrow no-break space and once with a plain one
    path = _write(tmp_path, "Go.\tVa !\nHi.\tSalut\u202f!\nGo.\tVa\u202f!\nGo.\tVa !\nI see.\tJe vois.\n")
    data = load_translation_data(path, num_train=2, num_test=1, drop_duplicates=True)
    assert data.duplicates == 2 and "duplicates=2" in repr(data)
    assert data.train == [(["go", "."], ["va", "!"]), (["hi", "."], ["salut", "!"])]
    assert data.test == [(["i", "see", "."], ["je", "vois", "."])]     # not the repeat of a training pair
    kept = load_translation_data(path, num_train=2, num_test=1)        # the default: line by line
    assert kept.duplicates == 0 and kept.test == [(["go", "."], ["va", "!"])]
    with pytest.raises(ValueError, match=r"holds 3 usable pairs \(2 repeated pairs dropped\), fewer than"):
        load_translation_data(path, num_train=3, num_test=1, drop_duplicates=True)
    with pytest.raises(TypeError, match="drop_duplicates must be True or False, got str"):
        load_translation_data(path, num_train=1, drop_duplicates="no")


@pytest.mark.parametrize("bad_line, words", [
    ("Only English here.", r"line 3: expected 'English<TAB>French'"),          # one column
    ("Go.\t", r"line 3: expected 'English<TAB>French'"),                       # empty French side
    ("\tVa !", r"line 3: expected 'English<TAB>French'"),                      # empty English side
    ("Go.\t\u200b\u200e", r"line 3: the French side .* has no words"),          # only invisible characters
    ("\x07\x1b\tVa !", r"line 3: the English side .* has no words"),           # only control characters
])
def test_real_export_bad_lines_name_file_and_line_before_training(tmp_path, bad_line, words):
    path = _write(tmp_path, f"Go.\tVa !\nHi.\tSalut !\n{bad_line}\nI see.\tJe vois.\n", "fra.txt")
    with pytest.raises(ValueError, match=r"fra\.txt, " + words):
        load_translation_data(path, num_train=2)


def test_real_export_sentence_of_200_words_is_skipped_and_counted(tmp_path):
    long_en = " ".join(f"word{i}" for i in range(200)) + "."
    path = _write(tmp_path, f"Go.\tVa !\n{long_en}\t{long_en}\nHi.\tSalut !\nI see.\tJe vois.\n")
    data = load_translation_data(path, num_train=2, num_test=1)
    assert data.skipped == 1 and len(data.train) + len(data.test) == 3
    assert max(len(tokens) for pair in data.train + data.test for tokens in pair) == 3


@pytest.mark.parametrize("text, expected", [
    ("Go\u200e!", ["go", "!"]),                 # left-to-right mark
    ("ta\u00adble", ["table"]),                 # soft hyphen
    ("a\x0cb\x1bc", ["a", "b", "c"]),           # control characters are spaces
    ("\ufeffGo.", ["go", "."]),                 # a byte-order mark inside a line
])
def test_real_export_invisible_and_control_characters(text, expected):
    assert tokenize(text) == expected


def test_real_export_characters_outside_the_vocabulary_train_and_translate(tmp_path):
    from helpers.decoding import translate_batch
    from helpers.seq2seq import make_seq2seq
    from helpers.training import train_seq2seq

    lines = ["Go.\tVa !", "Hi.\tSalut !", "I see.\tJe vois.", "Thanks.\tMerci.",
             "Tom 😀 ate.\tTom 😀 a mangé.", "日本 is far.\tLe Japon est loin.", "Ñu!\tGnou\u202f!"]
    data = load_translation_data(_write(tmp_path, "\n".join(lines) + "\n"), num_train=4)
    assert data.test[0] == (["tom", "😀", "ate", "."], ["tom", "😀", "a", "mangé", "."])
    assert data.src_vocab[data.test[1][0]][0] == data.src_vocab.unk           # 日本 was never seen
    model = make_seq2seq(data.src_vocab, data.tgt_vocab, embed_size=8, num_hiddens=8, seed=0)
    history = train_seq2seq(model, data.train + data.test, data.src_vocab, data.tgt_vocab, num_epochs=2,
                            progress=False)
    assert len(history) == 2 and all(loss == loss for loss in history)       # finite, no NaN
    outputs = translate_batch(model, [src for src, _ in data.test] + ["¿Qué? 🙂"], data.src_vocab,
                              data.tgt_vocab, max_len=5)
    assert len(outputs) == 4 and all(len(out.tokens) <= 5 for out in outputs)


def test_shipped_tatoeba_sample_loads_as_exported_with_its_licence():
    from pathlib import Path

    from helpers.data import data_path

    path = data_path("tatoeba-eng-fra.txt")
    raw = path.read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n") and len(raw) < 1_000_000
    lines = raw.decode("utf-8").splitlines()
    assert len(lines) == 5000 and all(line.count("\t") == 1 for line in lines)
    assert sum("\u202f" in line for line in lines) > 50             # the export's typography, kept
    data = load_translation_data(path, num_train=4000, num_test=500)
    assert data.skipped == 0 and len(data.test) == 500
    assert not any("\u202f" in token for _, tgt in data.train for token in tgt)
    assert load_translation_data(path, 4000, 500, drop_duplicates=True).duplicates == 3
    root = Path(__file__).resolve().parents[1]
    for name in ("data/README.md", "LICENSE-notebooks.md"):
        text = root.joinpath(name).read_text(encoding="utf-8")
        assert "tatoeba-eng-fra.txt" in text and "CC BY 2.0 FR" in text
        assert "manythings.org/anki" in text and "tatoeba.org" in text
