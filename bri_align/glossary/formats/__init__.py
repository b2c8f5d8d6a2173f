"""Glossary exports and imports: TBX, JSONL and MT-service glossaries (layer L2).

=========  =========  ========  ==================================================
name       versioned  suffix    what
=========  =========  ========  ==================================================
tbx        tbx.v1     .tbx      TBX v3 (ISO 30042:2019), TBX-Basic, DCA; lossless,
                                importable (:mod:`.tbx` documents the mapping)
tbx2       tbx2.v1    .tbx      TBX-Basic 1.x (TBX 2008, ``<martif>``) for tools that
                                read only that (translate-toolkit, Weblate)
xlsx       xlsx.v1    .xlsx     Excel workbook, one row per rendering (openpyxl)
jsonl      jsonl.v1   .jsonl    one JSON object per entry; lossless, importable
deepl      deepl.v1   .tsv      DeepL glossary entries (TSV, no header)
google     google.v1  .csv      Google Cloud Translation equivalent term sets
                                (no English term twice; :mod:`.csvs`)
google-uni google-uni .csv      Google unidirectional glossary, zh->en, variants
amazon     amazon.v1  .csv      Amazon Translate custom terminology (CSV)
html       html.v1    .html     one self-contained page for people: search, filters,
                                evidence (:mod:`.html`); export only
=========  =========  ========  ==================================================

>>> from bri_align.glossary.formats import dumps, export_glossary, import_glossary
>>> export_glossary(glossary, format="tbx", path="out/policy.tbx")     # doctest: +SKIP
>>> import_glossary("out/policy.tbx") == glossary                      # doctest: +SKIP

Exporters check the target's rules (term length in bytes, control characters,
unique source terms, file size) before writing and raise a
:class:`~bri_align.errors.GlossaryError` naming the entry and field; files are
written atomically, UTF-8 without BOM.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Union

from ...errors import GlossaryError, InputError
from ...io import atomic_write_bytes, atomic_write_text, decode_utf8, read_text
from ...registry import Registry
from ...signature import format_signature
from ..model import Glossary
from . import csvs, html, jsonl, tbx, tbx2


def _dump_xlsx(glossary: Glossary) -> bytes:
    from .xlsx import dump_xlsx  # openpyxl, an optional extra, is imported only here

    return dump_xlsx(glossary)

__all__ = [
    "GlossaryFormat",
    "exporters",
    "FORMAT_NAMES",
    "SUFFIXES",
    "IMPORT_FORMATS",
    "default_suffix",
    "dumps",
    "dump_bytes",
    "loads",
    "export_glossary",
    "import_glossary",
    "check_import",
]

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class GlossaryFormat:
    """One file format: how to write it and, for lossless formats, how to read it."""

    name: str
    suffix: str
    description: str
    dump: Callable[[Glossary], str]
    load: Optional[Callable[..., Glossary]] = None
    binary: bool = False  # load() takes bytes (XML decides its own encoding)
    binary_output: bool = False  # dump() returns bytes (a workbook), not text

    @property
    def importable(self) -> bool:
        return self.load is not None

    def signature(self) -> str:
        return format_signature(f"glossary-format:{self.name}", [("suffix", self.suffix)])


exporters: Registry[GlossaryFormat] = Registry("glossary format")

_FORMATS = (
    GlossaryFormat("tbx.v1", ".tbx", "TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style",
                   tbx.dump_tbx, tbx.load_tbx, binary=True),
    GlossaryFormat("tbx2.v1", ".tbx", "TBX-Basic 1.x (TBX 2008, martif), for translate-toolkit and "
                   "CAT tools that read only TBX 2008", tbx2.dump_tbx2),
    GlossaryFormat("xlsx.v1", ".xlsx", "Excel workbook, one row per rendering (needs openpyxl)",
                   _dump_xlsx, binary_output=True),
    GlossaryFormat("jsonl.v1", ".jsonl", "JSON Lines, one entry per line", jsonl.dump_jsonl,
                   jsonl.load_jsonl),
    GlossaryFormat("deepl.v1", ".tsv", "DeepL glossary entries (TSV, no header)", csvs.dump_deepl),
    GlossaryFormat("google.v1", ".csv", "Google Cloud Translation equivalent term sets (CSV)",
                   csvs.dump_google),
    GlossaryFormat("google-uni.v1", ".csv", "Google Cloud Translation unidirectional glossary (CSV, "
                   "zh->en, variants kept)", csvs.dump_google_uni),
    GlossaryFormat("amazon.v1", ".csv", "Amazon Translate custom terminology (CSV)",
                   csvs.dump_amazon),
    GlossaryFormat("html.v1", ".html", "one self-contained HTML page (search, filters, evidence)",
                   html.dump_html),
)
for _fmt in _FORMATS:
    exporters.register(_fmt.name, aliases=(_fmt.name.split(".")[0],))(_fmt)

FORMAT_NAMES = ("tbx", "tbx2", "jsonl", "deepl", "google", "google-uni", "amazon", "xlsx", "html")
SUFFIXES: Dict[str, str] = {n: exporters.get(n).suffix for n in FORMAT_NAMES}
IMPORT_FORMATS = tuple(n for n in FORMAT_NAMES if exporters.get(n).importable)
_BY_SUFFIX = {exporters.get(n).suffix: n for n in IMPORT_FORMATS}


def default_suffix(format: str) -> str:
    """The usual file suffix of a format (``"tbx"`` -> ``".tbx"``, ``"deepl"`` -> ``".tsv"``)."""
    return exporters.get(format).suffix


def _check_glossary(glossary: object) -> Glossary:
    # the exporters take a loaded Glossary: bri_align.glossary.as_glossary, which loads a
    # path, itself imports this module to read .tbx/.jsonl exports
    if not isinstance(glossary, Glossary):
        raise InputError(f"glossary must be a Glossary, got {type(glossary).__name__}; load a termbase or "
                         "an export first: bri_align.glossary.as_glossary(path)", field="glossary")
    return glossary


def dumps(glossary: Glossary, *, format: str) -> str:
    """The glossary in ``format`` (a name from :data:`FORMAT_NAMES` or a versioned name);
    a binary format (``xlsx``) is written with :func:`export_glossary` or :func:`dump_bytes`."""
    fmt = exporters.get(format)
    if fmt.binary_output:
        raise InputError(f"{fmt.name} is a binary format; write it to a file: export_glossary(glossary, "
                         f"format={format!r}, path=...) (CLI: --out FILE)", field="format")
    return fmt.dump(_check_glossary(glossary))


def dump_bytes(glossary: Glossary, *, format: str) -> bytes:
    """The glossary in ``format`` as bytes (UTF-8 for a text format)."""
    fmt = exporters.get(format)
    data = fmt.dump(_check_glossary(glossary))
    return data if fmt.binary_output else data.encode("utf-8")


def export_glossary(glossary: Glossary, *, format: str, path: PathLike,
                    inputs: Sequence[PathLike] = ()) -> Path:
    """Write the glossary in ``format`` to ``path`` atomically and return the path.

    When ``path`` is an existing directory, the file is ``<glossary.name><suffix>``
    inside it.  Nothing is written when an entry breaks the format's rules, nor over
    one of ``inputs`` (e.g. the termbase the glossary came from).
    """
    fmt = exporters.get(format)
    data = fmt.dump(_check_glossary(glossary))
    target = Path(path)
    if target.is_dir():
        target = target / f"{glossary.name}{fmt.suffix}"
    if fmt.binary_output:
        return atomic_write_bytes(target, data, inputs=inputs)
    return atomic_write_text(target, data, inputs=inputs)


def _import_format(path: Path, format: Optional[str]) -> GlossaryFormat:
    if format is None:
        name = _BY_SUFFIX.get(path.suffix.lower())
        if name is None:
            raise InputError(
                f"cannot tell the glossary format from the suffix {path.suffix or '(none)'!r}; "
                f"name it: format='tbx' or format='jsonl' (suffixes "
                + ", ".join(sorted(_BY_SUFFIX)) + ")", path=str(path), field="format")
        format = name
    fmt = exporters.get(format)
    if not fmt.importable:
        raise InputError(
            f"the {fmt.name} format is export-only (it keeps only source and target terms); "
            "import one of: " + ", ".join(IMPORT_FORMATS), path=str(path), field="format")
    return fmt


def loads(data: Union[str, bytes], *, format: str, name: Optional[str] = None,
          path: Optional[str] = None, source_lang: str = "zh") -> Glossary:
    """Parse ``data`` in an importable format (``tbx`` or ``jsonl``) into a Glossary.

    ``path`` is only used in error messages and for the default name.
    """
    fmt = exporters.get(format)
    if not fmt.importable:
        raise InputError(f"the {fmt.name} format is export-only; import one of: "
                         + ", ".join(IMPORT_FORMATS), field="format")
    if fmt.binary:  # TBX: source_lang picks the source-language section (tbx.load_tbx)
        return fmt.load(data, path=path, name=name, source_lang=source_lang)
    if isinstance(data, bytes):
        data = decode_utf8(data, path=path, what="glossary file", error=GlossaryError)
    default = Path(path).stem if path else "glossary"
    return fmt.load(data, path=path, name=name or default)


def _read_bytes(path: Path) -> bytes:
    if path.exists() and not path.is_file() and not path.is_dir():
        raise InputError("the glossary file is not a regular file (a device, FIFO or socket); give a .tbx "
                         "or .jsonl file", path=str(path))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("glossary file not found; check the path", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("glossary path is a directory; give a .tbx or .jsonl file",
                         path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the glossary file: {exc.strerror}", path=str(path)) from None


def import_glossary(path: PathLike, *, format: Optional[str] = None,
                    name: Optional[str] = None, source_lang: str = "zh") -> Glossary:
    """Read a TBX or JSONL glossary back into a validated :class:`Glossary`.

    ``format`` defaults to the one the suffix names (``.tbx``, ``.jsonl``).  The
    name is ``name``, else the TBX header title, else the file stem.  ``source_lang``
    names the TBX language section read as source terms (default ``zh``; e.g. ``es``
    for LTAC's English-Spanish TBX-Basic example).
    """
    p = Path(path)
    fmt = _import_format(p, format)
    if fmt.binary:
        return fmt.load(_read_bytes(p), path=str(p), name=name, source_lang=source_lang)
    return fmt.load(read_text(p, what="glossary file"), path=str(p), name=name or p.stem)


def check_import(path: PathLike, *, format: Optional[str] = None, name: Optional[str] = None):
    """Read a TBX or JSONL glossary like :func:`import_glossary`, but collect the first
    problem of every entry instead of stopping at the first; returns a
    :class:`~bri_align.glossary.loader.TermbaseCheck`.  A file that cannot be read or
    parsed at all is still raised."""
    from ..loader import TermbaseCheck

    p = Path(path)
    fmt = _import_format(p, format)
    errors: List[GlossaryError] = []
    if fmt.name.startswith("tbx"):
        glossary = tbx.read_tbx(_read_bytes(p), path=str(p), name=name, errors=errors)
    else:
        glossary = jsonl.read_jsonl(read_text(p, what="glossary file"), path=str(p), name=name or p.stem,
                                    errors=errors)
    return TermbaseCheck(glossary=glossary, errors=tuple(errors))
