"""helpers.data: tokenizer, loader (both file layouts, clear errors), vocabulary, padded batches."""

import pytest
import torch

from helpers.data import (SPECIAL_TOKENS, Vocab, encode, load_translation_data, make_batches, pad_batch,
                          read_pairs, tokenize)


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
    assert all(torch.equal(a.src, b.src) and torch.equal(a.tgt, b.tgt) for a, b in zip(first, second))
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
