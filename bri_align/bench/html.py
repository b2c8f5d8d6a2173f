"""The benchmark report as one self-contained HTML page, ``report.html`` (layer L5).

:func:`bench_html` draws a :class:`~bri_align.bench.result.BenchmarkResult`: per
subset the leaderboard (score ± half-width of the 95% bootstrap interval, ``†``
where the paired test against the baseline gives p < 0.05) and one bar chart per
metric, drawn here as inline SVG (no chart library, no script): a bar per system,
the interval as a whisker, the value written beside every bar, a zero included
(a bar of length zero still gets its label ``0.000``, so a zero never looks like
a missing value; a system without a score says ``n/a``).  Metrics where lower is
better (TER, the deprecated-rendering rate) say so in their titles.  Then the
glossary-mode comparisons, the per-term table (accepted renderings / occurrences
and the rendering used most) and the signatures.
"""

from __future__ import annotations

import math
from typing import Dict, Mapping, Optional, Sequence, Tuple

from ..glossary.model import Glossary
from ..text.html import escape, page
from .result import DELTA_METRICS, BenchmarkResult

__all__ = ["bench_html", "svg_bar_chart", "LOWER_IS_BETTER"]

#: Metrics where a lower score is better.
LOWER_IS_BETTER = frozenset({"ter", "deprecated_rendering_rate"})

#: Full chart titles (the leaderboard's column titles are short).
Columns = Mapping[str, Tuple[str, int, float]]  # metric -> (column title, digits, scale)

_TITLES = {
    "bleu": "BLEU", "chrf": "chrF++", "ter": "TER", "term_success_rate": "Term success rate",
    "preferred_rendering_rate": "Preferred-rendering rate", "deprecated_rendering_rate": "Deprecated-rendering rate",
    "term_consistency": "Term consistency", "wmt25_tsr_proper": "WMT25 term success (proper glossary)",
    "wmt25_tsr_random": "WMT25 term success (random glossary)", "wmt25_tsr_noterm": "WMT25 term success (no glossary)",
}

_CSS = """
.chart{margin:.5rem 0 1.2rem;max-width:46rem}
.chart svg{width:100%;height:auto;display:block}
.chart figcaption{font-weight:600;margin-bottom:.2rem}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
svg .bar{fill:var(--admitted)}svg .bar.base{fill:var(--muted)}
svg .ci{stroke:var(--fg);stroke-width:1.5}
svg .axis{stroke:var(--line)}svg .zero-tick{stroke:var(--fg);stroke-width:2}
svg text.na{fill:var(--muted);font-style:italic}
svg text.sig{font-weight:700}
.lower{color:var(--deprecated);font-weight:600}
td .ci{color:var(--muted);font-size:.85em}
"""


