"""``hf:`` -- any transformers sequence-to-sequence model (layer L3).

``HFSeq2SeqTranslator("Helsinki-NLP/opus-mt-zh-en")`` or a local directory.
Marian needs no language codes; NLLB, M2M100 and mBART-50 get their source
code set on the tokenizer and the English code forced as the first generated
token (see :func:`bri_align.mt._loading.language_setup`).

The model is loaded offline (see :func:`~bri_align.mt._loading.resolve_model`);
the device is chosen automatically (CUDA, then MPS, then CPU) unless given.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

from ..errors import InputError, ModelNotAvailableError
from ._loading import (
    LanguageSetup,
    choose_device,
    choose_dtype,
    language_setup,
    load_failure_message,
    require_torch_transformers,
    resolve_model,
)
from .base import Translator

__all__ = ["HFSeq2SeqTranslator"]

log = logging.getLogger(__name__)


class HFSeq2SeqTranslator(Translator):
    """A transformers encoder-decoder model behind the :class:`Translator` interface."""

    kind = "hf"
    registry_name = "hf.v1"

    def __init__(
        self,
        model: str,
        *,
        name: Optional[str] = None,
        src_lang: Optional[str] = None,
        tgt_lang: Optional[str] = None,
        device: str = "auto",
        dtype: str = "auto",
        beam_size: int = 4,
        max_length: int = 256,
        max_input_length: int = 512,
        batch_size: int = 16,
        allow_download: bool = False,
        glossary: Any = None,
        mode: Optional[str] = None,
    ) -> None:
        if beam_size < 1:
            raise InputError(f"beam_size must be at least 1, got {beam_size}", field="beam_size")
        if max_length < 1:
            raise InputError(f"max_length must be at least 1, got {max_length}", field="max_length")
        self.model_id = model
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.requested_device = device
        self.requested_dtype = dtype
        self.beam_size = beam_size
        self.max_length = max_length
        self.max_input_length = max_input_length
        self.allow_download = allow_download
        self._model: Any = None
        self._tokenizer: Any = None
        self._device = ""
        self._dtype: Any = None
        self._lang: Optional[LanguageSetup] = None
        self._special: Any = None
        super().__init__(name=name, batch_size=batch_size, glossary=glossary, mode=mode)

    def default_name(self) -> str:
        return self.model_id.rstrip("/").split("/")[-1]

    @property
    def device(self) -> str:
        return self._device

    @property
    def language(self) -> Optional[LanguageSetup]:
        return self._lang

    @property
    def tokenizer(self) -> Any:
        self.load()
        return self._tokenizer

    @property
    def model(self) -> Any:
        self.load()
        return self._model

    def _load(self) -> None:
        torch, transformers = require_torch_transformers("hf: translation models")
        source, local_only = resolve_model(self.model_id, allow_download=self.allow_download, kind="hf")
        self._device = choose_device(self.requested_device)
        self._dtype = choose_dtype(self.requested_dtype, self._device)
        try:
            tok = transformers.AutoTokenizer.from_pretrained(source, local_files_only=local_only)
            model = transformers.AutoModelForSeq2SeqLM.from_pretrained(
                source, local_files_only=local_only, dtype=self._dtype
            )
        except Exception as exc:  # transformers raises OSError, ValueError, TypeError... on broken folders
            log.debug("loading %s failed", source, exc_info=True)
            raise ModelNotAvailableError(load_failure_message(source, exc, what="a seq2seq model and tokenizer",
                                                              kind="hf")) from None
        model.to(self._device)
        model.eval()
        self._lang = language_setup(tok, model_type=getattr(model.config, "model_type", None),
                                    src_lang=self.src_lang, tgt_lang=self.tgt_lang)
        self._tokenizer = tok
        self._model = model
        self._special = torch.tensor(sorted(set(tok.all_special_ids) | set(self._lang.code_ids)),
                                     dtype=torch.long)
        log.info("loaded %s (%s) on %s as %s", self.model_id, self._lang.family, self._device, self._dtype)

    def _sort_key(self, sentence: str) -> int:
        return len(sentence)

    def _generate_kwargs(self) -> Dict[str, Any]:
        kw: Dict[str, Any] = {
            "num_beams": self.beam_size,
            "do_sample": False,
            "max_new_tokens": self.max_length,
        }
        if self._lang is not None and self._lang.forced_bos_token_id is not None:
            kw["forced_bos_token_id"] = self._lang.forced_bos_token_id
        return kw

    def _translate_batch(self, batch: List[str]) -> Tuple[List[str], Optional[int]]:
        import torch

        tok = self._tokenizer
        enc = tok(batch, return_tensors="pt", padding=True, truncation=True,
                  max_length=min(self.max_input_length, getattr(tok, "model_max_length", 10 ** 6) or 10 ** 6))
        enc = {k: v.to(self._device) for k, v in enc.items()}
        with torch.inference_mode():
            out = self._model.generate(**enc, **self._generate_kwargs())
        out = out.to("cpu")
        special = torch.isin(out, self._special)
        n_tokens = int((~special).sum().item())
        if self._lang is not None and self._lang.code_ids:
            # language codes are not always registered as special tokens: drop them by id
            out = out.masked_fill(special, tok.pad_token_id)
        texts = tok.batch_decode(out, skip_special_tokens=True)
        return [t.strip() for t in texts], n_tokens

    def _options(self) -> Dict[str, Any]:
        lang = self._lang
        opts: Dict[str, Any] = {"model": self.model_id}
        if lang is not None:
            opts["family"] = lang.family
            if lang.src_lang:
                opts["langs"] = f"{lang.src_lang}->{lang.tgt_lang}"
        elif self.src_lang or self.tgt_lang:
            opts["langs"] = f"{self.src_lang}->{self.tgt_lang}"
        opts.update(beam=self.beam_size, max_len=self.max_length, decoding="beam" if self.beam_size > 1 else "greedy")
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
