"""`bri-align match`: find glossary terms in Chinese or English text."""

from __future__ import annotations

import argparse
import os
from typing import IO, TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Tuple

from ..glossary import as_glossary
from ..matching import MatchTable, TermMatcher
from ..matching.matcher import _gc_paused
from ._common import add_format, dump_json, emit, output_stream, read_input

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def register(sub: "argparse._SubParsersAction[Any]") -> None:
    p = sub.add_parser("match", help="find glossary terms in Chinese or English text")
    p.add_argument("input", nargs="?", default="-", help="UTF-8 text file, or '-' for stdin (default)")
    p.add_argument("--lang", required=True, choices=("zh", "en"), help="language of the text")
    p.add_argument("--glossary", help="termbase YAML file or folder, or a .tbx/.jsonl export (default: the bundled termbase)")
    p.add_argument("--all", action="store_true", help="report nested and overlapping matches too")
    add_format(p, ("text", "json", "jsonl"), default="text", what="matches (text for people, json/jsonl "
                                                                   "for machines)")
    p.add_argument("--out", default="-",
                   help="output file, written atomically; never one of the inputs ('-': stdout, the default)")
    p.set_defaults(func=run_match)


def run_match(args: argparse.Namespace) -> int:
    text = read_input(args.input, what="text file")
    glossary = as_glossary(args.glossary)
    matcher = TermMatcher.for_glossary(glossary, lang=args.lang)
    inputs = [args.input, args.glossary]
    if args.format == "json":
        matches = matcher.find(text, all_matches=args.all)
        emit(dump_json({"signature": matcher.signature(),
                        "matches": [m.to_dict() for m in matches]}), args.out, inputs=inputs)
        return 0
    if args.all:
        table = MatchTable.from_matches(args.lang, text, matcher.find(text, all_matches=True))
    else:
        table = matcher.find_table(text)
    with output_stream(args.out, inputs=inputs) as out:
        if args.format == "jsonl":
            for chunk in _jsonl_chunks(table):
                out.write(chunk)
        else:
            write = _utf8_writer(out)
            for data in _text_chunks(table, glossary):
                write(data)
    return 0


def _utf8_writer(out: IO[str]) -> Callable[[bytes], Any]:
    """A function that writes UTF-8 bytes to the text stream ``out``: straight to its byte
    buffer where the text layer would write the same bytes (UTF-8, newlines kept), else
    decoded through the text layer."""
    buffer = getattr(out, "buffer", None)
    encoding = (getattr(out, "encoding", None) or "").lower().replace("_", "-")
    if buffer is None or encoding not in ("utf-8", "utf8") or os.linesep != "\n":
        return lambda data: out.write(data.decode("utf-8"))
    out.flush()  # what the text layer holds goes first
    return buffer.write


_CHUNK = 16384  # matches per write: the output is streamed, never held whole


def _jsonl_chunks(table: MatchTable) -> Iterator[str]:
    """One JSON object per match, keys in TermMatch.to_dict order; what a key's matches share
    (entry, form, status, alternatives) is serialised once per key."""
    import json

    dumps = json.dumps
    tails: Dict[int, str] = {}
    heads = {}
    head = table.head.tolist()
    for h in set(head):
        entry_id, form, status, alternatives = table.heads[h]
        heads[h] = '{"entry_id": %s, "lang": %s, "start": ' % (dumps(entry_id, ensure_ascii=False),
                                                                dumps(table.lang))
        tails[h] = ', "form": %s, "status": %s, "alternatives": %s}\n' % (
            dumps(form, ensure_ascii=False), dumps(status.value), dumps(list(alternatives), ensure_ascii=False))
    start, end, texts = table.start.tolist(), table.end.tolist(), table.texts()
    for i in range(0, len(table), _CHUNK):
        j = i + _CHUNK
        yield "".join([f'{heads[h]}{s}, "end": {e}, "text": {dumps(t, ensure_ascii=False)}{tails[h]}'
                       for s, e, t, h in zip(start[i:j], end[i:j], texts[i:j], head[i:j])])


