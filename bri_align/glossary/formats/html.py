"""The glossary as one browsable HTML page for translators (layer L2, export only).

:func:`dump_html` writes a single self-contained file (no request leaves it: see
:mod:`bri_align.text.html`): the entries as JSON in a ``<script
type="application/json">`` element, drawn by an inline script into a list with

- instant search over the Chinese term and its variants (simplified, the
  traditional forms the termbase lists and OpenCC's ``s2t`` conversion), pinyin
  with or without tone marks (``dàxiěyì``, ``da xie yi``, ``da4 xie3 yi4``) and
  every English rendering, whatever its status;
- filters by category and by status (an entry shows when one of its renderings
  has that status), each rendering with a status badge, its reason, validity
  dates, source and evidence (authority, kind, date, quote, link);
- with ``occurrences`` (the glossary build passes its seed occurrence rows) the
  sentences of the seed documents where each entry occurs, the form highlighted;
- keyboard use (``/`` focuses the search box, Escape clears it, native controls in
  tab order, labelled, the result count announced politely) and a layout that
  reflows on a phone.

Pinyin the termbase does not give is written by pypinyin (tone marks), labelled as
generated.  Everything on the page comes from the glossary; the page's own words
are the project's.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from ...text.html import escape, page, safe_url
from ..entry import Category, Status, TermEntry
from ..model import Glossary

__all__ = ["dump_html", "entry_record", "search_key", "fold"]


def fold(text: str) -> str:
    """Lower case without diacritics (``Dàxiěyì`` -> ``daxieyi``; ``ü`` -> ``u``): the
    form both the page's search keys and the typed query are compared in."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _pinyin(zh: str) -> str:
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # a core dependency; without it the page simply has no generated pinyin
        return ""
    return " ".join(p for p in lazy_pinyin(zh, style=Style.TONE) if p.strip())


@functools.lru_cache(maxsize=1)
def _s2t() -> Any:
    try:
        import opencc
    except ImportError:  # a core dependency; without it traditional forms come from the termbase only
        return None
    return opencc.OpenCC("s2t")


def _traditional(forms: Iterable[str]) -> List[str]:
    conv = _s2t()
    return [] if conv is None else [conv.convert(f) for f in forms]


def search_key(entry: TermEntry, pinyin: str) -> str:
    """What the search box is matched against, folded (:func:`fold`): the Chinese forms
    and their traditional conversion, the pinyin spaced and unspaced, every rendering."""
    forms = list(entry.zh_forms)
    zh = forms + [t for t in _traditional(forms) if t not in forms]
    py = fold(pinyin)
    parts = zh + [py, "".join(py.split())] + [fold(r.en) for r in entry.renderings]
    return "\n".join(p for p in parts if p)


def _evidence(r: Any) -> List[Dict[str, str]]:
    out = []
    for ev in r.evidence:
        out.append({"authority": ev.authority, "kind": ev.kind, "date": ev.date or "",
                    "url": safe_url(ev.url) or "", "quote": ev.quote or ""})
    return out


def _occurrences(rows: Sequence[Mapping[str, Any]], limit: int) -> Dict[str, List[Dict[str, Any]]]:
    by_entry: Dict[str, List[Dict[str, Any]]] = {}
    for row in rows:
        eid = str(row.get("entry_id", ""))
        context = str(row.get("context", "") or "")
        text = str(row.get("text", "") or "")
        if not eid or not context:
            continue
        lst = by_entry.setdefault(eid, [])
        if len(lst) >= limit:
            continue
        start = context.find(text) if text else -1
        status = row.get("status", "")
        lst.append({"file": str(row.get("file", "")), "line": int(row.get("line", 0) or 0),
                    "lang": str(row.get("lang", "")), "context": context,
                    "start": start, "end": start + len(text) if start >= 0 else -1,
                    "status": str(getattr(status, "value", status) or ""),
                    "flagged": bool(row.get("flagged", False))})
    return by_entry


