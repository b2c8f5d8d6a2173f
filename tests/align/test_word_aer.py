"""AER scoring, projection through offsets, the gold reader, and the DeNero 150 acceptance test."""

from __future__ import annotations

from pathlib import Path

import os

import pytest

from bri_align.align.aer import DENERO_ENV, denero_dir, load_gold, project_links, score_aer
from bri_align.align.tokenize import Token, tokens_from_words
from bri_align.errors import InputError

# read in place from <repo>/../shared/data (not shipped), or from $BRI_ALIGN_DENERO_DIR
GOLD = Path(os.environ.get(DENERO_ENV) or
            Path(__file__).resolve().parents[3] / "shared" / "data" / "zhen_gold_denero150")


@pytest.mark.parametrize("pred, sure, poss, aer, p, r", [
    # all predicted links sure or possible, all sure found
    ([[(0, 0), (1, 1), (2, 2)]], [[(0, 0), (1, 1)]], [[(2, 2), (1, 2)]], 0.0, 1.0, 1.0),
    # half right
    ([[(0, 0), (0, 1)]], [[(0, 0), (1, 1)]], [[]], 0.5, 0.5, 0.5),
    # corpus-level counts, not a mean of sentence scores
    ([[(0, 0)], [(0, 0), (1, 1), (2, 2)]], [[(0, 0)], [(5, 5)]], [[], []], 1 - 2 / 6, 1 / 4, 1 / 2),
    ([[]], [[]], [[]], 0.0, 0.0, 0.0),
])
def test_score_aer(pred, sure, poss, aer, p, r):
    s = score_aer(pred, sure, poss)
    assert s.aer == pytest.approx(aer) and s.precision == pytest.approx(p) and s.recall == pytest.approx(r)


def test_score_aer_length_mismatch():
    with pytest.raises(InputError, match="2 predicted alignments for 1 gold sentences"):
        score_aer([[], []], [[]], [[]])


def test_project_links_through_offsets():
    # ours: 印尼 | 重申 ; gold: 印 | 尼 | 重申 ; English identical
    text = "印尼重申"
    ours = [Token("印尼", 0, 2), Token("重申", 2, 4)]
    _, gold = tokens_from_words(["印", "尼", "重申"], sep="")
    en = [Token("Indonesia", 0, 9), Token("reiterated", 10, 20)]
    assert "".join(t.text for t in gold) == text
    out = project_links([(0, 0), (1, 1)], src_tokens=ours, tgt_tokens=en, gold_src=gold, gold_tgt=en)
    assert out == ((0, 0), (1, 0), (2, 1))


def _write_gold(d: Path, zh: str, en: str, al: str) -> Path:
    (d / "train.zh").write_text(zh, encoding="utf-8")
    (d / "train.en").write_text(en, encoding="utf-8")
    (d / "train.align").write_text(al, encoding="utf-8")
    return d


def test_load_gold_small(tmp_path):
    g = load_gold(_write_gold(tmp_path, "我们 合作\n", "we cooperate\n", "0-0 1-1-P\n"))
    assert g.sure == (((0, 0),),) and g.possible == (((0, 0), (1, 1)),)
    assert g.pairs == [("我们 合作", "we cooperate")]


@pytest.mark.parametrize("zh, en, al, message", [
    ("a\nb\n", "x\n", "0-0\n0-0\n", "gold files disagree in length: 2 zh, 1 en, 2 align"),
    ("我们 合作\n", "we cooperate\n", "0-0 2-1\n", r"train\.align:1: link '2-1': source index 2 out of range"),
])
def test_load_gold_errors(tmp_path, zh, en, al, message):
    with pytest.raises(InputError, match=message):
        load_gold(_write_gold(tmp_path, zh, en, al))


def test_gold_folder_from_argument_or_environment(tmp_path, monkeypatch):
    d = _write_gold(tmp_path, "我们 合作\n", "we cooperate\n", "0-0 1-1\n")
    monkeypatch.delenv(DENERO_ENV, raising=False)
    with pytest.raises(InputError, match="no gold set folder given; pass the folder .* or set BRI_ALIGN_DENERO_DIR"):
        load_gold()
    monkeypatch.setenv(DENERO_ENV, str(d))
    assert denero_dir() == d and len(load_gold()) == 1
    assert denero_dir(tmp_path / "other") == tmp_path / "other"


needs_gold = pytest.mark.skipif(
    not (GOLD / "train.align").is_file(),
    reason=f"DeNero 150 gold set not found at {GOLD} (read in place from ../shared/data or "
           f"${DENERO_ENV}; not shipped)")


@needs_gold
def test_gold_set_counts():
    g = load_gold(GOLD)
    assert len(g) == 150
    assert sum(map(len, g.sure)) == 3668
    assert sum(len(set(p) - set(s)) for s, p in zip(g.sure, g.possible)) == 989


@needs_gold
def test_default_aligner_aer_on_denero150():
    """Acceptance: AER <= 25 training on the 150 pairs plus the dictionary prior (about 4 s)."""
    from bri_align.align.word import align_words

    g = load_gold(GOLD)
    out = align_words(g.pairs, pretokenized=True)
    score = score_aer([a.links for a in out], g.sure, g.possible)
    assert score.aer <= 0.25, str(score)


@needs_gold
def test_own_segmentation_projected_onto_gold():
    """Our jieba/regex tokens, links projected onto the gold tokens through character offsets."""
    from bri_align.align.word import align_words

    g = load_gold(GOLD)
    raw, gold_toks = [], []
    for z, e in g.pairs:
        zt, ztok = tokens_from_words(z.split(), sep="")
        et, etok = tokens_from_words(e.replace("-LRB-", "(").replace("-RRB-", ")").split(), sep=" ")
        raw.append((zt, et))
        gold_toks.append((ztok, etok))
    out = align_words(raw)
    proj = [project_links(a.links, src_tokens=a.src_tokens, tgt_tokens=a.tgt_tokens, gold_src=gz, gold_tgt=ge)
            for a, (gz, ge) in zip(out, gold_toks)]
    score = score_aer(proj, g.sure, g.possible)
    assert score.aer <= 0.25, str(score)
