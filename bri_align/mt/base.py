"""The translator interface shared by every MT backend (layer L3).

A :class:`Translator` turns a list of Chinese sentences into a list of English
sentences with ``translate(sentences, *, batch_size=...)``.  The base class does
what every backend needs the same way:

* batching: sentences are sorted by length (longest first, so padding is small
  and an out-of-memory error shows up in the first batch), cut into batches,
  translated, and put back in their original order;
* a tqdm progress bar (off unless ``progress=True``; only the CLI turns it on);
* throughput: :meth:`Translator.run` returns the outputs together with a
  :class:`Throughput` record (sentences/s and output tokens/s).

Backends implement ``_load()`` and ``_translate_batch(batch)``.  Models load
lazily, on :meth:`Translator.load` or the first translation, never at import
or in the constructor.

Terminology constraints: ``Translator(..., glossary=GLOSSARY, mode=MODE)``.
Each backend lists the modes it implements in ``supported_modes``:

* ``off`` (default, every backend): no glossary use;
* ``force`` (``hf:``): every preferred rendering of a source term appears
  (constrained decoding, :mod:`bri_align.mt.constraints`);
* ``bias`` (``hf:``): a soft bonus towards the preferred renderings;
* ``ban`` (``hf:``, ``ct2:``): deprecated renderings are kept out, nothing forced
  (``force`` and ``bias`` ban them too);
* ``prompt`` (``llm:``): the sentence's glossary entries go into the prompt.

Each sentence's constraints are found before batching -- by the glossary's
Chinese matcher on its own text, or from the ``terms=`` given per sentence (a
test set's annotations) -- and handed to each batch with its sentences, so they
follow the sentences through the length-sorted batching.  The mode and the
glossary signature are part of :meth:`Translator.signature`.
"""

from __future__ import annotations

import abc
import logging
import time
from dataclasses import dataclass
from typing import (
    Any,
    ClassVar,
    Dict,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
)

from ..errors import InputError
from ..glossary.coerce import GlossaryLike
from ..registry import declared_options
from ..signature import format_signature

__all__ = [
    "ConstraintMode",
    "CONSTRAINT_MODES",
    "IMPLEMENTED_MODES",
    "Throughput",
    "TranslationRun",
    "Translator",
    "TransformersTranslator",
    "length_sorted_batches",
    "RUN_OPTIONS",
]

log = logging.getLogger(__name__)

#: options given to every system of a run (``bri-align bench --device ... --beam-size ...``);
#: each backend takes those that apply to it (:meth:`Translator.from_run_options`)
RUN_OPTIONS: Tuple[str, ...] = ("device", "dtype", "beam_size", "max_length", "batch_size", "src_lang",
                                "tgt_lang", "prompt", "compute_type", "allow_download")

ConstraintMode = Literal["off", "force", "bias", "ban", "prompt"]
CONSTRAINT_MODES: Tuple[str, ...] = ("off", "force", "bias", "ban", "prompt")
#: modes some backend implements (each backend's own list: ``Translator.supported_modes``)
IMPLEMENTED_MODES: Tuple[str, ...] = CONSTRAINT_MODES


