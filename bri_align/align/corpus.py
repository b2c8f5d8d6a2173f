"""Word alignment of parallel files at corpus scale (layer L3).

:func:`align_word_files` reads a Chinese and an English file line by line (never
the whole text at once), checks them (same number of lines, valid UTF-8, not
empty, languages not swapped), tokenises in worker processes when ``num_proc > 1``,
keeps only integer-encoded sentences in memory for the EM aligners, and writes one
Pharaoh line per sentence pair to ``out`` through a temporary file renamed into
place.  Progress bars (tqdm) are shown only when asked for.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import (
    Any,
    Dict,
    Iterable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
)

from ..errors import InputError
from ..io import atomic_open, check_output_file, decode_utf8, display_name, open_input
from ..text.lang import count_scripts, detect_language
from .hmm import default_sigterm
from .ibm_hmm import HMMAligner
from .pharaoh import format_pharaoh
from .tokenize import WordGlossaryArg, optional_glossary
from .word import build_word_aligner, check_num_proc

__all__ = ["AlignFilesSummary", "iter_lines", "iter_parallel", "check_languages", "align_word_files",
           "align_parallel_files", "tokenize_stream"]

_SAMPLE_LINES = 200


#: The longest line the readers accept, in characters: a sentence pair is a line, and a
#: longer "line" is a whole document with no line breaks (or binary data), which the
#: aligners cannot use and would exhaust memory on (a 50 MB line ran out after minutes).
MAX_LINE_CHARS = 100_000

_LINE_END = re.compile(rb"\r\n|\r|\n")
_CHUNK = 1 << 20


def _raw_lines(fh: Any, *, path: str, what: str, max_chars: int) -> Iterator[bytes]:
    """Byte lines of ``fh`` without their ends: ``\n``, ``\r\n`` and a lone ``\r`` each end a
    line (as :func:`bri_align.io.split_lines`); a line longer than ``max_chars`` characters
    (checked on bytes first, so a huge line is never held whole) is an InputError."""
    max_bytes = 4 * max_chars  # a UTF-8 character is at most 4 bytes
    buf = b""
    n = 0
    while True:
        chunk = fh.read(_CHUNK)
        pos = 0
        if chunk:
            buf += chunk
        for m in _LINE_END.finditer(buf):
            if chunk and m.end() == len(buf) and m.group() == b"\r":
                break  # a CR at the end of the chunk: its LF may come next
            n += 1
            yield buf[pos:m.start()]
            pos = m.end()
        buf = buf[pos:]
        if len(buf) > max_bytes:
            raise _too_long(path, what, n + 1, max_chars)
        if not chunk:
            if buf:
                yield buf
            return


def _too_long(path: str, what: str, line: int, max_chars: int) -> InputError:
    return InputError(f"line longer than {max_chars:,} characters in the {what}; give one sentence per line "
                      "(is it a document without line breaks, or not a text file?)", path=path, line=line)


def check_text_line(text: str, *, path: str, what: str, line: int, max_chars: int = MAX_LINE_CHARS) -> None:
    """An InputError for a line longer than ``max_chars`` (NUL bytes are refused by
    :func:`bri_align.io.decode_utf8`)."""
    if len(text) > max_chars:
        raise _too_long(path, what, line, max_chars)


def iter_lines(path: "os.PathLike[str] | str", *, what: str = "file",
               max_chars: int = MAX_LINE_CHARS) -> Iterator[Tuple[int, str]]:
    """``(line number, text)`` of a UTF-8 file, streamed (``'-'``: standard input).

    ``\n``, ``\r\n`` and a lone ``\r`` end a line.  Bad bytes, NUL bytes (not a text
    file) and a line over ``max_chars`` characters raise an InputError naming the
    file and line."""
    name = display_name(path)
    with open_input(path, what=what) as stream:  # '-': standard input
        try:
            # a BOM starts the file, not each line: drop it from the stream once
            head = stream.peek(3)[:3] if hasattr(stream, "peek") else b""
            if head.startswith(b"\xef\xbb\xbf"):
                stream.read(3)
            for n, raw in enumerate(_raw_lines(stream, path=name, what=what, max_chars=max_chars), 1):
                try:
                    text = decode_utf8(raw, path=name, what=what, strip_bom=False)
                except InputError as exc:  # decode_utf8 sees one line: put the file's line number in
                    raise InputError(exc.message, path=name, line=n) from None
                check_text_line(text, path=name, what=what, line=n, max_chars=max_chars)
                yield n, text
        except OSError as exc:
            raise InputError(f"cannot read the {what}: {exc.strerror}", path=name) from None


def check_languages(zh_sample: Sequence[str], en_sample: Sequence[str], *, zh_path: str, en_path: str) -> None:
    """Raise an InputError when the Chinese sample looks English or the English one looks
    Chinese (the one rule of :func:`bri_align.text.lang.detect_language`), with a hint
    when the two files look swapped."""
    zh_text, en_text = "\n".join(zh_sample), "\n".join(en_sample)
    zh_lang = detect_language(zh_text, sample=len(zh_text))
    en_lang = detect_language(en_text, sample=len(en_text))
    swapped = "; did you swap --zh and --en?"
    if zh_lang == "en":
        cjk, latin = count_scripts(zh_text)
        found = ("has no Chinese characters" if cjk == 0
                 else f"is mostly Latin letters ({cjk} Chinese characters, {latin} letters)")
        raise InputError(f"the Chinese side {found} in its first {len(zh_sample)} lines"
                         f"{swapped if en_lang == 'zh' else ''}", path=zh_path)
    if en_lang == "zh":
        cjk, latin = count_scripts(en_text)
        raise InputError(f"the English side is {100 * cjk / (cjk + latin):.0f}% Chinese characters"
                         f"{swapped if zh_lang != 'zh' else ''}", path=en_path)


def iter_parallel(zh_path: "os.PathLike[str] | str", en_path: "os.PathLike[str] | str",
                  *, check_language: bool = True) -> Iterator[Tuple[int, str, str]]:
    """``(line number, zh, en)`` of two parallel files, streamed and checked.

    Raises an InputError for an empty file, files of different lengths (naming the
    shorter one) and, from the first lines, swapped languages.
    """
    zp, ep = str(zh_path), str(en_path)
    if zp == "-" and ep == "-":
        raise InputError("only one input can be '-' (standard input is one stream); give the others as files",
                         field="zh")
    both = itertools.zip_longest(iter_lines(zp, what="Chinese file"), iter_lines(ep, what="English file"),
                                 fillvalue=(None, None))

    def checked() -> Iterator[Tuple[int, str, str]]:
        n = 0
        for (zn, z), (en_, e) in both:
            if zn is None or en_ is None:
                if n == 0:
                    empty = zp if zn is None else ep
                    raise InputError("file is empty; give one sentence per line", path=empty)
                longer, shorter = (ep, zp) if zn is None else (zp, ep)
                raise InputError(f"has only {n} lines but {Path(longer).name} has more; "
                                 "the two files must have one sentence per line, in parallel", path=shorter)
            n = zn
            yield n, z, e
        if n == 0:
            raise InputError("both files are empty; give one sentence per line", path=zp)

    it = checked()
    head = list(itertools.islice(it, _SAMPLE_LINES))
    rest_first = next(it, None)
    if rest_first is None:  # the whole input is in ``head``
        if not any(z.strip() for _, z, _ in head):
            raise InputError("file has no text; give one sentence per line", path=zp)
        if not any(e.strip() for _, _, e in head):
            raise InputError("file has no text; give one sentence per line", path=ep)
    if check_language:
        check_languages([z for _, z, _ in head], [e for _, _, e in head], zh_path=zp, en_path=ep)
    yield from head
    if rest_first is not None:
        yield rest_first
        yield from it


def _count_lines(path: "os.PathLike[str] | str") -> Optional[int]:
    """Lines of a file (for a progress bar's total), or None for stdin or an unreadable file."""
    if str(path) == "-":
        return None
    try:
        with open(path, "rb") as fh:
            return sum(1 for _ in _raw_lines(fh, path=str(path), what="file", max_chars=MAX_LINE_CHARS))
    except (OSError, InputError):
        return None


# ----------------------------------------------------------------------------- tokenising
_WORKER: Dict[str, Any] = {}


def _init_worker(pretokenized: bool, glossary: WordGlossaryArg) -> None:
    default_sigterm()
    _WORKER["pretokenized"] = pretokenized
    _WORKER["glossary"] = glossary


def _tok_chunk(chunk: List[Tuple[str, str]]) -> List[Tuple[List[Any], List[Any]]]:
    from .tokenize import tokenize_en, tokenize_zh

    pre = _WORKER.get("pretokenized", False)
    gl = _WORKER.get("glossary", False)
    return [(tokenize_zh(z, glossary=gl, pretokenized=pre), tokenize_en(e, pretokenized=pre)) for z, e in chunk]


def _chunks(it: Iterable[Any], size: int) -> Iterator[List[Any]]:
    it = iter(it)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def tokenize_stream(pairs: Iterable[Tuple[str, str]], *, pretokenized: bool = False,
                    glossary: WordGlossaryArg = False, num_proc: int = 1,
                    chunk_size: int = 1000) -> Iterator[Tuple[List[Any], List[Any]]]:
    """Tokenise ``(zh, en)`` pairs lazily, in order; ``num_proc > 1`` uses worker processes.
    ``glossary``: ``False`` (the default) for none, ``None`` for the bundled termbase."""
    num_proc = check_num_proc(num_proc)
    gl = optional_glossary(glossary)
    glossary = False if gl is None else gl
    if num_proc <= 1:
        _WORKER.update(pretokenized=pretokenized, glossary=glossary)
        for chunk in _chunks(pairs, chunk_size):
            yield from _tok_chunk(chunk)
        return
    ctx = get_context("fork") if "fork" in _start_methods() else get_context()
    with ctx.Pool(num_proc, initializer=_init_worker, initargs=(pretokenized, glossary)) as pool:
        for res in pool.imap(_tok_chunk, _chunks(pairs, chunk_size)):
            yield from res


def _start_methods() -> List[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


# ----------------------------------------------------------------------------- output
@dataclass(frozen=True)
class AlignFilesSummary:
    pairs: int
    links: int
    empty_pairs: int
    out: str
    signature: str

    def to_dict(self) -> Dict[str, Any]:
        return dict(self.__dict__)


def align_parallel_files(zh_path: "os.PathLike[str] | str", en_path: "os.PathLike[str] | str", *,
                         method: str = "default", pretokenized: bool = False, glossary: WordGlossaryArg = False,
                         symmetrize: str = "grow-diag-final-and", seed: int = 0, model: Optional[str] = None,
                         device: str = "auto", dictionary_prior: bool = True, num_proc: int = 1,
                         progress: bool = False, options: Optional[Mapping[str, Any]] = None
                         ) -> Tuple[List[Tuple[Tuple[int, int], ...]], int, str]:
    """Links of every pair of two parallel files, the number of pairs with an empty side,
    and the aligner's signature.  Options are those of :func:`bri_align.align.word.align_words`
    (``glossary=False``, the default: none; ``None``: the bundled termbase)."""
    gl = optional_glossary(glossary)
    glossary = False if gl is None else gl
    aligner = build_word_aligner(method, glossary=glossary, symmetrize=symmetrize, seed=seed, model=model,
                                 device=device, dictionary_prior=dictionary_prior, num_proc=num_proc,
                                 progress=progress, options=options)

    stream: Iterable[Tuple[str, str]] = ((z, e) for _, z, e in iter_parallel(zh_path, en_path))
    if progress:
        from tqdm.auto import tqdm

        stream = tqdm(stream, desc="tokenise", unit=" pairs", leave=False, total=_count_lines(zh_path))
    toks = tokenize_stream(stream, pretokenized=pretokenized, glossary=glossary, num_proc=num_proc)
    if isinstance(aligner, HMMAligner):
        # keep only integer-encoded sentences in memory, not the text or the tokens
        zh_vocab, en_vocab, src, tgt = aligner.encode(
            ([t.text for t in z], [t.text for t in e]) for z, e in toks)
        trained = aligner.train_encoded(zh_vocab, en_vocab, src, tgt)
        links = aligner.decode(trained, len(src))
        del trained
        empty = int(((src.lengths() == 0) | (tgt.lengths() == 0)).sum())
    else:
        pairs = list(toks)
        links = aligner.align_tokens(pairs)
        empty = sum(1 for s, t in pairs if not s or not t)
    return links, empty, aligner.signature()


def align_word_files(zh_path: "os.PathLike[str] | str", en_path: "os.PathLike[str] | str", *,
                     out: "os.PathLike[str] | str", method: str = "default", pretokenized: bool = False,
                     glossary: WordGlossaryArg = False, symmetrize: str = "grow-diag-final-and", seed: int = 0,
                     model: Optional[str] = None, device: str = "auto", dictionary_prior: bool = True,
                     num_proc: int = 1, progress: bool = False,
                     options: Optional[Mapping[str, Any]] = None,
                     inputs: Sequence["os.PathLike[str] | str"] = ()) -> AlignFilesSummary:
    """Word-align two parallel files; write one line of ``i-j`` links per pair to ``out``
    (atomically; ``out`` may not be either file nor any of ``inputs``, e.g. the glossary,
    and is checked before the alignment starts).  Options are those of
    :func:`bri_align.align.word.align_words`."""
    every_input = [zh_path, en_path, *inputs]
    check_output_file(out, inputs=every_input)
    links, empty, sig = align_parallel_files(
        zh_path, en_path, method=method, pretokenized=pretokenized, glossary=glossary,
        symmetrize=symmetrize, seed=seed, model=model, device=device,
        dictionary_prior=dictionary_prior, num_proc=num_proc, progress=progress, options=options)
    with atomic_open(out, "w", inputs=every_input) as fh:
        for x in links:
            fh.write(format_pharaoh(x) + "\n")
    return AlignFilesSummary(len(links), sum(len(x) for x in links), empty, str(out), sig)
