#!/usr/bin/env python3
"""Force mode (constrained decoding) on the policy test set: term success and time overhead.

Translates the segments of ``corpora/policy_bench/test.jsonl`` that contain
termbase terms twice with the same ``hf:`` model, beam size and batch size, in
the same process: with ``mode="off"`` and with ``mode="force"`` (every preferred
rendering forced, deprecated ones banned; :mod:`bri_align.mt.constraints`).
Reports, as JSON:

* the term success rate of both runs, from :class:`bri_align.metrics.terminology.TermScorer`
  on the test set's own term annotations (as ``bri-align bench run`` scores it)
  and on the terms the glossary's Chinese matcher finds (what force mode
  constrains), plus the deprecated-rendering rate;
* median wall time of ``--repeats`` runs of each (alternating, after one warm-up
  run each), the ratio force/off, output tokens (force mode writes the phrases,
  and a model that cannot translate the input may write more after them, up to
  its budget: compare the time per output token too), and the time spent inside
  the logits processor;
* whether batch size 1 gives the same force-mode outputs as ``--batch-size``.

Without ``--model`` it builds a tiny Marian model (the tests' recipe, d_model
32, trained for a few hundred steps on toy sentences) whose sentencepiece
vocabulary also covers the termbase's English renderings and the test set's
Chinese, so every preferred rendering can be written.  Such a model cannot
translate policy text: the point is the constraint mechanism, and the time
ratio of a model this small is the worst case (the processor's Python work is
large next to a forward pass that takes well under a millisecond).
``--size base`` builds a model of opus-mt-zh-en's shape (Marian base) with random
weights instead: its outputs are noise that runs to the length budget in both
modes, so it measures the per-step cost of the processor next to a real-sized
forward pass (timing only).  ``--model DIR`` measures a real local model (e.g.
opus-mt-zh-en).

    python benchmarks/force_overhead.py                      # tiny model, beam 4, batch 8, 5 repeats
    python benchmarks/force_overhead.py --size base --limit 64 --repeats 3   # opus-mt-sized, timing only
    python benchmarks/force_overhead.py --model /models/opus-mt-zh-en --repeats 3 --json build/force.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a source checkout

from bri_align import load_termbase  # noqa: E402
from bri_align.bench import load_testset  # noqa: E402
from bri_align.metrics.terminology import TermScorer, TermSegment  # noqa: E402


#: model sizes: tiny = the tests' model (trained on toy sentences); base = the shape of
#: opus-mt-zh-en (Marian base: d_model 512, 6+6 layers, 8 heads, ffn 2048) with random weights,
#: for timing only (its outputs are noise; its output layer is the small covering vocabulary)
SIZES = {
    "tiny": dict(d_model=32, layers=1, heads=2, ffn=64, train_steps=500),
    "base": dict(d_model=512, layers=6, heads=8, ffn=2048, train_steps=0),
}


def build_covering_marian(out: Path, *, english: list, chinese: list, size: str = "tiny") -> Path:
    """The tests' tiny Marian model recipe (tests/tiny_models.py), with sentencepiece models that
    also cover ``english`` (target side) and ``chinese`` (source side); ``size`` from :data:`SIZES`."""
    shape = SIZES[size]
    sys.path.insert(0, str(ROOT / "tests"))
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    import tiny_models

    out.mkdir(parents=True, exist_ok=True)
    zh, en = tiny_models.synthetic_lines()
    # every character must be a piece (character_coverage 1.0): room for them plus the toy pieces
    src_lines, tgt_lines = zh + list(chinese), en + list(english)
    src = tiny_models._train_spm(src_lines, out / "src", vocab_size=len(set("".join(src_lines))) + 60)
    tgt = tiny_models._train_spm(tgt_lines, out / "tgt", vocab_size=len(set("".join(tgt_lines))) + 60)
    vocab = {"</s>": 0, "<unk>": 1}
    for f in (src, tgt):
        sp = spm.SentencePieceProcessor(model_file=str(f))
        for i in range(sp.get_piece_size()):
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tok = MarianTokenizer(source_spm=str(src), target_spm=str(tgt), vocab=str(out / "vocab.json"),
                          source_lang="zh", target_lang="en")
    cfg = MarianConfig(
        vocab_size=len(vocab), d_model=shape["d_model"], encoder_layers=shape["layers"],
        decoder_layers=shape["layers"], encoder_attention_heads=shape["heads"],
        decoder_attention_heads=shape["heads"], encoder_ffn_dim=shape["ffn"], decoder_ffn_dim=shape["ffn"],
        pad_token_id=vocab["<pad>"], eos_token_id=vocab["</s>"], decoder_start_token_id=vocab["<pad>"],
        max_position_embeddings=512, init_std=0.05,
    )
    torch.manual_seed(0)
    model = MarianMTModel(cfg)
    if shape["train_steps"]:
        tiny_models._train_seq2seq(model, tok, tiny_models.synthetic_pairs(), steps=shape["train_steps"])
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return out


def term_rates(scorer: TermScorer, segs, outputs, *, annotated: bool) -> dict:
    ok = n = dep = 0
    for s, o in zip(segs, outputs):
        terms = s.terms if annotated else scorer.source_terms(s.zh)
        c = scorer.judge(TermSegment(s.id, s.zh, o, tuple(terms), s.doc)).counts
        ok += c.success
        n += c.source_terms
        dep += c.deprecated
    return {"source_terms": n, "success": ok, "term_success_rate": round(ok / n, 4) if n else None,
            "deprecated": dep}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", metavar="DIR", help="local hf: seq2seq model folder (default: build one, --size)")
    ap.add_argument("--size", choices=sorted(SIZES), default="tiny",
                    help="model to build without --model: tiny (trained on toy sentences) or base (opus-mt's "
                         "shape, random weights: timing only)")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--testset", metavar="PATH", help="test-set folder (default corpora/policy_bench)")
    ap.add_argument("--glossary", metavar="PATH", help="termbase (default corpora/termbase)")
    ap.add_argument("--limit", type=int, default=0, metavar="N", help="first N segments with terms (0: all)")
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--max-length", type=int, default=96)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    ap.add_argument("--terms", choices=("annotations", "matcher"), default="annotations",
                    help="constrain each sentence by the test set's term annotations (as bench run does) or by "
                         "the glossary entries the Chinese matcher finds (default: annotations)")
    ap.add_argument("--json", metavar="FILE", help="also write the JSON here")
    args = ap.parse_args(argv)

    import torch

    import bri_align.mt.constraints as constraints
    from bri_align.mt import HFSeq2SeqTranslator

    torch.set_num_threads(args.threads)
    gloss = load_termbase(args.glossary)
    ts = load_testset(args.testset, split="test")
    scorer = TermScorer(gloss)
    segs = [s for s in ts.segments if s.terms or scorer.source_terms(s.zh)]
    if args.limit:
        segs = segs[:args.limit]
    sources = [s.zh for s in segs]
    # as bri-align bench run does: each sentence is constrained by its annotated terms
    terms = [s.terms for s in segs] if args.terms == "annotations" else None

    tmp = None
    if args.model:
        model_dir = Path(args.model)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bri-force-")
        english = [r.en for e in gloss for r in e.renderings]
        t0 = time.perf_counter()
        model_dir = build_covering_marian(Path(tmp.name) / args.size, english=english,
                                          chinese=[s.zh for s in ts.segments], size=args.size)
        print(f"built the {args.size} model in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    # time spent inside the logits processor
    spent = {"seconds": 0.0, "calls": 0}
    original_call = constraints.TermLogitsProcessor.__call__

    def timed_call(self, input_ids, scores):
        t = time.perf_counter()
        try:
            return original_call(self, input_ids, scores)
        finally:
            spent["seconds"] += time.perf_counter() - t
            spent["calls"] += 1

    constraints.TermLogitsProcessor.__call__ = timed_call
    opts = dict(beam_size=args.beam_size, batch_size=args.batch_size, max_length=args.max_length, device=args.device)
    off = HFSeq2SeqTranslator(str(model_dir), **opts).load()
    force = HFSeq2SeqTranslator(str(model_dir), glossary=gloss, mode="force", **opts).load()

    times = {"off": [], "force": []}
    tokens = {}
    outputs = {}
    for tr in (off, force):  # warm-up
        tr.run(sources, terms=terms if tr is force else None)
    processor_seconds = []
    for _ in range(args.repeats):
        for key, tr in (("off", off), ("force", force)):
            before = spent["seconds"]
            run = tr.run(sources, terms=terms if tr is force else None)
            times[key].append(run.throughput.seconds)
            tokens[key] = run.throughput.output_tokens
            outputs[key] = list(run.outputs)
            if key == "force":
                processor_seconds.append(spent["seconds"] - before)
    single = force.translate(sources, batch_size=1, terms=terms)
    again = force.translate(sources, terms=terms)
    constraints.TermLogitsProcessor.__call__ = original_call

    med = {k: statistics.median(v) for k, v in times.items()}
    encoded = force.encoded_constraints(sources, terms=terms)
    report = {
        "model": (f"built Marian, size {args.size}: {SIZES[args.size]}" if tmp else str(model_dir)),
        "device": force.device,
        "testset": ts.signature(),
        "glossary": gloss.signature(),
        "segments": len(segs),
        "constraint_terms": args.terms,
        "constrained_phrases": sum(len(e.required) for e in encoded),
        "skipped_phrases": sum(len(e.skipped) for e in encoded),
        "banned_sequences": sum(len(e.banned) for e in encoded),
        "beam_size": args.beam_size,
        "batch_size": args.batch_size,
        "max_length": args.max_length,
        "repeats": args.repeats,
        "torch_threads": args.threads,
        "seconds": {k: [round(x, 4) for x in v] for k, v in times.items()},
        "median_seconds": {k: round(v, 4) for k, v in med.items()},
        "ratio_force_over_off": round(med["force"] / med["off"], 3),
        "output_tokens": tokens,
        "ms_per_output_token": {k: round(1000 * med[k] / tokens[k], 4) for k in ("off", "force") if tokens.get(k)},
        "processor_seconds_median": round(statistics.median(processor_seconds), 4),
        "processor_share_of_force_time": round(statistics.median(processor_seconds) / med["force"], 3),
        "terms_annotated": {k: term_rates(scorer, segs, outputs[k], annotated=True) for k in ("off", "force")},
        "terms_matcher": {k: term_rates(scorer, segs, outputs[k], annotated=False) for k in ("off", "force")},
        "force_batch1_equals_batched": single == outputs["force"],
        "force_deterministic": again == outputs["force"],
        "force_interventions": dict(force.constraint_stats),
    }
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
