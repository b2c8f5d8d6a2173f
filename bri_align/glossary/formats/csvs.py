"""MT-service glossary exports: DeepL TSV, Google equivalent term sets, Amazon Translate CSV.

These formats hold only what an MT engine uses, a source term and the target term
to force, so they are exports, never imports (use TBX or JSONL to round-trip).

=========  ===================================================================
DeepL      TSV (``.tsv``), no header, one ``source<TAB>target`` line per
           Chinese form: the main term *and every variant* (亚投行, 一帶一路)
           map to the preferred English rendering.  Rules checked (DeepL API
           documentation, Managing glossaries): unique source terms, no empty
           terms, no leading/trailing whitespace, no C0/C1 control characters or
           U+2028/U+2029, at most 1024 UTF-8 bytes per term, at most 10 MiB
           (10 485 760 bytes) per dictionary, UTF-8 without BOM.
Google     Cloud Translation *equivalent term sets* CSV (``.csv``): first row
           holds the language codes ``zh-CN,en`` (plus ``description`` when some
           entry has a definition), then one row per entry: main Chinese term,
           English rendering, definition.  A row works in both directions, so no
           English term appears in two rows (en→zh would be ambiguous): an
           English term belongs to the entry where it is the preferred rendering
           (the first such entry in termbase order when several prefer it); an
           entry whose preferred rendering belongs to another entry takes its
           first admitted rendering no other entry claims, else its row is left
           out (:func:`google_collisions` lists what was dropped; the export logs
           it).  Variants are left out for the same reason.  Checked: no empty
           terms, no edge whitespace, no control characters, unique Chinese
           terms.  Google's size quotas are not checked here (not verified
           offline).
Google     Cloud Translation *unidirectional* glossary (``google-uni``, ``.csv``):
(uni)      two columns, no header, one ``source,target`` row per Chinese form,
           the main term and every variant, to its preferred rendering (as for
           DeepL): zh→en only, so a repeated English term is harmless.
Amazon     Amazon Translate custom terminology CSV (``.csv``): first row
           ``zh,en``, then one row per Chinese form (as for DeepL), for upload
           with directionality ``UNI`` (Chinese is the source).  Checked: at most
           200 UTF-8 bytes per term, at most 10 MiB (10 485 760 bytes) per file,
           unique source terms, the same character rules as DeepL.
=========  ===================================================================

All three are written with ``\\n`` line ends, UTF-8 without BOM.  A term that
breaks a rule raises :class:`~bri_align.errors.GlossaryError` naming the entry id,
the field and what to do; nothing is written.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from ...errors import GlossaryError
from ..model import Glossary, TermEntry
from ._checks import MIB, check_size, check_term

__all__ = [
    "dump_deepl",
    "dump_google",
    "dump_google_uni",
    "google_collisions",
    "GoogleCollision",
    "dump_amazon",
    "DEEPL_MAX_TERM_BYTES",
    "DEEPL_MAX_BYTES",
    "AMAZON_MAX_TERM_BYTES",
    "AMAZON_MAX_BYTES",
]

DEEPL_MAX_TERM_BYTES = 1024
DEEPL_MAX_BYTES = 10 * MIB
AMAZON_MAX_TERM_BYTES = 200
AMAZON_MAX_BYTES = 10 * MIB

_log = logging.getLogger(__name__)

GOOGLE_LANGUAGE_CODES = ("zh-CN", "en")
AMAZON_LANGUAGE_CODES = ("zh", "en")


def _source_pairs(glossary: Glossary, *, service: str, max_bytes: int | None) -> List[Tuple[str, str]]:
    """(Chinese form, preferred rendering) for every Chinese form, checked and unique."""
    pairs: List[Tuple[str, str]] = []
    owner: Dict[str, str] = {}
    for e in glossary:
        target = e.preferred.en
        check_term(target, service=service, entry_id=e.id, field="renderings.en", max_bytes=max_bytes)
        for field, form in _zh_fields(e):
            if form in owner:
                if owner[form] == e.id:
                    continue  # the same form listed twice in one entry: one line is enough
                raise GlossaryError(
                    f"source term '{form}' is also a term of entry '{owner[form]}'; {service} needs "
                    "unique source terms: keep the term in one entry only",
                    entry_id=e.id, field=field)
            check_term(form, service=service, entry_id=e.id, field=field, max_bytes=max_bytes)
            owner[form] = e.id
            pairs.append((form, target))
    return pairs


def _zh_fields(e: TermEntry) -> List[Tuple[str, str]]:
    return [("zh", e.zh)] + [("zh_variants", v) for v in e.zh_variants]


def _csv_text(rows: List[List[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return buf.getvalue()


def dump_deepl(glossary: Glossary) -> str:
    """DeepL glossary entries as TSV: ``source<TAB>target`` per line, no header."""
    service = "DeepL"
    pairs = _source_pairs(glossary, service=service, max_bytes=DEEPL_MAX_TERM_BYTES)
    text = "".join(f"{src}\t{tgt}\n" for src, tgt in pairs)
    check_size(text, service=service, limit=DEEPL_MAX_BYTES)
    return text


def dump_amazon(glossary: Glossary) -> str:
    """Amazon Translate custom terminology CSV with the header row ``zh,en``."""
    service = "Amazon Translate"
    pairs = _source_pairs(glossary, service=service, max_bytes=AMAZON_MAX_TERM_BYTES)
    text = _csv_text([list(AMAZON_LANGUAGE_CODES)] + [[s, t] for s, t in pairs])
    check_size(text, service=service, limit=AMAZON_MAX_BYTES)
    return text


@dataclass(frozen=True)
class GoogleCollision:
    """An English term an equivalent-term-set row could not use: ``entry_id``'s
    ``en`` belongs to the row of ``kept_by``; ``used`` is the rendering the entry's
    row took instead (empty: the row was left out)."""

    entry_id: str
    en: str
    kept_by: str
    used: str = ""


def _google_rows(glossary: Glossary) -> Tuple[List[Tuple[TermEntry, str]], List[GoogleCollision]]:
    """(entry, English term) per row, and the collisions resolved on the way."""
    owner: Dict[str, str] = {}  # casefolded English term -> entry id whose row holds it
    for e in glossary:  # preferred renderings claim their term first, in termbase order
        owner.setdefault(e.preferred.en.casefold(), e.id)
    rows: List[Tuple[TermEntry, str]] = []
    collisions: List[GoogleCollision] = []
    for e in glossary:
        candidates = [e.preferred] + [r for r in e.admitted]
        chosen: Optional[str] = None
        for r in candidates:
            key = r.en.casefold()
            if owner.get(key, e.id) == e.id:
                owner[key] = e.id
                chosen = r.en
                break
        if chosen != e.preferred.en:
            collisions.append(GoogleCollision(entry_id=e.id, en=e.preferred.en,
                                              kept_by=owner[e.preferred.en.casefold()], used=chosen or ""))
        if chosen is not None:
            rows.append((e, chosen))
    return rows, collisions


def google_collisions(glossary: Glossary) -> List[GoogleCollision]:
    """The English terms :func:`dump_google` could not put in an entry's row because
    another row holds them (see the module docstring)."""
    return _google_rows(glossary)[1]


def dump_google(glossary: Glossary) -> str:
    """Google Cloud Translation equivalent-term-sets CSV (``zh-CN,en[,description]``)."""
    service = "Google Cloud Translation"
    entries, collisions = _google_rows(glossary)
    with_description = any(e.definition for e, _en in entries)
    header = list(GOOGLE_LANGUAGE_CODES) + (["description"] if with_description else [])
    rows = [header]
    owner: Dict[str, str] = {}
    for e, target in entries:
        check_term(e.zh, service=service, entry_id=e.id, field="zh")
        check_term(target, service=service, entry_id=e.id, field="renderings.en")
        if e.zh in owner:
            raise GlossaryError(
                f"Chinese term '{e.zh}' is also the term of entry '{owner[e.zh]}'; an equivalent "
                "term set needs unique terms: keep the term in one entry only",
                entry_id=e.id, field="zh")
        owner[e.zh] = e.id
        row = [e.zh, target]
        if with_description:
            row.append(e.definition)
        rows.append(row)
    for c in collisions:
        _log.warning("google export: entry '%s': '%s' is already the English term of entry '%s'; %s "
                     "(or export format google-uni, zh->en only, which keeps every entry)", c.entry_id,
                     c.en, c.kept_by, f"its row uses '{c.used}'" if c.used else "its row is left out")
    return _csv_text(rows)


def dump_google_uni(glossary: Glossary) -> str:
    """Google Cloud Translation unidirectional glossary CSV: ``source,target`` per
    Chinese form (variants included), no header."""
    service = "Google Cloud Translation"
    pairs = _source_pairs(glossary, service=service, max_bytes=None)
    return _csv_text([[s, t] for s, t in pairs])
