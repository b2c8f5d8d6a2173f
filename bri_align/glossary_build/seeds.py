"""Seed documents: finding, reading and matching them, and the records of a matched
seed (layer L3: above :mod:`bri_align.matching`, part of the glossary build).

A seed is a ``.txt``/``.md`` document (English or Chinese, detected per file).
:func:`read_seed` reads and segments one; :func:`match_seed` finds every termbase
form in it with a :class:`~bri_align.matching.TermMatcher` and returns the
:class:`SeedDocument` with its :class:`Occurrence` records, which the audit, the
candidate finder and the dataset rows read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple, Union

from ..errors import InputError
from ..glossary.model import REJECTED_STATUSES, Glossary, Status
from ..io import read_text
from ..matching import TermMatch, TermMatcher
from ..text.lang import detect_language
from ..text.segment import Paragraph, segment

__all__ = [
    "Occurrence",
    "SeedDocument",
    "SEED_SUFFIXES",
    "default_seeds_path",
    "seed_files",
    "read_seed",
    "match_seed",
]

PathLike = Union[str, "os.PathLike[str]"]

SEED_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
# Files of a seeds folder that describe it rather than being seeds.
_NOT_SEEDS = ("readme", "license", "licence", "changelog", "notice", "provenance")


# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a termbase form in a seed; offsets into the seed file text."""

    file: str  # path relative to the seeds folder, '/'-separated
    lang: str  # "zh" | "en"
    line: int  # 1-based line of the paragraph
    paragraph: int  # paragraph index in the file (0-based)
    sentence: int  # sentence index in the paragraph (0-based)
    char_start: int
    char_end: int
    text: str  # seed_text[char_start:char_end]
    entry_id: str
    zh: str
    form: str  # the termbase form that matched (English rendering or Chinese form)
    status: Status
    literal: bool = False
    reason: str = ""
    preferred: str = ""  # the entry's preferred English rendering
    alternatives: Tuple[str, ...] = ()  # other entries with the same form
    context: str = ""  # the sentence holding the occurrence (original text)

    @property
    def flagged(self) -> bool:
        """A rendering to replace: deprecated, superseded or literal (English only)."""
        return self.lang == "en" and (self.status in REJECTED_STATUSES or self.literal)

    @property
    def why(self) -> str:
        parts = []
        if self.status in REJECTED_STATUSES:
            parts.append(self.status.value)
        if self.literal:
            parts.append("literal")
        return "+".join(parts)

    def to_dict(self) -> Dict[str, Any]:
        return {
            "file": self.file,
            "lang": self.lang,
            "line": self.line,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "text": self.text,
            "entry_id": self.entry_id,
            "zh": self.zh,
            "form": self.form,
            "status": self.status.value,
            "literal": self.literal,
            "flagged": self.flagged,
            "reason": self.reason,
            "preferred": self.preferred,
            "alternatives": list(self.alternatives),
            "context": self.context,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Occurrence":
        return cls(
            file=str(d["file"]), lang=str(d["lang"]), line=int(d["line"]), paragraph=int(d["paragraph"]),
            sentence=int(d["sentence"]), char_start=int(d["char_start"]), char_end=int(d["char_end"]),
            text=str(d["text"]), entry_id=str(d["entry_id"]), zh=str(d["zh"]), form=str(d["form"]),
            status=Status(d["status"]), literal=bool(d.get("literal", False)), reason=str(d.get("reason", "")),
            preferred=str(d.get("preferred", "")), alternatives=tuple(d.get("alternatives", ()) or ()),
            context=str(d.get("context", "")),
        )


@dataclass(frozen=True)
class SeedDocument:
    """A seed file read, segmented and matched."""

    file: str  # relative to the seeds folder
    path: str  # as given/found on disk
    lang: str
    fmt: str  # "text" | "markdown"
    text: str
    paragraphs: Tuple[Paragraph, ...]
    occurrences: Tuple[Occurrence, ...] = ()
    # forms of other entries inside an occurrence (English seeds; consistency check only)
    nested: Tuple[Occurrence, ...] = ()

    @property
    def n_sentences(self) -> int:
        return sum(len(p.sentences) for p in self.paragraphs)

    def to_dict(self) -> Dict[str, Any]:
        """A summary (without the text)."""
        return {
            "file": self.file,
            "lang": self.lang,
            "format": self.fmt,
            "chars": len(self.text),
            "paragraphs": len(self.paragraphs),
            "sentences": self.n_sentences,
            "occurrences": len(self.occurrences),
            "flagged": sum(o.flagged for o in self.occurrences),
        }


# ------------------------------------------------------------------ reading and matching
def default_seeds_path() -> Path:
    """The bundled seeds (``seeds/``, installed inside the package as ``bri_align/_data/seeds``)."""
    from ..resources import bundled_path

    return bundled_path("seeds")


def _is_seed(p: Path) -> bool:
    if not p.is_file() or p.suffix.lower() not in SEED_SUFFIXES:
        return False
    if p.name.startswith((".", "_")):
        return False
    return not p.stem.lower().startswith(_NOT_SEEDS)


def seed_files(path: PathLike) -> List[Tuple[str, Path]]:
    """``(relative name, path)`` of every seed under ``path`` (a file or a folder), sorted.

    A folder is searched recursively for ``.txt``/``.md`` files; hidden files and
    README/LICENSE-like files (which describe the seeds) are skipped.
    """
    root = Path(path)
    if not root.exists():
        raise InputError("seeds path not found; give a folder of .txt/.md seed documents or one such file",
                         path=str(root), field="seeds")
    if root.is_file():
        if root.suffix.lower() not in SEED_SUFFIXES:
            raise InputError(f"a seed must be a .txt or .md file, got '{root.suffix or 'no suffix'}'",
                             path=str(root), field="seeds")
        return [(root.name, root)]
    found = []
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if any(part.startswith(".") for part in rel.parts[:-1]):
            continue
        if _is_seed(p):
            found.append((rel.as_posix(), p))
    if not found:
        raise InputError("no seed documents (.txt or .md files) in this folder; add some or pass another "
                         "--seeds path", path=str(root), field="seeds")
    return found


def read_seed(name: str, path: Path) -> SeedDocument:
    """Read, check and segment one seed file (no matching yet)."""
    text = read_text(path, what="seed file")
    fmt = SEED_SUFFIXES[path.suffix.lower()]
    paragraphs = segment(text, fmt=fmt)  # type: ignore[arg-type]
    if not paragraphs:
        raise InputError("the seed file has no text; remove it or fill it", path=str(path), field="seeds")
    lang = detect_language("\n".join(p.text for p in paragraphs)) or "en"
    return SeedDocument(file=name, path=str(path), lang=lang, fmt=fmt, text=text, paragraphs=tuple(paragraphs))


def match_seed(doc: SeedDocument, matcher: TermMatcher, glossary: Glossary) -> SeedDocument:
    """Find every termbase form in ``doc``; return it with its occurrences.

    Occurrences are the leftmost-longest matches.  For English seeds, the forms of
    other entries nested inside an occurrence are kept in ``doc.nested`` for the
    consistency check of the audit.
    """
    def occurrence(p: Paragraph, m: TermMatch) -> Occurrence:
        start, end = p.start + m.start, p.start + m.end
        entry = glossary.get(m.entry_id)
        sentence = p.sentence_at(start)
        literal, reason = False, ""
        if doc.lang == "en":
            r = entry.rendering(m.form)
            if r is not None:
                literal, reason = r.literal, r.reason
        return Occurrence(
            file=doc.file, lang=doc.lang, line=p.line, paragraph=p.index, sentence=sentence.index,
            char_start=start, char_end=end, text=doc.text[start:end], entry_id=m.entry_id, zh=entry.zh,
            form=m.form, status=m.status, literal=literal, reason=reason, preferred=entry.preferred.en,
            alternatives=tuple(m.alternatives), context=doc.text[sentence.start:sentence.end],
        )

    occurrences: List[Occurrence] = []
    nested: List[Occurrence] = []
    for p in doc.paragraphs:
        chosen = matcher.find(p.text)
        occurrences.extend(occurrence(p, m) for m in chosen)
        if doc.lang != "en" or not chosen:
            continue
        # forms of other entries strictly inside a chosen (longest) match
        inner: Dict[Tuple[int, int, str], TermMatch] = {}
        for h in matcher.find(p.text, all_matches=True):
            key = (h.start, h.end, h.entry_id)
            if key in inner:
                continue
            for m in chosen:
                if (m.start <= h.start and h.end <= m.end and (h.start, h.end) != (m.start, m.end)
                        and h.entry_id != m.entry_id):
                    inner[key] = h
                    break
        # of two nested forms of one entry, one inside the other, keep the longer
        for (s, e, eid), h in inner.items():
            if not any(eid == eid2 and s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, eid2 in inner):
                nested.append(occurrence(p, h))
    return replace(doc, occurrences=tuple(occurrences), nested=tuple(nested))
