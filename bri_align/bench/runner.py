"""Benchmark runner: translate with every system, score, compare (layer L5).

Three entry points, all returning a :class:`BenchmarkResult`:

* :func:`run_benchmark` -- the policy test set (``corpora/policy_bench``), the
  systems shipped as files (``seed-mt``...) plus any ``hf:``/``llm:``/``ct2:``/
  ``file:`` spec; scores per subset (``all``, ``seed``, ``general``);
* :func:`score_files` -- line-aligned source/reference/system files, with
  glossary matching or per-line annotations (bri_align or WMT23 dictionaries);
* :func:`score_wmt25` -- WMT25 Terminology Track 2 document-level files.

A system is scored on a subset only if it covers all its segments (``seed-mt``
covers the seed subset only).  The baseline of the paired tests is the named
one where it covers the subset, else the first system that does.

Glossary modes: a model system can run with several terminology modes
(:mod:`bri_align.mt.base`): ``hf:PATH@off,force`` (or ``glossary_modes=("off",
"force")`` for every model system) runs it twice, as ``NAME`` (mode off) and
``NAME (force)``.  Each mode-on system is compared with the same system with mode
off on every subset both cover -- the change in term success, deprecated
renderings, BLEU and chrF++ with the same paired tests as above -- in
``BenchmarkResult.deltas`` ("deltas" in results.json, "Glossary modes" in
leaderboard.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError
from ..metrics.base import MetricScore
from ..metrics.corpus import corpus_scores
from ..metrics.significance import Significance, paired_sacrebleu, paired_term_bootstrap
from ..metrics.terminology import (
    TERM_DICT_SIGNATURE,
    SegmentJudgement,
    TermScorer,
    TermSegment,
    TermVerdict,
    aggregate_term_metrics,
    judge_term_dicts,
)
from ..mt.base import Throughput
from .testset import Segment, TestSet, load_testset, shipped_systems

__all__ = [
    "GlossaryDelta",
    "parse_bench_system",
    "SystemInfo",
    "SystemScores",
    "SubsetResult",
    "BenchmarkResult",
    "run_benchmark",
    "score_files",
    "score_wmt25",
    "parse_named_path",
]

log = logging.getLogger(__name__)

BENCH_VERSION = "bri_align.bench.v1"
SIGNIFICANCE_METRICS = ("bleu", "chrf", "term_success_rate", "deprecated_rendering_rate")
#: metrics of the glossary-mode comparison, in report order
DELTA_METRICS = ("term_success_rate", "deprecated_rendering_rate", "bleu", "chrf")


# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class SystemInfo:
    """What a system is and how fast it ran."""

    name: str
    spec: str
    signature: str
    throughput: Optional[Throughput] = None
    subsets: Tuple[str, ...] = ()
    missing: Mapping[str, int] = field(default_factory=dict)  # subset -> segments without output
    glossary_mode: str = "off"  # terminology mode of a model system

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"spec": self.spec, "signature": self.signature,
                             "throughput": None if self.throughput is None else self.throughput.to_dict(),
                             "subsets": list(self.subsets)}
        if self.missing:
            d["missing"] = dict(self.missing)
        if self.glossary_mode != "off":
            d["glossary_mode"] = self.glossary_mode
        return d

    @classmethod
    def from_dict(cls, name: str, d: Mapping[str, Any]) -> "SystemInfo":
        thr = d.get("throughput")
        return cls(name=name, spec=d.get("spec", ""), signature=d.get("signature", ""),
                   throughput=None if thr is None else Throughput.from_dict(thr),
                   subsets=tuple(d.get("subsets", ())), missing=dict(d.get("missing", {}) or {}),
                   glossary_mode=d.get("glossary_mode", "off") or "off")


@dataclass(frozen=True)
class GlossaryDelta:
    """A system run with a terminology mode against the same system with mode off, on one subset.

    ``metrics[m].delta`` is the change (mode minus off) and ``p_value`` the paired
    test's (None without bootstrap resamples).
    """

    system: str
    base: str
    mode: str
    metrics: Mapping[str, Significance]

    def delta(self, metric: str) -> Optional[float]:
        m = self.metrics.get(metric)
        return None if m is None else m.delta

    def to_dict(self) -> Dict[str, Any]:
        return {"system": self.system, "base": self.base, "mode": self.mode,
                "metrics": {k: v.to_dict() for k, v in self.metrics.items()}}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "GlossaryDelta":
        return cls(system=d["system"], base=d["base"], mode=d["mode"],
                   metrics={k: Significance.from_dict(v) for k, v in (d.get("metrics", {}) or {}).items()})


@dataclass(frozen=True)
class SystemScores:
    """All metrics of one system on one subset, with paired tests against the baseline."""

    name: str
    metrics: Mapping[str, MetricScore]
    significance: Mapping[str, Significance] = field(default_factory=dict)

    def score(self, metric: str) -> Optional[float]:
        m = self.metrics.get(metric)
        return None if m is None else m.score

    def to_dict(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {k: v.to_dict() for k, v in self.metrics.items()}
        if self.significance:
            d["significance"] = {k: v.to_dict() for k, v in self.significance.items()}
        return d

    @classmethod
    def from_dict(cls, name: str, d: Mapping[str, Any]) -> "SystemScores":
        sig = d.get("significance", {}) or {}
        return cls(name=name, metrics={k: MetricScore.from_dict(v) for k, v in d.items() if k != "significance"},
                   significance={k: Significance.from_dict(v) for k, v in sig.items()})


@dataclass(frozen=True)
class SubsetResult:
    subset: str
    n_segments: int
    baseline: Optional[str]
    systems: Mapping[str, SystemScores]

    def to_dict(self) -> Dict[str, Any]:
        return {"n_segments": self.n_segments, "baseline": self.baseline,
                "systems": {k: v.to_dict() for k, v in self.systems.items()}}

    @classmethod
    def from_dict(cls, subset: str, d: Mapping[str, Any]) -> "SubsetResult":
        return cls(subset=subset, n_segments=int(d["n_segments"]), baseline=d.get("baseline"),
                   systems={k: SystemScores.from_dict(k, v) for k, v in d.get("systems", {}).items()})


@dataclass(frozen=True)
class BenchmarkResult:
    """Everything a report needs; ``to_dict`` is the JSON report."""

    testset: str  # signature
    glossary: Optional[str]  # signature
    systems: Mapping[str, SystemInfo]
    subsets: Mapping[str, SubsetResult]
    verdicts: Mapping[str, Tuple[TermVerdict, ...]] = field(default_factory=dict)
    outputs: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # system -> segment id -> output
    config: Mapping[str, Any] = field(default_factory=dict)
    mode: str = "policy-bench"
    #: subset -> mode-on system -> its comparison with the same system with mode off
    deltas: Mapping[str, Mapping[str, GlossaryDelta]] = field(default_factory=dict)

    def to_dict(self, *, with_verdicts: bool = True) -> Dict[str, Any]:
        d: Dict[str, Any] = {
            "benchmark": BENCH_VERSION,
            "mode": self.mode,
            "testset": self.testset,
            "glossary": self.glossary,
            "config": dict(self.config),
            "systems": {k: v.to_dict() for k, v in self.systems.items()},
            "results": {k: v.to_dict() for k, v in self.subsets.items()},
            "deltas": {sub: {n: dl.to_dict() for n, dl in ds.items()} for sub, ds in self.deltas.items()},
        }
        if with_verdicts and self.verdicts:
            d["term_verdicts"] = {k: [v.to_dict() for v in vs] for k, vs in self.verdicts.items()}
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "BenchmarkResult":
        return cls(
            testset=d.get("testset", ""), glossary=d.get("glossary"),
            systems={k: SystemInfo.from_dict(k, v) for k, v in d.get("systems", {}).items()},
            subsets={k: SubsetResult.from_dict(k, v) for k, v in d.get("results", {}).items()},
            verdicts={k: tuple(TermVerdict.from_dict(x) for x in v)
                      for k, v in (d.get("term_verdicts", {}) or {}).items()},
            config=dict(d.get("config", {}) or {}), mode=d.get("mode", "policy-bench"),
            deltas={sub: {n: GlossaryDelta.from_dict(x) for n, x in ds.items()}
                    for sub, ds in (d.get("deltas", {}) or {}).items()},
        )

    def leaderboard_rows(self, subset: str) -> List[SystemScores]:
        res = self.subsets[subset]
        return list(res.systems.values())


# ------------------------------------------------------------------ scoring core
def _significance(
    *, baseline: str, names: Sequence[str], hyps: Mapping[str, Sequence[str]], refs: Sequence[str],
    judgements: Optional[Mapping[str, Sequence[SegmentJudgement]]], n_bootstrap: int, seed: int,
    target_lang: str = "en",
) -> Dict[str, Dict[str, Significance]]:
    others = [n for n in names if n != baseline]
    out: Dict[str, Dict[str, Significance]] = {n: {} for n in others}
    if not others or n_bootstrap <= 1:
        return out
    sb = paired_sacrebleu(baseline=(baseline, hyps[baseline]), systems=[(n, hyps[n]) for n in others],
                          references=refs, metrics=("bleu", "chrf"), n_samples=n_bootstrap, target_lang=target_lang)
    for n in others:
        out[n].update(sb.get(n, {}))
    if judgements is not None:
        tb = paired_term_bootstrap(
            baseline=(baseline, [j.counts for j in judgements[baseline]]),
            systems=[(n, [j.counts for j in judgements[n]]) for n in others],
            metrics=("term_success_rate", "deprecated_rendering_rate"), n_samples=n_bootstrap, seed=seed)
        for n in others:
            out[n].update(tb.get(n, {}))
    return out


def _score_subset(
    *, subset: str, names: Sequence[str], hyps: Mapping[str, Sequence[str]], refs: Sequence[str],
    judgements: Optional[Mapping[str, Sequence[SegmentJudgement]]], term_signature: str, baseline: Optional[str],
    n_bootstrap: int, seed: int, target_lang: str = "en",
    extra: Optional[Mapping[str, Mapping[str, MetricScore]]] = None,
) -> SubsetResult:
    if not names:
        return SubsetResult(subset=subset, n_segments=len(refs), baseline=None, systems={})
    base = baseline if baseline in names else names[0]
    systems: Dict[str, SystemScores] = {}
    sig = _significance(baseline=base, names=names, hyps=hyps, refs=refs, judgements=judgements,
                        n_bootstrap=n_bootstrap, seed=seed, target_lang=target_lang)
    for n in names:
        metrics: Dict[str, MetricScore] = dict(corpus_scores(hypotheses=hyps[n], references=refs,
                                                             n_bootstrap=n_bootstrap, target_lang=target_lang))
        if judgements is not None:
            report = aggregate_term_metrics(judgements[n], signature=term_signature, n_bootstrap=n_bootstrap,
                                            seed=seed)
            metrics.update(report.metrics)
        if extra and n in extra:
            metrics.update(extra[n])
        systems[n] = SystemScores(name=n, metrics=metrics, significance=sig.get(n, {}))
    return SubsetResult(subset=subset, n_segments=len(refs), baseline=base, systems=systems)


def parse_named_path(spec: str) -> Tuple[str, str]:
    """``NAME=PATH`` -> (NAME, PATH); a bare PATH is named after its file stem."""
    if "=" in spec:
        name, path = spec.split("=", 1)
        if not name.strip() or not path.strip():
            raise InputError(f"system {spec!r} is not NAME=FILE", field="hyp")
        return name.strip(), path.strip()
    return Path(spec).stem, spec


def _unique(names: Sequence[str]) -> None:
    seen = set()
    for n in names:
        if n in seen:
            raise InputError(f"two systems are named '{n}'; give each a distinct NAME (NAME=...)", field="system")
        seen.add(n)


def parse_bench_system(spec: str) -> Tuple[str, Tuple[str, ...]]:
    """``SPEC@MODE[,MODE...]`` -> (SPEC, modes); a spec without a mode suffix gives ``()``.

    The suffix is read only when every comma-separated item is a terminology mode
    (off, force, bias, ban, prompt), so a path with an ``@`` stays a path.
    """
    from ..mt.base import CONSTRAINT_MODES

    spec = spec.strip()
    if "@" in spec:
        head, tail = spec.rsplit("@", 1)
        modes = tuple(m.strip() for m in tail.split(","))
        if head and modes and all(m in CONSTRAINT_MODES for m in modes):
            if len(set(modes)) != len(modes):
                raise InputError(f"system {spec!r} names a glossary mode twice", field="system")
            return head, modes
    return spec, ()


def parse_modes(text: "str | Sequence[str] | None") -> Tuple[str, ...]:
    """``"off,force"`` (or a list) -> ("off", "force"), checked against the known modes."""
    from ..mt.base import CONSTRAINT_MODES

    if text is None:
        return ()
    items = text.split(",") if isinstance(text, str) else list(text)
    modes = tuple(m.strip() for m in items if m.strip())
    bad = [m for m in modes if m not in CONSTRAINT_MODES]
    if bad:
        raise InputError(f"unknown glossary mode {bad[0]!r}; expected a comma-separated list of "
                         f"{', '.join(CONSTRAINT_MODES)} (e.g. off,force)", field="glossary_mode")
    if len(set(modes)) != len(modes):
        raise InputError(f"glossary modes {', '.join(modes)} name a mode twice", field="glossary_mode")
    return modes


def _mode_deltas(
    *, result: SubsetResult, pairs: Mapping[str, Tuple[str, str]], hyps: Mapping[str, Sequence[str]],
    refs: Sequence[str], judgements: Mapping[str, Sequence[SegmentJudgement]], n_bootstrap: int, seed: int,
) -> Dict[str, GlossaryDelta]:
    """Each mode-on system of ``pairs`` (name -> (base, mode)) against its mode-off base, where both are scored."""
    by_base: Dict[str, List[str]] = {}
    for name, (base, _) in pairs.items():
        if name in result.systems and base in result.systems:
            by_base.setdefault(base, []).append(name)
    out: Dict[str, GlossaryDelta] = {}
    for base, names in by_base.items():
        sig = _significance(baseline=base, names=[base] + names, hyps=hyps, refs=refs, judgements=judgements,
                            n_bootstrap=n_bootstrap, seed=seed)
        for n in names:
            metrics: Dict[str, Significance] = {}
            for m in DELTA_METRICS:
                if m in sig.get(n, {}):
                    metrics[m] = sig[n][m]
                    continue
                b, v = result.systems[base].score(m), result.systems[n].score(m)
                if b is None and v is None:
                    continue
                ms = result.systems[n].metrics.get(m)
                metrics[m] = Significance(metric=m, baseline=base, system=n, baseline_score=b, score=v, p_value=None,
                                          signature=ms.signature if ms is not None else "", n_samples=0)
            out[n] = GlossaryDelta(system=n, base=base, mode=pairs[n][1], metrics=metrics)
    return out


# ------------------------------------------------------------------ policy benchmark
def run_benchmark(
    *,
    testset: Optional[str] = None,
    split: str = "test",
    systems: Sequence[str] = (),
    include_shipped: bool = True,
    baseline: Optional[str] = None,
    glossary: Optional[str] = None,
    out: Optional[str] = None,
    batch_size: Optional[int] = None,
    device: str = "auto",
    dtype: str = "auto",
    beam_size: int = 4,
    max_length: int = 256,
    n_bootstrap: int = 1000,
    seed: int = 12345,
    banned_forms: Optional[Sequence[str]] = None,
    src_lang: Optional[str] = None,
    tgt_lang: Optional[str] = None,
    prompt: Optional[str] = None,
    compute_type: str = "default",
    allow_download: bool = False,
    progress: bool = False,
    chart: bool = True,
    glossary_modes: "str | Sequence[str] | None" = None,
) -> BenchmarkResult:
    """Run every system on the policy test set, score per subset, and (with ``out``) write the report.

    ``systems`` are specs (``hf:PATH``, ``NAME=llm:PATH``, ``file:out.jsonl``...) or
    names of shipped outputs (``seed-mt``).  ``include_shipped`` adds every
    ``systems/*.jsonl`` of the test set.

    A model spec may end in ``@MODE[,MODE...]`` (``tiny=hf:PATH@off,force``): the
    system runs once per terminology mode with the glossary, named ``NAME`` for
    mode off and ``NAME (MODE)`` otherwise.  ``glossary_modes`` (``"off,force"``)
    does the same for every model spec without a suffix, skipping the modes a
    backend does not implement.  Mode-on systems are compared with their mode-off
    run in :attr:`BenchmarkResult.deltas`.
    """
    from ..glossary.loader import load_termbase
    from ..mt import FileTranslator, make_translator, parse_system_spec

    ts: TestSet = load_testset(testset, split=split)
    gloss = load_termbase(glossary)
    shipped = shipped_systems(testset)
    translators = []
    specs: Dict[str, str] = {}
    if include_shipped:
        for name, path in shipped.items():
            translators.append(FileTranslator(str(path), name=name))
            specs[name] = f"file:{path}"
    default_modes = parse_modes(glossary_modes)
    pairs: Dict[str, Tuple[str, str]] = {}  # mode-on system -> (its mode-off name, mode)
    modes_of: Dict[str, str] = {}
    used_modes = set()
    for spec in systems:
        base_spec, modes = parse_bench_system(spec)
        if base_spec in shipped or parse_system_spec(base_spec).kind.split(".")[0] == "file":
            if modes:
                raise InputError(f"system {spec!r}: pre-computed outputs cannot run with a glossary mode; "
                                 "'@MODE' applies to hf:, llm: and ct2: systems", field="system")
        if spec in shipped:
            if not include_shipped:
                translators.append(FileTranslator(str(shipped[spec]), name=spec))
                specs[spec] = f"file:{shipped[spec]}"
            continue
        parsed = parse_system_spec(base_spec)
        opts = dict(device=device, dtype=dtype, beam_size=beam_size, max_length=max_length, batch_size=batch_size,
                    src_lang=src_lang, tgt_lang=tgt_lang, prompt=prompt, compute_type=compute_type,
                    allow_download=allow_download)
        first = make_translator(parsed, **opts)
        base_name = first.name
        if isinstance(first, FileTranslator):
            translators.append(first)
            specs[first.name] = str(parsed)
            continue
        explicit = bool(modes)
        if not modes:
            modes = default_modes or ("off",)
        for mode in modes:
            if not explicit and mode not in first.supported_modes:
                log.info("glossary mode %s skipped for %s (%s supports %s)", mode, base_name,
                         first.registry_name, ", ".join(first.supported_modes))
                continue
            if mode == "off":
                tr = first
            else:
                tr = make_translator(parsed, name=f"{base_name} ({mode})", glossary=gloss, mode=mode, **opts)
                pairs[tr.name] = (base_name, mode)
            used_modes.add(mode)
            modes_of[tr.name] = mode
            translators.append(tr)
            specs[tr.name] = f"{parsed}@{mode}" if (explicit or default_modes) else str(parsed)
    for mode in default_modes:
        if mode not in used_modes:
            raise InputError(f"glossary mode {mode!r} is implemented by none of the model systems given "
                             "(force, bias, ban: hf:; ban: ct2:; prompt: llm:)", field="glossary_mode")
    _unique([t.name for t in translators])
    if not translators:
        raise InputError("no systems to benchmark; give --system SPEC or keep the shipped outputs",
                         field="system")

    segs = ts.segments
    ids = [s.id for s in segs]
    subsets = ["all"] + ts.subsets
    by_subset = {sub: [s.id for s in ts.select(sub)] for sub in subsets}
    scorer = TermScorer(gloss, banned_forms=banned_forms)
    outputs: Dict[str, Dict[str, str]] = {}
    infos: Dict[str, SystemInfo] = {}
    judged: Dict[str, Dict[str, SegmentJudgement]] = {}
    for tr in translators:
        tr.load()
        throughput = None
        if isinstance(tr, FileTranslator):
            missing = set(tr.missing(ids)) if tr.is_jsonl else set()
            covered_segs = [s for s in segs if s.id not in missing]
            if not tr.is_jsonl:
                covered_segs = list(segs)  # line-aligned with the whole split
            run = tr.run([s.zh for s in covered_segs], ids=[s.id for s in covered_segs])
        else:
            missing = set()
            covered_segs = list(segs)
            # with a glossary mode, each sentence is constrained by its own annotated terms (the
            # test set's per-segment term list, as in the WMT terminology tasks)
            run = tr.run([s.zh for s in covered_segs], ids=[s.id for s in covered_segs],
                         terms=[s.terms for s in covered_segs] if tr.mode != "off" else None, progress=progress)
            throughput = run.throughput
        outputs[tr.name] = {s.id: o for s, o in zip(covered_segs, run.outputs)}
        covered = tuple(sub for sub in subsets if not any(i in missing for i in by_subset[sub]))
        miss = {sub: sum(1 for i in by_subset[sub] if i in missing) for sub in subsets}
        miss = {k: v for k, v in miss.items() if v and k != "all"}
        infos[tr.name] = SystemInfo(name=tr.name, spec=specs.get(tr.name, tr.name), signature=tr.signature(),
                                    throughput=throughput, subsets=covered, missing=miss,
                                    glossary_mode=modes_of.get(tr.name, "off"))
        if not isinstance(tr, FileTranslator):
            tr.close()  # free the model before the next one loads (a mode-on run loads its own copy)
        judged[tr.name] = {
            s.id: scorer.judge(TermSegment(s.id, s.zh, outputs[tr.name][s.id], s.terms, s.doc))
            for s in covered_segs
        }
        if throughput is not None:
            log.info("%s", throughput.line(tr.name))
        if not covered:
            log.warning("system %s covers no complete subset (%d segments without output)", tr.name, len(missing))

    seg_by_id = {s.id: s for s in segs}
    term_sig = scorer.signature(annotations="given")
    results: Dict[str, SubsetResult] = {}
    deltas: Dict[str, Dict[str, GlossaryDelta]] = {}
    for sub in subsets:
        sub_ids = by_subset[sub]
        names = [t.name for t in translators if sub in infos[t.name].subsets]
        hyps = {n: [outputs[n][i] for i in sub_ids] for n in names}
        refs = [seg_by_id[i].en for i in sub_ids]
        judg = {n: [judged[n][i] for i in sub_ids] for n in names}
        results[sub] = _score_subset(subset=sub, names=names, hyps=hyps, refs=refs, judgements=judg,
                                     term_signature=term_sig, baseline=baseline, n_bootstrap=n_bootstrap, seed=seed)
        if pairs:
            d = _mode_deltas(result=results[sub], pairs=pairs, hyps=hyps, refs=refs, judgements=judg,
                             n_bootstrap=n_bootstrap, seed=seed)
            if d:
                deltas[sub] = d
    verdicts = {n: tuple(v for i in ids if i in judged[n] for v in judged[n][i].verdicts) for n in judged}
    result = BenchmarkResult(
        testset=ts.signature(), glossary=gloss.signature(), systems=infos, subsets=results, verdicts=verdicts,
        outputs=outputs,
        config={"split": ts.split, "testset_path": ts.path, "baseline": baseline, "n_bootstrap": n_bootstrap,
                "seed": seed, "banned_forms": list(scorer.banned_forms), "beam_size": beam_size,
                "max_length": max_length, "device": device, "dtype": dtype,
                "glossary_modes": list(default_modes), "glossary_terms": "test-set annotations"},
        deltas=deltas,
    )
    if out is not None:
        from .report import write_report

        write_report(result, out, segments=segs, glossary=gloss, chart=chart)
    return result


# ------------------------------------------------------------------ line-aligned files
def score_files(
    *,
    src: str,
    ref: str,
    hyps: Sequence[str],
    terms: Optional[str] = None,
    glossary: Optional[str] = None,
    baseline: Optional[str] = None,
    doc_ids: Optional[str] = None,
    n_bootstrap: int = 1000,
    seed: int = 12345,
    banned_forms: Optional[Sequence[str]] = None,
    out: Optional[str] = None,
    chart: bool = True,
) -> BenchmarkResult:
    """Score line-aligned system files (``NAME=FILE`` each) against a reference.

    Term metrics use per-line annotations (``terms``: bri_align entry ids, or
    WMT23 term dictionaries) or, without them, the glossary's Chinese matcher
    on the source.  Without a document-id file the whole file is one document
    (for consistency).
    """
    from ..glossary.loader import load_termbase
    from ..io import read_lines
    from .datafiles import read_annotations

    sources = read_lines(src, what="source file")
    refs = read_lines(ref, what="reference file")
    if len(sources) != len(refs):
        raise InputError(f"{len(refs)} reference lines for {len(sources)} source lines; the files must be "
                         "line-aligned", path=ref)
    named = [parse_named_path(h) for h in hyps]
    if not named:
        raise InputError("no system to score; give --hyp NAME=FILE at least once", field="hyp")
    _unique([n for n, _ in named])
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
        gloss = load_termbase(glossary)
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
    res = _score_subset(subset="all", names=names, hyps=outputs, refs=refs, judgements=judgements,
                        term_signature=term_sig, baseline=baseline, n_bootstrap=n_bootstrap, seed=seed)
    import hashlib

    sha = hashlib.sha256(("\n".join(sources) + "\0" + "\n".join(refs)).encode("utf-8")).hexdigest()[:12]
    infos = {n: SystemInfo(name=n, spec=f"file:{p}", signature=_file_signature(n, p), subsets=("all",))
             for n, p in named}
    result = BenchmarkResult(
        testset=f"testset:{Path(src).name}+{Path(ref).name}|split:lines|segments:{len(sources)}|sha:{sha}",
        glossary=gloss.signature() if gloss is not None else None, systems=infos, subsets={"all": res},
        verdicts=verdicts, outputs={n: dict(zip(ids, outputs[n])) for n in names},
        config={"src": src, "ref": ref, "terms": terms, "baseline": baseline, "n_bootstrap": n_bootstrap,
                "seed": seed}, mode="line-aligned",
    )
    if out is not None:
        from .report import write_report

        segs = [Segment(id=ids[i], doc=docs[i], subset="all", zh=sources[i], en=refs[i]) for i in range(len(sources))]
        write_report(result, out, segments=segs, glossary=gloss, chart=chart)
    return result


def _file_signature(name: str, path: str) -> str:
    from ..mt.file import FileTranslator

    return FileTranslator(path, name=name).signature()


# ------------------------------------------------------------------ WMT25 Track 2
def score_wmt25(
    *,
    reference: str,
    hyps: Sequence[str],
    baseline: Optional[str] = None,
    n_bootstrap: int = 1000,
    seed: int = 12345,
    out: Optional[str] = None,
    chart: bool = True,
) -> BenchmarkResult:
    """Score WMT25 Track 2 system files: BLEU/chrF++/TER on whole documents and the
    official term success rate per dictionary condition (proper, random)."""
    from ..metrics.wmt import wmt25_term_success_rate
    from .datafiles import read_wmt25_reference, read_wmt25_system

    docs = read_wmt25_reference(reference)
    named = [parse_named_path(h) for h in hyps]
    if not named:
        raise InputError("no system to score; give --hyp NAME=SYSTEM.jsonl at least once", field="hyp")
    _unique([n for n, _ in named])
    outputs = {n: read_wmt25_system(p, docs) for n, p in named}
    sources = [d.zh.strip() for d in docs]
    refs = [d.en.strip() for d in docs]
    conditions = [c for c in ("proper", "random", "noterm") if any(c in d.dicts and d.dicts[c] for d in docs)]
    extra: Dict[str, Dict[str, MetricScore]] = {}
    for n, _ in named:
        extra[n] = {}
        for cond in conditions:
            m = wmt25_term_success_rate(sources=sources, hypotheses=[h.strip() for h in outputs[n]],
                                        references=refs, term_dicts=[d.dicts.get(cond, {}) for d in docs],
                                        condition=cond, path=reference)
            extra[n][m.name] = m
    names = [n for n, _ in named]
    hyps_clean = {n: [h.strip() for h in outputs[n]] for n in names}
    res = _score_subset(subset="all", names=names, hyps=hyps_clean, refs=refs, judgements=None, term_signature="",
                        baseline=baseline, n_bootstrap=n_bootstrap, seed=seed, extra=extra)
    import hashlib

    sha = hashlib.sha256(Path(reference).read_bytes()).hexdigest()[:12]
    infos = {n: SystemInfo(name=n, spec=f"file:{p}", signature=_file_signature(n, p), subsets=("all",))
             for n, p in named}
    result = BenchmarkResult(
        testset=f"testset:{Path(reference).name}|split:wmt25-track2|documents:{len(docs)}|sha:{sha}",
        glossary=None, systems=infos, subsets={"all": res}, outputs={},
        config={"reference": reference, "baseline": baseline, "n_bootstrap": n_bootstrap, "seed": seed,
                "conditions": conditions, "unit": "document"}, mode="wmt25",
    )
    if out is not None:
        from .report import write_report

        write_report(result, out, segments=None, glossary=None, chart=chart)
    return result