def entry_record(entry: TermEntry, *, occurrences: Sequence[Mapping[str, Any]] = ()) -> Dict[str, Any]:
    """The JSON object the page draws one entry from."""
    pinyin = entry.pinyin
    generated = False
    if not pinyin:
        pinyin = _pinyin(entry.zh)
        generated = bool(pinyin)
    renderings = []
    for r in entry.renderings:
        rec: Dict[str, Any] = {"en": r.en, "status": r.status.value}
        if r.reason:
            rec["reason"] = r.reason
        if r.literal:
            rec["literal"] = True
        valid_until = r.valid_until
        if r.valid_from:
            rec["valid_from"] = r.valid_from
        if valid_until:
            rec["valid_until"] = valid_until
        if r.source is not None:
            rec["source"] = {"authority": r.source.authority, "citation": r.source.citation,
                             "url": safe_url(r.source.url) or ""}
        if r.note:
            rec["note"] = r.note
        ev = _evidence(r)
        if ev:
            rec["evidence"] = ev
        renderings.append(rec)
    d: Dict[str, Any] = {
        "id": entry.id, "zh": entry.zh, "variants": [v for v in entry.zh_variants if v != entry.zh],
        "pinyin": pinyin, "pinyin_generated": generated, "category": entry.category.value,
        "definition": entry.definition, "note": entry.note, "verified": entry.verified,
        "sources": [{"authority": s.authority, "citation": s.citation, "url": safe_url(s.url) or ""}
                    for s in entry.sources],
        "renderings": renderings,
        "key": search_key(entry, pinyin),
    }
    if occurrences:
        d["occurrences"] = list(occurrences)
    return d


_CSS = """
.entry{border:1px solid var(--line);border-radius:.5rem;padding:.6rem .9rem;margin:.6rem 0;background:var(--card)}
.entry h2{font-size:1.35rem;margin:0;display:flex;flex-wrap:wrap;gap:.2rem .75rem;align-items:baseline}
.entry h2 .py{font-size:1rem;font-weight:400;color:var(--muted)}
.entry .meta{font-size:.85rem;color:var(--muted);margin:.1rem 0 .4rem}
.entry ul.renderings{list-style:none;padding:0;margin:.3rem 0}
.entry ul.renderings>li{margin:.25rem 0}
.entry .en{font-weight:600}
.entry .status-deprecated .en,.entry .status-superseded .en{text-decoration:line-through;font-weight:400}
.entry ul.evidence{margin:.2rem 0 .2rem 1.2rem;padding:0;font-size:.9rem}
.entry .def{margin:.3rem 0}
.entry details{margin-top:.3rem;font-size:.92rem}
.entry details li{margin:.2rem 0}
#empty{padding:1rem 0}
"""

