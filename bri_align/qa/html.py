"""The terminology QA report as one self-contained HTML page (layer L4).

:func:`qa_html` draws a :class:`~bri_align.qa.check.QAReport` with the segments it
was computed on: each segment that holds a glossary term shows the Chinese source
and the English translation with the source term and the rendering used marked
(``<mark class="v-VERDICT">``, coloured by verdict; the translation's span is the
one the term aligner found, :attr:`QAItem.en_start`/``en_end``), then one line per
term with its verdict, the entry, the suggestion and the glossary's reason.
Above: counts per verdict, per document and per term, and buttons that filter the
segments by verdict (a segment shows when one of its terms has that verdict).
No request leaves the page (:mod:`bri_align.text.html`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Dict, List, Optional, Sequence

from ..errors import InputError
from ..text.html import Span, escape, highlight, page
from .check import STRICT_VERDICTS, VERDICTS, QAItem, QAReport

__all__ = ["qa_html"]

_CSS = """
.seg{border:1px solid var(--line);border-radius:.5rem;padding:.5rem .8rem;margin:.6rem 0;background:var(--card)}
.seg h3{font-size:.9rem;margin:0 0 .3rem;color:var(--muted);font-weight:600}
.seg p.src,.seg p.hyp{margin:.2rem 0}
.seg p.src{font-size:1.08rem}
.seg .lab{display:inline-block;min-width:1.8rem;color:var(--muted);font-size:.8rem}
.seg ul.items{margin:.4rem 0 0;padding-left:1.2rem;font-size:.93rem}
.seg ul.items li{margin:.15rem 0}
.gate-fail{color:var(--deprecated);font-weight:700}.gate-pass{color:var(--preferred);font-weight:700}
.legend mark{margin-right:.5rem}
"""

_JS = r"""
(function(){
"use strict";
var buttons=document.querySelectorAll("button[data-verdict]"),segs=document.querySelectorAll("section.seg"),
count=document.getElementById("shown");
function apply(v){var n=0;
Array.prototype.forEach.call(segs,function(s){var any=false;
Array.prototype.forEach.call(s.querySelectorAll("li[data-verdict]"),function(li){
var ok=!v||(v==="problems"?li.getAttribute("data-problem")==="1":li.getAttribute("data-verdict")===v);
li.hidden=!ok;if(ok)any=true;});
s.hidden=!any;if(any)n++;});
count.textContent=n+" of "+segs.length+" segments shown";}
Array.prototype.forEach.call(buttons,function(b){b.addEventListener("click",function(){
Array.prototype.forEach.call(buttons,function(o){o.setAttribute("aria-pressed",o===b?"true":"false");});
apply(b.getAttribute("data-verdict"));});});
apply("");
})();
"""


def _title(i: QAItem) -> str:
    return f"{i.entry_id}: {i.verdict}" + (" (literal)" if i.literal and i.verdict == "deprecated" else "")


def _item_li(i: QAItem) -> str:
    verdict = i.verdict + (" (literal)" if i.literal and i.verdict == "deprecated" else "")
    parts = [f'<span class="badge v-{escape(i.verdict)}">{escape(verdict)}</span> ']
    if i.zh:
        parts.append(f'<span lang="zh">{escape(i.zh)}</span> ')
    parts.append(f'<span class="muted">[{escape(i.entry_id)}]</span> → ')
    parts.append("<em>nothing found</em>" if i.rendering is None else f"“{escape(i.rendering)}”")
    if i.form and i.rendering is not None and i.form.casefold() != i.rendering.casefold():
        parts.append(f' <span class="muted">(glossary form “{escape(i.form)}”, {escape(i.status or "")})</span>')
    if i.suggestion:
        parts.append(f' — <strong>suggestion:</strong> {escape(i.suggestion)}')
    elif i.problem and i.preferred:
        parts.append(f' — preferred: “{escape(i.preferred)}”')
    if i.earlier is not None:
        where = f" on line {i.earlier_line}" if i.earlier_line else ""
        parts.append(f' <span class="muted">(earlier{escape(where)}: “{escape(i.earlier)}”)</span>')
    if i.reason:
        parts.append(f'<div class="muted">{escape(i.reason)}</div>')
    return (f'<li data-verdict="{escape(i.verdict)}" data-problem="{1 if i.problem else 0}" '
            f'data-entry="{escape(i.entry_id)}">{"".join(parts)}</li>')


def _counts_table(counts: Dict[str, int]) -> str:
    rows = "".join(f'<tr><th scope="row"><span class="badge v-{v}">{v}</span></th>'
                   f'<td class="num">{counts.get(v, 0)}</td></tr>' for v in VERDICTS)
    return (f'<table class="counts" id="verdict-counts"><caption class="sr-only">terms per verdict</caption>'
            f'<thead><tr><th scope="col">verdict</th><th scope="col" class="num">terms</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>')


def _terms_table(items: Sequence[QAItem]) -> str:
    per: Dict[str, Counter] = defaultdict(Counter)
    zh: Dict[str, Counter] = defaultdict(Counter)
    pref: Dict[str, str] = {}
    for i in items:
        per[i.entry_id][i.verdict] += 1
        if i.zh:
            zh[i.entry_id][i.zh] += 1
        if i.preferred:
            pref.setdefault(i.entry_id, i.preferred)
    order = sorted(per, key=lambda e: (-sum(per[e][v] for v in STRICT_VERDICTS), -sum(per[e].values()), e))
    head = "".join(f'<th scope="col" class="num"><span class="v-{v}">{v}</span></th>' for v in VERDICTS)
    rows = []
    for e in order:
        c = per[e]
        term = zh[e].most_common(1)[0][0] if zh[e] else ""
        cells = "".join(f'<td class="num">{c.get(v, 0)}</td>' for v in VERDICTS)
        rows.append(f'<tr data-entry="{escape(e)}"><th scope="row"><span lang="zh">{escape(term)}</span> '
                    f'<span class="muted">{escape(e)}</span></th><td>{escape(pref.get(e, ""))}</td>{cells}'
                    f'<td class="num">{sum(c.values())}</td></tr>')
    return (f'<div class="scroll"><table class="terms" id="term-counts"><thead><tr><th scope="col">term</th>'
            f'<th scope="col">preferred rendering</th>{head}<th scope="col" class="num">total</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def qa_html(report: QAReport, sources: Sequence[str], hypotheses: Sequence[str], *,
            title: str = "Terminology QA", segment_ids: Optional[Sequence[str]] = None) -> str:
    """The report as one HTML page; ``sources`` and ``hypotheses`` are the segments
    :func:`~bri_align.qa.qa_check` was given (the report keeps offsets, not text)."""
    if len(sources) != report.n_segments or len(hypotheses) != report.n_segments:
        raise InputError(f"the QA report covers {report.n_segments} segments but {len(sources)} sources and "
                         f"{len(hypotheses)} translations were given; pass the segments it was computed on",
                         field="sources")
    ids = list(segment_ids) if segment_ids is not None else list(report.meta.get("segment_ids") or [])
    counts = report.counts
    by_line: Dict[int, List[QAItem]] = defaultdict(list)
    for i in report.items:
        by_line[i.line].append(i)

    meta = []
    for k in ("source", "hypothesis", "glossary"):
        if report.meta.get(k):
            meta.append(f"<li>{escape(k)}: <code>{escape(report.meta[k])}</code></li>")
    gate = ('<span class="gate-fail">FAIL</span>' if report.failed else '<span class="gate-pass">pass</span>')
    meta.append(f"<li>segments: {report.n_segments}; documents: {len(set(report.docs))}; source terms checked: "
                f"{len(report.items)}; segments with a term: {len(by_line)}</li>")
    meta.append(f"<li>strict gate (deprecated or missing terms): {gate}</li>")

    buttons = ['<button type="button" class="filter" data-verdict="" aria-pressed="true">all '
               f'<span class="muted">({len(report.items)})</span></button>',
               '<button type="button" class="filter" data-verdict="problems" aria-pressed="false">problems '
               f'<span class="muted">({len(report.problems)})</span></button>']
    buttons += [f'<button type="button" class="filter v-{v}" data-verdict="{v}" aria-pressed="false">{v} '
                f'<span class="muted">({counts[v]})</span></button>' for v in VERDICTS]

    segs = []
    for line in sorted(by_line):
        its = by_line[line]
        src, hyp = sources[line - 1], hypotheses[line - 1]
        src_spans: List[Span] = [(i.zh_start, i.zh_end, f"v-{i.verdict} src", _title(i)) for i in its
                                 if i.zh_start is not None and i.zh_end is not None]
        hyp_spans: List[Span] = [(i.en_start, i.en_end, f"v-{i.verdict} tgt", _title(i)) for i in its
                                 if i.en_start is not None and i.en_end is not None]
        doc = report.docs[line - 1] if line - 1 < len(report.docs) else "all"
        label = f"line {line}"
        if ids and line - 1 < len(ids):
            label += f" · {ids[line - 1]}"
        if doc != "all":
            label += f" · document {doc}"
        verdicts = " ".join(sorted({i.verdict for i in its}))
        segs.append(
            f'<section class="seg" id="seg-{line}" data-line="{line}" data-verdicts="{escape(verdicts)}" '
            f'aria-label="{escape(label)}"><h3>{escape(label)}</h3>'
            f'<p class="src" lang="zh"><span class="lab" lang="en">zh</span>{highlight(src, src_spans)}</p>'
            f'<p class="hyp" lang="en"><span class="lab">en</span>{highlight(hyp, hyp_spans)}</p>'
            f'<ul class="items">{"".join(_item_li(i) for i in its)}</ul></section>')

    docs = report.by_doc()
    doc_table = ""
    if len(docs) > 1:
        head = "".join(f'<th scope="col" class="num">{v}</th>' for v in VERDICTS)
        rows = "".join(f'<tr><th scope="row">{escape(d)}</th><td>{rec["first_line"]}–{rec["last_line"]}</td>'
                       + "".join(f'<td class="num">{rec["counts"][v]}</td>' for v in VERDICTS) + "</tr>"
                       for d, rec in docs.items())
        doc_table = (f'<h2>Documents</h2><div class="scroll"><table id="doc-counts"><thead><tr>'
                     f'<th scope="col">document</th><th scope="col">lines</th>{head}</tr></thead>'
                     f'<tbody>{rows}</tbody></table></div>')
    legend = " ".join(f'<mark class="v-{v}">{v}</mark>' for v in VERDICTS)
    body = f"""<header class="page"><h1>{escape(title)}</h1><ul class="muted">{"".join(meta)}</ul></header>
<main>
<h2>Verdicts</h2>
{_counts_table(counts)}
{doc_table}
<h2>Terms</h2>
{_terms_table(report.items)}
<h2>Segments</h2>
<p class="legend">Marks: {legend}. The source term and the rendering the aligner linked to it carry the
term's verdict; hover a mark for its entry.</p>
<div class="controls"><div role="group" aria-label="Filter segments by verdict">{"".join(buttons)}</div></div>
<p id="shown" role="status" aria-live="polite" class="muted">{len(by_line)} segments</p>
{"".join(segs) or "<p>No glossary term in the source.</p>"}
</main>
<footer class="page">Report written by bri_align. {escape(report.signature)}</footer>"""
    return page(title=title, body=body, css=_CSS, script=_JS)
