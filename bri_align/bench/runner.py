"""The policy benchmark (layer L5): translate the test set with every system, score, compare.

:func:`run_benchmark` runs the policy test set (``corpora/policy_bench``) with the
systems shipped as files (``seed-mt``...) plus any ``hf:``/``llm:``/``ct2:``/
``file:`` spec, and scores them per subset (``all``, ``seed``, ``general``);
options are one frozen :class:`BenchmarkConfig`.  Pre-computed outputs in
standard formats are scored by :mod:`.score`; the records are in :mod:`.result`.

A system is scored on a subset only if it covers all its segments (``seed-mt``
covers the seed subset only).  The baseline of the paired tests is the named
one where it covers the subset, else the first system that does.

Glossary modes: a model system can run with several terminology modes
(:mod:`bri_align.mt.base`): ``hf:PATH@off,force`` (or
``BenchmarkConfig(glossary_modes=("off", "force"))`` for every model system) runs
it twice, as ``NAME`` (mode off) and ``NAME (force)``.  Each mode-on system is
compared with the same system with mode off on every subset both cover -- the
change in term success, deprecated renderings, BLEU and chrF++ with the same
paired tests as above -- in ``BenchmarkResult.deltas`` ("deltas" in
results.json, "Glossary modes" in leaderboard.md).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike, as_glossary
from ..glossary.model import Glossary
from ..metrics.base import check_bootstrap
from ..metrics.corpus import CORPUS_METRICS, check_metrics
from ..metrics.terminology import SegmentJudgement, TermScorer, TermSegment
from .result import BenchmarkResult, GlossaryDelta, SubsetResult, SystemInfo
from .subset import mode_deltas, score_subset
from .systems import check_unique, parse_bench_system, parse_modes
from .testset import TestSet, load_testset, shipped_systems

__all__ = ["BenchmarkConfig", "run_benchmark"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class BenchmarkConfig:
    """How :func:`run_benchmark` runs and scores: every option but the test set, the
    glossary, the systems and the report folder.  The defaults are the CLI's."""

    split: str = "test"  #: split of a test-set folder (dev, test)
    include_shipped: bool = True  #: add every ``<testset>/systems/*.jsonl``
    baseline: Optional[str] = None  #: system the paired tests compare against
    n_bootstrap: int = 1000  #: resamples for intervals and paired tests (0 or 1: none)
    seed: int = 12345  #: seed of the term-metric bootstrap
    banned_forms: Optional[Sequence[str]] = None  #: forms deprecated anywhere (None: One Belt, One Road...)
    glossary_modes: "str | Sequence[str] | None" = None  #: modes for every model system without ``@MODE``
    chart: bool = True  #: write chart.png with the report
    progress: bool = False  #: progress bars while translating
    metrics: "str | Sequence[str]" = CORPUS_METRICS  #: sacrebleu metrics (the term metrics always run)
    # -- model systems (hf:, llm:, ct2:) ----------------------------------------------------------
    batch_size: Optional[int] = None
    device: str = "auto"
    dtype: str = "auto"
    beam_size: int = 4
    max_length: int = 256
    src_lang: Optional[str] = None
    tgt_lang: Optional[str] = None
    prompt: Optional[str] = None
    compute_type: str = "default"
    allow_download: bool = False

    def translator_options(self) -> Dict[str, Any]:
        """Keyword options of :func:`bri_align.mt.make_translator` for a model system."""
        return dict(device=self.device, dtype=self.dtype, beam_size=self.beam_size, max_length=self.max_length,
                    batch_size=self.batch_size, src_lang=self.src_lang, tgt_lang=self.tgt_lang, prompt=self.prompt,
                    compute_type=self.compute_type, allow_download=self.allow_download)


@dataclass
class _Plan:
    """The translators to run, with what the report says about each."""

    translators: List[Any]
    specs: Dict[str, str]  # name -> spec as reported
    pairs: Dict[str, Tuple[str, str]]  # mode-on system -> (its mode-off name, mode)
    modes_of: Dict[str, str]  # name -> glossary mode
    default_modes: Tuple[str, ...]


