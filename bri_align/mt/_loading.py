"""Shared plumbing for the model backends (layer L3): imports, devices, dtypes,
offline model resolution and the language codes of multilingual models.

Everything heavy (torch, transformers, huggingface_hub) is imported inside the
functions, so importing this module stays light.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Tuple

from ..errors import InputError, MissingDependencyError, ModelNotAvailableError

__all__ = [
    "require_torch_transformers",
    "choose_device",
    "choose_dtype",
    "resolve_model",
    "LanguageSetup",
    "language_setup",
    "offline_mode",
    "not_available_message",
    "load_failure_message",
]

DTYPES = ("auto", "float32", "float16", "bfloat16")


def require_torch_transformers(purpose: str) -> Tuple[Any, Any]:
    """Import torch and transformers or raise :class:`MissingDependencyError`."""
    try:
        import torch
    except ImportError:
        raise MissingDependencyError("torch", "mt", purpose) from None
    try:
        import transformers
    except ImportError:
        raise MissingDependencyError("transformers", "mt", purpose) from None
    return torch, transformers


def choose_device(device: str = "auto") -> str:
    """``auto`` picks CUDA, then Apple MPS, then the CPU; other values are checked."""
    import torch

    if device == "auto":
        if torch.cuda.is_available():
            return "cuda"
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return "mps"
        return "cpu"
    base = device.split(":", 1)[0]
    if base not in ("cpu", "cuda", "mps"):
        raise InputError(f"unknown device {device!r}; expected auto, cpu, cuda, cuda:N or mps", field="device")
    if base == "cuda" and not torch.cuda.is_available():
        raise InputError(f"device {device!r} asked for but CUDA is not available here; use --device cpu "
                         "or auto", field="device")
    if base == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise InputError("device 'mps' asked for but Apple MPS is not available; use --device cpu or auto",
                             field="device")
    return device


def choose_dtype(dtype: str, device: str) -> Any:
    """``auto``: float32 on the CPU, bfloat16 on CUDA cards that support it, else float16."""
    import torch

    if dtype not in DTYPES:
        raise InputError(f"unknown dtype {dtype!r}; expected one of {', '.join(DTYPES)}", field="dtype")
    if dtype == "auto":
        if device.startswith("cuda"):
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        if device == "mps":
            return torch.float16
        return torch.float32
    return getattr(torch, dtype)


def offline_mode() -> bool:
    """True when the user asked the Hugging Face libraries to stay offline."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if os.environ.get(var, "").strip().lower() in ("1", "true", "yes", "on"):
            return True
    return False


def _in_hf_cache(model_id: str) -> bool:
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:  # pragma: no cover - ships with transformers
        return False
    try:
        hit = try_to_load_from_cache(model_id, "config.json")
    except Exception:  # invalid repo id and the like
        return False
    return isinstance(hit, str)


def _looks_like_path(model: str) -> bool:
    """A hub id is ``name`` or ``org/name``; anything else is meant as a path."""
    return model.startswith((".", "/", "~")) or "\\" in model or model.count("/") > 1


def resolve_model(model: str, *, allow_download: bool = False, kind: str = "hf") -> Tuple[str, bool]:
    """Where to load ``model`` from: ``(path_or_id, local_files_only)``.

    * a local directory is used as it is (it must hold ``config.json``);
    * a hub id is loaded with ``local_files_only=True`` when ``HF_HUB_OFFLINE`` is
      set, when it is not in the Hugging Face cache, or unless ``allow_download``
      is given -- so nothing is fetched behind the user's back;
    * otherwise a :class:`ModelNotAvailableError` says how to provide a local path.
    """
    if not isinstance(model, str) or not model.strip():
        raise InputError("model is empty; give a Hugging Face model id or a local directory", field="model")
    p = Path(model).expanduser()
    if p.is_dir():
        if not (p / "config.json").is_file():
            raise ModelNotAvailableError(
                f"{p}: not a model directory (no config.json); point {kind}: at the folder written by "
                "save_pretrained or `hf download MODEL --local-dir DIR`"
            )
        return str(p), True
    if p.exists() or _looks_like_path(model):
        raise ModelNotAvailableError(
            f"{model}: no such model directory; give an existing folder (save_pretrained output) or a "
            "Hugging Face model id"
        )
    if _in_hf_cache(model):
        return model, True  # load from the cache without touching the network
    if offline_mode() or not allow_download:
        raise ModelNotAvailableError(not_available_message(model, kind=kind))
    return model, False  # the user allowed a download


