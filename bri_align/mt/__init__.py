"""Machine translation backends behind one interface (layer L3).

``make_translator("hf:Helsinki-NLP/opus-mt-zh-en")`` (or ``llm:``, ``ct2:``,
``file:``) returns a :class:`Translator` whose
``translate(sentences, *, batch_size=...)`` gives a list of English strings.
Backends are registered with versioned names (``hf.v1``...) in
:data:`translators`; the short kinds (``hf``...) are aliases.  The registry
constructs them (``translators.create("hf", model=..., beam_size=2)``): each
backend declares its options by its constructor's keywords, and an option it
does not declare is an :class:`~bri_align.errors.InputError` naming it.

Nothing heavy is imported here: torch, transformers and ctranslate2 load when a
model does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Type

from ..errors import InputError
from ..glossary.coerce import GlossaryLike
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
# The model backends load torch, transformers or ctranslate2 when a model does: they are
# registered by dotted path and imported on first look-up.
translators.register_lazy("hf.v1", "bri_align.mt.hf:HFSeq2SeqTranslator", aliases=("hf",))
translators.register_lazy("llm.v1", "bri_align.mt.llm:CausalLMTranslator", aliases=("llm",))
translators.register_lazy("ct2.v1", "bri_align.mt.ct2:CTranslate2Translator", aliases=("ct2",))
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
    glossary: GlossaryLike = None,
    mode: Optional[str] = None,
    device: Optional[str] = None,
    dtype: Optional[str] = None,
    beam_size: Optional[int] = None,
    max_length: Optional[int] = None,
    batch_size: Optional[int] = None,
    src_lang: Optional[str] = None,
    tgt_lang: Optional[str] = None,
    prompt: Optional[str] = None,
    compute_type: Optional[str] = None,
    allow_download: Optional[bool] = None,
    **options: Any,
) -> Translator:
    """Build the translator a spec names, with :meth:`Registry.create <bri_align.registry.Registry.create>`.

    ``device`` ... ``allow_download`` are the run options every system of a run is
    given (:data:`~bri_align.mt.base.RUN_OPTIONS`; ``None`` = the backend's default):
    each backend takes those that apply to it (``max_length`` is an ``llm:``
    model's ``max_new_tokens``; a ``file:`` system takes none).  Any other keyword
    is an option of the backend's constructor (``term_bias=`` for ``hf:``); one the
    backend does not declare is an :class:`InputError` naming it.

    The model is not loaded yet: call ``.load()`` (or translate).
    """
    s = spec if isinstance(spec, SystemSpec) else parse_system_spec(spec)
    cls = translators.get(s.kind)
    run = dict(device=device, dtype=dtype, beam_size=beam_size, max_length=max_length, batch_size=batch_size,
               src_lang=src_lang, tgt_lang=tgt_lang, prompt=prompt, compute_type=compute_type,
               allow_download=allow_download)
    if cls.target_option in options:
        raise InputError(f"{cls.target_option}= is given by the spec {str(s)!r} (KIND:TARGET); leave it out",
                         field=cls.target_option)
    kwargs = cls.from_run_options(run)
    both = sorted(set(kwargs) & set(options))
    if both:
        raise InputError(f"{cls.registry_name} option {both[0]!r} is given twice, by a run option "
                         f"({', '.join(k for k in run if run[k] is not None)}) and by name; give it once",
                         field=both[0])
    kwargs.update(options)
    return translators.create(s.kind, **{cls.target_option: s.target}, name=name or s.name, glossary=glossary,
                              mode=mode, **kwargs)
