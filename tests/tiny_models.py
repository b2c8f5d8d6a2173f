"""Tiny models built offline for the MT and benchmark tests (NOTES.md recipe).

Nothing here downloads anything: sentencepiece models are trained on a few
hundred synthetic lines, configurations are tiny (d_model 32, one layer).  The
Marian model is then trained for a few hundred steps (about a second on one
core) on word-by-word sentences from :data:`TOY_DICT`, so it translates them
roughly; the M2M100, NLLB, mBART-50 and Llama models keep random weights with
a fixed seed (gibberish, but deterministic) -- enough to test batching,
language codes and the plumbing.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import List, Tuple

# A toy word-by-word dictionary: the tiny Marian model is trained on sentences built from it.
TOY_DICT = {
    "一带一路": "Belt and Road", "合作": "cooperation", "高质量": "high-quality", "发展": "development",
    "共建": "jointly build", "开放": "opening up", "经济": "economy", "中国": "China", "世界": "world",
    "绿色": "green", "创新": "innovation", "贸易": "trade", "投资": "investment", "项目": "projects",
    "国家": "countries", "小而美": "small but beautiful", "人类": "mankind", "基础设施": "infrastructure",
}
ZH_WORDS = list(TOY_DICT)
EN_WORDS = sorted({w for v in TOY_DICT.values() for w in v.split()})

SAMPLE_ZH = [
    "一带一路合作。",
    "高质量发展。",
    "中国开放经济。",
    "共建一带一路。",
    "绿色创新投资项目。",
    "贸易。",
    "小而美项目国家基础设施投资。",
]


def synthetic_pairs(n: int = 400, seed: int = 1) -> List[Tuple[str, str]]:
    """Parallel toy sentences: 1-4 dictionary words, translated word by word."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(n):
        words = [rng.choice(ZH_WORDS) for _ in range(rng.randint(1, 4))]
        pairs.append(("".join(words) + "。", " ".join(TOY_DICT[w] for w in words) + "."))
    return pairs


def synthetic_lines(n: int = 300, seed: int = 0) -> Tuple[List[str], List[str]]:
    pairs = synthetic_pairs(n, seed)
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _train_spm(lines: List[str], prefix: Path, vocab_size: int = 60) -> Path:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(prefix), vocab_size=vocab_size,
        hard_vocab_limit=False, unk_id=0, eos_id=1, bos_id=-1, pad_id=-1,
        character_coverage=1.0, model_type="unigram", minloglevel=2,
    )
    return prefix.with_suffix(".model")


def _train_seq2seq(model, tok, pairs: List[Tuple[str, str]], *, steps: int, batch: int = 32) -> None:
    """A few hundred Adam steps (about 2 s on one core) so the model really translates the toy data."""
    import torch

    rng = random.Random(0)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: one thread is several times faster on a busy machine
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    emb = model.get_input_embeddings().weight
    pad = tok.pad_token_id

    def zero_pad() -> None:
        # Marian decoders start from a zero embedding (the pad row), as CTranslate2 assumes;
        # the tied output projection would otherwise train that row.
        with torch.no_grad():
            emb[pad].zero_()

    zero_pad()
    model.train()
    for _ in range(steps):
        b = rng.sample(pairs, batch)
        enc = tok([x for x, _ in b], text_target=[y for _, y in b], return_tensors="pt", padding=True)
        enc["labels"][enc["labels"] == tok.pad_token_id] = -100
        loss = model(**enc).loss
        loss.backward()
        opt.step()
        opt.zero_grad()
        zero_pad()
    model.eval()
    torch.set_num_threads(threads)


def build_marian(out: Path, *, train_steps: int = 500) -> Path:
    """A tiny MarianMT zh->en model + tokenizer saved with save_pretrained.

    With ``train_steps`` > 0 it is trained on :data:`TOY_DICT` sentences, so it
    translates e.g. 一带一路合作。 as "Belt and Road cooperation.".
    """
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out.mkdir(parents=True, exist_ok=True)
    zh, en = synthetic_lines()
    src = _train_spm(zh, out / "src")
    tgt = _train_spm(en, out / "tgt")
    vocab = {"</s>": 0, "<unk>": 1}
    for f in (src, tgt):
        sp = spm.SentencePieceProcessor(model_file=str(f))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)  # last, as in the opus-mt models (CTranslate2 relies on it)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = MarianTokenizer(source_spm=str(src), target_spm=str(tgt), vocab=str(out / "vocab.json"),
                          source_lang="zh", target_lang="en")
    cfg = MarianConfig(
        vocab_size=len(vocab), d_model=32, encoder_layers=1, decoder_layers=1,
        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64,
        pad_token_id=vocab["<pad>"], eos_token_id=vocab["</s>"], decoder_start_token_id=vocab["<pad>"],
        max_position_embeddings=256, init_std=0.05,
    )
    torch.manual_seed(0)
    model = MarianMTModel(cfg)
    if train_steps:
        _train_seq2seq(model, tok, synthetic_pairs(), steps=train_steps)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    for f in (src, tgt, src.with_suffix(".vocab"), tgt.with_suffix(".vocab")):
        f.unlink(missing_ok=True)
    return out


