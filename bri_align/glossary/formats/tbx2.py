"""TBX-Basic 1.x (TBX 2008, ISO 30042:2008, ``<martif>``) export (layer L2).

For the tools that read only the 2008 form of TBX: translate-toolkit (and so
Weblate and Pootle), and many CAT tools.  Export only: use TBX v3 (:mod:`.tbx`) or
JSONL to round-trip a glossary.  Written with lxml; deterministic.

Document shape (the TBX-Basic 1.x header: core structure DTD
``TBXBasiccoreStructV02.dtd`` and the XCS ``TBXBasicXCSV02.xcs``, named, not fetched)::

    <!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
    <martif type="TBX-Basic" xml:lang="en">
      <martifHeader><fileDesc><titleStmt><title>NAME</title></titleStmt>
        <sourceDesc><p>signature …</p></sourceDesc></fileDesc>
        <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc></martifHeader>
      <text><body>
        <termEntry id="ENTRY-ID">
          <descrip type="definition">…</descrip>  <note>category: programme</note> …
          <langSet xml:lang="zh-Hans"><tig><term>一带一路</term><termNote …/></tig> …</langSet>
          <langSet xml:lang="en"><tig><term>Belt and Road Initiative</term> …</tig> …</langSet>
          <langSet xml:lang="zh-Hant"> traditional variants, when there are any </langSet>

Order matters to readers that take a ``termEntry``'s first ``langSet`` as the source
and the second as the target, each by its first ``term`` (translate-toolkit): the
simplified Chinese section comes first with the main term first, English second with
the preferred rendering first (then admitted, deprecated, superseded, each in termbase
order), and the traditional-script section, when there is one, last.  Statuses,
part of speech and term types are ``termNote``\\ s as in :mod:`.tbx`; the category,
reasons, literal flags, validity dates, sources and pinyin are plain ``note``\\ s
(``reason: …``), readable in any tool.
"""

from __future__ import annotations

from typing import Any, List

from ...errors import GlossaryError
from ...signature import format_signature
from ..model import Glossary, Rendering, Status, TermEntry
from .tbx import NAME_CATEGORIES, XML_LANG, ZH_HANS, ZH_HANT, _is_traditional, _XML_ILLEGAL, term_types

__all__ = ["dump_tbx2", "DOCTYPE", "XCS"]

DOCTYPE = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
XCS = "TBXBasicXCSV02.xcs"


def _etree() -> Any:
    from lxml import etree

    return etree


def _rendering_notes(r: Rendering) -> List[str]:
    notes = []
    if r.reason:
        notes.append(f"reason: {r.reason}")
    if r.literal:
        notes.append("literal: a word-for-word rendering")
    if r.valid_from:
        notes.append(f"valid from: {r.valid_from}")
    if r.valid_until:
        notes.append(f"valid until: {r.valid_until}")
    if r.source is not None:
        notes.append("source: " + "; ".join(x for x in (r.source.authority, r.source.citation,
                                                          r.source.url) if x))
    for ev in r.evidence:
        notes.append("evidence: " + "; ".join(x for x in (
            ev.authority, ev.date, ev.url, f"\u201c{ev.quote}\u201d") if x))
    if r.note:
        notes.append(r.note)
    return notes


class _Writer:
    def __init__(self, etree: Any) -> None:
        self.etree = etree
        self.entry_id = ""

    def el(self, parent: Any, tag: str, text: str = "", **attrs: str) -> Any:
        node = self.etree.SubElement(parent, tag)
        for k, v in attrs.items():
            node.set(k, v)
        if text:
            bad = _XML_ILLEGAL.search(text)
            if bad:
                raise GlossaryError(f"value {text[:40]!r} contains U+{ord(bad.group()):04X}, which XML "
                                    "1.0 cannot hold; remove it in the termbase", entry_id=self.entry_id)
            node.text = text
        return node

    def tig(self, lang_set: Any, term: str, status: Status, pos: str, term_type: str,
            notes: List[str]) -> None:
        tig = self.el(lang_set, "tig")
        self.el(tig, "term", term)
        self.el(tig, "termNote", status.tbx, type="administrativeStatus")
        if pos:
            self.el(tig, "termNote", pos, type="partOfSpeech")
        if term_type:
            self.el(tig, "termNote", term_type, type="termType")
        for n in notes:
            self.el(tig, "note", n)

    def entry(self, body: Any, e: TermEntry) -> None:
        self.entry_id = e.id
        te = self.el(body, "termEntry", id=e.id)
        if e.definition:
            self.el(te, "descrip", e.definition, type="definition")
        self.el(te, "note", f"category: {e.category.value}")
        for s in e.sources:
            self.el(te, "note", "source: " + "; ".join(x for x in (s.authority, s.citation, s.url) if x))
        if not e.verified:
            self.el(te, "note", "verified: false (the bri_align project is not sure of this entry)")
        if e.note:
            self.el(te, "note", e.note)
        pos = "noun" if e.category in NAME_CATEGORIES else ""
        zh_forms = (e.zh,) + tuple(e.zh_variants)
        zh_types = term_types(zh_forms, lang="zh")
        hant = [i for i in range(1, len(zh_forms)) if _is_traditional(zh_forms[i])]
        hans = [i for i in range(len(zh_forms)) if i not in hant]

        def zh_set(tag: str, indexes: List[int]) -> None:
            ls = self.el(te, "langSet", **{XML_LANG: tag})
            for i in indexes:
                notes = [f"pinyin: {e.pinyin}"] if i == 0 and e.pinyin else []
                self.tig(ls, zh_forms[i], Status.PREFERRED if i == 0 else Status.ADMITTED, pos,
                         zh_types[i] or "", notes)

        zh_set(ZH_HANS, hans)
        en = self.el(te, "langSet", **{XML_LANG: "en"})
        en_types = dict(zip((r.en for r in e.renderings),
                            term_types([r.en for r in e.renderings], lang="en")))
        for r in sorted(e.renderings, key=lambda r: r.status.rank):  # stable: termbase order kept
            self.tig(en, r.en, r.status, pos, en_types[r.en] or "", _rendering_notes(r))
        if hant:
            zh_set(ZH_HANT, hant)


def dump_tbx2(glossary: Glossary) -> str:
    """The glossary as a TBX-Basic 1.x (TBX 2008, ``<martif>``) document, UTF-8 text."""
    if len(glossary) == 0:
        raise GlossaryError(f"glossary '{glossary.name}' has no entries; a TBX body needs at least "
                            "one termEntry: export a non-empty glossary")
    etree = _etree()
    w = _Writer(etree)
    root = etree.Element("martif")
    root.set("type", "TBX-Basic")
    root.set(XML_LANG, "en")
    header = w.el(root, "martifHeader")
    file_desc = w.el(header, "fileDesc")
    w.el(w.el(file_desc, "titleStmt"), "title", glossary.name)
    w.el(w.el(file_desc, "sourceDesc"), "p", "Exported by bri_align; signature: "
         + format_signature(glossary.signature(), [("format", "tbx2.v1")]))
    w.el(w.el(header, "encodingDesc"), "p", XCS, type="XCSURI")
    body = w.el(w.el(root, "text"), "body")
    for e in glossary:
        w.entry(body, e)
    data = etree.tostring(root, encoding="unicode", pretty_print=True)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}\n{data}'
