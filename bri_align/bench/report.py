"""Benchmark reports: JSON, Markdown leaderboard, per-term table, PNG chart (layer L5).

:func:`write_report` builds the whole folder in a temporary directory and
renames it into place (:func:`bri_align.io.atomic_directory`)::

    results.json        every number with its signature (BenchmarkResult.to_dict)
    leaderboard.md      one table per subset, throughput, signatures
    terms.md            per term and system: the rendering used and its verdict
    term_verdicts.jsonl one line per (system, source term occurrence)
    chart.png           grouped bars (matplotlib, Agg backend, imported lazily)
    report.html         all of the above on one self-contained page, SVG charts (:mod:`.html`)
    outputs/NAME.jsonl  outputs of the model systems ({"id", "en"}), reusable as file: systems
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import InputError, MissingDependencyError
from ..glossary.model import Glossary
from ..io import atomic_directory, check_output_dir
from ..text.markdown import md_cell
from .html import bench_html
from .result import DELTA_METRICS, BenchmarkResult

logger = logging.getLogger(__name__)

__all__ = ["write_report", "check_report_folder", "leaderboard_markdown",
           "glossary_modes_markdown", "terms_markdown", "write_chart",
           "COLUMNS"]

#: metric key -> (column title, digits, scale for display)
COLUMNS: Dict[str, Tuple[str, int, float]] = {
    "bleu": ("BLEU", 2, 1.0),
    "chrf": ("chrF++", 2, 1.0),
    "ter": ("TER ↓", 2, 1.0),
    "term_success_rate": ("Term success", 3, 1.0),
    "preferred_rendering_rate": ("Preferred", 3, 1.0),
    "deprecated_rendering_rate": ("Deprecated ↓", 3, 1.0),
    "term_consistency": ("Consistency", 3, 1.0),
    "wmt25_tsr_proper": ("WMT25 TSR (proper)", 3, 1.0),
    "wmt25_tsr_random": ("WMT25 TSR (random)", 3, 1.0),
    "wmt25_tsr_noterm": ("WMT25 TSR (noterm)", 3, 1.0),
}


def _cell(result: BenchmarkResult, subset: str, system: str, metric: str) -> str:
    res = result.subsets[subset]
    sc = res.systems[system]
    m = sc.metrics.get(metric)
    if m is None or m.score is None:
        return "–"
    title, digits, _ = COLUMNS.get(metric, (metric, 3, 1.0))
    text = m.format(digits)
    sig = sc.significance.get(metric)
    if sig is not None and sig.significant():
        text += " †"
    return text


def leaderboard_markdown(result: BenchmarkResult) -> str:
    """The Markdown leaderboard: one table per subset, then throughput and signatures."""
    lines: List[str] = ["# MT benchmark on policy phrasing", ""]
    lines.append(f"- Test set: `{result.testset}`")
    if result.glossary:
        lines.append(f"- Glossary: `{result.glossary}`")
    cfg = result.config
    if cfg.get("n_bootstrap"):
        lines.append(f"- Scores are followed by ± the half-width of the 95% bootstrap interval "
                     f"({cfg['n_bootstrap']} resamples); † = differs from the subset's baseline with p < 0.05 "
                     "(paired bootstrap: sacrebleu for BLEU/chrF++, bri_align for term rates, "
                     f"seed {cfg.get('seed', 12345)}).")
    lines.append("- Term rates are fractions of annotated source terms (WMT-style counts, capped per segment "
                 "and entry); ↓ = lower is better.")
    lines.append("")
    for subset, res in result.subsets.items():
        lines.append(f"## Subset `{subset}` ({res.n_segments} {'documents' if result.mode == 'wmt25' else 'segments'})")
        lines.append("")
        if not res.systems:
            lines.append("No system covers every segment of this subset.")
            lines.append("")
            continue
        lines.append(f"Baseline: `{res.baseline}`")
        lines.append("")
        metrics = [k for k in COLUMNS if any(k in s.metrics for s in res.systems.values())]
        head = ["System"] + [COLUMNS[k][0] for k in metrics] + ["sent/s", "tokens/s"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for name in res.systems:
            info = result.systems.get(name)
            thr = info.throughput if info is not None else None
            sps = f"{thr.sentences_per_s:.1f}" if thr is not None else "–"
            tps = f"{thr.tokens_per_s:.1f}" if thr is not None and thr.tokens_per_s is not None else "–"
            row = [md_cell(name)] + [_cell(result, subset, name, k) for k in metrics] + [sps, tps]
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    lines.extend(glossary_modes_markdown(result))
    missing = {n: i.missing for n, i in result.systems.items() if i.missing}
    if missing:
        lines.append("## Coverage")
        lines.append("")
        for n, m in missing.items():
            parts = ", ".join(f"{k}: {v} segments without output" for k, v in m.items())
            lines.append(f"- `{n}` is not scored on: {parts}.")
        lines.append("")
    thr_lines = [i.throughput.line(n) for n, i in result.systems.items() if i.throughput is not None]
    if thr_lines:
        lines.append("## Throughput")
        lines.append("")
        lines.extend(f"- {t}" for t in thr_lines)
        lines.append("")
    lines.append("## Signatures")
    lines.append("")
    seen: Dict[str, str] = {}
    for res in result.subsets.values():
        for sc in res.systems.values():
            for k, m in sc.metrics.items():
                seen.setdefault(k, m.signature)
    for k, sig in seen.items():
        lines.append(f"- {COLUMNS.get(k, (k,))[0]}: `{sig}`")
    for n, info in result.systems.items():
        lines.append(f"- system `{n}`: `{info.signature}`")
    lines.append("")
    return "\n".join(lines)


def _delta_cell(sig: Any, digits: int) -> str:
    if sig is None or sig.delta is None:
        return "–"
    text = f"{sig.delta:+.{digits}f}"
    if sig.p_value is not None:
        text += f" (p={sig.p_value:.3f})" + (" †" if sig.significant() else "")
    return text


def glossary_modes_markdown(result: BenchmarkResult) -> List[str]:
    """The "Glossary modes" section: each mode-on system against the same system with mode off."""
    if not any(result.deltas.values()):
        return []
    lines = ["## Glossary modes", ""]
    lines.append("Each system run with a terminology mode (force: constrained decoding; bias: soft bonus; "
                 "ban: deprecated renderings banned; prompt: glossary lines in the prompt) against the same "
                 "system with mode off, on the same segments. Δ = mode minus off; p from the paired bootstrap "
                 "(sacrebleu for BLEU/chrF++, bri_align for the term rates); † = p < 0.05.")
    lines.append("")
    for subset, ds in result.deltas.items():
        if not ds:
            continue
        n = result.subsets[subset].n_segments if subset in result.subsets else 0
        lines.append(f"### Subset `{subset}` ({n} segments)")
        lines.append("")
        head = ["System", "Mode", "Compared with"]
        for m in DELTA_METRICS:
            title = COLUMNS.get(m, (m,))[0]
            head += [title, f"Δ {title}"]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "|".join(["---"] * 3 + ["---:"] * (len(head) - 3)) + "|")
        for name, dl in ds.items():
            row = [md_cell(name), dl.mode, md_cell(dl.base)]
            for m in DELTA_METRICS:
                digits = COLUMNS.get(m, (m, 3, 1.0))[1]
                sig = dl.metrics.get(m)
                row.append("–" if sig is None or sig.score is None else f"{sig.score:.{digits}f}")
                row.append(_delta_cell(sig, digits))
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    return lines


def terms_markdown(result: BenchmarkResult, *, glossary: Optional[Glossary] = None) -> str:
    """Per term and system: how often it was rendered acceptably, and the rendering used most.

    ``glossary`` (the one the run was scored with; None: no preferred-rendering column text)
    is internal to a report, so it is a :class:`Glossary`, not a path."""
    systems, rows = result.term_rows(glossary)
    lines = ["# Term renderings per system", ""]
    if not systems:
        lines.append("No term verdicts (no glossary or annotations).")
        return "\n".join(lines) + "\n"
    lines.append("Each cell: accepted renderings / source occurrences the system was scored on, then the "
                 "rendering used most often and its verdict (preferred, admitted, deprecated, superseded, "
                 "missing). A dash: the system has no output for segments with this term.")
    lines.append("")
    head = ["Term", "Chinese", "Preferred rendering"] + [md_cell(n) for n in systems]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "|".join(["---"] * len(head)) + "|")
    for row in rows:
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append("–")
                continue
            ok, n, form, verdict = cell
            shown = f'"{form}"' if form else "(none found)"
            cells.append(f"{ok}/{n}: {md_cell(shown)} {verdict}")
        lines.append("| " + " | ".join([f"`{row.entry_id}`", md_cell(row.zh), md_cell(row.preferred)] + cells) + " |")
    lines.append("")
    return "\n".join(lines)


def write_chart(result: BenchmarkResult, path: Path) -> Optional[Path]:
    """Grouped bar chart per subset (English labels only: no CJK font is assumed)."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=True)
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingDependencyError("matplotlib", "bench", "the benchmark chart") from None
    subsets = [s for s, r in result.subsets.items() if r.systems]
    if not subsets:
        return None
    keys = [("bleu", "BLEU", 1.0), ("chrf", "chrF++", 1.0), ("term_success_rate", "Term success %", 100.0),
            ("preferred_rendering_rate", "Preferred %", 100.0), ("deprecated_rendering_rate", "Deprecated %", 100.0),
            ("wmt25_tsr_proper", "WMT25 TSR proper %", 100.0), ("wmt25_tsr_random", "WMT25 TSR random %", 100.0)]
    fig, axes = plt.subplots(len(subsets), 1, figsize=(9, 3.4 * len(subsets)), squeeze=False)
    for ax, subset in zip(axes[:, 0], subsets):
        res = result.subsets[subset]
        present = [(k, lab, sc) for k, lab, sc in keys if any(k in s.metrics for s in res.systems.values())]
        names = list(res.systems)
        width = 0.8 / max(1, len(names))
        for j, n in enumerate(names):
            vals = []
            for k, _, scale in present:
                m = res.systems[n].metrics.get(k)
                vals.append(0.0 if m is None or m.score is None else m.score * scale)
            xs = [i + (j - (len(names) - 1) / 2) * width for i in range(len(present))]
            ax.bar(xs, vals, width=width, label=n)
        ax.set_xticks(list(range(len(present))))
        ax.set_xticklabels([lab for _, lab, _ in present])
        ax.set_ylim(0, 100)
        ax.set_title(f"subset: {subset} ({res.n_segments})")
        ax.legend(fontsize="small", loc="upper right")
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def check_report_folder(out: Any, *, force: bool = False, inputs: Sequence[Any] = ()) -> Path:
    """Check a report folder before the (possibly long) run that fills it, with the same
    one-line errors :func:`write_report` would give at the end: ``.``, ``..``, ``/``, the
    current folder or one above it, a file, a folder holding an input, and (without
    ``force``) a folder holding files bri_align did not write."""
    if not isinstance(out, (str, Path)) or not str(out).strip():
        raise InputError(f"the report folder must be a path, got {out!r}", field="out")
    return check_output_dir(out, inputs=[i for i in inputs if i], what="report folder", force=force)


