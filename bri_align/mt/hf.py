"""``hf:`` -- any transformers sequence-to-sequence model (layer L3).

``HFSeq2SeqTranslator("Helsinki-NLP/opus-mt-zh-en")`` or a local directory.
Marian needs no language codes; NLLB, M2M100 and mBART-50 get their source
code set on the tokenizer and the English code forced as the first generated
token (see :func:`bri_align.mt._loading.language_setup`).

The model is loaded offline (see :func:`~bri_align.mt._loading.resolve_model`);
the device is chosen automatically (CUDA, then MPS, then CPU) unless given.

Terminology modes (``glossary=``, ``mode=``): ``force`` makes every preferred
rendering of the sentence's terms appear, ``bias`` adds ``term_bias`` to them,
``ban`` only keeps deprecated renderings out (``force`` and ``bias`` ban them
too); see :mod:`bri_align.mt.constraints`.  In ``force`` mode a sentence may
generate ``max_length`` tokens plus the tokens of its own required phrases.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike
from ._loading import (
    LanguageSetup,
    language_setup,
    load_pretrained,
)
from .base import TransformersTranslator

__all__ = ["HFSeq2SeqTranslator"]

log = logging.getLogger(__name__)


class HFSeq2SeqTranslator(TransformersTranslator):
    """A transformers encoder-decoder model behind the :class:`Translator` interface."""

    kind = "hf"
    registry_name = "hf.v1"
    supported_modes = ("off", "force", "bias", "ban")
    mode_hint = "the glossary goes into prompts with llm: chat models"

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
        glossary: GlossaryLike = None,
        mode: Optional[str] = None,
        term_bias: float = 5.0,
        start_bias: float = 1.0,
    ) -> None:
        if beam_size < 1:
            raise InputError(f"beam_size must be at least 1, got {beam_size}", field="beam_size")
        if max_length < 1:
            raise InputError(f"max_length must be at least 1, got {max_length}", field="max_length")
        self._init_model(model, device=device, dtype=dtype, allow_download=allow_download)
        self.src_lang = src_lang
        self.tgt_lang = tgt_lang
        self.beam_size = beam_size
        self.max_length = max_length
        self.max_input_length = max_input_length
        self._lang: Optional[LanguageSetup] = None
        for value, fld in ((term_bias, "term_bias"), (start_bias, "start_bias")):
            if not isinstance(value, (int, float)) or value != value or value in (float("inf"), float("-inf")):
                raise InputError(f"{fld} must be a finite number, got {value!r}", field=fld)
        self.term_bias = float(term_bias)
        self.start_bias = float(start_bias)
        self._last_processor: Any = None
        self._encoder: Any = None  # ConstraintEncoder
        self._vocab: Any = None  # VocabClasses
        #: interventions of the force processor over this translator's life (forced_start...)
        self.constraint_stats: Dict[str, int] = {}
        super().__init__(name=name, batch_size=batch_size, glossary=glossary, mode=mode)

    @property
    def language(self) -> Optional[LanguageSetup]:
        return self._lang

    @property
    def model(self) -> Any:
        self.load()
        return self._model

    def _load(self) -> None:
        loaded = load_pretrained(self.model_id, auto_class="AutoModelForSeq2SeqLM", kind="hf",
                                 what="a seq2seq model and tokenizer", purpose="hf: translation models",
                                 device=self.requested_device, dtype=self.requested_dtype,
                                 allow_download=self.allow_download)
        torch, tok, model = loaded.torch, loaded.tokenizer, loaded.model
        self._device, self._dtype = loaded.device, loaded.dtype
        self._lang = language_setup(tok, model_type=getattr(model.config, "model_type", None),
                                    src_lang=self.src_lang, tgt_lang=self.tgt_lang)
        self._tokenizer = tok
        self._model = model
        self._special = torch.tensor(sorted(set(tok.all_special_ids) | set(self._lang.code_ids)),
                                     dtype=torch.long)
        if self.mode != "off":
            from .constraints import ConstraintEncoder, vocab_classes

            if self._lang.tgt_lang and hasattr(tok, "tgt_lang"):
                tok.tgt_lang = self._lang.tgt_lang  # target-side phrases are encoded with text_target=
            self._encoder = ConstraintEncoder(tok, exclude_ids=self._lang.code_ids)
            self._vocab = vocab_classes(tok)
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

    def encoded_constraints(self, sentences: List[str], *, terms: Optional[List[Any]] = None) -> List[Any]:
        """Token-level constraints (:class:`~bri_align.mt.constraints.EncodedConstraints`) per sentence."""
        self.load()
        if self._encoder is None:
            raise InputError("this translator runs with mode='off'; it has no term constraints", field="mode")
        return [self._encoder.encode(c) for c in self.term_constraints(sentences, terms=terms)]

    def _constraint_kwargs(self, constraints: List[Any]) -> Dict[str, Any]:
        from transformers import LogitsProcessorList

        from .constraints import TermLogitsProcessor

        encoded = [self._encoder.encode(c) for c in constraints]
        budgets = [self.max_length + (e.required_tokens if self.mode == "force" else 0) for e in encoded]
        gen = self._model.generation_config
        eos = gen.eos_token_id if gen.eos_token_id is not None else self._tokenizer.eos_token_id
        proc = TermLogitsProcessor(
            encoded, mode=self.mode, num_beams=self.beam_size, eos_token_id=eos, budgets=budgets,
            bias=self.term_bias, start_bias=self.start_bias, vocab=self._vocab,
        )
        self._last_processor = proc
        # force: one step more than any row's budget, so every row ends by its own budget (see the processor)
        top = max(budgets) + (1 if self.mode == "force" else 0)
        return {"max_new_tokens": top, "logits_processor": LogitsProcessorList([proc])}

    def _translate_batch(self, batch: List[str]) -> Tuple[List[str], Optional[int]]:
        return self._generate(batch, None)

    def _translate_constrained(self, batch: List[str], constraints: List[Any]) -> Tuple[List[str], Optional[int]]:
        return self._generate(batch, constraints)

    def _generate(self, batch: List[str], constraints: Optional[List[Any]]) -> Tuple[List[str], Optional[int]]:
        import torch

        tok = self._tokenizer
        enc = tok(batch, return_tensors="pt", padding=True, truncation=True,
                  max_length=min(self.max_input_length, getattr(tok, "model_max_length", 10 ** 6) or 10 ** 6))
        enc = {k: v.to(self._device) for k, v in enc.items()}
        kw = self._generate_kwargs()
        if constraints is not None and self._encoder is not None:
            kw.update(self._constraint_kwargs(constraints))
        with torch.inference_mode():
            out = self._model.generate(**enc, **kw)
        if constraints is not None and self._last_processor is not None:
            for k, v in self._last_processor.stats.items():
                self.constraint_stats[k] = self.constraint_stats.get(k, 0) + v
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
        if self.mode != "off":
            from .constraints import CONSTRAINTS_VERSION

            opts["constraints"] = CONSTRAINTS_VERSION
            if self.mode == "bias":
                opts["term_bias"] = self.term_bias
            elif self.mode == "force":
                opts["start_bias"] = self.start_bias
                opts["open_bias"] = self.term_bias
        return self._runtime_options(opts)

    def close(self) -> None:
        self._encoder = None
        super().close()
