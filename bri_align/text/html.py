"""Self-contained HTML pages: escaping, embedded JSON, highlighted spans, the page shell (layer L1).

The glossary page (:mod:`bri_align.glossary.formats.html`), the QA report
(:mod:`bri_align.qa.html`) and the benchmark report (:mod:`bri_align.bench.html`)
are single files a translator can open from disk or mail around: CSS and script
inline, no font, image or script fetched from anywhere.  The shell says so to
the browser too: its Content-Security-Policy allows nothing but the inline style
and script and ``data:`` images, so even a bug cannot make the page load a
resource.  Links the reader follows (evidence URLs) are navigations, which a CSP
``default-src`` does not govern.

Everything the project writes into a page goes through :func:`escape` (text and
attribute values), :func:`json_script` (data for the script: ``<``, ``>``, ``&``
and the two JavaScript line separators are written as ``\\uXXXX`` escapes, so a
term containing ``</script>`` cannot end the element) or :func:`safe_url` (only
``http``/``https`` URLs become links).
"""

from __future__ import annotations

import html as _html
import json
from typing import Any, Iterable, List, Optional, Sequence, Tuple

__all__ = ["escape", "json_script", "safe_url", "link", "highlight", "page", "BASE_CSS", "CSP"]

#: The Content-Security-Policy of every page: inline style and script only, no fetch of any kind.
CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")

#: Shared look: system fonts only (no web font), light/dark, badges per status and verdict.
BASE_CSS = """
:root{--fg:#1b1f23;--bg:#fff;--muted:#5a6270;--line:#d8dde3;--card:#f6f8fa;--link:#0b57d0;
--preferred:#1a7f37;--admitted:#0969da;--deprecated:#cf222e;--superseded:#8250df;
--inconsistent:#bc4c00;--unknown:#6e7781;--missing:#a40e26;--new:#6e7781}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9aa4af;--line:#30363d;
--card:#161b22;--link:#79c0ff;--preferred:#3fb950;--admitted:#58a6ff;--deprecated:#ff7b72;
--superseded:#d2a8ff;--inconsistent:#ffa657;--unknown:#8b949e;--missing:#ff8182;--new:#8b949e}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",
"PingFang SC","Microsoft YaHei",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:break-word}
footer.page,code{overflow-wrap:anywhere}
main,header.page,footer.page{max-width:72rem;margin:0 auto;padding:0 1rem}
header.page h1{font-size:1.5rem;margin:1rem 0 .25rem}
footer.page{color:var(--muted);font-size:.85rem;padding:2rem 1rem}
a{color:var(--link)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid var(--link);
outline-offset:2px}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 .45em;border-radius:.6em;font-size:.8rem;font-weight:600;
border:1px solid currentColor;white-space:nowrap;vertical-align:.1em}
.s-preferred,.v-preferred{color:var(--preferred)}.s-admitted,.v-admitted{color:var(--admitted)}
.s-deprecated,.v-deprecated{color:var(--deprecated)}.s-superseded{color:var(--superseded)}
.v-inconsistent{color:var(--inconsistent)}.v-unknown,.s-new{color:var(--unknown)}.v-missing{color:var(--missing)}
mark{color:inherit;border-radius:.2em;padding:0 .1em}
mark.v-preferred{background:#d1f4dc}mark.v-admitted{background:#d6e8ff}mark.v-deprecated{background:#ffd6d6;
text-decoration:line-through wavy var(--deprecated)}mark.v-inconsistent{background:#ffe4c2}
mark.v-unknown{background:#e8eaed}mark.v-missing{background:#ffd6de}mark.occ{background:#fff1a8}
@media (prefers-color-scheme:dark){mark.v-preferred{background:#1f4d2b}mark.v-admitted{background:#1c3a66}
mark.v-deprecated{background:#5c1e1e}mark.v-inconsistent{background:#5a3a12}mark.v-unknown{background:#30363d}
mark.v-missing{background:#5c1e2a}mark.occ{background:#4d4010}}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
.controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.75rem 0;position:sticky;top:0;
background:var(--bg);padding:.5rem 0;border-bottom:1px solid var(--line);z-index:1}
.controls label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
input[type=search],select{font:inherit;padding:.35rem .5rem;border:1px solid var(--line);border-radius:.4rem;
background:var(--bg);color:var(--fg);min-width:10rem}
input[type=search]{min-width:min(24rem,100%)}
button.filter{font:inherit;font-size:.9rem;padding:.2rem .6rem;border:1px solid var(--line);border-radius:1rem;
background:var(--card);color:inherit;cursor:pointer}
button.filter[aria-pressed=true]{border-color:currentColor;font-weight:700;box-shadow:inset 0 0 0 1px currentColor}
[role=group]{display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;border:0;margin:0;padding:0}
kbd{border:1px solid var(--line);border-radius:.25rem;padding:0 .3em;font-size:.85em}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:40rem){body{font-size:15px}th,td{padding:.25rem .3rem}input[type=search]{min-width:100%}
.controls label{width:100%}select{width:100%}}
"""