@dataclass(frozen=True)
class Throughput:
    """How fast a translator ran on one call: sentences and output tokens per second."""

    sentences: int
    seconds: float
    output_tokens: Optional[int] = None  # generated subword tokens, when the backend can count them
    batch_size: int = 0
    device: str = ""

    @property
    def sentences_per_s(self) -> float:
        return self.sentences / self.seconds if self.seconds > 0 else float("inf")

    @property
    def tokens_per_s(self) -> Optional[float]:
        if self.output_tokens is None:
            return None
        return self.output_tokens / self.seconds if self.seconds > 0 else float("inf")

    def line(self, name: str = "") -> str:
        """One human-readable line, e.g. for the report and the CLI."""
        head = f"{name}: " if name else ""
        tok = "" if self.tokens_per_s is None else f", {self.tokens_per_s:.1f} tokens/s"
        where = ", ".join(x for x in (f"batch {self.batch_size}" if self.batch_size else "", self.device) if x)
        return (f"{head}{self.sentences} sentences in {self.seconds:.2f} s: "
                f"{self.sentences_per_s:.1f} sentences/s{tok}" + (f" ({where})" if where else ""))

    def to_dict(self) -> Dict[str, Any]:
        return {
            "sentences": self.sentences,
            "seconds": round(self.seconds, 4),
            "output_tokens": self.output_tokens,
            "sentences_per_s": round(self.sentences_per_s, 3),
            "tokens_per_s": None if self.tokens_per_s is None else round(self.tokens_per_s, 3),
            "batch_size": self.batch_size,
            "device": self.device,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Throughput":
        return cls(
            sentences=int(d["sentences"]),
            seconds=float(d["seconds"]),
            output_tokens=None if d.get("output_tokens") is None else int(d["output_tokens"]),
            batch_size=int(d.get("batch_size", 0) or 0),
            device=str(d.get("device", "") or ""),
        )


@dataclass(frozen=True)
class TranslationRun:
    """Outputs of one :meth:`Translator.run`, in input order, with the throughput.

    ``throughput`` is None for pre-computed outputs (``file:`` systems).
    """

    outputs: Tuple[str, ...]
    throughput: Optional[Throughput]


def length_sorted_batches(lengths: Sequence[int], batch_size: int) -> List[List[int]]:
    """Indices grouped into batches of similar length, longest first.

    Ties keep the input order, so the batching is deterministic.
    """
    if batch_size < 1:
        raise InputError(f"batch_size must be at least 1, got {batch_size}", field="batch_size")
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    return [order[k:k + batch_size] for k in range(0, len(order), batch_size)]


class Translator(abc.ABC):
    """Base class of all translators; see the module docstring."""

    #: short kind used in system specs ("hf", "llm", "ct2", "file")
    kind: ClassVar[str] = ""
    #: registry name, versioned ("hf.v1")
    registry_name: ClassVar[str] = ""
    #: terminology modes this backend implements (see the module docstring)
    supported_modes: ClassVar[Tuple[str, ...]] = ("off",)
    #: said after the list of supported modes when another one is asked for
    mode_hint: ClassVar[str] = ""
    #: the constructor parameter a system spec's TARGET goes to (``hf:TARGET``)
    target_option: ClassVar[str] = "model"

    @classmethod
    def from_run_options(cls, run: Mapping[str, Any]) -> Dict[str, Any]:
        """This backend's constructor options from the run options every system of a run is
        given (:data:`RUN_OPTIONS`; ``None`` = not given): those it declares, under its own
        names.  The others do not apply to it (a ``file:`` system has no beam size)."""
        declared = declared_options(cls)
        return {k: v for k, v in run.items() if v is not None and k in declared}

    def __init__(
        self,
        *,
        name: Optional[str] = None,
        batch_size: int = 16,
        glossary: GlossaryLike = None,
        mode: Optional[str] = None,
    ) -> None:
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}", field="batch_size")
        mode = "off" if mode is None else mode
        if mode not in CONSTRAINT_MODES:
            raise InputError(
                f"unknown terminology mode {mode!r}; expected one of {', '.join(CONSTRAINT_MODES)}",
                field="mode",
            )
        if mode not in self.supported_modes:
            backend = self.registry_name or self.kind or type(self).__name__
            hint = f" ({self.mode_hint})" if self.mode_hint else ""
            raise InputError(f"terminology mode {mode!r} is not supported by {backend} translators; supported: "
                             f"{', '.join(self.supported_modes)}{hint}", field="mode")
        if glossary is not None or mode != "off":
            # the convention: a Glossary, a termbase/TBX/JSONL path, or None for the bundled
            # termbase; with mode "off" and no glossary there is nothing to load
            from ..glossary.coerce import as_glossary

            glossary = as_glossary(glossary)
        self.name = name or self.default_name()
        self.batch_size = batch_size
        self.glossary = glossary  # used by the terminology modes; with mode="off" only in the signature
        self.mode = mode
        self._loaded = False
        self._glossary_constraints: Any = None  # GlossaryConstraints, built on first use

    # -- to implement ----------------------------------------------------------
    def default_name(self) -> str:
        return self.kind or type(self).__name__

    def _load(self) -> None:
        """Load models or files; called once, lazily."""

    @abc.abstractmethod
    def _translate_batch(self, batch: List[str]) -> Tuple[List[str], Optional[int]]:
        """Translate one batch; return the outputs and the number of output tokens (or None)."""

    def _translate_constrained(self, batch: List[str], constraints: List[Any]) -> Tuple[List[str], Optional[int]]:
        """Translate one batch under terminology constraints (one tuple of
        :class:`~bri_align.mt.constraints.TermConstraint` per sentence).  Backends
        with terminology modes override this; the default ignores them."""
        return self._translate_batch(batch)

    def term_constraints(self, sentences: Sequence[str], *,
                         terms: Optional[Sequence[Sequence[Any]]] = None) -> List[Tuple[Any, ...]]:
        """The :class:`~bri_align.mt.constraints.TermConstraint` records of each sentence: from
        ``terms`` (entry ids or records with ``entry_id``) when given, else from the glossary matcher."""
        if self.glossary is None:
            raise InputError("this translator has no glossary; pass glossary=load_termbase(PATH) and a mode",
                             field="glossary")
        if self._glossary_constraints is None:
            from .constraints import GlossaryConstraints

            self._glossary_constraints = GlossaryConstraints(self.glossary)
        gc = self._glossary_constraints
        if terms is None:
            return [gc.for_source(s) for s in sentences]
        if isinstance(terms, str) or len(terms) != len(sentences):
            n = "a string" if isinstance(terms, str) else len(terms)
            raise InputError(f"terms has {n} items for {len(sentences)} sentences; give one list of entries "
                             "per sentence", field="terms")
        return [gc.for_terms(t) for t in terms]

    def _sort_key(self, sentence: str) -> int:
        """Length used to group sentences into batches (characters by default)."""
        return len(sentence)

    def _options(self) -> Dict[str, Any]:
        """Key options for :meth:`signature` (backends extend this)."""
        return {}

    @property
    def device(self) -> str:
        return ""

    # -- public API ---------------------------------------------------------
    def load(self) -> "Translator":
        """Load the model now (otherwise it loads on the first translation)."""
        if not self._loaded:
            self._load()
            self._loaded = True
        return self

    def translate(
        self,
        sentences: Sequence[str],
        *,
        batch_size: Optional[int] = None,
        ids: Optional[Sequence[str]] = None,
        terms: Optional[Sequence[Sequence[Any]]] = None,
        progress: bool = False,
    ) -> List[str]:
        """Translate ``sentences``; outputs come back in input order."""
        # ``terms`` only when given: backends that look outputs up (file:) override run() without it
        extra: Dict[str, Any] = {} if terms is None else {"terms": terms}
        return list(self.run(sentences, batch_size=batch_size, ids=ids, progress=progress, **extra).outputs)

    def run(
        self,
        sentences: Sequence[str],
        *,
        batch_size: Optional[int] = None,
        ids: Optional[Sequence[str]] = None,
        terms: Optional[Sequence[Sequence[Any]]] = None,
        progress: bool = False,
    ) -> TranslationRun:
        """Translate and measure: outputs in input order plus a :class:`Throughput`.

        ``ids`` name the segments; only backends that look outputs up
        (``file:`` JSONL) use them.  ``terms`` (with a terminology mode) gives
        each sentence's glossary entries -- entry ids, or records with an
        ``entry_id`` such as a test set's term annotations -- instead of finding
        them in the source with the glossary's matcher.
        """
        sentences = self._check_sentences(sentences)
        if ids is not None and len(ids) != len(sentences):
            raise InputError(f"{len(ids)} ids for {len(sentences)} sentences; give one id per sentence",
                             field="ids")
        bs = self.batch_size if batch_size is None else batch_size
        self.load()
        from tqdm.auto import tqdm  # light; progress bars only where asked for

        outputs: List[Optional[str]] = [None] * len(sentences)
        tokens: Optional[int] = 0
        batches = length_sorted_batches([self._sort_key(s) for s in sentences], bs)
        start = time.perf_counter()
        # per-sentence constraints, found before batching and handed to each batch with its sentences
        cons = self.term_constraints(sentences, terms=terms) if self.mode != "off" else None
        with tqdm(total=len(sentences), unit="sent", desc=self.name, disable=not progress,
                  leave=False) as bar:
            for batch in batches:
                texts = [sentences[i] for i in batch]
                if cons is None:
                    outs, n_tok = self._translate_batch(texts)
                else:
                    outs, n_tok = self._translate_constrained(texts, [cons[i] for i in batch])
                if len(outs) != len(batch):  # a backend bug, not user input
                    raise RuntimeError(f"{self.name}: {len(outs)} outputs for a batch of {len(batch)}")
                for i, out in zip(batch, outs):
                    outputs[i] = out
                tokens = None if (tokens is None or n_tok is None) else tokens + n_tok
                bar.update(len(batch))
        seconds = time.perf_counter() - start
        thr = Throughput(sentences=len(sentences), seconds=seconds, output_tokens=tokens,
                         batch_size=bs, device=self.device)
        log.info("%s", thr.line(self.name))
        return TranslationRun(tuple(o if o is not None else "" for o in outputs), thr)

    def signature(self) -> str:
        """Name, version, model and key options, so a number can be reproduced."""
        pairs: List[Tuple[str, Any]] = [("name", self.name), *self._options().items(), ("mode", self.mode)]
        if self.glossary is not None:
            pairs.append(("glossary", self.glossary.signature()))
        return format_signature(f"translator:{self.registry_name or self.kind}", pairs)

    def close(self) -> None:
        """Free the model (optional; the garbage collector does it too)."""

    def __enter__(self) -> "Translator":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"

    # -- helpers ------------------------------------------------------------
    @staticmethod
    def _check_sentences(sentences: Sequence[str]) -> List[str]:
        if isinstance(sentences, str):
            raise InputError("sentences must be a list of strings, got one string; wrap it in a list",
                             field="sentences")
        out = list(sentences)
        for k, s in enumerate(out):
            if not isinstance(s, str):
                raise InputError(f"sentence #{k + 1} is a {type(s).__name__}, expected a str",
                                 field="sentences")
        return out