def build_m2m100(out: Path) -> Path:
    """A tiny M2M100 model with an M2M100Tokenizer built from a local sentencepiece model."""
    import sentencepiece as spm
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    out.mkdir(parents=True, exist_ok=True)
    zh, en = synthetic_lines()
    model_file = _train_spm(zh + en, out / "spm", vocab_size=80)
    sp = spm.SentencePieceProcessor(model_file=str(model_file))
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for i in range(sp.get_piece_size()):
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = M2M100Tokenizer(vocab_file=str(out / "vocab.json"), spm_file=str(model_file))
    # language-code ids come after the vocabulary (plus 8 "madeup" words)
    cfg = M2M100Config(
        vocab_size=max(tok.lang_code_to_id.values()) + 1 + 8, d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=256,
        pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id, bos_token_id=tok.bos_token_id,
        decoder_start_token_id=tok.eos_token_id,
    )
    torch.manual_seed(0)
    M2M100ForConditionalGeneration(cfg).save_pretrained(out)
    tok.save_pretrained(out)
    return out


def build_nllb(out: Path) -> Path:
    """A tiny NLLB-style model (an m2m_100 model with an NllbTokenizer built from a small BPE vocab)."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    out.mkdir(parents=True, exist_ok=True)
    chars = sorted({c for w in ZH_WORDS + EN_WORDS for c in w})
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for c in chars + ["▁"]:
        vocab.setdefault(c, len(vocab))
    tok = NllbTokenizer(vocab=vocab, merges=[])
    cfg = M2M100Config(
        vocab_size=len(tok), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=256,
        pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id, bos_token_id=tok.bos_token_id,
        decoder_start_token_id=tok.eos_token_id,
    )
    torch.manual_seed(0)
    M2M100ForConditionalGeneration(cfg).save_pretrained(out)
    tok.save_pretrained(out)
    return out


def build_mbart50(out: Path) -> Path:
    """A tiny mBART-50 model with the MBart50Tokenizer's minimal built-in vocabulary."""
    import torch
    from transformers import MBart50Tokenizer, MBartConfig, MBartForConditionalGeneration

    out.mkdir(parents=True, exist_ok=True)
    tok = MBart50Tokenizer()
    cfg = MBartConfig(
        vocab_size=len(tok), d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=256,
        pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id, bos_token_id=tok.bos_token_id,
        decoder_start_token_id=tok.eos_token_id,
    )
    torch.manual_seed(0)
    MBartForConditionalGeneration(cfg).save_pretrained(out)
    tok.save_pretrained(out)
    return out


CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def build_llama_chat(out: Path, *, chat_template: bool = True) -> Path:
    """A tiny random Llama-style causal LM with a byte-level BPE tokenizer and a chat template."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    out.mkdir(parents=True, exist_ok=True)
    zh, en = synthetic_lines(100)
    tk = Tokenizer(models.BPE(unk_token="<unk>"))
    tk.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tk.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=300, special_tokens=["<unk>", "<pad>", "<s>", "<|user|>", "<|system|>", "<|assistant|>",
                                        "<|end|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False,
    )
    tk.train_from_iterator(zh + en + ["Translate the following Chinese text into English."], trainer)
    tok = PreTrainedTokenizerFast(tokenizer_object=tk, unk_token="<unk>", pad_token="<pad>", bos_token="<s>",
                                  eos_token="<|end|>")
    if chat_template:
        tok.chat_template = CHAT_TEMPLATE
    cfg = LlamaConfig(
        vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
        num_key_value_heads=2, max_position_embeddings=512, pad_token_id=tok.pad_token_id,
        bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, initializer_range=0.5,
    )
    torch.manual_seed(0)
    LlamaForCausalLM(cfg).save_pretrained(out)
    tok.save_pretrained(out)
    return out


_BUILDERS = {
    "marian": build_marian,
    "m2m100": build_m2m100,
    "nllb": build_nllb,
    "mbart50": build_mbart50,
    "llama_chat": build_llama_chat,
}
_BUILT: dict = {}


def one_thread():
    """Context manager: torch on one thread while it runs (tiny models run faster, above all
    on a shared machine; the old count is restored); nothing when torch is not installed."""
    import contextlib

    @contextlib.contextmanager
    def cm():
        try:
            import torch
        except ImportError:
            yield
            return
        old = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            yield
        finally:
            torch.set_num_threads(old)

    return cm()


def cached(name: str, tmp_path_factory) -> Path:
    """Build a tiny model once per test session (shared by tests/mt and tests/bench)."""
    if name not in _BUILT:
        _BUILT[name] = _BUILDERS[name](tmp_path_factory.mktemp(f"tiny-{name}"))
    return _BUILT[name]
