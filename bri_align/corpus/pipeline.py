"""The per-batch functions of the corpus pipeline and the rows the aggregations count (layer L5).

A batch is a :mod:`pyarrow` table of records (``source``, ``line``, ``zh``, ``en``).
:class:`BatchProcessor` turns it into a table of aligned pairs (:func:`pairs_schema`):
tokenise (jieba with the glossary's terms, tokens cut at term edges, as the term
aligner does) -> word-align with the frozen model
(:class:`~bri_align.align.frozen.FrozenWordModel`) -> match glossary terms -> align
terms -> QA verdicts (:class:`~bri_align.qa.check.QAChecker`).  Every pair's result
depends on that pair alone (the frozen model aligns pairs independently; each pair
is its own QA document; the term aligner's corpus-consistency bonus is off), so any
split into batches, in any process or on any node, gives the same rows: that is what
lets the ``local`` and ``ray`` engines agree.

:func:`rendering_rows` and :func:`phrase_rows` turn a table of aligned pairs into the
flat rows the aggregations count (one per term occurrence; one per distinct phrase
pair, Chinese phrase and English phrase of a pair, for the candidates).
"""

from __future__ import annotations

import functools
import os
from typing import Any, Dict, List, Optional, Sequence, Tuple


__all__ = ["CorpusState", "BatchProcessor", "pairs_schema", "records_schema", "RENDERING_KEYS", "PHRASE_KEYS",
           "rendering_rows", "phrase_rows", "tokenize_for_alignment", "records_table", "peak_rss_kb"]

RENDERING_KEYS = ("entry_id", "rendering", "status", "verdict")
PHRASE_KEYS = ("kind", "zh", "en")
#: phrase pairs of at most this many tokens per side (as :func:`bri_align.align.extract.extract_term_pairs`)
MAX_ZH_LEN = 5
MAX_EN_LEN = 6


@functools.lru_cache(maxsize=None)
def pairs_schema():
    """The schema of the aligned-pairs table (``pairs/`` shards)."""
    import pyarrow as pa

    term = pa.struct([
        ("entry_id", pa.string()), ("zh", pa.string()), ("zh_start", pa.int32()), ("zh_end", pa.int32()),
        ("rendering", pa.string()), ("en_start", pa.int32()), ("en_end", pa.int32()), ("form", pa.string()),
        ("status", pa.string()), ("verdict", pa.string()), ("evidence", pa.string()),
    ])
    return pa.schema([
        ("source", pa.string()), ("line", pa.int64()), ("zh", pa.string()), ("en", pa.string()),
        ("zh_tokens", pa.list_(pa.string())), ("en_tokens", pa.list_(pa.string())),
        ("links", pa.string()), ("terms", pa.list_(term)),
    ])


@functools.lru_cache(maxsize=None)
def records_schema():
    """The schema of a batch of records."""
    import pyarrow as pa

    return pa.schema([("source", pa.string()), ("line", pa.int64()), ("zh", pa.string()), ("en", pa.string())])


def records_table(records: Sequence[Any]):
    """A batch table from :class:`~bri_align.corpus.readers.Record` objects."""
    import pyarrow as pa

    return pa.table({"source": [r.source for r in records], "line": [r.line for r in records],
                     "zh": [r.zh for r in records], "en": [r.en for r in records]}, schema=records_schema())


