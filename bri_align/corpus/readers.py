"""Streaming readers of parallel corpora, with bad records turned into rejects (layer L5).

Every reader yields, in input order, either a :class:`Record` (a ``(zh, en)`` pair
with the file and line -- or row -- it came from) or a :class:`Reject` (the file,
line, reason and a short detail).  Nothing is held beyond the record being read
(TMX elements are cleared as soon as they are read), so a corpus of any size reads
in bounded memory.  A bad record is never fatal; a file that cannot be read at all
(missing, not a folder of the expected kind, no ``zh``/``en`` column) is an
:class:`~bri_align.errors.InputError` before anything is processed.

Reject reasons: ``invalid-utf8``, ``empty-zh``, ``empty-en``, ``wrong-language-zh``
(the Chinese side is not Chinese), ``wrong-language-en``, ``unpaired-line`` (one text
file is longer than the other), ``invalid-json``, ``bad-record`` (a JSONL/Parquet/
dataset record without string ``zh`` and ``en``), ``broken-tu`` (a TMX ``tu``
without one Chinese and one English ``seg``), ``xml-error`` (the TMX stops being
well-formed: the rest of the file is rejected as one record).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Tuple, Union

from ..errors import InputError
from ..io import display_name

__all__ = ["Record", "Reject", "REJECT_REASONS", "CorpusInput", "open_corpus", "check_record", "zh_lang", "en_lang"]

REJECT_REASONS = ("invalid-utf8", "empty-zh", "empty-en", "wrong-language-zh", "wrong-language-en",
                  "unpaired-line", "invalid-json", "bad-record", "broken-tu", "xml-error")


@dataclass(frozen=True)
class Record:
    source: str   # the file (or file[split]) the pair came from
    line: int     # 1-based line (text, JSONL, TMX: the tu's line) or row (Parquet, datasets)
    zh: str
    en: str


@dataclass(frozen=True)
class Reject:
    source: str
    line: int
    reason: str
    detail: str = ""

    def to_dict(self):
        return {"file": self.source, "line": self.line, "reason": self.reason, "detail": self.detail}


Item = Union[Record, Reject]


def zh_lang(code: Optional[str]) -> bool:
    """A Chinese ``xml:lang``: zh, zh-CN, zh-Hans, zh_cn, ZH-TW... (traditional text is
    normalised to simplified later, as everywhere in bri_align)."""
    c = (code or "").strip().lower().replace("_", "-")
    return c == "zh" or c.startswith("zh-") or c in ("cmn", "chi", "zho") or c.startswith("cmn-")


def en_lang(code: Optional[str]) -> bool:
    """An English ``xml:lang``: en, en-US, en-GB, EN_us..."""
    c = (code or "").strip().lower().replace("_", "-")
    return c == "en" or c.startswith("en-") or c == "eng"


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


def check_record(source: str, line: int, zh: str, en: str, en_source: Optional[str] = None) -> Item:
    """The record, or why it is rejected (empty side, wrong language); a reject of the
    English side names ``en_source`` where the two sides come from two files."""
    from ..text.lang import detect_language

    zh_s, en_s = zh.strip(), en.strip()
    if not zh_s:
        return Reject(source, line, "empty-zh", _short(en_s))
    if not en_s:
        return Reject(en_source or source, line, "empty-en", _short(zh_s))
    if detect_language(zh_s) == "en":
        return Reject(source, line, "wrong-language-zh", _short(zh_s))
    if detect_language(en_s) == "zh":
        return Reject(en_source or source, line, "wrong-language-en", _short(en_s))
    return Record(source, line, zh_s, en_s)


def _decode(raw: bytes, source: str, line: int) -> Union[str, Reject]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reject(source, line, "invalid-utf8", f"byte {exc.start}: {raw[exc.start:exc.start + 4]!r}")
    if text.startswith("\ufeff") and line == 1:
        text = text[1:]
    return text.rstrip("\r\n")


# ------------------------------------------------------------------ the kinds of input
class CorpusInput:
    """One corpus input: ``kind`` (text, tmx, jsonl, parquet, hf) and its paths.

    ``items()`` streams records and rejects; it can be called again (a second pass
    reads the files again, e.g. after sampling).
    """

    def __init__(self, kind: str, paths: Sequence[Path]) -> None:
        self.kind = kind
        self.paths = [Path(p) for p in paths]

    def describe(self) -> dict:
        return {"kind": self.kind, "paths": [display_name(p) for p in self.paths]}

    def items(self) -> Iterator[Item]:
        if self.kind == "text":
            yield from _text_items(self.paths[0], self.paths[1])
        elif self.kind == "tmx":
            yield from _tmx_items(self.paths[0])
        elif self.kind == "jsonl":
            yield from _jsonl_items(self.paths[0])
        elif self.kind == "parquet":
            for p in self.paths:
                yield from _parquet_items(p)
        elif self.kind == "hf":
            yield from _hf_items(self.paths[0])
        else:  # pragma: no cover - guarded by open_corpus
            raise InputError(f"unknown input kind {self.kind!r}")


def _must_exist(path: Path, what: str) -> Path:
    if not path.exists():
        raise InputError(f"{what} not found; check the path", path=str(path))
    return path


def open_corpus(*, zh: Optional[str] = None, en: Optional[str] = None, tmx: Optional[str] = None,
                input: Optional[str] = None) -> CorpusInput:  # noqa: A002 - the CLI's name
    """The corpus named by one of ``zh``+``en`` (two parallel text files), ``tmx`` or
    ``input`` (JSONL ``.jsonl``/``.json``, Parquet ``.parquet`` or a folder of them, a
    Hugging Face dataset folder written by ``save_to_disk``, or a ``.tmx``)."""
    given = [x for x in ((zh or en), tmx, input) if x]
    if len(given) != 1:
        raise InputError("give one corpus: --zh and --en, or --tmx, or --input", field="input")
    if zh or en:
        if not (zh and en):
            raise InputError("--zh and --en go together: give both parallel text files", field="zh" if en else "en")
        for p, what in ((zh, "Chinese file (--zh)"), (en, "English file (--en)")):
            _must_exist(Path(p), what)
            if Path(p).is_dir():
                raise InputError(f"the {what} is a folder; give a text file", path=p)
        return CorpusInput("text", [Path(zh), Path(en)])
    if tmx:
        p = _must_exist(Path(tmx), "TMX file (--tmx)")
        if p.is_dir():
            raise InputError("the TMX file (--tmx) is a folder; give a .tmx file", path=tmx)
        return CorpusInput("tmx", [p])
    p = _must_exist(Path(input), "corpus (--input)")  # type: ignore[arg-type]
    if p.is_dir():
        if (p / "dataset_info.json").is_file() or (p / "dataset_dict.json").is_file() or (p / "state.json").is_file():
            return CorpusInput("hf", [p])
        files = sorted(x for x in p.rglob("*.parquet") if x.is_file())
        if files:
            return CorpusInput("parquet", files)
        raise InputError("the --input folder is neither a Hugging Face dataset (save_to_disk) nor a folder of "
                         ".parquet files", path=str(p))
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".json", ".ndjson"):
        return CorpusInput("jsonl", [p])
    if suffix == ".parquet":
        return CorpusInput("parquet", [p])
    if suffix == ".tmx":
        return CorpusInput("tmx", [p])
    raise InputError(f"cannot tell the format of --input from its name ({p.name}); use a .jsonl, .parquet or "
                     ".tmx file, a folder of .parquet files or a dataset folder, or --zh/--en for text files",
                     path=str(p))


# ------------------------------------------------------------------ text
def _text_items(zh_path: Path, en_path: Path) -> Iterator[Item]:
    zname, ename = display_name(zh_path), display_name(en_path)
    try:
        fz, fe = open(zh_path, "rb"), open(en_path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(exc.filename)) from None
    with fz, fe:
        n = 0
        while True:
            rz, re_ = fz.readline(), fe.readline()
            if not rz and not re_:
                return
            n += 1
            if not rz or not re_:
                name = ename if not rz else zname  # the longer file
                yield Reject(name, n, "unpaired-line", "the other file has no line here")
                continue
            z = _decode(rz, zname, n)
            if isinstance(z, Reject):
                yield z
                continue
            e = _decode(re_, ename, n)
            if isinstance(e, Reject):
                yield e
                continue
            yield check_record(zname, n, z, e, ename)


# ------------------------------------------------------------------ JSONL
def _pair_of(obj) -> Optional[Tuple[str, str]]:
    """``(zh, en)`` of a JSON/dataset record: ``zh``/``en`` fields, or a ``translation``
    mapping with them (the Hugging Face translation layout)."""
    if not isinstance(obj, dict):
        return None
    src = obj.get("translation") if isinstance(obj.get("translation"), dict) else obj
    zh, en = src.get("zh"), src.get("en")
    if zh is None:
        zh = next((v for k, v in src.items() if zh_lang(k)), None)
    if en is None:
        en = next((v for k, v in src.items() if en_lang(k)), None)
    if zh is None and en is None:
        return None
    zh = "" if zh is None else zh
    en = "" if en is None else en
    if not isinstance(zh, str) or not isinstance(en, str):
        return None
    return zh, en


def _jsonl_items(path: Path) -> Iterator[Item]:
    name = display_name(path)
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    with f:
        for n, raw in enumerate(f, start=1):
            text = _decode(raw, name, n)
            if isinstance(text, Reject):
                yield text
                continue
            if not text.strip():
                continue
            try:
                obj = json.loads(text)
            except ValueError as exc:
                yield Reject(name, n, "invalid-json", str(exc)[:80])
                continue
            pair = _pair_of(obj)
            if pair is None:
                yield Reject(name, n, "bad-record", "expected an object with string 'zh' and 'en'")
                continue
            yield check_record(name, n, *pair)


# ------------------------------------------------------------------ Parquet and datasets
def _columns(names: Sequence[str], path: Path) -> List[str]:
    if "zh" in names and "en" in names:
        return ["zh", "en"]
    if "translation" in names:
        return ["translation"]
    raise InputError(f"no 'zh' and 'en' columns (nor a 'translation' column); columns: {', '.join(names)}",
                     path=str(path), field="zh")


def _rows_to_items(rows, cols: List[str], name: str, start: int) -> Iterator[Item]:
    n = start
    if cols == ["translation"]:
        seq = ((r,) for r in rows["translation"])
    else:
        seq = zip(rows["zh"], rows["en"])
    for vals in seq:
        n += 1
        if len(vals) == 1:
            pair = _pair_of(vals[0])
        else:
            z, e = vals
            pair = None if (z is not None and not isinstance(z, str)) or (e is not None and not isinstance(e, str)) \
                else ("" if z is None else z, "" if e is None else e)
        if pair is None:
            yield Reject(name, n, "bad-record", "expected string 'zh' and 'en'")
            continue
        yield check_record(name, n, *pair)


def _parquet_items(path: Path) -> Iterator[Item]:
    import pyarrow.parquet as pq

    name = display_name(path)
    try:
        pf = pq.ParquetFile(str(path))
    except OSError as exc:
        raise InputError(f"cannot read as Parquet: {exc}", path=str(path)) from None
    cols = _columns(pf.schema_arrow.names, path)
    n = 0
    for batch in pf.iter_batches(batch_size=4096, columns=cols):
        rows = batch.to_pydict()
        yield from _rows_to_items(rows, cols, name, n)
        n += batch.num_rows


def _hf_items(path: Path) -> Iterator[Item]:
    try:
        from datasets import Dataset, DatasetDict, load_from_disk
    except ImportError:  # pragma: no cover - datasets is a core dependency
        from ..errors import MissingDependencyError

        raise MissingDependencyError("reading a Hugging Face dataset folder needs the 'datasets' package") from None
    try:
        ds = load_from_disk(str(path))
    except (OSError, ValueError, FileNotFoundError) as exc:
        raise InputError(f"cannot load the dataset folder: {exc}", path=str(path)) from None
    parts = [(split, ds[split]) for split in sorted(ds)] if isinstance(ds, DatasetDict) else [(None, ds)]
    for split, d in parts:
        assert isinstance(d, Dataset)
        name = display_name(path) + (f"[{split}]" if split else "")
        cols = _columns(d.column_names, path)
        n = 0
        for rows in d.select_columns(cols).iter(batch_size=4096):
            yield from _rows_to_items(rows, cols, name, n)
            n += len(rows[cols[0]])


# ------------------------------------------------------------------ TMX
def _tmx_items(path: Path) -> Iterator[Item]:
    from lxml import etree

    name = display_name(path)
    XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
    try:
        f = open(path, "rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=str(path)) from None
    with f:
        ctx = etree.iterparse(f, events=("end",), tag="tu", huge_tree=True, resolve_entities=False, no_network=True)
        last_line = 0
        try:
            for _, tu in ctx:
                line = tu.sourceline or last_line
                last_line = line
                zh = en = None
                n_zh = n_en = 0
                for tuv in tu.iterfind("tuv"):
                    lang = tuv.get(XML_LANG) or tuv.get("lang")
                    seg = tuv.find("seg")
                    text = None if seg is None else "".join(seg.itertext())
                    if zh_lang(lang):
                        n_zh += 1
                        zh = text if zh is None else zh
                    elif en_lang(lang):
                        n_en += 1
                        en = text if en is None else en
                # free what was read: the element and the siblings before it
                tu.clear(keep_tail=True)
                while tu.getprevious() is not None:
                    del tu.getparent()[0]
                if zh is None or en is None:
                    missing = "Chinese" if zh is None else "English"
                    yield Reject(name, line, "broken-tu", f"no {missing} tuv with a seg")
                    continue
                yield check_record(name, line, zh, en)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno or last_line
            yield Reject(name, line, "xml-error", f"{exc.msg}; the rest of the file is not read"[:120])
