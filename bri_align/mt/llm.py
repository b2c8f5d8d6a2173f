"""``llm:`` -- causal (decoder-only) language models through their chat template (layer L3).

Each source sentence goes into a translation prompt, which the model's own chat
template (``tokenizer.apply_chat_template``) wraps; decoding is greedy; batches
are left-padded so every prompt ends where generation starts.  Only the newly
generated tokens are decoded; the answer is cut at its first blank line (models
sometimes add a note after the translation).

Terminology mode ``prompt`` (``glossary=``, ``mode="prompt"``): the glossary
entries found in the sentence go into its prompt, one line each, source term ->
preferred rendering, with the deprecated renderings after "do not use:".  The
block replaces a ``{glossary}`` placeholder when the prompt has one; otherwise
it goes right before the source text, which is then introduced as
"Text to translate:".  A sentence without glossary terms gets the plain prompt.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..errors import InputError
from ..glossary.coerce import GlossaryLike
from ._loading import (
    load_pretrained,
)
from .base import TransformersTranslator

__all__ = ["CausalLMTranslator", "DEFAULT_PROMPT", "GLOSSARY_HEADER", "glossary_block"]


DEFAULT_PROMPT = (
    "Translate the following Chinese text into English. "
    "Answer with the English translation only.\n\n{source}"
)


GLOSSARY_HEADER = "Use these English renderings for the terms in the text:"


def glossary_block(constraints: Any, *, header: str = GLOSSARY_HEADER) -> str:
    """The prompt lines for a sentence's :class:`~bri_align.mt.constraints.TermConstraint` list
    ("" when there are none)::

        Use these English renderings for the terms in the text:
        - 一带一路 -> Belt and Road Initiative (do not use: One Belt, One Road)
    """
    if not constraints:
        return ""
    lines = [header]
    for c in constraints:
        line = f"- {c.zh} -> {c.required}"
        if c.banned:
            line += f" (do not use: {'; '.join(c.banned)})"
        lines.append(line)
    return "\n".join(lines)


def prepare_for_batching(tok: Any, source: str) -> None:
    """Left padding (prompts end where generation starts); pad with EOS when there is no pad token."""
    tok.padding_side = "left"
    if tok.pad_token_id is None:
        if tok.eos_token is None:
            raise InputError(f"{source}: the tokenizer has neither a pad nor an eos token; cannot batch prompts",
                             field="pad_token")
        tok.pad_token = tok.eos_token


class CausalLMTranslator(TransformersTranslator):
    """A chat model (``AutoModelForCausalLM``) used as a translator."""

    kind = "llm"
    registry_name = "llm.v1"
    supported_modes = ("off", "prompt")
    mode_hint = "constrained decoding (force, bias, ban) is implemented for hf: seq2seq models"

    def __init__(
        self,
        model: str,
        *,
        name: Optional[str] = None,
        prompt: str = DEFAULT_PROMPT,
        system_prompt: Optional[str] = None,
        device: str = "auto",
        dtype: str = "auto",
        max_new_tokens: int = 256,
        batch_size: int = 8,
        allow_download: bool = False,
        glossary: GlossaryLike = None,
        mode: Optional[str] = None,
    ) -> None:
        if "{source}" not in prompt:
            raise InputError(f"prompt {prompt!r} has no '{{source}}' placeholder; add one where the Chinese "
                             "text goes", field="prompt")
        if max_new_tokens < 1:
            raise InputError(f"max_new_tokens must be at least 1, got {max_new_tokens}", field="max_new_tokens")
        self._init_model(model, device=device, dtype=dtype, allow_download=allow_download)
        self.prompt = prompt
        self.system_prompt = system_prompt
        self.max_new_tokens = max_new_tokens
        self._gen: Any = None
        super().__init__(name=name, batch_size=batch_size, glossary=glossary, mode=mode)

    @classmethod
    def from_run_options(cls, run: Mapping[str, Any]) -> Dict[str, Any]:
        """As the base, with the run's ``max_length`` as ``max_new_tokens`` (a chat model's
        output length)."""
        run = dict(run)
        run.setdefault("max_new_tokens", run.pop("max_length", None))
        return super().from_run_options(run)

    def _load(self) -> None:
        loaded = load_pretrained(self.model_id, auto_class="AutoModelForCausalLM", kind="llm",
                                 what="a causal language model", purpose="llm: translation with chat models",
                                 device=self.requested_device, dtype=self.requested_dtype,
                                 allow_download=self.allow_download)
        torch, tok, model, source = loaded.torch, loaded.tokenizer, loaded.model, loaded.source
        self._device, self._dtype = loaded.device, loaded.dtype
        if not getattr(tok, "chat_template", None):
            raise InputError(f"{source}: the tokenizer has no chat template; use an instruction-tuned (chat) "
                             "model, or set tokenizer.chat_template and save it", field="chat_template")
        prepare_for_batching(tok, source)
        gen = copy.deepcopy(model.generation_config)
        gen.do_sample = False
        gen.num_beams = 1
        gen.temperature = None
        gen.top_p = None
        gen.top_k = None
        gen.max_new_tokens = self.max_new_tokens
        gen.max_length = None
        if gen.pad_token_id is None:
            gen.pad_token_id = tok.pad_token_id
        if gen.eos_token_id is None and tok.eos_token_id is not None:
            gen.eos_token_id = tok.eos_token_id
        self._gen = gen
        self._tokenizer = tok
        self._model = model
        self._special = torch.tensor(sorted(set(tok.all_special_ids)), dtype=torch.long)

    def glossary_lines(self, sentence: str, constraints: Optional[Any] = None) -> str:
        """The glossary block of ``sentence``'s prompt ("" with mode off or no terms); the
        sentence's terms are found with the glossary matcher unless ``constraints`` are given."""
        if self.mode != "prompt":
            return ""
        if constraints is None:
            constraints = self.term_constraints([sentence])[0]
        return glossary_block(constraints)

    def build_messages(self, sentence: str, constraints: Optional[Any] = None) -> List[Dict[str, str]]:
        """The chat messages for one sentence (system prompt, then the user turn)."""
        messages = []
        if self.system_prompt:
            messages.append({"role": "system", "content": self.system_prompt})
        block = self.glossary_lines(sentence, constraints)
        if "{glossary}" in self.prompt:
            content = self.prompt.replace("{glossary}", block + "\n\n" if block else "")
            content = content.replace("{source}", sentence)
        elif block:
            content = self.prompt.replace("{source}", block + "\n\nText to translate:\n" + sentence)
        else:
            content = self.prompt.replace("{source}", sentence)
        messages.append({"role": "user", "content": content})
        return messages

    def build_prompt(self, sentence: str, constraints: Optional[Any] = None) -> str:
        """The full model input for one sentence (chat template applied)."""
        return self.tokenizer.apply_chat_template(self.build_messages(sentence, constraints),
                                                  add_generation_prompt=True, tokenize=False)

    def _translate_batch(self, batch: List[str]) -> Tuple[List[str], Optional[int]]:
        return self._generate([self.build_prompt(s) for s in batch])

    def _translate_constrained(self, batch: List[str], constraints: List[Any]) -> Tuple[List[str], Optional[int]]:
        return self._generate([self.build_prompt(s, c) for s, c in zip(batch, constraints)])

    def _generate(self, prompts: List[str]) -> Tuple[List[str], Optional[int]]:
        import torch

        tok = self._tokenizer
        # The chat template already holds the special tokens (BOS and role markers).
        enc = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        enc = {k: v.to(self._device) for k, v in enc.items()}
        with torch.inference_mode():
            out = self._model.generate(**enc, generation_config=self._gen)
        new = out[:, enc["input_ids"].shape[1]:].to("cpu")
        n_tokens = int((~torch.isin(new, self._special)).sum().item())
        texts = tok.batch_decode(new, skip_special_tokens=True)
        return [self._clean(t) for t in texts], n_tokens

    @staticmethod
    def _clean(text: str) -> str:
        text = text.strip()
        return text.split("\n\n", 1)[0].strip()

    def _options(self) -> Dict[str, Any]:
        import hashlib

        opts: Dict[str, Any] = {
            "model": self.model_id,
            "prompt_sha": hashlib.sha256((self.system_prompt or "").encode() + b"\0" + self.prompt.encode())
            .hexdigest()[:10],
            "decoding": "greedy",
            "max_new": self.max_new_tokens,
        }
        if self.mode == "prompt":
            opts["glossary_prompt_sha"] = hashlib.sha256(GLOSSARY_HEADER.encode()).hexdigest()[:10]
        return self._runtime_options(opts)