def _row_tails(table: MatchTable, glossary) -> Tuple[List[bytes], "np.ndarray", "np.ndarray", "np.ndarray"]:
    """What follows a row's matched text, per key found: ``tails[2 * i]`` without and
    ``tails[2 * i + 1]`` with the ``= preferred`` hint (shown when an accepted match's text
    is not the preferred rendering itself, case aside; a deprecated form always says what to
    use), in UTF-8; the keys found (indices into ``table.heads``); and per match, ``i`` (the
    index of its key among the keys found) and whether its row takes the hint."""
    import numpy as np

    found = np.zeros(len(table.heads), dtype=bool)
    found[table.head] = True
    used = np.flatnonzero(found)
    position = np.zeros(len(table.heads), dtype=np.int64)
    position[used] = np.arange(used.size)
    tails: List[str] = []
    check: Dict[int, str] = {}  # per key: the preferred rendering (case folded) a text might equal
    heads, keys, get = table.heads, table.keys, glossary.get
    for i, h in enumerate(used.tolist()):
        entry_id, _form, status, _alt = heads[h]
        status = status.value
        preferred = get(entry_id).preferred.en
        if status in ("deprecated", "superseded"):
            tails += [f"\t{entry_id}\t{status}  -> use: {preferred}\n"] * 2
        else:
            tails += [f"\t{entry_id}\t{status}\n", f"\t{entry_id}\t{status}  = {preferred}\n"]
            pref_cf = preferred.casefold()
            if keys is None or not _never_equal(keys[h], pref_cf):
                check[i] = pref_cf
    # every tail ends with its newline: encoded at once and split after the line ends
    tails_utf8 = "".join(tails).encode("utf-8").splitlines(keepends=True)
    if len(tails_utf8) != len(tails):  # a line break inside a rendering or an id
        tails_utf8 = [t.encode("utf-8") for t in tails]
    key_of = position[table.head]
    hinted = np.ones(len(table), dtype=bool)
    if check:
        rows = np.flatnonzero(np.isin(key_of, list(check)))
        original = table.original
        hinted[rows] = [original[s:e].casefold() != check[i] for s, e, i in
                        zip(table.start[rows].tolist(), table.end[rows].tolist(), key_of[rows].tolist())]
    return tails_utf8, used, key_of, hinted


def _never_equal(key: str, pref_cf: str) -> bool:
    """Whether no text found by the normalised Chinese ``key`` can, case folded, be the case
    folded preferred rendering ``pref_cf``: the key holds a Chinese character, which a
    matched text holds too or in a traditional form (neither has case, both lie at or above
    U+2E80; tests/matching check this over the fold tables), and the rendering has no
    character there."""
    from ..text.normalize import is_cjk

    return (not pref_cf or max(pref_cf) < "\u2e80") and any(map(is_cjk, key))