def _plan(systems: Sequence[str], *, shipped: Dict[str, Any], gloss: Glossary, config: BenchmarkConfig) -> _Plan:
    from ..mt import FileTranslator, make_translator, parse_system_spec

    plan = _Plan(translators=[], specs={}, pairs={}, modes_of={}, default_modes=parse_modes(config.glossary_modes))
    if config.include_shipped:
        for name, path in shipped.items():
            plan.translators.append(FileTranslator(str(path), name=name))
            plan.specs[name] = f"file:{path}"
    used_modes = set()
    opts = config.translator_options()
    for spec in systems:
        base_spec, modes = parse_bench_system(spec)
        if base_spec in shipped or parse_system_spec(base_spec).kind.split(".")[0] == "file":
            if modes:
                raise InputError(f"system {spec!r}: pre-computed outputs cannot run with a glossary mode; "
                                 "'@MODE' applies to hf:, llm: and ct2: systems", field="system")
        if spec in shipped:
            if not config.include_shipped:
                plan.translators.append(FileTranslator(str(shipped[spec]), name=spec))
                plan.specs[spec] = f"file:{shipped[spec]}"
            continue
        parsed = parse_system_spec(base_spec)
        first = make_translator(parsed, **opts)
        base_name = first.name
        if isinstance(first, FileTranslator):
            plan.translators.append(first)
            plan.specs[first.name] = str(parsed)
            continue
        explicit = bool(modes)
        if not modes:
            modes = plan.default_modes or ("off",)
        for mode in modes:
            if not explicit and mode not in first.supported_modes:
                log.info("glossary mode %s skipped for %s (%s supports %s)", mode, base_name,
                         first.registry_name, ", ".join(first.supported_modes))
                continue
            if mode == "off":
                tr = first
            else:
                tr = make_translator(parsed, name=f"{base_name} ({mode})", glossary=gloss, mode=mode, **opts)
                plan.pairs[tr.name] = (base_name, mode)
            used_modes.add(mode)
            plan.modes_of[tr.name] = mode
            plan.translators.append(tr)
            plan.specs[tr.name] = f"{parsed}@{mode}" if (explicit or plan.default_modes) else str(parsed)
    for mode in plan.default_modes:
        if mode not in used_modes:
            raise InputError(f"glossary mode {mode!r} is implemented by none of the model systems given "
                             "(force, bias, ban: hf:; ban: ct2:; prompt: llm:)", field="glossary_mode")
    check_unique([t.name for t in plan.translators])
    if not plan.translators:
        raise InputError("no systems to benchmark; give --system SPEC or keep the shipped outputs",
                         field="system")
    return plan


