"""SimAlign-style neural aligner: decoders on fixed matrices, and a tiny random BERT built here."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bri_align.align import neural
from bri_align.errors import InputError, ModelNotAvailableError


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory):
    """A 2-layer, 32-dim BERT with random weights and a WordPiece vocab written here."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    d = tmp_path_factory.mktemp("tiny-bert")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "we", "co", "##operate", "china", "the",
             "合", "作", "我", "们", "中", "国", "。", "."]
    (d / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = transformers.BertTokenizerFast(vocab_file=str(d / "vocab.txt"), do_lower_case=True)
    torch.manual_seed(0)
    cfg = transformers.BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2,
                                  num_attention_heads=2, intermediate_size=64, max_position_embeddings=64)
    transformers.BertModel(cfg).save_pretrained(d)
    tok.save_pretrained(d)
    return d


SIM = np.array([[0.9, 0.1, 0.2],
                [0.2, 0.3, 0.8],
                [0.1, 0.7, 0.75]])


def test_argmax_links():
    fwd, bwd = neural.argmax_links(SIM)
    assert fwd == {(0, 0), (1, 2), (2, 2)}
    assert bwd == {(0, 0), (2, 1), (1, 2)}


def test_itermax_adds_second_round_links():
    # round 1: mutual best (0,0), (1,2); round 2: row 2 is free -> (2,1) (column 1 free too)
    assert neural.itermax(SIM, max_iter=1) == ((0, 0), (1, 2))
    assert neural.itermax(SIM, max_iter=2) == ((0, 0), (1, 2), (2, 1))


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (3, 2), (4, 4), (5, 3)])
def test_max_weight_matching_is_optimal(shape):
    rng = np.random.default_rng(sum(shape))
    sim = rng.random(shape)
    I, J = shape
    links = neural.max_weight_matching(sim)
    got = sum(sim[i, j] for i, j in links)
    if I >= J:
        best = max(sum(sim[p[k], k] for k in range(J)) for p in itertools.permutations(range(I), J))
    else:
        best = max(sum(sim[k, p[k]] for k in range(I)) for p in itertools.permutations(range(J), I))
    assert len(links) == min(I, J) and got == pytest.approx(best)


@pytest.mark.parametrize("match", ["argmax", "itermax", "match"])
def test_tiny_bert_end_to_end(tiny_bert, match):
    from bri_align.align.word import align_tokens, get_word_aligner, tokenize_pairs

    al = get_word_aligner("neural", model=str(tiny_bert), match=match, layer=8, batch_size=1, device="cpu")
    pairs = tokenize_pairs([("我们 合作 。", "we cooperate ."), ("中国", "China"), ("我们", "")], pretokenized=True)
    out = align_tokens(pairs, aligner=al)
    assert out[1].links == ((0, 0),)          # one word each side: always linked
    assert out[2].links == ()                 # empty side
    assert all(0 <= i < 3 and 0 <= j < 3 for i, j in out[0].links) and out[0].links
    assert f"match:{match}" in al.signature() and "layer:8" in al.signature()
    # batching does not change the result
    al2 = get_word_aligner("neural", model=str(tiny_bert), match=match, batch_size=8, device="cpu")
    assert [a.links for a in align_tokens(pairs, aligner=al2)] == [a.links for a in out]


def test_subword_pooling(tiny_bert):
    from bri_align.align.word import get_word_aligner

    al = get_word_aligner("neural", model=str(tiny_bert), device="cpu")
    (vecs,) = al.embed_words([["we", "cooperate", "zzz"]])   # cooperate = co ##operate; zzz = [UNK]
    assert vecs.shape == (3, 32) and np.all(np.linalg.norm(vecs, axis=1) > 0)


def test_align_words_with_model_path(tiny_bert):
    from bri_align.align.word import align_words

    (a,) = align_words([("中国", "China")], method="neural", model=str(tiny_bert), pretokenized=True)
    assert a.to_pharaoh() == "0-0"


@pytest.mark.parametrize("model, message", [
    ("/nonexistent/model-dir", "model directory '/nonexistent/model-dir' does not exist; pass a local directory"),
    ("no-such-org/no-such-model", "model 'no-such-org/no-such-model' is not available offline"),
])
def test_missing_model(model, message):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from bri_align.align.word import align_words

    with pytest.raises(ModelNotAvailableError, match=message) as exc:
        align_words([("中国", "China")], method="neural", model=model, pretokenized=True)
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize("kw, message", [
    ({"match": "greedy"}, "unknown match method 'greedy'"),
    ({"batch_size": 0}, "batch_size must be at least 1"),
])
def test_neural_option_errors(kw, message):
    from bri_align.align.word import get_word_aligner

    with pytest.raises(InputError, match=message):
        get_word_aligner("neural", model="x", **kw)


def test_neural_signature_without_loading_the_model():
    from bri_align import __version__
    from bri_align.align.word import get_word_aligner

    assert get_word_aligner("neural", model="enc", match="itermax").signature() == (
        f"simalign.v1|model:enc|layer:8|match:itermax|rounds:2|alpha:0.9|pool:mean|bri_align:{__version__}")
    assert get_word_aligner("simalign", model="enc").signature() == (
        f"simalign.v1|model:enc|layer:8|match:argmax|sym:intersection|pool:mean|bri_align:{__version__}")


def test_neural_rejects_options_it_does_not_take():
    from bri_align.align.word import align_words

    with pytest.raises(InputError, match="word aligner 'simalign.v1' has no option 'dictionary_prior'"):
        align_words([("中国", "China")], method="neural", model="enc", dictionary_prior=False)