_JS = r"""
(function(){
"use strict";
var data=JSON.parse(document.getElementById("glossary-data").textContent);
var entries=data.entries;
var q=document.getElementById("q"),cat=document.getElementById("category"),
list=document.getElementById("entries"),count=document.getElementById("count"),
empty=document.getElementById("empty"),statusButtons=document.querySelectorAll("button[data-status]");
var status="";
function fold(s){return s.normalize("NFD").replace(/[\u0300-\u036f]/g,"").toLowerCase();}
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;
if(text!==undefined&&text!==null)e.textContent=text;return e;}
function a(url,text){var l=el("a",null,text);l.href=url;l.rel="noopener noreferrer external";return l;}
function badge(s){var b=el("span","badge s-"+s,s);return b;}
function dates(r){var p=[];if(r.valid_from)p.push("from "+r.valid_from);
if(r.valid_until)p.push("until "+r.valid_until);return p.join(" ");}
function marked(text,start,end,lang){var s=el("span");if(lang)s.lang=lang;
if(start>=0&&end>start){s.appendChild(document.createTextNode(text.slice(0,start)));
s.appendChild(el("mark","occ",text.slice(start,end)));s.appendChild(document.createTextNode(text.slice(end)));}
else s.textContent=text;return s;}
function draw(e){
var art=el("article","entry");art.id="entry-"+e.id;art.setAttribute("aria-labelledby","h-"+e.id);
var h=el("h2");h.id="h-"+e.id;var zh=el("span","zh",e.zh);zh.lang="zh-Hans";h.appendChild(zh);
if(e.pinyin){var py=el("span","py",e.pinyin);py.lang="zh-Latn-pinyin";
if(e.pinyin_generated)py.title="pinyin generated by pypinyin";h.appendChild(py);}
art.appendChild(h);
var meta=el("div","meta");meta.appendChild(document.createTextNode(e.category+" \u00b7 "+e.id));
if(e.variants.length){meta.appendChild(document.createTextNode(" \u00b7 also "));
var v=el("span",null,e.variants.join(", "));v.lang="zh";meta.appendChild(v);}
if(!e.verified)meta.appendChild(document.createTextNode(" \u00b7 not verified"));
art.appendChild(meta);
var ul=el("ul","renderings");
e.renderings.forEach(function(r){
var li=el("li","status-"+r.status);li.appendChild(badge(r.status));li.appendChild(document.createTextNode(" "));
var en=el("span","en",r.en);en.lang="en";li.appendChild(en);
if(r.literal)li.appendChild(el("span","muted"," (literal)"));
var d=dates(r);if(d)li.appendChild(el("span","muted"," \u2014 "+d));
if(r.reason)li.appendChild(el("div","muted",r.reason));
if(r.note)li.appendChild(el("div","muted",r.note));
if(r.source){var s=el("div","muted");s.appendChild(document.createTextNode("source: "+r.source.authority+
(r.source.citation?", "+r.source.citation:"")+" "));if(r.source.url)s.appendChild(a(r.source.url,"link"));
li.appendChild(s);}
if(r.evidence&&r.evidence.length){var eu=el("ul","evidence");eu.setAttribute("aria-label","evidence for "+r.en);
r.evidence.forEach(function(ev){var i=el("li","evidence");
i.appendChild(el("span","authority",ev.authority));
if(ev.kind)i.appendChild(el("span","muted"," ("+ev.kind+")"));
if(ev.date)i.appendChild(document.createTextNode(", "+ev.date));
if(ev.quote){i.appendChild(document.createTextNode(": "));i.appendChild(el("q",null,ev.quote));}
if(ev.url){i.appendChild(document.createTextNode(" "));i.appendChild(a(ev.url,"source page"));}
eu.appendChild(i);});li.appendChild(eu);}
ul.appendChild(li);});
art.appendChild(ul);
if(e.definition)art.appendChild(el("p","def",e.definition));
if(e.note)art.appendChild(el("p","muted",e.note));
if(e.occurrences&&e.occurrences.length){var det=el("details","occ");
det.appendChild(el("summary",null,e.occurrences.length+" occurrence"+(e.occurrences.length>1?"s":"")+
" in the seed documents"));var ol=el("ul");
e.occurrences.forEach(function(o){var li=el("li");
li.appendChild(el("span","muted",o.file+":"+o.line+" "));
li.appendChild(marked(o.context,o.start,o.end,o.lang));
if(o.status)li.appendChild(document.createTextNode(" "));if(o.status)li.appendChild(badge(o.status));
ol.appendChild(li);});det.appendChild(ol);art.appendChild(det);}
return art;}
var nodes=entries.map(function(e){var n=draw(e);list.appendChild(n);return n;});
function statuses(e){return e.renderings.map(function(r){return r.status;});}
function apply(){
var raw=fold(q.value).trim(),needles=[];
if(raw){needles.push(raw);var compact=raw.replace(/\s+/g,"");if(compact!==raw)needles.push(compact);
var toneless=compact.replace(/([a-z])[1-5]/g,"$1");if(toneless!==compact)needles.push(toneless);}
var c=cat.value,shown=0;
entries.forEach(function(e,i){
var ok=(!c||e.category===c)&&(!status||statuses(e).indexOf(status)>=0);
if(ok&&needles.length){ok=needles.some(function(n){return e.key.indexOf(n)>=0;});}
nodes[i].hidden=!ok;if(ok)shown++;});
count.textContent=shown+" of "+entries.length+" entries";
empty.hidden=shown>0;}
q.addEventListener("input",apply);cat.addEventListener("change",apply);
Array.prototype.forEach.call(statusButtons,function(b){b.addEventListener("click",function(){
status=b.getAttribute("data-status");Array.prototype.forEach.call(statusButtons,function(o){
o.setAttribute("aria-pressed",o===b?"true":"false");});apply();});});
q.addEventListener("keydown",function(ev){if(ev.key==="Escape"){q.value="";apply();}});
document.addEventListener("keydown",function(ev){
if(ev.key!=="/"||ev.ctrlKey||ev.metaKey||ev.altKey)return;var t=ev.target;
if(t&&(t.tagName==="INPUT"||t.tagName==="TEXTAREA"||t.tagName==="SELECT"||t.isContentEditable))return;
ev.preventDefault();q.focus();q.select();});
document.getElementById("controls").addEventListener("submit",function(ev){ev.preventDefault();});
apply();
})();
"""


