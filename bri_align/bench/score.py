"""Scoring pre-computed outputs in standard formats (layer L5).

* :func:`score_files` -- line-aligned source/reference/system files, with
  glossary matching or per-line annotations (bri_align or WMT23 dictionaries);
* :func:`score_wmt25` -- WMT25 Terminology Track 2 document-level files.

Both return a :class:`~.result.BenchmarkResult` with one subset, ``all``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..metrics.base import MetricScore, check_bootstrap
from ..metrics.corpus import CORPUS_METRICS, DOCUMENT_METRICS, check_metrics
from ..metrics.terminology import (
    TERM_DICT_SIGNATURE,
    SegmentJudgement,
    TermScorer,
    TermSegment,
    TermVerdict,
    judge_term_dicts,
)
from ..signature import format_signature
from .result import BenchmarkResult, SystemInfo
from .subset import score_subset
from .systems import check_unique, parse_named_path
from .testset import Segment

__all__ = ["score_files", "score_wmt25", "file_signature"]


def _check_path(value: object, what: str, field: str) -> str:
    if isinstance(value, Path):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{what} must be a file path (str), got {value!r:.60}", field=field)
    return value


def _check_hyps(hyps: object) -> List[str]:
    if hyps is None or isinstance(hyps, (str, bytes)) or not isinstance(hyps, (list, tuple)):
        raise InputError(f"hyps must be a list of 'NAME=FILE' strings, got {type(hyps).__name__}", field="hyp")
    for h in hyps:
        _check_path(h, "each system (--hyp)", "hyp")
    return [str(h) for h in hyps]


def _check_baseline(baseline: Optional[str], names: Sequence[str]) -> None:
    if baseline is not None and baseline not in names:
        raise InputError(f"unknown baseline {baseline!r}; the systems are: {', '.join(names)}", field="baseline")


def _check_languages(texts: Sequence[Tuple[str, str, str, Optional[str]]]) -> None:
    """(expected language, text, what, path) each; a clear mismatch (swapped files) is an error."""
    from ..text.lang import LANGUAGE_NAMES, detect_language

    for lang, text, what, path in texts:
        found = detect_language(text)
        if found is not None and found != lang:
            raise InputError(f"the {what} should be {LANGUAGE_NAMES[lang]} but looks {LANGUAGE_NAMES[found]}; "
                             "are --src and --ref (or a --hyp file) swapped?", path=path)


# ------------------------------------------------------------------ line-aligned files
def score_files(
    *,
    src: str,
    ref: str,
    hyps: Sequence[str],
    terms: Optional[str] = None,
    glossary: GlossaryLike = None,
    baseline: Optional[str] = None,
    doc_ids: Optional[str] = None,
    n_bootstrap: int = 1000,
    seed: int = 12345,
    banned_forms: Optional[Sequence[str]] = None,
    out: Optional[str] = None,
    chart: bool = True,
    force: bool = False,
    metrics: "str | Sequence[str]" = CORPUS_METRICS,
) -> BenchmarkResult:
    """Score line-aligned system files (``NAME=FILE`` each) against a reference.

    Term metrics use per-line annotations (``terms``: bri_align entry ids, or
    WMT23 term dictionaries) or, without them, the glossary's Chinese matcher
    on the source.  Without a document-id file the whole file is one document
    (for consistency).  With ``out`` the report folder is written there (checked
    before scoring): a folder holding files bri_align did not write is refused unless
    ``force``, and one holding an input always.
    """
    from ..io import read_lines
    from .datafiles import read_annotations

    src = _check_path(src, "src", "src")
    ref = _check_path(ref, "ref", "ref")
    hyps = _check_hyps(hyps)
    terms = None if terms is None else _check_path(terms, "terms", "terms")
    doc_ids = None if doc_ids is None else _check_path(doc_ids, "doc_ids", "docs")
    check_bootstrap(n_bootstrap, seed)
    metrics = check_metrics(metrics)
    named = [parse_named_path(h) for h in hyps]
    if out is not None:
        from .report import check_report_folder

        check_report_folder(out, force=force, inputs=[src, ref, terms, doc_ids, *(p for _, p in named)])
    sources = read_lines(src, what="source file")
    refs = read_lines(ref, what="reference file")
    if len(sources) != len(refs):
        raise InputError(f"{len(refs)} reference lines for {len(sources)} source lines; the files must be "
                         "line-aligned", path=ref)
    if not named:
        raise InputError("no system to score; give --hyp NAME=FILE at least once", field="hyp")
    check_unique([n for n, _ in named])
    _check_baseline(baseline, [n for n, _ in named])
    outputs: Dict[str, List[str]] = {}
    for name, path in named:
        lines = read_lines(path, what=f"system output of '{name}'", allow_empty=True)
        if len(lines) != len(sources):
            raise InputError(f"{len(lines)} lines for {len(sources)} source lines; a system file must be "
                             "line-aligned with the source", path=path)
        outputs[name] = lines
    docs = read_lines(doc_ids, what="document-id file") if doc_ids else ["all"] * len(sources)
    if len(docs) != len(sources):
        raise InputError(f"{len(docs)} document ids for {len(sources)} source lines", path=doc_ids)
    _check_languages([("zh", "\n".join(sources), "source file", src), ("en", "\n".join(refs), "reference file", ref),
                      *(("en", "\n".join(outputs[n]), f"system output of '{n}'", p) for n, p in named)])
    ids = [str(i + 1) for i in range(len(sources))]
    names = [n for n, _ in named]

    ann = read_annotations(terms) if terms else None
    if ann is not None and len(ann) != len(sources):
        raise InputError(f"{len(ann)} annotation lines for {len(sources)} source lines; give one line per "
                         "segment (an empty line or [] for none)", path=terms)
    judgements: Dict[str, List[SegmentJudgement]] = {}
    gloss = None
    term_sig = ""
    verdicts: Dict[str, Tuple[TermVerdict, ...]] = {}
    if ann is not None and ann.kind == "term-dict":
        for n in names:
            judgements[n] = judge_term_dicts(sources=sources, hypotheses=outputs[n], term_dicts=ann.term_dicts,
                                             doc_ids=docs, ids=ids, path=terms)
            verdicts[n] = tuple(v for j in judgements[n] for v in j.verdicts)
        term_sig = TERM_DICT_SIGNATURE
    else:
        gloss = as_glossary(glossary)
        scorer = TermScorer(gloss, banned_forms=banned_forms)
        if ann is not None:
            seg_terms = list(ann.terms)
            how = "given"
        else:
            seg_terms = [scorer.source_terms(s) for s in sources]
            how = "matcher-zh"
        for n in names:
            judgements[n] = [scorer.judge(TermSegment(ids[i], sources[i], outputs[n][i], tuple(seg_terms[i]),
                                                      docs[i])) for i in range(len(sources))]
            verdicts[n] = tuple(v for j in judgements[n] for v in j.verdicts)
        term_sig = scorer.signature(annotations=how)
    res = score_subset(subset="all", names=names, hyps=outputs, refs=refs, judgements=judgements,
                       metrics=check_metrics(metrics),
                        term_signature=term_sig, baseline=baseline, n_bootstrap=n_bootstrap, seed=seed)
    sha = hashlib.sha256(("\n".join(sources) + "\0" + "\n".join(refs)).encode("utf-8")).hexdigest()[:12]
    infos = {n: SystemInfo(name=n, spec=f"file:{p}", signature=file_signature(n, p), subsets=("all",))
             for n, p in named}
    result = BenchmarkResult(
        testset=format_signature(f"testset:{Path(src).name}+{Path(ref).name}",
                                 [("split", "lines"), ("segments", len(sources)), ("sha", sha)], version=False),
        glossary=gloss.signature() if gloss is not None else None, systems=infos, subsets={"all": res},
        verdicts=verdicts, outputs={n: dict(zip(ids, outputs[n])) for n in names},
        config={"src": src, "ref": ref, "terms": terms, "baseline": baseline, "n_bootstrap": n_bootstrap,
                "seed": seed}, mode="line-aligned",
    )
    if out is not None:
        from .report import write_report

        segs = [Segment(id=ids[i], doc=docs[i], subset="all", zh=sources[i], en=refs[i]) for i in range(len(sources))]
        write_report(result, out, segments=segs, glossary=gloss, chart=chart, force=force,
                     inputs=[src, ref, terms, doc_ids, *(p for _, p in named)])
    return result


def file_signature(name: str, path: str) -> str:
    """The signature of a system given as a file of outputs (as :class:`~bri_align.mt.FileTranslator` writes it)."""
    from ..mt.file import FileTranslator

    return FileTranslator(path, name=name).signature()


# ------------------------------------------------------------------ WMT25 Track 2
def _check_references(reference: object) -> List[str]:
    if isinstance(reference, (str, Path)):
        return [_check_path(reference, "reference", "wmt25")]
    if not isinstance(reference, (list, tuple)) or not reference:
        raise InputError(f"reference must be a WMT25 reference file path or a non-empty list of them (one per "
                         f"year), got {reference!r:.60}", field="wmt25")
    return [_check_path(r, "each reference (--wmt25)", "wmt25") for r in reference]


def _group_systems(named: Sequence[Tuple[str, str]], n_refs: int) -> Dict[str, List[str]]:
    """NAME -> its files, one per reference file and in the same order."""
    files: Dict[str, List[str]] = {}
    for name, path in named:
        files.setdefault(name, []).append(path)
    if n_refs == 1:
        check_unique([n for n, _ in named])
        return files
    for name, paths in files.items():
        if len(paths) != n_refs:
            raise InputError(f"system '{name}' has {len(paths)} file{'s' if len(paths) != 1 else ''} for {n_refs} "
                             f"reference files; give --hyp {name}=FILE once per --wmt25 file, in the same order "
                             "(a bare FILE is named after its file name, so name each system's files alike)",
                             field="hyp")
    return files


def score_wmt25(
    *,
    reference: "str | Path | Sequence[str | Path]",
    hyps: Sequence[str],
    baseline: Optional[str] = None,
    n_bootstrap: int = 1000,
    seed: int = 12345,
    out: Optional[str] = None,
    chart: bool = True,
    force: bool = False,
    metrics: "str | Sequence[str]" = DOCUMENT_METRICS,
) -> BenchmarkResult:
    """Score WMT25 Track 2 system files: BLEU and chrF++ on whole documents and the
    official term success rate per dictionary condition (proper, random).  TER is
    computed only when ``metrics`` asks for it (on whole documents it is slow: its
    shift search is quadratic in the segment length).

    ``reference`` is one reference file or several (the task publishes one per
    year: ``full_data_2016.jsonl`` ...).  With several, each system is given once
    per reference file under the same name, in the reference order
    (``hyps=["nllb=nllb.2016.jsonl", "nllb=nllb.2018.jsonl", ...]``), and the
    documents are pooled as the official scorer pools them: corpus BLEU and chrF++
    over every document, the term success rate over every counted pair (not a
    mean of per-year figures, which are kept in the metric's ``details["files"]``).
    """
    from ..metrics.wmt import WMT25TermPairs
    from .datafiles import read_wmt25_references, read_wmt25_system

    references = _check_references(reference)
    hyps = _check_hyps(hyps)
    check_bootstrap(n_bootstrap, seed)
    metrics = check_metrics(metrics)
    named = [parse_named_path(h) for h in hyps]
    if out is not None:
        from .report import check_report_folder

        check_report_folder(out, force=force, inputs=[*references, *(p for _, p in named)])
    per_file = read_wmt25_references(references)
    docs = [d for part in per_file for d in part]
    if not named:
        raise InputError("no system to score; give --hyp NAME=SYSTEM.jsonl at least once", field="hyp")
    files = _group_systems(named, len(references))
    names = list(files)
    _check_baseline(baseline, names)
    outputs = {n: [h.strip() for path, part in zip(files[n], per_file) for h in read_wmt25_system(path, part)]
               for n in names}
    sources = [d.zh.strip() for d in docs]
    refs = [d.en.strip() for d in docs]
    _check_languages([("zh", "\n".join(sources), "'zh' documents", references[0]),
                      ("en", "\n".join(refs), "'en' documents", references[0]),
                      *(("en", "\n".join(outputs[n]), f"'en' documents of '{n}'", files[n][0]) for n in names)])
    conditions = [c for c in ("proper", "random", "noterm") if any(c in d.dicts and d.dicts[c] for d in docs)]
    # which pairs count depends on the reference alone: found once per file and condition, shared by the systems
    pairs = {cond: [WMT25TermPairs.from_reference(sources=[d.zh.strip() for d in part],
                                                  references=[d.en.strip() for d in part],
                                                  term_dicts=[d.dicts.get(cond, {}) for d in part],
                                                  condition=cond, path=path)
                    for path, part in zip(references, per_file)] for cond in conditions}
    extra: Dict[str, Dict[str, MetricScore]] = {}
    for n in names:
        extra[n] = {}
        for cond in conditions:
            m = WMT25TermPairs.pooled(pairs[cond]).score(outputs[n])
            if len(references) > 1:
                m = _with_file_scores(m, pairs[cond], references, outputs[n])
            extra[n][m.name] = m
    res = score_subset(subset="all", names=names, hyps=outputs, refs=refs, judgements=None, term_signature="",
                       metrics=metrics, baseline=baseline, n_bootstrap=n_bootstrap, seed=seed, extra=extra)
    digest = hashlib.sha256()
    for r in references:
        digest.update(hashlib.sha256(Path(r).read_bytes()).digest())
    sha = digest.hexdigest()[:12]
    infos = {n: SystemInfo(name=n, spec="file:" + "+".join(files[n]), signature=_files_signature(n, files[n]),
                           subsets=("all",))
             for n in names}
    label = "+".join(Path(r).name for r in references)
    result = BenchmarkResult(
        testset=format_signature(f"testset:{label}", [("split", "wmt25-track2"),
                                                      *([("files", len(references))] if len(references) > 1 else []),
                                                      ("documents", len(docs)), ("sha", sha)], version=False),
        glossary=None, systems=infos, subsets={"all": res}, outputs={},
        config={"reference": references[0] if len(references) == 1 else list(references), "baseline": baseline,
                "n_bootstrap": n_bootstrap, "seed": seed, "conditions": conditions, "unit": "document",
                **({"pooling": "documents"} if len(references) > 1 else {})},
        mode="wmt25",
    )
    if out is not None:
        from .report import write_report

        write_report(result, out, segments=None, glossary=None, chart=chart, force=force,
                     inputs=[*references, *(p for _, p in named)])
    return result


def _files_signature(name: str, paths: Sequence[str]) -> str:
    """:func:`file_signature` of one file; for a system given as several files (one per
    reference file), the same shape with the paths joined by ``+`` and one hash over them."""
    if len(paths) == 1:
        return file_signature(name, paths[0])
    digest = hashlib.sha256()
    for p in paths:
        digest.update(hashlib.sha256(Path(p).read_bytes()).digest())
    return format_signature("translator:file.v1", [("name", name), ("path", "+".join(paths)),
                                                   ("sha", digest.hexdigest()[:12]), ("mode", "off")])


def _with_file_scores(pooled: MetricScore, parts: Sequence[object], references: Sequence[str],
                      hyps: Sequence[str]) -> MetricScore:
    """``pooled`` with each reference file's own rate and pair count in ``details["files"]``."""
    from dataclasses import replace

    per: Dict[str, Dict[str, object]] = {}
    start = 0
    for path, part in zip(references, parts):
        n = len(part)  # type: ignore[arg-type]
        m = part.score(hyps[start:start + n])  # type: ignore[attr-defined]
        per[path] = {"score": None if m.score is None else round(m.score, 6), "pairs": m.n}
        start += n
    return replace(pooled, details={**pooled.details, "files": per})
