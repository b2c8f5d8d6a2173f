"""Machine translation backends behind one interface (layer L3).

``make_translator("hf:Helsinki-NLP/opus-mt-zh-en")`` (or ``llm:``, ``ct2:``,
``file:``) returns a :class:`Translator` whose
``translate(sentences, *, batch_size=...)`` gives a list of English strings.
Backends are registered with versioned names (``hf.v1``...) in
:data:`translators`; the short kinds (``hf``...) are aliases.

Nothing heavy is imported here: torch, transformers and ctranslate2 load when a
model does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Type

from ..errors import InputError
from ..registry import Registry
from .base import (
    CONSTRAINT_MODES,
    IMPLEMENTED_MODES,
    ConstraintMode,
    Throughput,
    TranslationRun,
    Translator,
    length_sorted_batches,
)
from .constraints import GlossaryConstraints, TermConstraint, TermLogitsProcessor
from .ct2 import CTranslate2Translator, convert_to_ct2
from .file import FileTranslator, read_system_jsonl
from .hf import HFSeq2SeqTranslator
from .llm import DEFAULT_PROMPT, CausalLMTranslator

__all__ = [
    "Translator",
    "TranslationRun",
    "Throughput",
    "ConstraintMode",
    "CONSTRAINT_MODES",
    "IMPLEMENTED_MODES",
    "HFSeq2SeqTranslator",
    "CausalLMTranslator",
    "CTranslate2Translator",
    "FileTranslator",
    "DEFAULT_PROMPT",
    "SystemSpec",
    "parse_system_spec",
    "make_translator",
    "translators",
    "convert_to_ct2",
    "read_system_jsonl",
    "length_sorted_batches",
    "GlossaryConstraints",
    "TermConstraint",
    "TermLogitsProcessor",
]

translators: "Registry[Type[Translator]]" = Registry("translator")
translators.register("hf.v1", aliases=("hf",))(HFSeq2SeqTranslator)
translators.register("llm.v1", aliases=("llm",))(CausalLMTranslator)
translators.register("ct2.v1", aliases=("ct2",))(CTranslate2Translator)
translators.register("file.v1", aliases=("file",))(FileTranslator)

KINDS = ("hf", "llm", "ct2", "file")
_SPEC = re.compile(r"^(?:(?P<name>[A-Za-z0-9][A-Za-z0-9_.+-]*)=)?(?P<kind>[a-z0-9]+(?:\.v\d+)?):(?P<target>.+)$")


@dataclass(frozen=True)
class SystemSpec:
    """A parsed system spec ``[NAME=]KIND:TARGET`` (``opus=hf:Helsinki-NLP/opus-mt-zh-en``)."""

    kind: str
    target: str
    name: Optional[str] = None

    def __str__(self) -> str:
        head = f"{self.name}=" if self.name else ""
        return f"{head}{self.kind}:{self.target}"


def parse_system_spec(spec: str) -> SystemSpec:
    """Parse ``[NAME=]KIND:TARGET``; KIND is one of hf, llm, ct2, file (or a versioned name)."""
    m = _SPEC.match(spec.strip()) if isinstance(spec, str) else None
    if m is None:
        raise InputError(f"system {spec!r} is not of the form [NAME=]KIND:TARGET with KIND one of "
                         f"{', '.join(KINDS)} (e.g. hf:Helsinki-NLP/opus-mt-zh-en, file:outputs.txt)",
                         field="system")
    kind = m.group("kind")
    translators.resolve(kind)  # raises RegistryError listing the kinds
    return SystemSpec(kind=kind, target=m.group("target"), name=m.group("name"))


def make_translator(
    spec: "str | SystemSpec",
    *,
    name: Optional[str] = None,
    device: str = "auto",
    dtype: str = "auto",
    beam_size: int = 4,
    max_length: int = 256,
    batch_size: Optional[int] = None,
    src_lang: Optional[str] = None,
    tgt_lang: Optional[str] = None,
    prompt: Optional[str] = None,
    compute_type: str = "default",
    allow_download: bool = False,
    glossary: Any = None,
    mode: Optional[str] = None,
) -> Translator:
    """Build the translator a spec names; options not used by a backend are ignored.

    The model is not loaded yet: call ``.load()`` (or translate).
    """
    s = spec if isinstance(spec, SystemSpec) else parse_system_spec(spec)
    cls = translators.get(s.kind)
    name = name or s.name
    if cls is FileTranslator:
        return FileTranslator(s.target, name=name, glossary=glossary, mode=mode)
    if cls is HFSeq2SeqTranslator:
        return HFSeq2SeqTranslator(
            s.target, name=name, src_lang=src_lang, tgt_lang=tgt_lang, device=device, dtype=dtype,
            beam_size=beam_size, max_length=max_length, batch_size=batch_size or 16,
            allow_download=allow_download, glossary=glossary, mode=mode,
        )
    if cls is CausalLMTranslator:
        return CausalLMTranslator(
            s.target, name=name, prompt=prompt or DEFAULT_PROMPT, device=device, dtype=dtype,
            max_new_tokens=max_length, batch_size=batch_size or 8, allow_download=allow_download,
            glossary=glossary, mode=mode,
        )
    if cls is CTranslate2Translator:
        return CTranslate2Translator(
            s.target, name=name, src_lang=src_lang, tgt_lang=tgt_lang,
            device="cpu" if device == "cpu" else ("cuda" if device.startswith("cuda") else "auto"),
            compute_type=compute_type, beam_size=beam_size, max_length=max_length,
            batch_size=batch_size or 16, glossary=glossary, mode=mode,
        )
    raise InputError(f"no factory for translator kind {s.kind!r}", field="system")  # pragma: no cover