class TransformersTranslator(Translator):
    """What the transformers backends (``hf:``, ``llm:``) share: a model id or local path,
    loaded on first use with the requested device and dtype."""

    def _init_model(self, model: str, *, device: str, dtype: str, allow_download: bool) -> None:
        """Set the model fields; call before :meth:`Translator.__init__` (which names the
        translator after the model)."""
        self.model_id = model
        self.requested_device = device
        self.requested_dtype = dtype
        self.allow_download = allow_download
        self._model: Any = None
        self._tokenizer: Any = None
        self._device = ""
        self._dtype: Any = None
        self._special: Any = None  # ids not counted as output tokens

    def default_name(self) -> str:
        return self.model_id.rstrip("/").split("/")[-1]

    @property
    def device(self) -> str:
        return self._device

    @property
    def tokenizer(self) -> Any:
        self.load()
        return self._tokenizer

    def _runtime_options(self, opts: Dict[str, Any]) -> Dict[str, Any]:
        """``opts`` plus the device, dtype and transformers version, for the signature."""
        if self._device:
            opts["device"] = self._device
            opts["dtype"] = str(self._dtype).replace("torch.", "")
        try:
            import transformers

            opts["transformers"] = transformers.__version__
        except ImportError:  # pragma: no cover
            pass
        return opts

    def close(self) -> None:
        self._model = None
        self._tokenizer = None
        self._loaded = False