def _text_chunks(table: MatchTable, glossary) -> Iterator[bytes]:
    """``start-end, line N, text, entry, status, hint`` per match, then the count, as UTF-8.

    Built a chunk of matches at a time, with no Python step per match: a row is three
    bytes objects joined with all others of its chunk at once: its numbers
    (``start-end\tline N\t``, all rows' at once by :func:`_number_rows`), its text (the
    key's own bytes, shared by every row whose text is its key, most rows: no quotation
    mark, traditional or full-width character in it; else cut by :func:`_texts_utf8`) and
    its key's tail. Line numbers come from one pass over the newlines."""
    import numpy as np

    n = len(table)
    if n:
        text = table.original
        # the text's code points, and a NUL after them for _texts_utf8
        codes = np.frombuffer((text + "\x00").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        newlines = np.flatnonzero(codes == 10)
        line_no = np.searchsorted(newlines, table.start, side="left") + 1
        tails, used, key_of, hinted = _row_tails(table, glossary)
        tails = _object_array(tails)
        tail_id = 2 * key_of + hinted
        if table.keys is None:
            keys = _object_array([b""] * used.size)
            verbatim = np.zeros(n, dtype=bool)
        else:
            key_texts = [table.keys[h] for h in used.tolist()]
            keys = _object_array([k.encode("utf-8") for k in key_texts])
            verbatim = _is_key(codes, table.start, table.end, key_texts, key_of)
        width = (len(str(len(text))), len(str(newlines.size + 1)))
        with _gc_paused():  # tens of thousands of bytes objects, none in a cycle
            for i in range(0, n, _CHUNK):
                j = min(i + _CHUNK, n)
                start, end = table.start[i:j], table.end[i:j]
                out: List[bytes] = [b""] * (3 * (j - i))
                out[0::3] = _number_rows(start, end, line_no[i:j], width)
                texts = keys[key_of[i:j]]
                others = np.flatnonzero(~verbatim[i:j])
                if others.size:
                    texts[others] = _texts_utf8(codes, text, start[others], end[others])
                out[1::3] = texts.tolist()
                out[2::3] = tails[tail_id[i:j]].tolist()
                yield b"".join(out)
    yield f"{n} matches\n".encode("utf-8")


def _object_array(items: List[bytes]) -> "np.ndarray":
    """A numpy array of Python objects (``np.array`` would make fixed-width bytes)."""
    import numpy as np

    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _texts_utf8(codes, text: str, start, end) -> List[bytes]:
    """``text[start:end].encode()`` for each span: the spans' code points (``codes``: the
    text's, then a NUL) gathered with a NUL after each, decoded and encoded once, split at
    the NULs (a text read from a file holds none; one that does is cut in Python)."""
    import numpy as np

    if "\x00" in text:
        return [text[s:e].encode("utf-8") for s, e in zip(start.tolist(), end.tolist())]
    lengths = end - start + 1  # with the NUL after it
    first = np.cumsum(lengths) - lengths
    index = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(start - first, lengths)
    index[first + lengths - 1] = codes.size - 1  # there: the NUL after the text's codes
    spans = codes[index]
    return spans.tobytes().decode("utf-32-le").encode("utf-8").split(b"\x00")[:-1]


def _is_key(codes, start, end, keys: List[str], key_of):
    """Per match, whether ``codes[start:end]`` (the text's code points) is its key
    ``keys[key_of]`` itself: compared all at once over the matches as long as their key."""
    import numpy as np

    key_codes = np.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    key_len = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    key_at = np.cumsum(key_len) - key_len
    length = key_len[key_of]
    same = (end - start) == length
    rows = np.flatnonzero(same)
    if rows.size:
        lengths = length[rows]
        first = np.cumsum(lengths) - lengths  # where each row's characters start below
        inside = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(first, lengths)
        equal = (codes[np.repeat(start[rows], lengths) + inside]
                 == key_codes[np.repeat(key_at[key_of[rows]], lengths) + inside])
        same[rows] = np.logical_and.reduceat(equal, first)
    return same


def _number_rows(start, end, line_no, width: Tuple[int, int]) -> List[bytes]:
    """``start-end\tline N\t`` of each match as bytes: the digits of all rows written a
    digit position at a time into one byte array (a number right-aligned in its field, NUL
    bytes before it), the NULs deleted and the rows split apart, all in C."""
    import numpy as np

    w_pos, w_line = width
    fields = ((start, w_pos, b"-"), (end, w_pos, b"\tline "), (line_no, w_line, b"\t\x01"))
    table = np.empty((start.size, sum(w + len(sep) for _, w, sep in fields)), dtype=np.uint8)
    at = 0
    for x, w, sep in fields:
        x = x.astype(np.uint32)  # offsets below 2**32: a file under 4 GB
        last = at + w - 1
        for c in range(last, at - 1, -1):
            q = x // 10
            digit = (x - q * 10 + 48).astype(np.uint8)
            if c != last:
                digit[x == 0] = 0  # before the number's first digit
            table[:, c] = digit
            x = q
        at += w
        table[:, at:at + len(sep)] = np.frombuffer(sep, dtype=np.uint8)
        at += len(sep)
    return table.tobytes().translate(None, b"\x00").split(b"\x01")[:-1]