def escape(text: Any) -> str:
    """``text`` as HTML text or a double-quoted attribute value (``& < > " '`` escaped)."""
    return _html.escape("" if text is None else str(text), quote=True)


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_script(data: Any, *, id: str) -> str:
    """``data`` as a ``<script type="application/json" id=...>`` element.

    The JSON keeps Chinese as is; ``<``, ``>``, ``&``, U+2028 and U+2029 are
    escaped, so no value can close the element or open a comment inside it, and
    ``JSON.parse(document.getElementById(id).textContent)`` returns ``data``.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for ch, rep in _JSON_ESCAPES.items():
        text = text.replace(ch, rep)
    return f'<script type="application/json" id="{escape(id)}">{text}</script>'


def safe_url(url: Any) -> Optional[str]:
    """``url`` when it is an absolute ``http``/``https`` URL without spaces or control
    characters, else None (a ``javascript:`` or relative value never becomes a link)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    low = u.lower()
    if not (low.startswith("https://") or low.startswith("http://")) or len(u) < 9:
        return None
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in u):
        return None
    return u


def link(url: Any, text: Any) -> str:
    """An external link (``rel="noopener noreferrer"``), or the escaped text alone when
    :func:`safe_url` refuses the URL."""
    u = safe_url(url)
    if u is None:
        return escape(text)
    return f'<a href="{escape(u)}" rel="noopener noreferrer external">{escape(text)}</a>'


Span = Tuple[int, int, str, str]  # start, end (character offsets), class, title


def highlight(text: str, spans: Iterable[Span]) -> str:
    """``text`` escaped, with each ``(start, end, cls, title)`` span wrapped in
    ``<mark class=cls title=title>``.  Spans are taken in order of start; one that
    overlaps a span already marked, is empty or lies outside the text is skipped
    (the caller lists the items anyway), so the markup always nests correctly."""
    out: List[str] = []
    pos = 0
    given = [s for s in spans if s[0] is not None and s[1] is not None]
    for start, end, cls, title in sorted(given, key=lambda s: (s[0], -s[1])):
        if start < pos or end <= start or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        t = f' title="{escape(title)}"' if title else ""
        out.append(f'<mark class="{escape(cls)}"{t}>{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def page(*, title: str, body: str, css: str = "", script: str = "", data: Sequence[Tuple[str, Any]] = (),
         lang: str = "en", generator: str = "bri_align") -> str:
    """A complete HTML5 document: charset, phone viewport, the CSP of :data:`CSP`,
    :data:`BASE_CSS` plus ``css``, ``body`` (already HTML), each ``(id, value)`` of
    ``data`` as a :func:`json_script` element, then ``script`` (inline, run last).
    ``script`` must not contain ``</script``."""
    if "</script" in script.lower():
        raise ValueError("inline script must not contain '</script'")
    if "</style" in css.lower():
        raise ValueError("inline CSS must not contain '</style'")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        f'<meta name="generator" content="{escape(generator)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{BASE_CSS}{css}</style>",
        "</head>",
        "<body>",
        body,
    ]
    parts += [json_script(value, id=i) for i, value in data]
    if script:
        parts.append(f"<script>{script}</script>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