def not_available_message(model: str, *, kind: str = "hf") -> str:
    why = "HF_HUB_OFFLINE is set and it is not" if offline_mode() else "it is not a local directory and not"
    return (f"model '{model}' is not available offline ({why} in the Hugging Face cache); "
            f"download it where a network is available (`hf download {model} --local-dir DIR`) "
            f"and pass {kind}:DIR")


def load_failure_message(source: str, exc: BaseException, *, what: str, kind: str,
                         hint: Optional[str] = None) -> str:
    """One line for a model folder (or cached id) that exists but does not load."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    if len(first) > 200:
        first = first[:197] + "..."
    hint = hint or (f"check that {kind}:{source} is a folder written by save_pretrained (config.json, weights "
                    "and tokenizer files)")
    return f"{source}: cannot load {what} ({first}); {hint}"


# ------------------------------------------------------------------ language codes
@dataclass(frozen=True)
class LanguageSetup:
    """How a model family is told to translate Chinese into English."""

    family: str  # "marian" | "nllb" | "m2m100" | "mbart50" | "plain"
    src_lang: Optional[str] = None
    tgt_lang: Optional[str] = None
    forced_bos_token_id: Optional[int] = None
    #: ids of every language-code token, removed from outputs before decoding
    code_ids: Tuple[int, ...] = field(default=(), repr=False)


_NLLB_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")  # zho_Hans, eng_Latn

_DEFAULT_CODES = {
    "nllb": ("zho_Hans", "eng_Latn"),
    "m2m100": ("zh", "en"),
    "mbart50": ("zh_CN", "en_XX"),
}


@dataclass(frozen=True)
class LoadedModel:
    """A model and its tokenizer, loaded offline onto a device by :func:`load_pretrained`."""

    torch: Any
    tokenizer: Any
    model: Any
    source: str
    device: str
    dtype: Any


def load_pretrained(model_id: str, *, auto_class: str, kind: str, what: str, purpose: str,
                    device: str = "auto", dtype: str = "auto", allow_download: bool = False) -> LoadedModel:
    """Resolve ``model_id`` offline, pick device and dtype, load tokenizer and model with the
    transformers ``auto_class`` (e.g. ``AutoModelForSeq2SeqLM``), move it to the device in eval
    mode; a folder or id that cannot be loaded gives a one-line :class:`ModelNotAvailableError`."""
    import logging

    torch, transformers = require_torch_transformers(purpose)
    source, local_only = resolve_model(model_id, allow_download=allow_download, kind=kind)
    chosen_device = choose_device(device)
    chosen_dtype = choose_dtype(dtype, chosen_device)
    try:
        tok = transformers.AutoTokenizer.from_pretrained(source, local_files_only=local_only)
        model = getattr(transformers, auto_class).from_pretrained(source, local_files_only=local_only,
                                                                  dtype=chosen_dtype)
    except Exception as exc:  # transformers raises OSError, ValueError, TypeError... on broken folders
        logging.getLogger(__name__).debug("loading %s failed", source, exc_info=True)
        raise ModelNotAvailableError(load_failure_message(source, exc, what=what, kind=kind)) from None
    model.to(chosen_device)
    model.eval()
    return LoadedModel(torch, tok, model, source, chosen_device, chosen_dtype)


def detect_family(tokenizer: Any, model_type: Optional[str]) -> str:
    """Model family from the tokenizer class, falling back on ``config.model_type``."""
    cls = type(tokenizer).__name__.lower()
    if "nllb" in cls:
        return "nllb"
    if "m2m100" in cls or "m2m_100" in cls:
        return "m2m100"
    if "mbart50" in cls or "mbart" in cls and hasattr(tokenizer, "lang_code_to_id"):
        return "mbart50"
    if "marian" in cls or model_type == "marian":
        return "marian"
    if model_type == "m2m_100":  # NLLB checkpoints are m2m_100 models with an NLLB tokenizer
        return "nllb" if hasattr(tokenizer, "convert_tokens_to_ids") and _has_token(tokenizer, "eng_Latn") \
            else "m2m100"
    if model_type in ("mbart",):
        return "mbart50"
    return "plain"


def _has_token(tokenizer: Any, token: str) -> bool:
    try:
        tid = tokenizer.convert_tokens_to_ids(token)
    except Exception:
        return False
    return tid is not None and tid != getattr(tokenizer, "unk_token_id", None)


def language_setup(tokenizer: Any, *, model_type: Optional[str] = None, src_lang: Optional[str] = None,
                   tgt_lang: Optional[str] = None) -> LanguageSetup:
    """Set ``tokenizer.src_lang`` and find the forced BOS token for English.

    * Marian (opus-mt-zh-en): nothing to do;
    * NLLB: ``zho_Hans`` -> ``eng_Latn``; BOS = ``convert_tokens_to_ids("eng_Latn")``;
    * M2M100: ``zh`` -> ``en``; BOS = ``get_lang_id("en")``;
    * mBART-50: ``zh_CN`` -> ``en_XX``; BOS = ``lang_code_to_id["en_XX"]``.

    ``src_lang``/``tgt_lang`` override the codes (e.g. ``zho_Hant`` for traditional
    Chinese); a code the tokenizer does not know raises an :class:`InputError`.
    """
    family = detect_family(tokenizer, model_type)
    if family not in _DEFAULT_CODES:
        if src_lang or tgt_lang:
            raise InputError(f"this {family} model takes no language codes (got src_lang={src_lang!r}, "
                             f"tgt_lang={tgt_lang!r}); drop them", field="src_lang")
        return LanguageSetup(family=family)
    src = src_lang or _DEFAULT_CODES[family][0]
    tgt = tgt_lang or _DEFAULT_CODES[family][1]
    if family == "nllb":
        for code, fld in ((src, "src_lang"), (tgt, "tgt_lang")):
            if not _has_token(tokenizer, code):
                raise InputError(f"NLLB language code {code!r} is not in the tokenizer; use e.g. zho_Hans, "
                                 "zho_Hant, eng_Latn", field=fld)
        tokenizer.src_lang = src
        bos = tokenizer.convert_tokens_to_ids(tgt)
        codes_list = [t for t in getattr(tokenizer, "extra_special_tokens", None) or ()
                      if isinstance(t, str) and _NLLB_CODE.match(t)]
        code_ids = [tokenizer.convert_tokens_to_ids(t) for t in codes_list]
    elif family == "m2m100":
        codes = getattr(tokenizer, "lang_code_to_id", {}) or {}
        for code, fld in ((src, "src_lang"), (tgt, "tgt_lang")):
            if codes and code not in codes:
                raise InputError(f"M2M100 language code {code!r} is unknown; use e.g. zh, en", field=fld)
        tokenizer.src_lang = src
        bos = tokenizer.get_lang_id(tgt)
        code_ids = list(codes.values())
    else:  # mbart50
        codes = tokenizer.lang_code_to_id
        for code, fld in ((src, "src_lang"), (tgt, "tgt_lang")):
            if code not in codes:
                raise InputError(f"mBART-50 language code {code!r} is unknown; use e.g. zh_CN, en_XX", field=fld)
        tokenizer.src_lang = src
        bos = codes[tgt]
        code_ids = list(codes.values())
    ids = sorted({int(i) for i in code_ids if isinstance(i, int)} | {int(bos)})
    return LanguageSetup(family=family, src_lang=src, tgt_lang=tgt, forced_bos_token_id=int(bos),
                         code_ids=tuple(ids))