def peak_rss_kb() -> int:
    """This process's peak resident memory (VmHWM), in kB; 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


class CorpusState:
    """What every worker holds: the glossary, the frozen word-alignment model, the QA options.

    Built once by the driver; picklable, so the local engine passes it to its worker
    processes and the Ray engine puts it into the object store once.
    """

    def __init__(self, *, glossary, model, date: Optional[str] = None, literal_as_deprecated: bool = True) -> None:
        self.glossary = glossary
        self.model = model
        self.date = date
        self.literal_as_deprecated = literal_as_deprecated


def tokenize_for_alignment(pairs: Sequence[Tuple[str, str]], *, glossary, zh_matcher=None):
    """``(zh tokens, en tokens)`` per pair: jieba with the glossary's terms as words, cut at
    the edges of the glossary terms found by ``zh_matcher``."""
    from ..align.tokenize import split_tokens
    from ..align.word import tokenize_pairs

    toks = tokenize_pairs(pairs, glossary=False if glossary is None else glossary)
    if zh_matcher is None:
        return toks
    out = []
    for (zh, _), (zt, et) in zip(pairs, toks):
        cuts = [c for m in zh_matcher.find(zh) for c in (m.start, m.end)]
        out.append((split_tokens(zt, cuts) if cuts else zt, et))
    return out


class BatchProcessor:
    """The pipeline's per-batch function; ``processor(table) -> table`` (see the module doc).

    Construct it once per worker (it builds the QA checker, the matchers and, on first
    use, the segmenter and the dictionary); calling it is pure.
    """

    def __init__(self, state: CorpusState) -> None:
        from ..matching.matcher import TermMatcher
        from ..qa.check import QAChecker

        self.state = state
        self.checker = QAChecker(glossary=state.glossary, literal_as_deprecated=state.literal_as_deprecated,
                                 date=state.date)
        # one pair at a time: no bonus from other pairs of the batch (batch-independent results)
        self.checker.aligner.consistency = False
        self.zh_matcher = TermMatcher.for_glossary(self.checker.glossary, lang="zh")

    def __call__(self, table):
        import pyarrow as pa

        from ..align.word_base import WordAlignment

        cols = table.to_pydict()
        pairs = list(zip(cols["zh"], cols["en"]))
        toks = tokenize_for_alignment(pairs, glossary=self.checker.glossary, zh_matcher=self.zh_matcher)
        links = self.state.model.align_tokens(toks)
        was = [WordAlignment(tuple(z), tuple(e), lk) for (z, e), lk in zip(toks, links)]
        terms: List[List[Dict[str, Any]]] = [[] for _ in pairs]
        if pairs:
            docs = [f"{s}:{n}" for s, n in zip(cols["source"], cols["line"])]
            report = self.checker.check([z for z, _ in pairs], [e for _, e in pairs], docs=docs,
                                        word_alignments=was)
            for it in report.items:
                terms[it.line - 1].append({
                    "entry_id": it.entry_id, "zh": it.zh, "zh_start": it.zh_start, "zh_end": it.zh_end,
                    "rendering": it.rendering, "en_start": it.en_start, "en_end": it.en_end, "form": it.form,
                    "status": it.status, "verdict": it.verdict, "evidence": it.evidence})
        out = pa.table({
            "source": cols["source"], "line": cols["line"], "zh": cols["zh"], "en": cols["en"],
            "zh_tokens": [[t.text for t in w.src_tokens] for w in was],
            "en_tokens": [[t.text for t in w.tgt_tokens] for w in was],
            "links": [w.to_pharaoh() for w in was], "terms": terms,
        }, schema=pairs_schema())
        rss = peak_rss_kb()
        return out.append_column("worker_pid", pa.array([os.getpid()] * len(pairs), pa.int64())) \
                  .append_column("worker_peak_rss_kb", pa.array([rss] * len(pairs), pa.int64()))


# ------------------------------------------------------------------ rows to aggregate
def rendering_key(term: Dict[str, Any]) -> str:
    """How a term occurrence was rendered, as counted: the glossary form it matched, else
    the English span (case and spacing folded), else '' (missing)."""
    if term.get("form"):
        return str(term["form"])
    r = term.get("rendering")
    return " ".join(str(r).split()).lower() if r else ""


def rendering_rows(table):
    """One row per term occurrence: ``entry_id, rendering, status, verdict``."""
    import pyarrow as pa

    rows: Dict[str, List[str]] = {k: [] for k in RENDERING_KEYS}
    for terms in table.column("terms").to_pylist():
        for t in terms or ():
            rows["entry_id"].append(t["entry_id"] or "")
            rows["rendering"].append(rendering_key(t))
            rows["status"].append(t["status"] or "none")
            rows["verdict"].append(t["verdict"] or "")
    return pa.table(rows, schema=pa.schema([(k, pa.string()) for k in RENDERING_KEYS]))


def _phrase_text(tokens: Sequence[str], lang: str) -> str:
    if lang == "en":
        return " ".join(tokens).lower()
    out = ""
    for t in tokens:  # keep a space only between two Latin/digit tokens
        if out and out[-1].isascii() and out[-1].isalnum() and t[:1].isascii() and t[:1].isalnum():
            out += " "
        out += t
    return out


def phrase_rows(table):
    """Per pair, its distinct phrase pairs (``kind='pair'``), Chinese phrases (``'zh'``, en
    empty) and English phrases (``'en'``, zh empty): tight phrase pairs consistent with
    the links, at most 5 Chinese and 6 English tokens, edges filtered as in
    :func:`bri_align.align.extract.extract_term_pairs`."""
    import pyarrow as pa

    from ..align.extract import _en_ok, _zh_ok, extract_phrases
    from ..align.pharaoh import parse_pharaoh
    from ..align.tokenize import Token

    out: Dict[str, List[str]] = {k: [] for k in PHRASE_KEYS}
    for zt, et, lk in zip(table.column("zh_tokens").to_pylist(), table.column("en_tokens").to_pylist(),
                          table.column("links").to_pylist()):
        links = parse_pharaoh(lk, n_src=len(zt), n_tgt=len(et)) if lk else []
        ztok = [Token(t, 0, len(t)) for t in zt]
        etok = [Token(t, 0, len(t)) for t in et]
        seen_p, seen_z, seen_e = set(), set(), set()
        for i1, i2, j1, j2 in extract_phrases(len(zt), len(et), links, max_zh_len=MAX_ZH_LEN, max_en_len=MAX_EN_LEN):
            if not _zh_ok(ztok[i1:i2 + 1]) or not _en_ok(etok[j1:j2 + 1]):
                continue
            z = _phrase_text(zt[i1:i2 + 1], "zh")
            e = _phrase_text(et[j1:j2 + 1], "en")
            seen_p.add((z, e))
            seen_z.add(z)
            seen_e.add(e)
        for z, e in sorted(seen_p):
            out["kind"].append("pair")
            out["zh"].append(z)
            out["en"].append(e)
        for z in sorted(seen_z):
            out["kind"].append("zh")
            out["zh"].append(z)
            out["en"].append("")
        for e in sorted(seen_e):
            out["kind"].append("en")
            out["zh"].append("")
            out["en"].append(e)
    return pa.table(out, schema=pa.schema([(k, pa.string()) for k in PHRASE_KEYS]))


AGGREGATE_KEYS = ("kind", "k1", "k2", "k3", "k4")


def aggregate_rows(table):
    """The rows of both aggregations in one table, so one ``groupby`` counts them:
    ``kind='rendering'`` with ``k1..k4`` = entry_id, rendering, status, verdict
    (:func:`rendering_rows`), and ``kind`` = pair/zh/en with ``k1, k2`` = zh, en
    (:func:`phrase_rows`)."""
    import pyarrow as pa

    r = rendering_rows(table)
    p = phrase_rows(table)
    empty_p = pa.array([""] * p.num_rows, pa.string())
    return pa.concat_tables([
        pa.table({"kind": pa.array(["rendering"] * r.num_rows, pa.string()), "k1": r.column("entry_id"),
                  "k2": r.column("rendering"), "k3": r.column("status"), "k4": r.column("verdict")}),
        pa.table({"kind": p.column("kind"), "k1": p.column("zh"), "k2": p.column("en"), "k3": empty_p,
                  "k4": empty_p}),
    ])
