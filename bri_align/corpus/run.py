"""One corpus run: read, sample and fit, process with an engine, aggregate, write (layer L5).

:func:`run_corpus` reads the corpus twice, streaming both times: a first pass draws a
reservoir sample (``sample_size`` pairs, seeded) on which the word aligner is fitted and
frozen; the second pass cuts the accepted records into batches, runs them through the
engine and writes, into a temporary folder that replaces ``out`` only when everything
succeeded (:func:`bri_align.io.atomic_directory`):

``pairs/part-NNNNN.parquet``
    one row per accepted pair: source file and line, both sides, tokens, Pharaoh
    links, and the term occurrences with their English span, glossary form, status
    and QA verdict;
``renderings.parquet``
    ``entry_id, rendering, status, verdict, count``: how each glossary entry was
    rendered across the corpus;
``candidates.parquet``
    phrase pairs seen in at least ``min_count`` pairs, with the number of pairs,
    the Chinese and English phrase counts, Dice, Dunning's log-likelihood ratio and the
    glossary status (``new-term``, ``new-rendering`` or the rendering's status);
``rejects.jsonl``
    one line per rejected record: file, line, reason, detail;
``summary.json`` / ``summary.md``
    counts (read, accepted, rejects by reason, verdicts), the deprecated-rendering
    rate per term, the word model, timing and peak memory per worker.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ..errors import InputError
from .engines import ENGINES, run_local, run_ray
from .readers import REJECT_REASONS, CorpusInput, Record, Reject

__all__ = ["run_corpus", "check_date", "CORPUS_VERSION", "DEFAULT_SAMPLE_SIZE", "DEFAULT_BATCH_SIZE"]

logger = logging.getLogger(__name__)

CORPUS_VERSION = "corpus.v1"
DEFAULT_SAMPLE_SIZE = 50_000
DEFAULT_BATCH_SIZE = 256
SHARD_ROWS = 50_000
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_date(value: Optional[str]) -> Optional[str]:
    """``value`` if it is a real ``YYYY-MM-DD`` date (or None), else an InputError."""
    if value is None:
        return None
    import datetime

    if not isinstance(value, str) or not _DATE_RE.match(value):
        raise InputError(f"--date must be a date as YYYY-MM-DD, got {value!r}", field="date")
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r} is not a real date (YYYY-MM-DD)", field="date") from None
    return value


def _check_int(name: str, value: Any, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise InputError(f"{name} must be a whole number, at least {low}, got {value!r}", field=name)
    return value


def draw_sample(corpus: CorpusInput, size: int, seed: int = 0) -> List[Tuple[str, str]]:
    """A reservoir sample of ``size`` accepted pairs (all of them in a smaller corpus), in input order."""
    rng = random.Random(seed)
    res: List[Tuple[int, Tuple[str, str]]] = []
    n = 0
    for item in corpus.items():
        if not isinstance(item, Record):
            continue
        if n < size:
            res.append((n, (item.zh, item.en)))
        else:
            k = rng.randint(0, n)
            if k < size:
                res[k] = (n, (item.zh, item.en))
        n += 1
    return [p for _, p in sorted(res)]


def fit_model(pairs: List[Tuple[str, str]], glossary):
    """The frozen word-alignment model fitted on ``pairs`` (tokenised as the pipeline does)."""
    from ..align.frozen import FrozenWordModel
    from ..align.ibm_hmm import HMMAligner
    from ..matching.matcher import TermMatcher
    from .pipeline import tokenize_for_alignment

    matcher = TermMatcher.for_glossary(glossary, lang="zh")
    toks = tokenize_for_alignment(pairs, glossary=glossary, zh_matcher=matcher)
    words = [([t.text for t in z], [t.text for t in e]) for z, e in toks]
    return FrozenWordModel.fit(words, HMMAligner(glossary=glossary))


class _Writer:
    """Writes pair shards and rejects into the temporary folder and keeps the counts."""

    def __init__(self, root: Path, progress_bar=None) -> None:
        (root / "pairs").mkdir()
        self.root = root
        self.rejects_f = open(root / "rejects.jsonl", "w", encoding="utf-8")
        self.rejects: Counter = Counter()
        self.renderings: Counter = Counter()
        self.phrases: Counter = Counter()
        self.buf: List[Any] = []
        self.buffered = 0
        self.shards = 0
        self.pairs = 0
        self.verdicts: Counter = Counter()
        self.rss: Dict[int, int] = {}
        self.bar = progress_bar

    def reject(self, r: Reject) -> None:
        self.rejects[r.reason] += 1
        self.rejects_f.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")

    def sink(self, table, rend: Counter, phr: Counter) -> None:
        pids = table.column("worker_pid").to_pylist()
        rss = table.column("worker_peak_rss_kb").to_pylist()
        for p, r in zip(pids, rss):
            if r > self.rss.get(p, 0):
                self.rss[p] = r
        table = table.drop_columns(["worker_pid", "worker_peak_rss_kb"])
        self.renderings.update(rend)
        self.phrases.update(phr)
        for terms in table.column("terms").to_pylist():
            for t in terms or ():
                self.verdicts[t["verdict"]] += 1
        self.pairs += table.num_rows
        if self.bar is not None:
            self.bar.update(table.num_rows)
        self.buf.append(table)
        self.buffered += table.num_rows
        if self.buffered >= SHARD_ROWS:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.buf:
            return
        pq.write_table(pa.concat_tables(self.buf), self.root / "pairs" / f"part-{self.shards:05d}.parquet")
        self.shards += 1
        self.buf = []
        self.buffered = 0

    def close(self) -> None:
        self.flush()
        self.rejects_f.close()


def _batches(corpus: CorpusInput, writer: _Writer, batch_size: int, counts: Counter) -> Iterator[Any]:
    from .pipeline import records_table

    buf: List[Record] = []
    for item in corpus.items():
        counts["read"] += 1
        if isinstance(item, Reject):
            writer.reject(item)
            continue
        counts["accepted"] += 1
        buf.append(item)
        if len(buf) >= batch_size:
            yield records_table(buf)
            buf = []
    if buf:
        yield records_table(buf)


def candidate_rows(phrases: Counter, n_pairs: int, glossary, min_count: int) -> List[Dict[str, Any]]:
    """Candidate term pairs from the phrase counts: pairs seen in at least ``min_count``
    corpus pairs, with Dice and G² over pair (segment) counts, ranked by G²."""
    from ..align.extract import log_likelihood_g2

    from ..align.extract import _glossary_status

    zc = {z: c for (k, z, _), c in phrases.items() if k == "zh"}
    ec = {e: c for (k, _, e), c in phrases.items() if k == "en"}
    out = []
    for (kind, z, e), c in phrases.items():
        if kind != "pair" or c < min_count:
            continue
        s_z, s_e = max(zc.get(z, c), c), max(ec.get(e, c), c)
        dice = 2.0 * c / (s_z + s_e)
        llr = log_likelihood_g2(c, s_z - c, s_e - c, max(0, n_pairs - s_z - s_e + c))
        entry_id, status, _ = _glossary_status(glossary, z, e)
        out.append({"zh": z, "en": e, "count": c, "zh_count": s_z, "en_count": s_e, "dice": round(dice, 4),
                    "llr": round(llr, 4), "entry_id": entry_id, "status": status})
    out.sort(key=lambda r: (-r["llr"], -r["count"], r["zh"], r["en"]))
    return out


def rendering_table_rows(renderings: Counter) -> List[Dict[str, Any]]:
    rows = [{"entry_id": k[0], "rendering": k[1], "status": k[2], "verdict": k[3], "count": c}
            for k, c in renderings.items()]
    rows.sort(key=lambda r: (r["entry_id"], -r["count"], r["rendering"], r["status"], r["verdict"]))
    return rows


def term_rates(renderings: Counter) -> List[Dict[str, Any]]:
    """Per glossary entry: occurrences, deprecated renderings and their rate."""
    occ: Counter = Counter()
    dep: Counter = Counter()
    for (entry_id, _r, _s, verdict), c in renderings.items():
        occ[entry_id] += c
        if verdict == "deprecated":
            dep[entry_id] += c
    rows = [{"entry_id": e, "occurrences": n, "deprecated": dep[e], "deprecated_rate": round(dep[e] / n, 4)}
            for e, n in occ.items()]
    rows.sort(key=lambda r: (-r["deprecated_rate"], -r["occurrences"], r["entry_id"]))
    return rows


def _write_parquet(path: Path, rows: List[Dict[str, Any]], schema) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def _summary_md(s: Dict[str, Any]) -> str:
    from ..text.markdown import md_cell

    lines = ["# Corpus run summary", "",
             "Written by bri_align (`bri-align corpus run`); figures computed from the corpus named below.", "",
             f"- input: {md_cell(s['input']['kind'])} {md_cell(', '.join(s['input']['paths']))}",
             f"- engine: {s['engine']} ({s['num_workers']} workers)",
             f"- pairs read: {s['records_read']:,}; accepted: {s['pairs']:,}; rejected: {s['rejected']:,}",
             f"- word model fitted on {s['word_model']['sample_pairs']:,} pairs (sample size {s['sample_size']:,})",
             f"- term occurrences: {sum(s['verdicts'].values()):,}; candidate term pairs: {s['candidates']:,}",
             f"- time: {s['seconds']:.1f} s ({s['pairs_per_second']:.1f} pairs/s)"]
    if s["rejects"]:
        lines += ["", "## Rejects", "", "| reason | records |", "|---|---:|"]
        lines += [f"| {r} | {c:,} |" for r, c in s["rejects"].items()]
    lines += ["", "## Verdicts", "", "| verdict | occurrences |", "|---|---:|"]
    lines += [f"| {v} | {c:,} |" for v, c in s["verdicts"].items()]
    rates = [t for t in s["terms"] if t["deprecated"]][:20]
    if rates:
        lines += ["", "## Terms with deprecated renderings (top 20 by rate)", "",
                  "| entry | occurrences | deprecated | rate |", "|---|---:|---:|---:|"]
        lines += [f"| {md_cell(t['entry_id'])} | {t['occurrences']:,} | {t['deprecated']:,} | "
                  f"{t['deprecated_rate']:.1%} |" for t in rates]
    return "\n".join(lines) + "\n"


def run_corpus(corpus: CorpusInput, out: str, *, engine: str = "local", address: Optional[str] = None,
               num_workers: int = 1, sample_size: int = DEFAULT_SAMPLE_SIZE, batch_size: int = DEFAULT_BATCH_SIZE,
               date: Optional[str] = None, glossary: Any = None, seed: int = 0, min_count: int = 2,
               force: bool = False, progress: bool = False, window_batches: int = 2000) -> Dict[str, Any]:
    """Run the corpus pipeline on ``corpus`` and write the output folder ``out`` (see the
    module doc); returns the summary (also written as ``summary.json``)."""
    import pyarrow as pa

    from ..glossary.coerce import as_glossary
    from ..io import atomic_directory, check_output_dir
    from .pipeline import CorpusState

    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}", field="engine")
    _check_int("num_workers", num_workers, 0 if engine == "local" else 1)
    _check_int("sample_size", sample_size, 1)
    _check_int("batch_size", batch_size, 1)
    _check_int("min_count", min_count, 1)
    date = check_date(date)
    inputs = list(corpus.paths) + ([glossary] if isinstance(glossary, (str, Path)) else [])
    check_output_dir(out, inputs=inputs, force=False if not force else None)
    gl = as_glossary(glossary)
    t0 = time.perf_counter()
    sample = draw_sample(corpus, sample_size, seed)
    if not sample:
        raise InputError("the corpus has no acceptable pair (every record was rejected); nothing to align",
                         path=", ".join(str(p) for p in corpus.paths))
    model = fit_model(sample, gl)
    fit_seconds = time.perf_counter() - t0
    state = CorpusState(glossary=gl, model=model, date=date)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(desc="pairs", unit="pair")
    counts: Counter = Counter()
    with atomic_directory(out, force=force, inputs=inputs) as tmp:
        writer = _Writer(tmp, bar)
        t1 = time.perf_counter()
        try:
            batches = _batches(corpus, writer, batch_size, counts)
            if engine == "local":
                run_local(batches, state, writer.sink, num_workers=num_workers)
            else:
                run_ray(batches, state, writer.sink, num_workers=num_workers, address=address,
                        batch_size=batch_size, window_batches=window_batches, progress=progress)
        finally:
            writer.close()
            if bar is not None:
                bar.close()
        seconds = time.perf_counter() - t1
        rend_rows = rendering_table_rows(writer.renderings)
        _write_parquet(tmp / "renderings.parquet", rend_rows, pa.schema([
            ("entry_id", pa.string()), ("rendering", pa.string()), ("status", pa.string()),
            ("verdict", pa.string()), ("count", pa.int64())]))
        cands = candidate_rows(writer.phrases, writer.pairs, gl, min_count)
        _write_parquet(tmp / "candidates.parquet", cands, pa.schema([
            ("zh", pa.string()), ("en", pa.string()), ("count", pa.int64()), ("zh_count", pa.int64()),
            ("en_count", pa.int64()), ("dice", pa.float64()), ("llr", pa.float64()), ("entry_id", pa.string()),
            ("status", pa.string())]))
        from ..qa.check import VERDICTS

        summary: Dict[str, Any] = {
            "corpus": CORPUS_VERSION,
            "input": corpus.describe(),
            "engine": engine, "address": address, "num_workers": num_workers,
            "batch_size": batch_size, "sample_size": sample_size, "seed": seed, "date": date,
            "glossary": gl.signature(),
            "records_read": counts["read"], "pairs": writer.pairs, "rejected": sum(writer.rejects.values()),
            "rejects": {r: writer.rejects[r] for r in REJECT_REASONS if writer.rejects[r]},
            "word_model": model.stats(),
            "verdicts": {v: writer.verdicts.get(v, 0) for v in VERDICTS},
            "renderings": len(rend_rows), "candidates": len(cands), "min_count": min_count,
            "terms": term_rates(writer.renderings),
            "pair_shards": writer.shards,
            "fit_seconds": round(fit_seconds, 2), "seconds": round(seconds, 2),
            "pairs_per_second": round(writer.pairs / seconds, 2) if seconds > 0 else 0.0,
            "peak_rss_mb_per_worker": sorted(round(v / 1024, 1) for v in writer.rss.values()),
        }
        if writer.pairs != counts["accepted"]:  # pragma: no cover - an engine lost rows
            raise RuntimeError(f"the engine returned {writer.pairs} pairs for {counts['accepted']} accepted")
        (tmp / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (tmp / "summary.md").write_text(_summary_md(summary), encoding="utf-8")
    return summary
