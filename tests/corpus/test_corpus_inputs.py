"""Corpus readers, rejects, the frozen word model and the local engine (no Ray needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bri_align.corpus.readers import Record, Reject, en_lang, open_corpus, zh_lang
from bri_align.corpus.run import run_corpus
from bri_align.errors import InputError

from corpus_data import content, project_pairs, read_out, stable_summary, write_text

N = 120


@pytest.fixture(scope="module")
def small_pairs():
    return project_pairs()[:N]


@pytest.fixture(scope="module")
def text_run(tmp_path_factory, small_pairs):
    d = tmp_path_factory.mktemp("text")
    zh, en = write_text(d, small_pairs)
    run_corpus(open_corpus(zh=str(zh), en=str(en)), str(d / "out"), num_workers=0, sample_size=100)
    return read_out(d / "out")


def _tmx(pairs, zh_langs=("zh-CN", "zh", "zh-Hans"), en_langs=("en", "en-US")):
    from xml.sax.saxutils import escape

    tus = []
    for k, (z, e) in enumerate(pairs):
        zl, el = zh_langs[k % len(zh_langs)], en_langs[k % len(en_langs)]
        tus.append(f'<tu tuid="{k}"><tuv xml:lang="{el}"><seg>{escape(e)}</seg></tuv>'
                   f'<tuv xml:lang="{zl}"><seg>{escape(z)}</seg></tuv></tu>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
            'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="test" '
            'creationtoolversion="1"/><body>\n' + "\n".join(tus) + "\n</body></tmx>\n")


def test_language_codes():
    assert all(zh_lang(c) for c in ("zh", "zh-CN", "ZH_cn", "zh-Hans", "zh-TW"))
    assert all(en_lang(c) for c in ("en", "en-US", "EN_gb"))
    assert not zh_lang("en") and not en_lang("zh-CN") and not zh_lang(None)


def test_text_run_outputs(text_run, small_pairs):
    s = text_run["summary"]
    assert s["pairs"] == N and s["rejected"] == 0 and text_run["rejects"] == []
    assert len(text_run["pairs"]) == N
    row = text_run["pairs"][0]
    assert row["line"] == 1 and row["zh"] == small_pairs[0][0].strip()
    assert row["links"] and row["zh_tokens"] and row["en_tokens"]
    # policy_bench pairs carry glossary terms: verdicts are given and counted
    n_terms = sum(len(r["terms"]) for r in text_run["pairs"])
    assert n_terms > 50 and sum(s["verdicts"].values()) == n_terms
    assert sum(r["count"] for r in text_run["renderings"]) == n_terms
    assert text_run["candidates"] and all(c["count"] >= 2 and 0 < c["dice"] <= 1 for c in text_run["candidates"])
    # the deprecated-rendering rate per term agrees with the rendering counts
    for t in s["terms"]:
        dep = sum(r["count"] for r in text_run["renderings"]
                  if r["entry_id"] == t["entry_id"] and r["verdict"] == "deprecated")
        assert t["deprecated"] == dep


def test_tmx_parquet_jsonl_hf_give_the_text_results(tmp_path, small_pairs, text_run):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "c.tmx").write_text(_tmx(small_pairs), encoding="utf-8")
    pq.write_table(pa.table({"zh": [z for z, _ in small_pairs], "en": [e for _, e in small_pairs]}),
                   tmp_path / "c.parquet")
    with open(tmp_path / "c.jsonl", "w", encoding="utf-8") as f:
        for z, e in small_pairs:
            f.write(json.dumps({"translation": {"zh": z, "en": e}}, ensure_ascii=False) + "\n")
    from datasets import Dataset

    Dataset.from_dict({"zh": [z for z, _ in small_pairs], "en": [e for _, e in small_pairs]}).save_to_disk(
        str(tmp_path / "hf"))
    want = content(text_run["pairs"])
    for kind, corpus in (("tmx", open_corpus(tmx=str(tmp_path / "c.tmx"))),
                         ("parquet", open_corpus(input=str(tmp_path / "c.parquet"))),
                         ("jsonl", open_corpus(input=str(tmp_path / "c.jsonl"))),
                         ("hf", open_corpus(input=str(tmp_path / "hf")))):
        assert corpus.kind == kind
        run_corpus(corpus, str(tmp_path / f"out-{kind}"), num_workers=0, sample_size=100)
        got = read_out(tmp_path / f"out-{kind}")
        assert content(got["pairs"]) == want, kind
        assert got["renderings"] == text_run["renderings"], kind
        assert got["candidates"] == text_run["candidates"], kind
        assert stable_summary(got["summary"]) == stable_summary(text_run["summary"]), kind


def test_rejects_are_counted_and_listed(tmp_path):
    good = project_pairs()[:30]
    zh_lines = [z.encode("utf-8") for z, _ in good]
    en_lines = [e.encode("utf-8") for _, e in good]
    zh_lines[2] = b""                                    # empty Chinese side (line 3)
    en_lines[4] = b"   "                                 # empty English side (line 5)
    zh_lines[6] = "This line is English, not Chinese at all.".encode()  # wrong language (line 7)
    en_lines[8] = "这一行是中文，不是英文。".encode()        # wrong language (line 9)
    zh_lines[10] = b"\xff\xfe broken bytes \xe4\xb8"        # invalid UTF-8 (line 11)
    zh_lines.append("多出来的一行".encode())                  # unpaired (line 31)
    (tmp_path / "c.zh").write_bytes(b"\n".join(zh_lines) + b"\n")
    (tmp_path / "c.en").write_bytes(b"\n".join(en_lines) + b"\n")
    s = run_corpus(open_corpus(zh=str(tmp_path / "c.zh"), en=str(tmp_path / "c.en")), str(tmp_path / "out"),
                   num_workers=0, sample_size=50)
    assert s["rejects"] == {"invalid-utf8": 1, "empty-zh": 1, "empty-en": 1, "wrong-language-zh": 1,
                            "wrong-language-en": 1, "unpaired-line": 1}
    assert s["records_read"] == 31 and s["pairs"] == 25 and s["rejected"] == 6
    rej = read_out(tmp_path / "out")["rejects"]
    assert [(Path(r["file"]).name, r["line"], r["reason"]) for r in rej] == [
        ("c.zh", 3, "empty-zh"), ("c.en", 5, "empty-en"), ("c.zh", 7, "wrong-language-zh"),
        ("c.en", 9, "wrong-language-en"), ("c.zh", 11, "invalid-utf8"), ("c.zh", 31, "unpaired-line")]


def test_broken_tmx_and_jsonl_records_are_rejects(tmp_path):
    pairs = project_pairs()[:12]
    tmx = _tmx(pairs).replace('<tu tuid="2"><tuv xml:lang="en">', '<tu tuid="2"><tuv xml:lang="fr">')
    tmx = tmx.replace("</body></tmx>", '<tu><tuv xml:lang="zh"><seg>未完')  # cut off mid-file
    (tmp_path / "c.tmx").write_text(tmx, encoding="utf-8")
    items = list(open_corpus(tmx=str(tmp_path / "c.tmx")).items())
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [r.reason for r in rejects] == ["broken-tu", "xml-error"]
    assert rejects[0].line == 5 and sum(isinstance(i, Record) for i in items) == 11
    lines = [json.dumps({"zh": z, "en": e}, ensure_ascii=False).encode() for z, e in pairs[:4]]
    lines[1] = b'{"zh": "broken'
    lines[2] = b'{"zh": 3, "en": "x"}'
    lines[3] = b'{"zh": "\xc3\x28", "en": "bad"}'
    (tmp_path / "c.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    got = [(getattr(i, "reason", "ok"), i.line) for i in open_corpus(input=str(tmp_path / "c.jsonl")).items()]
    assert got == [("ok", 1), ("invalid-json", 2), ("bad-record", 3), ("invalid-utf8", 4)]


def test_local_worker_processes_match_one_process(tmp_path, small_pairs, text_run):
    zh, en = write_text(tmp_path, small_pairs)
    s = run_corpus(open_corpus(zh=str(zh), en=str(en)), str(tmp_path / "out"), num_workers=2, sample_size=100,
                   batch_size=16)
    got = read_out(tmp_path / "out")
    assert [r["line"] for r in got["pairs"]] == [r["line"] for r in text_run["pairs"]]  # input order kept
    assert content(got["pairs"]) == content(text_run["pairs"])
    assert got["renderings"] == text_run["renderings"] and got["candidates"] == text_run["candidates"]
    assert len(s["peak_rss_mb_per_worker"]) == 2 and all(m > 0 for m in s["peak_rss_mb_per_worker"])


def test_frozen_model_equals_the_fitted_aligner_on_its_sample():
    from bri_align.align.frozen import FrozenWordModel
    from bri_align.align.ibm_hmm import HMMAligner
    from bri_align.align.word import tokenize_pairs

    toks = tokenize_pairs(project_pairs()[:150])
    words = [([t.text for t in z], [t.text for t in e]) for z, e in toks]
    model = FrozenWordModel.fit(words)
    assert model.align_words_lists(words) == HMMAligner().align_words_lists(words)
    # pair by pair (what a batch boundary changes) gives the same links
    assert [model.align_words_lists([w])[0] for w in words[:10]] == model.align_words_lists(words[:10])
    # unseen words: still links for the words it knows, none for the unknown word
    links = model.align_words_lists([(["我们", "喵喵喵"], ["we", "zzzqx"])])[0]
    assert (1, 1) not in links


def test_errors_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="not found"):
        open_corpus(zh=str(tmp_path / "missing.zh"), en=str(tmp_path / "missing.en"))
    with pytest.raises(InputError, match="give both"):
        open_corpus(zh=str(tmp_path / "x"))
    (tmp_path / "x.csv").write_text("a,b\n")
    with pytest.raises(InputError, match="cannot tell the format"):
        open_corpus(input=str(tmp_path / "x.csv"))
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"source": ["a"], "target": ["b"]}), tmp_path / "p.parquet")
    with pytest.raises(InputError, match="no 'zh' and 'en' columns"):
        list(open_corpus(input=str(tmp_path / "p.parquet")).items())
    (tmp_path / "z").write_text("English only here, nothing else\n")
    (tmp_path / "e").write_text("English only here, nothing else\n")
    with pytest.raises(InputError, match="no acceptable pair"):
        run_corpus(open_corpus(zh=str(tmp_path / "z"), en=str(tmp_path / "e")), str(tmp_path / "o"), num_workers=0)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("kwargs, pattern", [
    ({"engine": "spark"}, "unknown engine 'spark'"),
    ({"num_workers": -1}, "num_workers must be a whole number, at least 0"),
    ({"engine": "ray", "num_workers": 0}, "num_workers must be a whole number, at least 1"),
    ({"sample_size": 0}, "sample_size must be a whole number, at least 1"),
    ({"batch_size": 0}, "batch_size must be a whole number"),
    ({"min_count": 0}, "min_count must be a whole number"),
    ({"date": "2026-02-30"}, "not a real date"),
    ({"date": "20260101"}, "YYYY-MM-DD"),
])
def test_bad_options_are_refused_before_reading(tmp_path, kwargs, pattern):
    zh, en = write_text(tmp_path, project_pairs()[:3])
    with pytest.raises(InputError, match=pattern):
        run_corpus(open_corpus(zh=str(zh), en=str(en)), str(tmp_path / "o"), **kwargs)
    assert not (tmp_path / "o").exists()


def test_bad_paths_and_models(tmp_path):
    from bri_align.align.frozen import FrozenWordModel
    from bri_align.align.ibm_hmm import IBM1Aligner

    (tmp_path / "d").mkdir()
    with pytest.raises(InputError, match="TMX file .* is a folder"):
        open_corpus(tmx=str(tmp_path / "d"))
    with pytest.raises(InputError, match="neither a Hugging Face dataset"):
        open_corpus(input=str(tmp_path / "d"))
    with pytest.raises(InputError, match="Chinese file .* is a folder"):
        open_corpus(zh=str(tmp_path / "d"), en=str(tmp_path / "d"))
    with pytest.raises(InputError, match="no pair with words on both sides"):
        FrozenWordModel.fit([([], ["x"])])
    with pytest.raises(InputError, match="only the IBM-1/HMM aligners can be frozen"):
        FrozenWordModel.fit([(["我"], ["I"])], aligner=object())
    m = FrozenWordModel.fit([(["我们", "合作"], ["we", "cooperate"])] * 2, IBM1Aligner())
    assert m.align_words_lists([]) == [] and m.stats()["sample_pairs"] == 2
