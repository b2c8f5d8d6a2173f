"""TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style: export and import (layer L2).

Written with lxml (translate-toolkit writes only old-style TBX without statuses and
cannot read TBX v3).  Output is deterministic: the same glossary gives the same bytes.

Document shape::

    <?xml version='1.0' encoding='UTF-8'?>
    <?xml-model href="…/TBX_Core_RNG/master/TBXcoreStructV03.rng" …?>          RelaxNG
    <?xml-model href="…/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch" …?>  Schematron
    <tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
      <tbxHeader><fileDesc>
        <titleStmt><title>GLOSSARY NAME</title></titleStmt>
        <sourceDesc><p>signature (glossary:…|format:tbx.v1|bri_align:…)</p><p>note convention …</p></sourceDesc>
      </fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="ENTRY-ID"> … <langSec xml:lang="zh-Hans"> …
          [<langSec xml:lang="zh-Hant"> …] <langSec xml:lang="en"> …

Mapping of the model (every field survives export + import)
-----------------------------------------------------------
====================  =======================================================
TermEntry.id          ``conceptEntry/@id`` (ids match ``ID_PATTERN``: they
                      start with a letter, so they are valid ``xsd:ID``)
category              note ``bri_align.category: programme`` on the
                      ``conceptEntry`` (a category is the project's own
                      classification, not a subject field; TBX-Basic's
                      other concept-level admins, customerSubset and
                      projectSubset, name customers and projects; a
                      ``subjectField`` equal to a category, as files of
                      bri_align before 2026-12 have, still reads)
definition            ``conceptEntry/descrip[@type="definition"]`` (English,
                      the document language)
sources[k]            ``conceptEntry/admin[@type="source"]`` = authority, k-th
                      in document order; citation and url as notes
                      ``bri_align.sources.K.citation`` / ``.url`` (K = k+1)
verified              note ``bri_align.verified: false`` (only when false)
note                  a plain ``conceptEntry/note``
zh                    first ``termSec`` of ``langSec[@xml:lang="zh-Hans"]``,
                      status ``preferredTerm-admn-sts``
zh_variants           status ``admittedTerm-admn-sts``: those with a
                      traditional character (OpenCC folds it) in
                      ``langSec[@xml:lang="zh-Hant"]``, the others after the
                      main term in zh-Hans (BCP 47 script subtags, so a CAT
                      tool can tell the scripts apart); when that split
                      changes their order, each carries its position
                      ``bri_align.variant: N`` (1-based)
pinyin                note ``bri_align.pinyin: …`` on the main zh ``termSec``
renderings            one ``termSec`` each in ``langSec[@xml:lang="en"]``, in
                      order: ``term``, then ``termNote administrativeStatus``
                      (``preferredTerm-admn-sts`` …), ``partOfSpeech`` and
                      ``termType`` where known (below)
Rendering.source      ``termSec/admin[@type="source"]`` = authority; notes
                      ``bri_align.source.citation`` / ``bri_align.source.url``
reason, literal,      notes ``bri_align.reason``, ``bri_align.literal: true``,
seen_in_seed,         ``bri_align.seen_in_seed: true``, ``bri_align.valid_from``,
valid_from,           ``bri_align.valid_until`` on the ``termSec``
valid_until           (``bri_align.valid_to``, the old name, is still read)
Rendering.evidence    per item, a ``termSec/descripGrp`` holding ``descrip
                      type="context"`` = quote and ``admin type="source"`` =
                      authority (TBX-Basic's context with its source), and
                      notes ``bri_align.evidence.N.url`` / ``.date`` (N counts
                      the context groups of the termSec); ``attested`` follows
                      from the evidence (the model's default), ``kind`` from
                      the authority
Rendering.note        a plain ``termSec/note``
Glossary.name         ``tbxHeader/fileDesc/titleStmt/title``
====================  =======================================================

The note convention: TBX-Basic has no data category for a status reason, a
"literal MT" flag, validity dates or pinyin, and ``admin[@type="source"]`` may not
sit in an ``adminGrp`` (the TBX-Basic Schematron forbids it), so bri_align writes
them as ``note`` elements (legal at every level) whose text is
``bri_align.KEY: VALUE`` -- readable by people, parseable by machines.  A plain
note whose own text starts with ``bri_align.`` is written as
``bri_align.note: TEXT`` so it can never be mistaken for a field.

Derived, not stored (recomputed on export, checked against picklists on import):

* ``partOfSpeech`` = ``noun`` on every term of entries whose category names a
  thing (institution, programme, document, event, place); omitted otherwise,
  since slogans and policies are often verb or adjective phrases ("go global",
  "small yet smart") and a guessed part of speech is worse than none.
* ``termType`` (per language, among the forms of one entry): an all-capitals
  English form with at least two capitals (``AIIB``) is an ``acronym``; a form
  that is a contiguous part of a longer form of the same entry is a
  ``shortForm`` (``Belt and Road`` / ``Belt and Road Initiative``, word-wise in
  English, character-wise in Chinese); a Chinese form whose characters appear in
  order in a longer form but not contiguously is an ``abbreviation`` (亚投行 /
  亚洲基础设施投资银行); the longer form such a short form or acronym comes from
  is the ``fullForm`` (an acronym comes from a form whose initials it spells, all
  of them or all but the function words of :mod:`bri_align.text.stopwords` that
  the form writes in lower case); a Chinese form equal to an earlier one after
  normalisation (traditional characters, quotes) is a ``variant``.  Otherwise
  no ``termType``.

Import reads TBX v3 DCA files in the namespace ``urn:iso:std:iso:30042:ed-2``:
the files this module writes and TBX-Basic files from other tools, such as LTAC's
own example (``source_lang="es"`` reads its English-Spanish entries).  Any
``zh-*`` section holds Chinese terms.  Things the model cannot hold are skipped:
``transacGrp``, ``xref``, ``ref``, ``adminGrp``, context ``descrip``\\ s,
customer/project subsets, notes on Chinese terms and on language sections,
language sections other than the source language and en; an English definition
at ``langSec`` level is used when the concept has none.  Kept as plain notes
rather than rejected: a ``subjectField`` that is not a category
(``subjectField: Astronomy``), a termNote value outside the TBX-Basic picklists
or of another type (``partOfSpeech: noun phrase``), a deprecated or superseded
source term (on the entry).  An English term without a known status is admitted,
or preferred when it is the first of an entry that prefers none (its note says
so).  An entry without a source or English section is skipped with a logged
warning (an error when no entry has both).  Malformed input raises a
:class:`GlossaryError` with the file and the ``sourceline`` of the element.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from ...errors import GlossaryError
from ...signature import format_signature
from ...text.stopwords import EN_STOPWORDS
from ..entry import Evidence
from ..model import Category, Glossary, Rendering, Source, Status, TermEntry
from ..validate import ID_PATTERN, validate_entries

__all__ = [
    "read_tbx",
    "dump_tbx",
    "load_tbx",
    "TBX_NS",
    "ADMIN_STATUS",
    "PART_OF_SPEECH",
    "TERM_TYPE",
    "NOTE_PREFIX",
    "term_types",
]

_log = logging.getLogger(__name__)

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DIALECT = "TBX-Basic"
# The schemas' current homes, checked in LTAC's public repositories on 2026-12-08 (the
# newest snapshots of github.com/LTAC-Global/TBX_Core_RNG, master at 14eb02b, Jan 2023,
# and github.com/LTAC-Global/TBX-Basic_dialect, master at 317fb29, Feb 2023, hold these
# two files; the old docs/TBX-Basic_dialect_1.x/ paths were deleted in February 2023).
# LTAC's own DCA example (DCA/Example_Astronomy_DCA_VALID.tbx) links the same two URLs.
RNG_HREF = "https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng"
SCH_HREF = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
            "TBX-Basic_DCA.sch")
# Chinese language sections: BCP 47 script subtags (RFC 5646), so a CAT tool can tell the
# simplified forms from the traditional ones; both read back as Chinese.
ZH_HANS = "zh-Hans"
ZH_HANT = "zh-Hant"
_HANT_TAGS = frozenset({"zh-hant", "zh-tw", "zh-hk", "zh-mo"})

# TBX-Basic picklists (TBX-Basic_DCA.sch, ed-2).
ADMIN_STATUS: Dict[str, Status] = {s.tbx: s for s in Status}
PART_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "other")
TERM_TYPE = ("fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase")
NAME_CATEGORIES = frozenset({Category.INSTITUTION, Category.PROGRAMME, Category.DOCUMENT,
                             Category.EVENT, Category.PLACE})

NOTE_PREFIX = "bri_align."
_NOTE_RE = re.compile(r"bri_align\.([A-Za-z0-9_.]+): (.*)\Z", re.DOTALL)
# Note keys allowed at each level (matched with fullmatch) and how to say so.
_CONCEPT_KEYS = (re.compile(r"category|verified|note|sources\.([1-9][0-9]*)\.(citation|url)"),
                 "category, verified, note, sources.N.citation, sources.N.url")
_ZH_MAIN_KEYS = (re.compile(r"pinyin|note"), "pinyin, note")
_ZH_OTHER_KEYS = (re.compile(r"variant|note"), "variant, note")
_EN_KEYS = (re.compile(r"reason|literal|seen_in_seed|valid_from|valid_until|valid_to|"
                       r"source\.(?:citation|url)|evidence\.([1-9][0-9]*)\.(date|url)|note"),
            "reason, literal, seen_in_seed, valid_from, valid_until, source.citation, source.url, "
            "evidence.N.date, evidence.N.url, note")

_DERIVED = frozenset([("partOfSpeech", v) for v in PART_OF_SPEECH]
                     + [("termType", v) for v in TERM_TYPE])

# Element types that the model cannot hold; skipped on import.
_SKIPPED = frozenset({"transacGrp", "xref", "ref", "adminGrp"})


def _etree():
    from lxml import etree  # a core dependency, imported when TBX is used

    return etree


def _q(local: str) -> str:
    return f"{{{TBX_NS}}}{local}"


# ------------------------------------------------------------------ term types
_EN_WORD = re.compile(r"[\w'&]+")


def _is_acronym(form: str) -> bool:
    return (" " not in form and not any(c.islower() for c in form)
            and sum(1 for c in form if c.isupper()) >= 2)


def _words(form: str) -> List[str]:
    return [w.casefold() for w in _EN_WORD.findall(form)]


def _initials_match(acronym: str, form: str) -> bool:
    letters = "".join(c for c in acronym if c.isalpha()).casefold()
    words = _words(form)
    if len(words) < 2:
        return False
    every = "".join(w[0] for w in words)
    # a function word is left out of the initials only where the form writes it in lower
    # case: "One Belt and One Road" -> OBOR keeps its capitalised "One"
    content = "".join(w[0].casefold() for w in _EN_WORD.findall(form)
                      if not (w.islower() and w in EN_STOPWORDS))
    return letters in (every, content)


def _contiguous(short: Sequence[Any], long: Sequence[Any]) -> bool:
    n = len(short)
    return any(list(long[i:i + n]) == list(short) for i in range(len(long) - n + 1))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _is_traditional(form: str) -> bool:
    """Whether a Chinese form holds a character that OpenCC folds to a simplified one."""
    from ...text.normalize import fold_traditional

    return fold_traditional(form) != form


def term_types(forms: Sequence[str], *, lang: str) -> List[Optional[str]]:
    """The TBX ``termType`` of each form of one entry in one language (see the
    module docstring), or None where the rule does not decide."""
    if lang == "zh":
        from ...text.normalize import normalize_zh

        keys: List[Any] = [normalize_zh(f).text for f in forms]
    else:
        keys = [_words(f) for f in forms]
    n = len(forms)

    def shortened(i: int, j: int) -> Optional[str]:
        """termType of form i when it is a short form of form j, else None."""
        if i == j or not keys[i] or len(keys[i]) >= len(keys[j]):
            return None
        if _contiguous(keys[i], keys[j]):
            return "shortForm"
        if lang == "zh" and _subsequence(keys[i], keys[j]):
            return "abbreviation"
        return None

    types: List[Optional[str]] = []
    for i in range(n):
        if lang == "en" and _is_acronym(forms[i]):
            types.append("acronym")
            continue
        short = next((t for j in range(n) if (t := shortened(i, j))), None)
        if short:
            types.append(short)
            continue
        is_full = any(shortened(j, i) for j in range(n)) or (
            lang == "en" and any(_is_acronym(forms[j]) and _initials_match(forms[j], forms[i])
                                 for j in range(n) if j != i))
        if is_full:
            types.append("fullForm")
        elif lang == "zh" and any(keys[j] == keys[i] for j in range(i)):
            types.append("variant")
        else:
            types.append(None)
    return types


# ---------------------------------------------------------------------- export
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _Writer:
    def __init__(self, etree: Any) -> None:
        self.etree = etree
        self.entry_id: Optional[str] = None

    def el(self, parent: Any, tag: str, text: Optional[str] = None, *, field: str = "",
           **attrs: str) -> Any:
        node = self.etree.SubElement(parent, _q(tag))
        for k, v in attrs.items():
            node.set(k, v)
        if text is not None:
            bad = _XML_ILLEGAL.search(text)
            if bad:
                raise GlossaryError(
                    f"value {text[:40]!r} contains U+{ord(bad.group()):04X}, which XML 1.0 cannot "
                    "hold; remove it in the termbase", entry_id=self.entry_id, field=field or tag)
            node.text = text
        return node

    def note(self, parent: Any, key: str, value: str, *, field: str) -> None:
        self.el(parent, "note", f"{NOTE_PREFIX}{key}: {value}", field=field)

    def plain_note(self, parent: Any, text: str, *, field: str) -> None:
        if text.startswith(NOTE_PREFIX):
            self.note(parent, "note", text, field=field)
        else:
            self.el(parent, "note", text, field=field)

    def term_sec(self, parent: Any, term: str, status: Status, *, pos: Optional[str],
                 term_type: Optional[str], field: str) -> Any:
        ts = self.el(parent, "termSec")
        self.el(ts, "term", term, field=field)
        self.el(ts, "termNote", status.tbx, type="administrativeStatus")
        if pos:
            self.el(ts, "termNote", pos, type="partOfSpeech")
        if term_type:
            self.el(ts, "termNote", term_type, type="termType")
        return ts

    def concept(self, body: Any, e: TermEntry) -> None:
        self.entry_id = e.id
        ce = self.el(body, "conceptEntry", id=e.id)
        # the category is the project's own classification, not a subject field (domain):
        # a bri_align note, like the other fields TBX-Basic has no data category for
        self.note(ce, "category", e.category.value, field="category")
        if e.definition:
            self.el(ce, "descrip", e.definition, type="definition", field="definition")
        for s in e.sources:
            self.el(ce, "admin", s.authority, type="source", field="sources.authority")
        for k, s in enumerate(e.sources, start=1):
            if s.citation:
                self.note(ce, f"sources.{k}.citation", s.citation, field="sources.citation")
            if s.url:
                self.note(ce, f"sources.{k}.url", s.url, field="sources.url")
        if not e.verified:
            self.note(ce, "verified", "false", field="verified")
        if e.note:
            self.plain_note(ce, e.note, field="note")

        pos = "noun" if e.category in NAME_CATEGORIES else None
        zh_forms = (e.zh,) + tuple(e.zh_variants)
        zh_types = term_types(zh_forms, lang="zh")
        hant = [i for i in range(1, len(zh_forms)) if _is_traditional(zh_forms[i])]
        hans = [i for i in range(len(zh_forms)) if i not in hant]
        # the model keeps one ordered list of variants; number them only where splitting
        # them by script changes that order
        numbered = hans[1:] + hant != list(range(1, len(zh_forms)))
        for tag, indexes in ((ZH_HANS, hans), (ZH_HANT, hant)):
            if not indexes:
                continue
            zh_sec = self.el(ce, "langSec", **{XML_LANG: tag})
            for i in indexes:
                ts = self.term_sec(zh_sec, zh_forms[i], Status.PREFERRED if i == 0 else Status.ADMITTED,
                                   pos=pos, term_type=zh_types[i], field="zh" if i == 0 else "zh_variants")
                if i == 0 and e.pinyin:
                    self.note(ts, "pinyin", e.pinyin, field="pinyin")
                if i > 0 and numbered:
                    self.note(ts, "variant", str(i), field="zh_variants")

        en_sec = self.el(ce, "langSec", **{XML_LANG: "en"})
        en_forms = [r.en for r in e.renderings]
        for r, ttype in zip(e.renderings, term_types(en_forms, lang="en")):
            ts = self.term_sec(en_sec, r.en, r.status, pos=pos, term_type=ttype, field="renderings.en")
            if r.source is not None:
                self.el(ts, "admin", r.source.authority, type="source",
                        field="renderings.source.authority")
                if r.source.citation:
                    self.note(ts, "source.citation", r.source.citation,
                              field="renderings.source.citation")
                if r.source.url:
                    self.note(ts, "source.url", r.source.url, field="renderings.source.url")
            if r.reason:
                self.note(ts, "reason", r.reason, field="renderings.reason")
            if r.literal:
                self.note(ts, "literal", "true", field="renderings.literal")
            if r.seen_in_seed:
                self.note(ts, "seen_in_seed", "true", field="renderings.seen_in_seed")
            if r.valid_from:
                self.note(ts, "valid_from", r.valid_from, field="renderings.valid_from")
            if r.valid_until:
                self.note(ts, "valid_until", r.valid_until, field="renderings.valid_until")
            # evidence: the quote as a context sentence with its source, as TBX-Basic has it
            # (descripGrp: descrip context + admin source); date and address as notes
            for k, ev in enumerate(r.evidence, start=1):
                grp = self.el(ts, "descripGrp")
                self.el(grp, "descrip", ev.quote, type="context", field="renderings.evidence.quote")
                self.el(grp, "admin", ev.authority, type="source", field="renderings.evidence.authority")
                self.note(ts, f"evidence.{k}.url", ev.url, field="renderings.evidence.url")
                if ev.date:
                    self.note(ts, f"evidence.{k}.date", ev.date, field="renderings.evidence.date")
            if r.note:
                self.plain_note(ts, r.note, field="renderings.note")


def dump_tbx(glossary: Glossary) -> str:
    """The glossary as a TBX-Basic (TBX v3, DCA) document, UTF-8 text."""
    if len(glossary) == 0:
        raise GlossaryError(f"glossary '{glossary.name}' has no entries; a TBX body needs at least "
                            "one conceptEntry: export a non-empty glossary")
    etree = _etree()
    w = _Writer(etree)
    root = etree.Element(_q("tbx"), nsmap={None: TBX_NS})
    root.set("type", DIALECT)
    root.set("style", "dca")
    root.set(XML_LANG, "en")
    file_desc = w.el(w.el(root, "tbxHeader"), "fileDesc")
    w.el(w.el(file_desc, "titleStmt"), "title", glossary.name, field="name")
    source_desc = w.el(file_desc, "sourceDesc")
    w.el(source_desc, "p", "Exported by bri_align; signature: "
         + format_signature(glossary.signature(), [("format", "tbx.v1")]))
    w.el(source_desc, "p", "Notes of the form 'bri_align.KEY: VALUE' carry bri_align fields that "
         "TBX-Basic has no data category for (category, reason, literal, seen_in_seed, valid_from, "
         "valid_until, pinyin, verified, source citation and url, evidence date, url, quote and kind, "
         "variant order); see bri_align.glossary.formats.tbx. Simplified Chinese forms are in the "
         "zh-Hans section, traditional ones in zh-Hant.")
    body = w.el(w.el(root, "text"), "body")
    for e in glossary:
        w.concept(body, e)
    tree = etree.ElementTree(root)
    root.addprevious(etree.ProcessingInstruction(
        "xml-model", f'href="{RNG_HREF}" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"'))
    root.addprevious(etree.ProcessingInstruction(
        "xml-model", f'href="{SCH_HREF}" type="application/xml" '
        'schematypens="http://purl.oclc.org/dsdl/schematron"'))
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data.decode("utf-8")


# ---------------------------------------------------------------------- import
@dataclass
class _Term:
    text: str
    line: int
    lang: str = ""  # the langSec's xml:lang, case-folded
    status: Optional[Status] = None
    # termNote values outside the TBX-Basic picklists, kept as "type: value" notes
    extra: List[str] = field(default_factory=list)
    # descripGrp context sentences: (quote, source authority or "", line)
    contexts: List[Tuple[str, str, int]] = field(default_factory=list)
    sources: List[Tuple[str, int]] = field(default_factory=list)
    notes: List[Any] = field(default_factory=list)


class _Reader:
    def __init__(self, etree: Any, path: Optional[str], source_lang: str = "zh") -> None:
        self.etree = etree
        self.path = path
        self.entry_id: Optional[str] = None
        self.entry_line: Optional[int] = None
        self.source_lang = source_lang.split("-")[0].casefold()
        self.languages: List[str] = []  # every xml:lang seen, in order
        # entries without a source-language or English section: (error, entry id)
        self.skipped: List[GlossaryError] = []

    def fail(self, node: Any, message: str, *, field: Optional[str] = None,
             line: Optional[int] = None) -> None:
        raise GlossaryError(message, path=self.path,
                            line=line if line is not None else getattr(node, "sourceline", None),
                            field=field, entry_id=self.entry_id)

    # -- small helpers ---------------------------------------------------
    def local(self, node: Any) -> str:
        qn = self.etree.QName(node)
        if qn.namespace != TBX_NS:
            where = f"{{{qn.namespace}}}" if qn.namespace else "no namespace "
            self.fail(node, f"element <{qn.localname}> in {where.strip()} is not a TBX element; "
                      f"a DCA-style TBX file has every element in the namespace {TBX_NS}")
        return qn.localname

    def children(self, node: Any) -> Iterator[Tuple[str, Any]]:
        for child in node:
            if isinstance(child.tag, str):  # skip comments and processing instructions
                yield self.local(child), child

    def child(self, node: Any, name: str, *, what: str) -> Any:
        for local, child in self.children(node):
            if local == name:
                return child
        self.fail(node, f"missing required element <{name}> in <{self.etree.QName(node).localname}>"
                  f" ({what})")

    @staticmethod
    def text(node: Any) -> str:
        return "".join(node.itertext())

    def lang(self, node: Any) -> str:
        value = node.get(XML_LANG)
        if not value:
            self.fail(node, "<langSec> without xml:lang; give the language, e.g. "
                      "<langSec xml:lang=\"en\">", field="xml:lang")
        if value not in self.languages:
            self.languages.append(value)
        return value.split("-")[0].casefold()

    # -- notes -------------------------------------------------------------
    def notes(self, nodes: Sequence[Any], keys: Tuple["re.Pattern[str]", str], *, level: str
              ) -> Tuple[Dict[str, Tuple[str, Any]], List[str]]:
        """Split notes into bri_align fields {key: (value, node)} and plain notes."""
        fields: Dict[str, Tuple[str, Any]] = {}
        plain: List[str] = []
        for node in nodes:
            text = self.text(node)
            if not text.startswith(NOTE_PREFIX):
                if text:
                    plain.append(text)
                continue
            m = _NOTE_RE.match(text)
            if not m:
                self.fail(node, f"malformed bri_align note {text[:60]!r}; expected "
                          "'bri_align.KEY: VALUE'", field="note")
            key, value = m.group(1), m.group(2)
            if not keys[0].fullmatch(key):
                self.fail(node, f"unknown bri_align note key '{key}' on {level}; allowed here: "
                          + keys[1], field=key)
            if key in fields:
                self.fail(node, f"bri_align note '{key}' is given twice on {level}; keep one",
                          field=key)
            if key == "note":
                plain.append(value)
            else:
                fields[key] = (value, node)
        return fields, plain

    def boolean(self, fields: Dict[str, Tuple[str, Any]], key: str, default: bool, *,
                field: str) -> bool:
        if key not in fields:
            return default
        value, node = fields[key]
        if value not in ("true", "false"):
            self.fail(node, f"bri_align.{key} must be 'true' or 'false', got {value!r}", field=field)
        return value == "true"

    def date(self, fields: Dict[str, Tuple[str, Any]], key: str, *, field: str) -> str:
        if key not in fields:
            return ""
        value, node = fields[key]
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(node, f"bri_align.{key} {value!r} is not an ISO date (YYYY-MM-DD)", field=field)
        return value

    # -- structure -----------------------------------------------------------
    def term_sec(self, ts: Any, lang: str = "") -> _Term:
        kids = list(self.children(ts))
        if not kids or kids[0][0] != "term":
            got = f"<{kids[0][0]}>" if kids else "nothing"
            self.fail(ts, f"<termSec> must start with its <term>, found {got}; put <term> first",
                      field="term")
        term_node = kids[0][1]
        term = _Term(text=self.text(term_node), line=term_node.sourceline, lang=lang)
        if not term.text.strip():
            self.fail(term_node, "empty <term>; give the term text or remove the termSec",
                      field="term")
        in_notes = True
        seen_status = False
        for local, node in kids[1:]:
            if local in ("termNote", "termNoteGrp"):
                if not in_notes:
                    self.fail(node, f"<{local}> after auxiliary elements; TBX puts every termNote "
                              "right after <term>", field="termNote")
                note = node if local == "termNote" else self.child(node, "termNote", what="termNoteGrp")
                seen_status = self.term_note(note, term, seen_status)
                continue
            in_notes = False
            if local == "admin":
                if node.get("type") == "source":
                    term.sources.append((self.text(node), node.sourceline))
            elif local == "note":
                term.notes.append(node)
            elif local == "descripGrp":
                self.context(node, term)
            elif local == "descrip" or local in _SKIPPED:
                pass  # a bare context, cross references, transactions: not in the model
            else:
                self.fail(node, f"unexpected element <{local}> in <termSec>", field=local)
        return term

    def context(self, grp: Any, term: _Term) -> None:
        """A ``descripGrp`` holding a context sentence and its source: the evidence of a
        rendering when a ``bri_align.evidence.N.url`` note names it (N counts these
        groups in the termSec); a third-party context is not evidence and is skipped."""
        quote, authority = None, ""
        for local, node in self.children(grp):
            if local == "descrip" and node.get("type") == "context":
                quote = self.text(node)
            elif local == "admin" and node.get("type") == "source":
                authority = self.text(node)
        if quote is not None:
            term.contexts.append((quote, authority, grp.sourceline))

    def term_note(self, node: Any, term: _Term, seen_status: bool) -> bool:
        """Read one termNote.  A value outside the TBX-Basic picklists (or a termNote type
        TBX-Basic does not define) is kept as a ``type: value`` note on the term, not
        rejected: third-party files extend the picklists (``noun phrase``, ``synonym``)."""
        kind = node.get("type") or ""
        value = self.text(node)
        if kind == "administrativeStatus":
            if seen_status:
                self.fail(node, f"term '{term.text}' has two administrativeStatus termNotes; "
                          "keep one", field="administrativeStatus")
            if value in ADMIN_STATUS:
                term.status = ADMIN_STATUS[value]
            else:  # read like a term without a status (see _statuses), the value kept
                term.extra.append(f"{kind}: {value}")
            return True
        if (kind, value) in _DERIVED:
            return seen_status  # partOfSpeech and termType are derived again on export
        # geographicalUsage, grammaticalGender, termLocation, an unknown type or a value
        # outside a picklist: nothing in the model holds it, so it stays a note
        term.extra.append(f"{kind or 'termNote'}: {value}")
        return seen_status

    def concept(self, ce: Any) -> Optional[TermEntry]:
        """The entry of one conceptEntry; None (and an error in ``self.skipped``) for one
        without a source-language or English section, as third-party files have."""
        self.entry_id = None
        eid = ce.get("id")
        if not eid:
            self.fail(ce, "<conceptEntry> without an id; give it id=\"…\" (lower-case ASCII, "
                      "starting with a letter)", field="id")
        if not ID_PATTERN.match(eid):
            self.fail(ce, f"conceptEntry id {eid!r} is not a valid bri_align id; use lower-case ASCII "
                      "letters, digits and '-', starting with a letter", field="id")
        self.entry_id = eid
        self.entry_line = ce.sourceline
        subject: Optional[Category] = None
        subject_notes: List[str] = []
        definition = ""
        en_definition = ""
        sources: List[Source] = []
        notes: List[Any] = []
        zh_terms: List[_Term] = []
        en_terms: List[_Term] = []
        for local, node in self.children(ce):
            if local in ("descrip", "descripGrp"):
                d = node if local == "descrip" else self.child(node, "descrip", what="descripGrp")
                kind = d.get("type")
                if kind == "subjectField":
                    value = self.text(d)
                    try:  # files bri_align wrote before 2026-12 kept the category here
                        subject = Category(value)
                    except ValueError:  # a real subject field (domain): kept as a note
                        subject_notes.append(f"subjectField: {value}")
                elif kind == "definition":
                    definition = self.text(d)
            elif local == "admin":
                if node.get("type") == "source":
                    sources.append(Source(authority=self.text(node)))
            elif local == "note":
                notes.append(node)
            elif local == "langSec":
                full = (node.get(XML_LANG) or "").casefold()
                lang = self.lang(node)
                if lang not in (self.source_lang, "en"):
                    continue
                for sub, n in self.children(node):
                    if sub == "termSec":
                        (zh_terms if lang == self.source_lang else en_terms).append(self.term_sec(n, full))
                    elif lang == "en" and sub in ("descrip", "descripGrp"):
                        d = n if sub == "descrip" else self.child(n, "descrip", what="descripGrp")
                        if d.get("type") == "definition" and not en_definition:
                            en_definition = self.text(d)
            elif local in _SKIPPED:
                continue
            else:
                self.fail(node, f"unexpected element <{local}> in <conceptEntry>", field=local)

        fields, plain = self.notes(notes, _CONCEPT_KEYS, level="the conceptEntry")
        for key, (value, node) in fields.items():
            m = _CONCEPT_KEYS[0].fullmatch(key)
            if m and m.group(1):
                k = int(m.group(1))
                if k > len(sources):
                    self.fail(node, f"note bri_align.{key} refers to source {k}, but the conceptEntry "
                              f"has {len(sources)} <admin type=\"source\">", field="sources")
                sources[k - 1] = replace(sources[k - 1], **{m.group(2): value})
        category = subject or Category.CONCEPT
        if "category" in fields:
            value, node = fields["category"]
            try:
                category = Category(value)
            except ValueError:
                self.fail(node, f"bri_align.category {value!r} is not a bri_align category; expected "
                          "one of " + ", ".join(c.value for c in Category), field="category")
        missing = None
        if not zh_terms:
            missing = self.error(ce, f"missing required element <langSec xml:lang=\"{self.source_lang}\">"
                                 " with at least one <termSec>; every entry needs its "
                                 + ("Chinese term" if self.source_lang == "zh" else "source term"),
                                 field="zh")
        elif not en_terms:
            missing = self.error(ce, "missing required element <langSec xml:lang=\"en\"> with at least "
                                 "one <termSec>; every entry needs English renderings", field="renderings")
        if missing is not None:
            self.skipped.append(missing)
            return None
        zh, variants, pinyin, zh_notes = self.chinese(zh_terms)
        return TermEntry(
            id=eid,
            zh=zh,
            zh_variants=variants,
            pinyin=pinyin,
            category=category,
            definition=definition or en_definition,
            renderings=self.renderings(en_terms),
            sources=tuple(sources),
            verified=self.boolean(fields, "verified", True, field="verified"),
            note="; ".join(subject_notes + plain + zh_notes),
        )

    def error(self, node: Any, message: str, *, field: Optional[str] = None) -> GlossaryError:
        return GlossaryError(message, path=self.path, line=getattr(node, "sourceline", None),
                             field=field, entry_id=self.entry_id)

    def chinese(self, terms: List[_Term]) -> Tuple[str, Tuple[str, ...], str, List[str]]:
        # the model keeps the main source term and its variants only: a deprecated or
        # superseded source term (third-party files have them) stays as a note of the entry
        dropped = [f"{t.status.value} source term: {t.text}" for t in terms
                   if t.status in (Status.DEPRECATED, Status.SUPERSEDED)]
        terms = [t for t in terms if t.status not in (Status.DEPRECATED, Status.SUPERSEDED)]
        if not terms:
            self.fail(None, "every source term of the entry is deprecated or superseded ("
                      + "; ".join(dropped) + "); mark the main term preferred",
                      field="zh", line=self.entry_line)
        preferred = [t for t in terms if t.status is Status.PREFERRED]
        if len(preferred) > 1:
            self.fail(None, f"{len(preferred)} Chinese terms are preferred ("
                      + ", ".join(t.text for t in preferred) + "); mark the main term preferred and "
                      "the variants admitted", field="zh", line=preferred[1].line)
        # without a preferred term, the first one outside a traditional-script section
        main = preferred[0] if preferred else next(
            (t for t in terms if t.lang not in _HANT_TAGS), terms[0])
        pinyin = ""
        extra: List[str] = []
        order: List[Tuple[int, int, str]] = []
        for seq, t in enumerate(terms):
            keys = _ZH_MAIN_KEYS if t is main else _ZH_OTHER_KEYS
            fields, _plain = self.notes(t.notes, keys, level=f"Chinese term '{t.text}'")
            if t is main and "pinyin" in fields:
                pinyin = fields["pinyin"][0]
            extra += [f"{t.text}: {x}" for x in t.extra]
            if t is main:
                continue
            position = len(terms) + seq
            if "variant" in fields:
                value, node = fields["variant"]
                if not value.isdigit() or int(value) < 1:
                    self.fail(node, f"bri_align.variant must be a positive number, got {value!r}",
                              field="zh_variants")
                position = int(value)
            order.append((position, seq, t.text))
        variants = tuple(text for _pos, _seq, text in sorted(order))
        return main.text, variants, pinyin, dropped + extra

    def evidence(self, t: _Term, fields: Dict[str, Tuple[str, Any]]) -> Tuple[Evidence, ...]:
        out = []
        for k, keys in sorted(_evidence_keys(fields).items()):
            node = next(iter(keys.values()))[1]
            if "url" not in keys:
                self.fail(node, f"note bri_align.evidence.{k}.date without bri_align.evidence.{k}.url on "
                          f"English term '{t.text}'; give the page's address", field="renderings.evidence")
            if k > len(t.contexts):
                self.fail(node, f"note bri_align.evidence.{k}.url refers to context {k}, but English term "
                          f"'{t.text}' has {len(t.contexts)} <descripGrp> with a context; add the quote "
                          "as <descrip type=\"context\">", field="renderings.evidence")
            quote, authority, _line = t.contexts[k - 1]
            out.append(Evidence(authority=authority, date=keys.get("date", ("", None))[0],
                                url=keys["url"][0], quote=quote))
        return tuple(out)

    def renderings(self, terms: List[_Term]) -> Tuple[Rendering, ...]:
        """The renderings of the English terms.  A term without a (known) status, as
        third-party files have, is admitted, or preferred when it is the first such term
        of an entry that marks none preferred; a note says so."""
        first_open = None
        if not any(t.status is Status.PREFERRED for t in terms):
            first_open = next((t for t in terms if t.status is None), None)
        out = []
        for t in terms:
            if t.status is None:
                t.status = Status.PREFERRED if t is first_open else Status.ADMITTED
                t.extra.append(f"status not given in the TBX file; read as {t.status.value}")
            out.append(self.rendering(t))
        return tuple(out)

    def rendering(self, t: _Term) -> Rendering:
        assert t.status is not None  # set by renderings()
        if len(t.sources) > 1:
            self.fail(None, f"English term '{t.text}' has {len(t.sources)} <admin type=\"source\">; "
                      "bri_align keeps one source per rendering", field="renderings.source",
                      line=t.sources[1][1])
        fields, plain = self.notes(t.notes, _EN_KEYS, level=f"English term '{t.text}'")
        source = None
        if t.sources:
            source = Source(authority=t.sources[0][0],
                            citation=fields.get("source.citation", ("", None))[0],
                            url=fields.get("source.url", ("", None))[0])
        else:
            for key in ("source.citation", "source.url"):
                if key in fields:
                    self.fail(fields[key][1], f"note bri_align.{key} without an <admin type=\"source\">"
                              " on the same termSec; add the source authority",
                              field="renderings.source")
        return Rendering(
            en=t.text,
            status=t.status,
            reason=fields.get("reason", ("", None))[0],
            literal=self.boolean(fields, "literal", False, field="renderings.literal"),
            seen_in_seed=self.boolean(fields, "seen_in_seed", False, field="renderings.seen_in_seed"),
            valid_from=self.date(fields, "valid_from", field="renderings.valid_from"),
            valid_until=(self.date(fields, "valid_to", field="renderings.valid_to")
                         if "valid_to" in fields else
                         self.date(fields, "valid_until", field="renderings.valid_until")),
            source=source,
            note="; ".join(plain + t.extra),
            evidence=self.evidence(t, fields),
        )


def _evidence_keys(fields: Dict[str, Tuple[str, Any]]) -> Dict[int, Dict[str, Tuple[str, Any]]]:
    out: Dict[int, Dict[str, Tuple[str, Any]]] = {}
    for key, value in fields.items():
        m = re.fullmatch(r"evidence\.([1-9][0-9]*)\.(date|url)", key)
        if m:
            out.setdefault(int(m.group(1)), {})[m.group(2)] = value
    return out


def load_tbx(data: Union[str, bytes], *, path: Optional[str] = None,
             name: Optional[str] = None, source_lang: str = "zh") -> Glossary:
    """Parse a TBX v3 DCA document (bytes, or text) into a validated :class:`Glossary`.

    The glossary name is ``name``, else the header title, else the file stem.
    ``source_lang`` names the language section read as the source terms (``zh``,
    which takes ``zh-Hans``, ``zh-Hant``, ``zh-CN`` ...; another language reads a
    third-party termbase such as LTAC's English-Spanish example).  Entries without a
    source or English section are skipped with a logged warning; a file where every
    entry lacks one is an error.
    """
    glossary = read_tbx(data, path=path, name=name, errors=None, source_lang=source_lang)
    assert glossary is not None  # without an error list, every problem raises
    return glossary


def read_tbx(data: Union[str, bytes], *, path: Optional[str] = None, name: Optional[str] = None,
             errors: Optional[List[GlossaryError]] = None, source_lang: str = "zh") -> Optional[Glossary]:
    """:func:`load_tbx`; with an ``errors`` list, the first problem of each
    ``conceptEntry`` is appended there instead of raised (a problem of the whole
    document still raises), and None is returned when there was any."""
    etree = _etree()
    try:
        raw = data.encode("utf-8") if isinstance(data, str) else data
    except UnicodeEncodeError as exc:  # a caller's str with a raw lone surrogate
        raise GlossaryError("a lone surrogate character (U+D800-U+DFFF) is not text; give valid Unicode",
                            path=path, line=data.count("\n", 0, exc.start) + 1) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        msg = str(exc.msg or exc).split(", line ")[0]
        raise GlossaryError(f"not well-formed XML: {msg}; fix the XML", path=path,
                            line=exc.lineno) from None
    r = _Reader(etree, path, source_lang)
    if root.getroottree().docinfo.doctype:
        r.fail(root, "DOCTYPE declarations are not accepted (TBX v3 uses schemas, not a DTD); "
               "remove the <!DOCTYPE …>")
    qn = etree.QName(root)
    if qn.localname != "tbx" or qn.namespace != TBX_NS:
        got = f"<{qn.localname}>" + (f" in namespace {qn.namespace}" if qn.namespace else
                                     " without a namespace")
        r.fail(root, f"root element is {got}; a TBX v3 file starts with "
               f"<tbx xmlns=\"{TBX_NS}\"> (older <martif> TBX must be converted to TBX v3 first)")
    style = root.get("style")
    if style is not None and style != "dca":
        r.fail(root, f"style={style!r}; only DCA-style TBX (style=\"dca\") is read: convert the file",
               field="style")
    title = ""
    header = r.child(root, "tbxHeader", what="the TBX header")
    file_desc = r.child(header, "fileDesc", what="the file description")
    for local, node in r.children(file_desc):
        if local == "titleStmt":
            for sub, t in r.children(node):
                if sub == "title":
                    title = r.text(t)
    body = r.child(r.child(root, "text", what="the entries"), "body", what="the entries")
    entries: List[TermEntry] = []
    lines: List[int] = []
    for local, node in r.children(body):
        try:
            if local != "conceptEntry":
                r.fail(node, f"unexpected element <{local}> in <body>; only <conceptEntry> belongs here")
            r.entry_id = None
            entry = r.concept(node)
        except GlossaryError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        if entry is not None:
            entries.append(entry)
            lines.append(node.sourceline)
    if r.skipped:
        if not entries and not errors:
            first = r.skipped[0]
            langs = ", ".join(r.languages) or "none"
            raise GlossaryError(f"{first.message}; no entry of the file has both a {r.source_lang} and an "
                                f"en section; languages found: "
                                f"{langs} (another source language: source_lang=...)", path=path,
                                line=first.line, field=first.field, entry_id=first.entry_id)
        _log.warning("%s: skipped %d conceptEntry(s) without a %s or en language section: %s",
                     path or "TBX", len(r.skipped), r.source_lang,
                     ", ".join(str(e.entry_id) for e in r.skipped[:10]))

    def locate(index: int, field: Optional[str]) -> Tuple[Optional[str], Optional[int]]:
        return path, (lines[index] if index < len(lines) else None)

    validate_entries(entries, locate=locate, errors=errors)
    if errors:
        return None
    stem = Path(path).stem if path else ""
    return Glossary.from_entries(entries, name=name or title or stem or "glossary")