def _fmt(x: Optional[float], digits: int) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def svg_bar_chart(*, metric: str, rows: Sequence[Tuple[str, Optional[float], Optional[Tuple[float, float]], bool,
                                                       bool]],
                  digits: int, scale_max: float, title: str) -> str:
    """One horizontal bar chart as an inline ``<svg>`` (role ``img``, titled).

    ``rows``: ``(system, score, (ci_low, ci_high) or None, significant, baseline)``.
    Every row gets a text label: the score with ``digits`` (``0.000`` for a zero,
    with a tick at the axis), ``n/a`` without a score; ``†`` marks significance."""
    label_w, bar_w, value_w, row_h, top = 170, 360, 150, 24, 8
    width = label_w + bar_w + value_w
    height = top + row_h * len(rows) + 22
    # the axis runs to the metric's usual maximum (1 for rates, 100 for BLEU/chrF++/TER); only a
    # score beyond it (TER can pass 100) extends the axis, in quarter steps; whiskers are clipped
    hi = scale_max
    top_score = max([s for _, s, _, _, _ in rows if s is not None], default=0.0)
    if top_score > hi:
        step = scale_max / 4
        hi = step * math.ceil(top_score / step)

    def x(v: float) -> float:
        return label_w + max(0.0, min(v, hi)) / hi * bar_w

    out = [f'<svg viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}" data-metric="{escape(metric)}"><title>{escape(title)}</title>']
    out.append(f'<line class="axis" x1="{label_w}" y1="{top - 4}" x2="{label_w}" y2="{height - 18}"/>')
    for k in range(5):
        v = hi * k / 4
        xx = x(v)
        out.append(f'<line class="axis" x1="{xx:.1f}" y1="{height - 18}" x2="{xx:.1f}" y2="{height - 14}"/>'
                   f'<text x="{xx:.1f}" y="{height - 3}" text-anchor="middle">{_fmt(v, 2 if scale_max <= 1 else 0)}'
                   f'</text>')
    for n, (name, score, ci, sig, base) in enumerate(rows):
        y = top + n * row_h
        short = name if len(name) <= 24 else name[:23] + "…"
        out.append(f'<g class="row" data-system="{escape(name)}"><text x="{label_w - 6}" y="{y + 16}" '
                   f'text-anchor="end">{escape(short)}{" (baseline)" if base else ""}</text>')
        if score is None:
            out.append(f'<text class="value na" x="{label_w + 6}" y="{y + 16}">n/a</text></g>')
            continue
        x1 = x(score)
        out.append(f'<rect class="bar{" base" if base else ""}" x="{label_w}" y="{y + 4}" '
                   f'width="{x1 - label_w:.1f}" height="{row_h - 8}"><title>{escape(name)}: '
                   f'{_fmt(score, digits)}</title></rect>')
        if score == 0:
            out.append(f'<line class="zero-tick" x1="{label_w}" y1="{y + 3}" x2="{label_w}" y2="{y + row_h - 3}"/>')
        end = x1
        if ci is not None:
            lo, up = x(ci[0]), x(ci[1])
            cy = y + row_h / 2
            out.append(f'<path class="ci" d="M{lo:.1f} {cy - 5}v10M{lo:.1f} {cy}H{up:.1f}M{up:.1f} {cy - 5}v10"/>')
            end = max(end, up)
        text = _fmt(score, digits)
        if ci is not None:
            text += f" ± {(ci[1] - ci[0]) / 2:.{digits}f}"
        cls = "value zero" if score == 0 else "value"
        out.append(f'<text class="{cls}" x="{end + 6:.1f}" y="{y + 16}">{escape(text)}</text>')
        if sig:
            out.append(f'<text class="sig" x="{width - 10}" y="{y + 16}" text-anchor="end">†</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _leaderboard(result: BenchmarkResult, subset: str, columns: Columns) -> Tuple[str, str]:
    res = result.subsets[subset]
    metrics = [k for k in columns if any(k in s.metrics for s in res.systems.values())]
    head = "".join(f'<th scope="col" class="num">{escape(columns[k][0])}'
                   + ('<span class="sr-only"> (lower is better)</span>' if k in LOWER_IS_BETTER else "") + "</th>"
                   for k in metrics)
    rows = []
    for name, sc in res.systems.items():
        cells = []
        for k in metrics:
            m = sc.metrics.get(k)
            digits = columns[k][1]
            if m is None or m.score is None:
                cells.append('<td class="num">n/a</td>')
                continue
            text = f"{m.score:.{digits}f}"
            if m.ci_half_width is not None:
                text += f' <span class="ci">± {m.ci_half_width:.{digits}f}</span>'
            sig = sc.significance.get(k)
            if sig is not None and sig.significant():
                text += f' <span class="sig" title="p = {sig.p_value:.3f} against {escape(sig.baseline)}">†</span>'
            cells.append(f'<td class="num" data-metric="{k}">{text}</td>')
        info = result.systems.get(name)
        thr = info.throughput if info is not None else None
        sps = f"{thr.sentences_per_s:.1f}" if thr is not None else "–"
        base = " <span class='muted'>(baseline)</span>" if name == res.baseline else ""
        rows.append(f'<tr data-system="{escape(name)}"><th scope="row">{escape(name)}{base}</th>{"".join(cells)}'
                    f'<td class="num">{sps}</td></tr>')
    table = (f'<div class="scroll"><table class="leaderboard" data-subset="{escape(subset)}"><thead><tr>'
             f'<th scope="col">System</th>{head}<th scope="col" class="num">sent/s</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table></div>')
    charts = []
    for k in metrics:
        digits = columns[k][1]
        chart_rows = []
        for name, sc in res.systems.items():
            m = sc.metrics.get(k)
            sig = sc.significance.get(k)
            chart_rows.append((name, None if m is None else m.score, None if m is None else m.ci,
                               bool(sig is not None and sig.significant()), name == res.baseline))
        title = _TITLES.get(k, k) + (" (lower is better)" if k in LOWER_IS_BETTER else "")
        scale = 1.0 if k.endswith("rate") or k.startswith("wmt25") or k == "term_consistency" else 100.0
        svg = svg_bar_chart(metric=k, rows=chart_rows, digits=digits, scale_max=scale, title=title)
        lower = ' <span class="lower">lower is better</span>' if k in LOWER_IS_BETTER else ""
        charts.append(f'<figure class="chart" data-metric="{k}"><figcaption>{escape(_TITLES.get(k, k))}{lower}'
                      f'</figcaption>{svg}</figure>')
    return table, "".join(charts)


def _deltas(result: BenchmarkResult, columns: Columns) -> str:
    if not any(result.deltas.values()):
        return ""
    parts = ['<h2>Glossary modes</h2><p>Each system run with a terminology mode against the same system with '
             'mode off, on the same segments. Δ = mode minus off; † = p &lt; 0.05 (paired bootstrap).</p>']
    for subset, ds in result.deltas.items():
        if not ds:
            continue
        head = "".join(f'<th scope="col" class="num">{escape(columns.get(m, (m,))[0])}</th>'
                       f'<th scope="col" class="num">Δ</th>' for m in DELTA_METRICS)
        rows = []
        for name, dl in ds.items():
            cells = []
            for m in DELTA_METRICS:
                digits = columns.get(m, (m, 3, 1.0))[1]
                sig = dl.metrics.get(m)
                cells.append(f'<td class="num">{_fmt(None if sig is None else sig.score, digits)}</td>')
                if sig is None or sig.delta is None:
                    cells.append('<td class="num">–</td>')
                else:
                    mark = " †" if sig.significant() else ""
                    p = f" (p={sig.p_value:.3f})" if sig.p_value is not None else ""
                    cells.append(f'<td class="num">{sig.delta:+.{digits}f}{p}{mark}</td>')
            rows.append(f'<tr><th scope="row">{escape(name)}</th><td>{escape(dl.mode)}</td><td>{escape(dl.base)}'
                        f'</td>{"".join(cells)}</tr>')
        parts.append(f'<h3>Subset <code>{escape(subset)}</code></h3><div class="scroll"><table class="deltas">'
                     f'<thead><tr><th scope="col">System</th><th scope="col">Mode</th><th scope="col">Compared with'
                     f'</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    return "".join(parts)


def _terms(result: BenchmarkResult, glossary: Optional[Glossary]) -> str:
    systems, term_rows = result.term_rows(glossary)
    if not systems:
        return "<h2>Terms</h2><p>No term verdicts (no glossary or annotations).</p>"
    head = "".join(f'<th scope="col">{escape(n)}</th>' for n in systems)
    rows = []
    for row in term_rows:
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append('<td class="muted">–</td>')
                continue
            ok, n, form, verdict = cell
            shown = f"“{escape(form)}”" if form else "<em>none found</em>"
            cells.append(f'<td data-verdict="{escape(verdict)}"><span class="num">{ok}/{n}</span> {shown} '
                         f'<span class="badge v-{escape(verdict)} s-{escape(verdict)}">{escape(verdict)}</span></td>')
        rows.append(f'<tr data-entry="{escape(row.entry_id)}"><th scope="row"><span lang="zh">{escape(row.zh)}</span> '
                    f'<span class="muted">{escape(row.entry_id)}</span></th><td>{escape(row.preferred)}</td>'
                    f'{"".join(cells)}</tr>')
    return ('<h2>Terms</h2><p>Each cell: accepted renderings / source occurrences the system was scored on, the '
            'rendering used most often and its verdict; a dash: no output for segments with this term.</p>'
            f'<div class="scroll"><table class="terms" id="terms"><thead><tr><th scope="col">Term</th>'
            f'<th scope="col">Preferred rendering</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            '</div>')


def bench_html(result: BenchmarkResult, *, columns: Columns, glossary: Optional[Glossary] = None,
               title: str = "MT benchmark on policy phrasing") -> str:
    """The benchmark report as one HTML page (see the module docstring).

    ``columns``: the leaderboard's metrics in order, as
    :data:`bri_align.bench.report.COLUMNS` (passed in: the report module imports this one)."""
    cfg = result.config
    notes = [f"<li>Test set: <code>{escape(result.testset)}</code></li>"]
    if result.glossary:
        notes.append(f"<li>Glossary: <code>{escape(result.glossary)}</code></li>")
    if cfg.get("n_bootstrap"):
        notes.append(f"<li>Scores ± the half-width of the 95% bootstrap interval ({escape(cfg['n_bootstrap'])} "
                     "resamples), drawn as whiskers; † = differs from the subset's baseline with p &lt; 0.05 "
                     f"(paired bootstrap, seed {escape(cfg.get('seed', 12345))}).</li>")
    notes.append('<li>Term rates are fractions of annotated source terms; <span class="lower">lower is better'
                 '</span> for TER and the deprecated-rendering rate, higher for the rest. A zero is written '
                 '<code>0.000</code>; <code>n/a</code> means no score.</li>')
    sections = []
    nav = []
    for subset, res in result.subsets.items():
        unit = "documents" if result.mode == "wmt25" else "segments"
        anchor = f"subset-{''.join(c if c.isalnum() else '-' for c in subset)}"
        nav.append(f'<li><a href="#{escape(anchor)}">{escape(subset)}</a></li>')
        head = f'<h2 id="{escape(anchor)}">Subset <code>{escape(subset)}</code> ({res.n_segments} {unit})</h2>'
        if not res.systems:
            sections.append(f'<section>{head}<p>No system covers every segment of this subset.</p></section>')
            continue
        table, charts = _leaderboard(result, subset, columns)
        sections.append(f'<section class="subset" data-subset="{escape(subset)}">{head}'
                        f'<p>Baseline: <code>{escape(res.baseline or "")}</code></p>{table}{charts}</section>')
    sigs: Dict[str, str] = {}
    for res in result.subsets.values():
        for sc in res.systems.values():
            for k, m in sc.metrics.items():
                sigs.setdefault(k, m.signature)
    sig_items = "".join(f"<li>{escape(columns.get(k, (k,))[0])}: <code>{escape(s)}</code></li>"
                        for k, s in sigs.items())
    sig_items += "".join(f"<li>system <code>{escape(n)}</code>: <code>{escape(i.signature)}</code></li>"
                         for n, i in result.systems.items())
    body = f"""<header class="page"><h1>{escape(title)}</h1><ul>{"".join(notes)}</ul>
<nav aria-label="Subsets"><ul>{"".join(nav)}</ul></nav></header>
<main>
{"".join(sections)}
{_deltas(result, columns)}
{_terms(result, glossary)}
<h2>Signatures</h2><ul class="muted">{sig_items}</ul>
</main>
<footer class="page">Report written by bri_align; every number is in results.json beside this page.</footer>"""
    return page(title=title, body=body, css=_CSS)
