"""Benchmark result records (layer L5): what a run produced, as frozen dataclasses.

:class:`BenchmarkResult` is everything a report needs; ``to_dict`` is the JSON
report (``results.json``) and ``from_dict`` reads it back.  The runners
(:mod:`.runner`, :mod:`.score`) build these records and the reports
(:mod:`.report`) read them, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..metrics.base import MetricScore
from ..metrics.significance import Significance
from ..metrics.terminology import TermVerdict
from ..mt.base import Throughput

__all__ = [
    "BENCH_VERSION",
    "DELTA_METRICS",
    "SystemInfo",
    "GlossaryDelta",
    "SystemScores",
    "SubsetResult",
    "BenchmarkResult",
]

BENCH_VERSION = "bri_align.bench.v1"
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

    def term_rows(self, preferred_of: Optional[Any] = None) -> Tuple[List[str], List["TermRow"]]:
        """The per-term table the Markdown and HTML reports both show: the systems with verdicts,
        and one row per entry (most scored first): its Chinese (the form seen most), its
        preferred rendering (from ``preferred_of``, a Glossary, or ''), and per system None (no
        output for its segments) or (accepted, occurrences, form used most, its verdict)."""
        from collections import Counter, defaultdict

        systems = [n for n in self.systems if n in self.verdicts]
        by_entry: Dict[str, Dict[str, List[Any]]] = defaultdict(lambda: defaultdict(list))
        zh_of: Dict[str, Counter] = defaultdict(Counter)
        for n in systems:
            for v in self.verdicts[n]:
                by_entry[v.entry_id][n].append(v)
                zh_of[v.entry_id][v.zh] += 1
        rows = []
        for eid in sorted(by_entry, key=lambda e: (-max(len(x) for x in by_entry[e].values()), e)):
            pref = ""
            if preferred_of is not None and eid in preferred_of:
                pref = preferred_of.get(eid).preferred.en
            cells: List[Optional[Tuple[int, int, str, str]]] = []
            for n in systems:
                vs = by_entry[eid].get(n, [])
                if not vs:
                    cells.append(None)
                    continue
                (form, verdict), _ = Counter((v.form or "", v.verdict) for v in vs).most_common(1)[0]
                cells.append((sum(1 for v in vs if v.success), len(vs), form, verdict))
            zh = zh_of[eid].most_common(1)[0][0] if zh_of[eid] else ""
            rows.append(TermRow(eid, zh, pref, tuple(cells)))
        return systems, rows


@dataclass(frozen=True)
class TermRow:
    """One row of :meth:`BenchmarkResult.term_rows`."""

    entry_id: str
    zh: str
    preferred: str
    cells: Sequence[Optional[Tuple[int, int, str, str]]]
