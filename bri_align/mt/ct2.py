"""``ct2:`` -- CTranslate2 models (optional extra ``ct2``; layer L3).

A CTranslate2 model directory is what ``ct2-transformers-converter`` (or
:func:`convert_to_ct2`) writes from a transformers model.  Tokenisation uses the
original transformers tokenizer: from the CTranslate2 folder when its files were
copied there (``--copy_files``), otherwise from ``tokenizer=PATH``.  NLLB,
M2M100 and mBART-50 get the English code as the target prefix.

Terminology: CTranslate2 has no hook into the scores during decoding, so it
cannot force or bias terms; ``mode="ban"`` keeps the deprecated renderings of a
sentence's glossary terms out with ``suppress_sequences``.  That list is one
per ``translate_batch`` call, so the sentences of a batch are translated in
groups that share the same banned sequences (a sentence's bans never reach
another sentence).

``ctranslate2`` is imported lazily; without it a :class:`MissingDependencyError`
names ``pip install "bri-align[ct2]"``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..errors import InputError, MissingDependencyError, ModelNotAvailableError
from ..glossary.coerce import GlossaryLike
from ._loading import LanguageSetup, language_setup, load_failure_message
from .base import Translator

__all__ = ["CTranslate2Translator", "convert_to_ct2", "require_ctranslate2"]

log = logging.getLogger(__name__)

# Tokenizer and vocabulary files worth copying next to a converted model.
TOKENIZER_FILES = (
    "tokenizer_config.json", "special_tokens_map.json", "tokenizer.json", "vocab.json",
    "source.spm", "target.spm", "sentencepiece.bpe.model", "spiece.model", "merges.txt",
    "generation_config.json",
)


def require_ctranslate2(purpose: str = "ct2: CTranslate2 models") -> Any:
    try:
        import ctranslate2
    except ImportError:
        raise MissingDependencyError("ctranslate2", "ct2", purpose) from None
    return ctranslate2


def convert_to_ct2(model_dir: str, output_dir: str, *, quantization: Optional[str] = None,
                   force: bool = False) -> Path:
    """Convert a local transformers model folder into a CTranslate2 folder.

    The tokenizer files found in ``model_dir`` are copied along, so
    ``ct2:OUTPUT_DIR`` works on its own.
    """
    ct2 = require_ctranslate2("converting a model to CTranslate2")
    src = Path(model_dir)
    if not (src / "config.json").is_file():
        raise ModelNotAvailableError(f"{src}: not a transformers model folder (no config.json)")
    copy = [f for f in TOKENIZER_FILES if (src / f).is_file()]
    converter = ct2.converters.TransformersConverter(str(src), copy_files=copy)
    out = converter.convert(str(output_dir), quantization=quantization, force=force)
    return Path(out)


class CTranslate2Translator(Translator):
    """A CTranslate2 translation model behind the :class:`Translator` interface."""

    kind = "ct2"
    registry_name = "ct2.v1"
    supported_modes = ("off", "ban")
    mode_hint = ("CTranslate2 cannot change scores during decoding: it can ban sequences but not force or bias "
                 "them; use hf: for force and bias")

    def __init__(
        self,
        model: str,
        *,
        name: Optional[str] = None,
        tokenizer: Optional[str] = None,
        src_lang: Optional[str] = None,
        tgt_lang: Optional[str] = None,
        device: str = "auto",
        compute_type: str = "default",
        beam_size: int = 4,
        max_length: int = 256,
        batch_size: int = 16,
        intra_threads: int = 0,
        glossary: GlossaryLike = None,
        mode: Optional[str] = None,
    ) -> None:
        if beam_size < 1:
            raise InputError(f"beam_size must be at least 1, got {beam_size}", field="beam_size")
        self.model_dir = model
        self.tokenizer_path = tokenizer
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.requested_device = device
        self.compute_type = compute_type
        self.beam_size = beam_size
        self.max_length = max_length
        self.intra_threads = intra_threads
        self._translator: Any = None
        self._tokenizer: Any = None
        self._device = ""
        self._lang: Optional[LanguageSetup] = None
        self._prefix: Optional[List[str]] = None
        self._encoder: Any = None  # ConstraintEncoder (mode="ban")
        super().__init__(name=name, batch_size=batch_size, glossary=glossary, mode=mode)

    @classmethod
    def from_run_options(cls, run: Mapping[str, Any]) -> Dict[str, Any]:
        """As the base, with a torch device spec read as CTranslate2's: ``cpu`` stays, ``cuda``
        and ``cuda:N`` are ``cuda``, anything else (``mps``) is ``auto``."""
        run = dict(run)
        device = run.get("device")
        if device is not None:
            run["device"] = "cpu" if device == "cpu" else ("cuda" if device.startswith("cuda") else "auto")
        return super().from_run_options(run)

    def default_name(self) -> str:
        return Path(self.model_dir.rstrip("/")).name or "ct2"

    @property
    def device(self) -> str:
        return self._device

    def _load(self) -> None:
        ct2 = require_ctranslate2()
        path = Path(self.model_dir).expanduser()
        if not (path / "model.bin").is_file():
            raise ModelNotAvailableError(
                f"{path}: not a CTranslate2 model folder (no model.bin); convert one with "
                "`ct2-transformers-converter --model HF_DIR --output_dir DIR --copy_files ...` "
                "or bri_align.mt.convert_to_ct2"
            )
        tok_src = Path(self.tokenizer_path).expanduser() if self.tokenizer_path else path
        try:
            from transformers import AutoTokenizer
        except ImportError:
            raise MissingDependencyError("transformers", "mt", "tokenising input for ct2: models") from None
        try:
            tok = AutoTokenizer.from_pretrained(str(tok_src), local_files_only=True)
        except Exception as exc:  # OSError, ValueError, TypeError... on folders without a tokenizer
            raise ModelNotAvailableError(load_failure_message(
                str(tok_src), exc, what="the tokenizer of the CTranslate2 model", kind="ct2")
                + "; or pass tokenizer=PATH (the original transformers folder)") from None
        device = self.requested_device
        if device == "auto":
            device = "cuda" if ct2.get_cuda_device_count() > 0 else "cpu"
        if device not in ("cpu", "cuda"):
            raise InputError(f"unknown device {device!r} for ct2:; expected auto, cpu or cuda", field="device")
        if device == "cuda" and ct2.get_cuda_device_count() == 0:
            raise InputError("device 'cuda' asked for but CTranslate2 sees no CUDA device; use --device cpu or auto",
                             field="device")
        self._device = device
        try:
            self._translator = ct2.Translator(str(path), device=device, compute_type=self.compute_type,
                                              intra_threads=self.intra_threads)
        except (RuntimeError, ValueError) as exc:
            raise ModelNotAvailableError(load_failure_message(
                str(path), exc, what="the CTranslate2 model", kind="ct2",
                hint="check that the folder was written by ct2-transformers-converter with a matching "
                     "ctranslate2 version, and that the device and compute type work here")) from None
        self._lang = language_setup(tok, src_lang=self.src_lang, tgt_lang=self.tgt_lang)
        self._prefix = None
        if self._lang.forced_bos_token_id is not None:
            self._prefix = [tok.convert_ids_to_tokens(self._lang.forced_bos_token_id)]
        self._tokenizer = tok
        if self.mode == "ban":
            from .constraints import ConstraintEncoder

            if self._lang.tgt_lang and hasattr(tok, "tgt_lang"):
                tok.tgt_lang = self._lang.tgt_lang  # target-side phrases are encoded with text_target=
            self._encoder = ConstraintEncoder(tok, exclude_ids=self._lang.code_ids)

    def _translate_batch(self, batch: List[str]) -> Tuple[List[str], Optional[int]]:
        return self._run_batch(batch, None)

    def _translate_constrained(self, batch: List[str], constraints: List[Any]) -> Tuple[List[str], Optional[int]]:
        return self._run_batch(batch, constraints)

    def _run_batch(self, batch: List[str], constraints: Optional[List[Any]]) -> Tuple[List[str], Optional[int]]:
        tok = self._tokenizer
        source = [tok.convert_ids_to_tokens(tok.encode(s)) for s in batch]
        prefix: Optional[Sequence[Optional[List[str]]]] = None
        if self._prefix is not None:
            prefix = [list(self._prefix) for _ in batch]
        if constraints is None or self._encoder is None:
            results = self._translator.translate_batch(
                source, target_prefix=prefix, beam_size=self.beam_size, max_decoding_length=self.max_length,
                max_batch_size=len(batch),
            )
        else:
            results = self._translate_with_bans(batch, source, prefix, constraints)
        outs: List[str] = []
        n_tokens = 0
        skip = len(self._prefix) if self._prefix else 0
        for r in results:
            tokens = r.hypotheses[0][skip:]
            n_tokens += len(tokens)
            ids = tok.convert_tokens_to_ids(tokens)
            outs.append(tok.decode(ids, skip_special_tokens=True).strip())
        return outs, n_tokens

    def banned_tokens(self, sentence: str, constraints: Optional[Any] = None) -> List[List[str]]:
        """The token sequences ``suppress_sequences`` gets for ``sentence`` (mode="ban")."""
        self.load()
        if self._encoder is None:
            return []
        if constraints is None:
            constraints = self.term_constraints([sentence])[0]
        enc = self._encoder.encode(constraints)
        return [self._tokenizer.convert_ids_to_tokens(list(b)) for b in enc.banned]

    def _translate_with_bans(self, batch: List[str], source: List[List[str]],
                             prefix: Optional[Sequence[Optional[List[str]]]], constraints: List[Any]) -> List[Any]:
        groups: Dict[Tuple[Tuple[str, ...], ...], List[int]] = {}
        for i, s in enumerate(batch):
            key = tuple(tuple(b) for b in self.banned_tokens(s, constraints[i]))
            groups.setdefault(key, []).append(i)
        results: List[Any] = [None] * len(batch)
        for key, idx in groups.items():
            res = self._translator.translate_batch(
                [source[i] for i in idx], target_prefix=None if prefix is None else [prefix[i] for i in idx],
                beam_size=self.beam_size, max_decoding_length=self.max_length, max_batch_size=len(idx),
                suppress_sequences=[list(b) for b in key] or None,
            )
            for i, r in zip(idx, res):
                results[i] = r
        return results

    def _options(self) -> Dict[str, Any]:
        opts: Dict[str, Any] = {"model": self.model_dir}
        if self._lang is not None:
            opts["family"] = self._lang.family
        opts.update(beam=self.beam_size, max_len=self.max_length, compute_type=self.compute_type)
        if self.mode != "off":
            from .constraints import CONSTRAINTS_VERSION

            opts["constraints"] = CONSTRAINTS_VERSION
        if self._device:
            opts["device"] = self._device
        try:
            import ctranslate2

            opts["ctranslate2"] = ctranslate2.__version__
        except ImportError:
            pass
        return opts

    def close(self) -> None:
        self._translator = None
        self._tokenizer = None
        self._encoder = None
        self._loaded = False