def write_report(result: BenchmarkResult, out: Any, *, segments: Optional[Sequence[Any]] = None,
                 glossary: Optional[Glossary] = None, chart: bool = True, force: bool = False,
                 inputs: Sequence[Any] = ()) -> Path:
    """Write the report folder atomically; returns its path.

    An existing folder that holds files bri_align did not write is refused unless
    ``force``; even then only files bri_align wrote there are replaced.  A folder that
    is or holds one of ``inputs`` is refused (see :func:`bri_align.io.atomic_directory`).
    """
    from .._version import __version__

    final = check_report_folder(out, force=True, inputs=inputs)
    with atomic_directory(final, force=force, inputs=[i for i in inputs if i], what="report folder") as tmp:
        data = result.to_dict(with_verdicts=False)
        data["bri_align"] = __version__
        (tmp / "results.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (tmp / "leaderboard.md").write_text(leaderboard_markdown(result), encoding="utf-8")
        if result.verdicts:
            (tmp / "terms.md").write_text(terms_markdown(result, glossary=glossary), encoding="utf-8")
            with (tmp / "term_verdicts.jsonl").open("w", encoding="utf-8") as fh:
                for n, vs in result.verdicts.items():
                    for v in vs:
                        fh.write(json.dumps({"system": n, **v.to_dict()}, ensure_ascii=False) + "\n")
        (tmp / "report.html").write_text(bench_html(result, columns=COLUMNS, glossary=glossary), encoding="utf-8")
        model_systems = [n for n, i in result.systems.items() if i.throughput is not None]
        if model_systems:
            (tmp / "outputs").mkdir()
            for n in model_systems:
                with (tmp / "outputs" / f"{_safe(n)}.jsonl").open("w", encoding="utf-8") as fh:
                    for sid, en in result.outputs.get(n, {}).items():
                        fh.write(json.dumps({"id": sid, "en": en}, ensure_ascii=False) + "\n")
        if chart:
            try:
                write_chart(result, tmp / "chart.png")
            except MissingDependencyError as exc:  # the chart is optional: the report stands without it
                logger.warning("chart.png skipped: %s", exc)
    return Path(out)


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "system"