def dump_html(glossary: Glossary, *, occurrences: Sequence[Mapping[str, Any]] = (), title: Optional[str] = None,
              max_occurrences: int = 20) -> str:
    """The glossary as one self-contained HTML page (see the module docstring).

    ``occurrences``: seed occurrence rows (the ``occurrences`` configuration of the
    glossary build: ``entry_id``, ``context``, ``text``, ``file``, ``line``, ``lang``,
    ``status``); at most ``max_occurrences`` per entry are shown."""
    occ = _occurrences(occurrences, max_occurrences) if occurrences else {}
    records = [entry_record(e, occurrences=occ.get(e.id, ())) for e in glossary]
    title = title or f"{glossary.name}: glossary"
    cats = sorted({e.category.value for e in glossary}, key=[c.value for c in Category].index)
    counts = {s.value: sum(1 for e in glossary if any(r.status is s for r in e.renderings)) for s in Status}
    options = "".join(f'<option value="{escape(c)}">{escape(c)}</option>' for c in cats)
    buttons = ['<button type="button" class="filter" data-status="" aria-pressed="true">all</button>']
    buttons += [f'<button type="button" class="filter s-{escape(s)}" data-status="{escape(s)}" '
                f'aria-pressed="false">{escape(s)} <span class="muted">({n})</span></button>'
                for s, n in counts.items() if n]
    n_occ = sum(len(v) for v in occ.values())
    body = f"""<header class="page">
<h1>{escape(title)}</h1>
<p class="muted">{len(records)} entries{f", {n_occ} seed occurrences" if n_occ else ""}. Search Chinese
(simplified or traditional), pinyin (tone marks optional) or English; press <kbd>/</kbd> to search,
<kbd>Esc</kbd> to clear. Generated by bri_align from the termbase: the evidence links are the termbase's,
the rest of the page's wording is the project's.</p>
</header>
<main>
<form class="controls" role="search" id="controls">
<label for="q">Search<input type="search" id="q" name="q" autocomplete="off" spellcheck="false"
placeholder="大写意 · da xie yi · brushwork" aria-describedby="count" aria-controls="entries"></label>
<label for="category">Category<select id="category" aria-controls="entries"><option value="">all categories</option>
{options}</select></label>
<div role="group" aria-label="Status filter">{"".join(buttons)}</div>
</form>
<p id="count" role="status" aria-live="polite" class="muted">{len(records)} entries</p>
<p id="empty" class="muted" hidden>No entry matches.</p>
<div id="entries"></div>
<noscript><p>This page draws the glossary with JavaScript; the same data is in the JSON and TBX exports.</p></noscript>
</main>
<footer class="page">{escape(glossary.signature())}</footer>"""
    data = {"name": glossary.name, "signature": glossary.signature(), "entries": records}
    return page(title=title, body=body, css=_CSS, script=_JS, data=[("glossary-data", data)])