def run_benchmark(
    *,
    systems: Sequence[str] = (),
    testset: Optional[str] = None,
    glossary: GlossaryLike = None,
    out: Optional[str] = None,
    config: BenchmarkConfig = BenchmarkConfig(),
    force: bool = False,
) -> BenchmarkResult:
    """Run every system on the policy test set, score per subset, and (with ``out``) write the report.

    ``systems`` are specs (``hf:PATH``, ``NAME=llm:PATH``, ``file:out.jsonl``...) or
    names of shipped outputs (``seed-mt``); ``testset`` a test-set folder or JSONL
    file (None: the bundled ``corpora/policy_bench``); ``glossary`` a
    :data:`~bri_align.glossary.GlossaryLike` (None: the bundled termbase).
    ``config.include_shipped`` adds every ``systems/*.jsonl`` of the test set.

    A model spec may end in ``@MODE[,MODE...]`` (``tiny=hf:PATH@off,force``): the
    system runs once per terminology mode with the glossary, named ``NAME`` for
    mode off and ``NAME (MODE)`` otherwise.  ``config.glossary_modes``
    (``"off,force"``) does the same for every model spec without a suffix,
    skipping the modes a backend does not implement.  Mode-on systems are
    compared with their mode-off run in :attr:`BenchmarkResult.deltas`.

    ``out`` is checked before anything runs: a folder holding files bri_align did
    not write is refused unless ``force`` (and then only bri_align's files are
    replaced); a folder that is or holds an input (the test set, the glossary, a
    ``file:`` system) is always refused.
    """
    from ..mt import FileTranslator

    if not isinstance(config, BenchmarkConfig):
        raise InputError(f"config must be a BenchmarkConfig, got {type(config).__name__}", field="config")
    if systems is None or isinstance(systems, (str, bytes)) or not all(isinstance(s, str) for s in systems):
        raise InputError(f"systems must be a list of spec strings (hf:PATH, file:OUT.jsonl...), got {systems!r:.80}",
                         field="systems")
    check_bootstrap(config.n_bootstrap, config.seed)
    check_metrics(config.metrics)
    ts: TestSet = load_testset(testset, split=config.split)
    gloss = as_glossary(glossary)
    plan = _plan(systems, shipped=shipped_systems(testset), gloss=gloss, config=config)
    translators = plan.translators
    names_all = [t.name for t in translators]
    if config.baseline is not None and config.baseline not in names_all:
        raise InputError(f"unknown baseline {config.baseline!r}; the systems are: {', '.join(names_all)}",
                         field="baseline")
    inputs: List[Any] = [ts.path, *(getattr(t, "path", None) for t in translators if isinstance(t, FileTranslator))]
    for given in (glossary, testset):
        if isinstance(given, (str, os.PathLike)):
            inputs.append(str(given))
    if out is not None:
        from .report import check_report_folder

        check_report_folder(out, force=force, inputs=inputs)

    segs = ts.segments
    ids = [s.id for s in segs]
    subsets = ["all"] + ts.subsets
    by_subset = {sub: [s.id for s in ts.select(sub)] for sub in subsets}
    scorer = TermScorer(gloss, banned_forms=config.banned_forms)
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
                         terms=[s.terms for s in covered_segs] if tr.mode != "off" else None,
                         progress=config.progress)
            throughput = run.throughput
        outputs[tr.name] = {s.id: o for s, o in zip(covered_segs, run.outputs)}
        covered = tuple(sub for sub in subsets if not any(i in missing for i in by_subset[sub]))
        miss = {sub: sum(1 for i in by_subset[sub] if i in missing) for sub in subsets}
        miss = {k: v for k, v in miss.items() if v and k != "all"}
        infos[tr.name] = SystemInfo(name=tr.name, spec=plan.specs.get(tr.name, tr.name), signature=tr.signature(),
                                    throughput=throughput, subsets=covered, missing=miss,
                                    glossary_mode=plan.modes_of.get(tr.name, "off"))
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
        results[sub] = score_subset(subset=sub, names=names, hyps=hyps, refs=refs, judgements=judg,
                                    term_signature=term_sig, baseline=config.baseline,
                                    n_bootstrap=config.n_bootstrap, seed=config.seed,
                                    metrics=check_metrics(config.metrics))
        if plan.pairs:
            d = mode_deltas(result=results[sub], pairs=plan.pairs, hyps=hyps, refs=refs, judgements=judg,
                            n_bootstrap=config.n_bootstrap, seed=config.seed)
            if d:
                deltas[sub] = d
    verdicts = {n: tuple(v for i in ids if i in judged[n] for v in judged[n][i].verdicts) for n in judged}
    result = BenchmarkResult(
        testset=ts.signature(), glossary=gloss.signature(), systems=infos, subsets=results, verdicts=verdicts,
        outputs=outputs,
        config={"split": ts.split, "testset_path": ts.path, "baseline": config.baseline,
                "n_bootstrap": config.n_bootstrap, "seed": config.seed, "banned_forms": list(scorer.banned_forms),
                "beam_size": config.beam_size, "max_length": config.max_length, "device": config.device,
                "dtype": config.dtype, "glossary_modes": list(plan.default_modes),
                "glossary_terms": "test-set annotations"},
        deltas=deltas,
    )
    if out is not None:
        from .report import write_report

        write_report(result, out, segments=segs, glossary=gloss, chart=config.chart, force=force, inputs=inputs)
    return result
