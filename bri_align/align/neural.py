"""SimAlign-style word alignment from contextual embeddings (layer L3).

Jalili Sabet et al. (2020), "SimAlign: High Quality Word Alignments without Parallel
Training Data Using Static and Contextualized Embeddings": embed both sentences with
a multilingual encoder (mBERT, XLM-R, LaBSE ...), average the sub-word vectors of
each word (taken from one hidden layer), compare all word pairs by cosine
similarity and read links off the similarity matrix:

``argmax``
    the row-wise (zh -> en) and column-wise (en -> zh) best matches, combined with
    the ``symmetrize`` heuristic; ``intersection`` gives SimAlign's ArgMax.
``itermax``
    mutual best matches, then repeated on the words still unaligned (a cell whose
    row or column is already aligned is discounted by ``alpha``), at most
    ``max_iter`` rounds.
``match``
    a maximum-weight one-to-one matching (Hungarian algorithm, written here in numpy
    since scipy is not a dependency).

torch and transformers are imported when an alignment runs.  Models load offline
only: a model id is looked up in the local Hugging Face cache
(``local_files_only=True``) and a missing model raises ModelNotAvailableError.
"""

from __future__ import annotations

import logging
import os
from typing import Any, List, Literal, Optional, Sequence, Tuple

import numpy as np

from ..errors import InputError, MissingDependencyError, ModelNotAvailableError
from ..signature import format_signature
from .pharaoh import Link
from .symmetrize import symmetrize as _symmetrize
from .word_base import TokenPair, WordAligner, check_symmetrize

__all__ = ["SimAligner", "itermax", "max_weight_matching", "argmax_links"]

logger = logging.getLogger(__name__)

MatchMethod = Literal["argmax", "itermax", "match"]


# ----------------------------------------------------------------------------- decoders
def argmax_links(sim: np.ndarray) -> Tuple[set, set]:
    """Row-wise and column-wise best matches of a similarity matrix ``[I, J]``, as ``(i, j)`` sets."""
    if sim.size == 0:
        return set(), set()
    fwd = {(i, int(j)) for i, j in enumerate(sim.argmax(1))}
    bwd = {(int(i), j) for j, i in enumerate(sim.argmax(0))}
    return fwd, bwd


def itermax(sim: np.ndarray, *, max_iter: int = 2, alpha: float = 0.9) -> Tuple[Link, ...]:
    """Iterative mutual argmax (SimAlign's IterMax, re-implemented from the paper's description)."""
    I, J = sim.shape
    if I == 0 or J == 0:
        return ()
    links = np.zeros((I, J), dtype=bool)
    fwd, bwd = argmax_links(sim)
    for i, j in fwd & bwd:
        links[i, j] = True
    if min(I, J) <= 2:
        return tuple(sorted(zip(*(x.tolist() for x in np.nonzero(links)))))
    for _ in range(max_iter - 1):
        row_done = links.any(1)
        col_done = links.any(0)
        if row_done.all() or col_done.all():
            break
        eligible = ~(row_done[:, None] & col_done[None, :])     # a row or a column still free
        discount = np.where(row_done[:, None] | col_done[None, :], alpha, 1.0)
        s = np.where(eligible, sim * discount, -np.inf)
        fwd = {(i, int(j)) for i, j in enumerate(s.argmax(1)) if np.isfinite(s[i, j])}
        bwd = {(int(i), j) for j, i in enumerate(s.argmax(0)) if np.isfinite(s[i, j])}
        new = (fwd & bwd) - set(zip(*(x.tolist() for x in np.nonzero(links))))
        if not new:
            break
        for i, j in new:
            links[i, j] = True
    return tuple(sorted(zip(*(x.tolist() for x in np.nonzero(links)))))


def max_weight_matching(sim: np.ndarray) -> Tuple[Link, ...]:
    """One-to-one links maximising total similarity (Hungarian algorithm with potentials, O(n^3))."""
    I, J = sim.shape
    if I == 0 or J == 0:
        return ()
    transpose = I > J
    cost = -(sim.T if transpose else sim).astype(np.float64)   # rows <= cols
    n, m = cost.shape
    INF = float("inf")
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=np.int64)      # p[j]: row matched to column j (1-based), 0 = none
    way = np.zeros(m + 1, dtype=np.int64)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, INF)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            cur = cost[i0 - 1, :] - u[i0] - v[1:]
            free = ~used[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            cand = np.where(free, minv[1:], INF)
            j1 = int(cand.argmin()) + 1
            delta = cand[j1 - 1]
            used_idx = np.nonzero(used)[0]
            u[p[used_idx]] += delta
            v[used_idx] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    links = []
    for j in range(1, m + 1):
        if p[j]:
            r, c = int(p[j]) - 1, j - 1
            links.append((c, r) if transpose else (r, c))
    return tuple(sorted(links))


# ----------------------------------------------------------------------------- aligner
def _load(model: str, device: str):
    try:
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError:
        raise MissingDependencyError("transformers", "mt", "the neural word aligner") from None
    hint = ("pass a local directory (a transformers encoder saved with save_pretrained, e.g. "
            "bert-base-multilingual-cased) with --model PATH / model='PATH'")
    looks_like_path = model.startswith(("/", ".", "~")) or model.count("/") > 1 or os.sep != "/" and os.sep in model
    if looks_like_path and not os.path.exists(os.path.expanduser(model)):
        raise ModelNotAvailableError(f"model directory {model!r} does not exist; {hint}")
    # never download: local_files_only=True, whatever HF_HUB_OFFLINE says
    try:
        model = os.path.expanduser(model)
        tok = AutoTokenizer.from_pretrained(model, local_files_only=True)
        enc = AutoModel.from_pretrained(model, local_files_only=True)
    except (OSError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelNotAvailableError(
            f"model {model!r} is not available offline ({first[:160]}); {hint}") from None
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    enc.to(device)
    enc.eval()
    return tok, enc, device


class SimAligner(WordAligner):
    """Similarity-based alignment over a transformers encoder's hidden states.

    Registered as ``simalign.v1`` (aliases ``neural``, ``simalign``) in
    :data:`bri_align.align.word_base.word_aligners`.
    """

    name = "simalign.v1"

    def __init__(self, *, model: Optional[str] = None, match: MatchMethod = "argmax", layer: int = 8,
                 symmetrize: str = "intersection", device: str = "auto", batch_size: int = 32,
                 max_length: int = 512, itermax_rounds: int = 2, itermax_alpha: float = 0.9,
                 seed: int = 0, progress: bool = False) -> None:
        if model is None:
            raise InputError("the neural aligner needs a model: pass model='PATH' / --model PATH (a local "
                             "transformers encoder directory, e.g. bert-base-multilingual-cased saved with "
                             "save_pretrained)", field="model")
        if match not in ("argmax", "itermax", "match"):
            raise InputError(f"unknown match method {match!r}; choose 'argmax', 'itermax' or 'match'",
                             field="match")
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}", field="batch_size")
        self.model_name = str(model)
        self.match = match
        self.layer = layer
        self.symmetrize = check_symmetrize(symmetrize)
        self.device = device
        self.batch_size = batch_size
        self.max_length = max_length
        self.itermax_rounds = itermax_rounds
        self.itermax_alpha = itermax_alpha
        self.seed = seed
        self.progress = progress
        self._loaded: Optional[Tuple[Any, Any, str]] = None

    def signature(self) -> str:
        parts: List[Tuple[str, object]] = [("model", self.model_name), ("layer", self.layer), ("match", self.match)]
        if self.match == "argmax":
            parts.append(("sym", self.symmetrize))
        if self.match == "itermax":
            parts += [("rounds", self.itermax_rounds), ("alpha", float(self.itermax_alpha))]
        parts.append(("pool", "mean"))
        return format_signature(self.name, parts)

    def _ensure(self):
        if self._loaded is None:
            self._loaded = _load(self.model_name, self.device)
        return self._loaded

    def _layer_index(self, n_layers: int) -> int:
        # hidden_states has n_layers + 1 entries (embeddings first); clip the layer asked for
        return max(0, min(self.layer, n_layers))

    def embed_words(self, sentences: Sequence[Sequence[str]]) -> List[np.ndarray]:
        """Mean-pooled sub-word vectors of each word, ``[n_words, hidden]`` per sentence.

        Words cut off by ``max_length`` get a zero vector (and so no link).
        """
        import torch

        tok, enc, device = self._ensure()
        n_layers = getattr(enc.config, "num_hidden_layers", self.layer)
        layer = self._layer_index(n_layers)
        out: List[np.ndarray] = []
        bar = None
        if self.progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(sentences), desc="embed", unit=" sent", leave=False)
        for a in range(0, len(sentences), self.batch_size):
            batch = [list(ws) for ws in sentences[a:a + self.batch_size]]
            input_ids, mask, owners = self._encode_batch(tok, batch)
            with torch.no_grad():
                res = enc(input_ids=input_ids.to(device), attention_mask=mask.to(device), output_hidden_states=True)
            hs = res.hidden_states[layer].float().cpu().numpy()
            for b, words in enumerate(batch):
                owner = owners[b]   # word index of every position, -1 for special/pad tokens
                vec = np.zeros((len(words), hs.shape[-1]), dtype=np.float32)
                cnt = np.zeros(len(words), dtype=np.float32)
                pos = np.nonzero(owner >= 0)[0]
                if len(pos):
                    np.add.at(vec, owner[pos], hs[b, pos])
                    np.add.at(cnt, owner[pos], 1.0)
                vec /= np.maximum(cnt, 1.0)[:, None]
                out.append(vec)
            if bar is not None:
                bar.update(len(batch))
        if bar is not None:
            bar.close()
        return out

    def _encode_batch(self, tok, batch: List[List[str]]):
        """Input ids, attention mask and the word index of every position (-1: none)."""
        import torch

        if getattr(tok, "is_fast", False):
            enc = tok(batch, is_split_into_words=True, truncation=True, max_length=self.max_length,
                      padding=True, return_tensors="pt")
            owners = [np.asarray([-1 if w is None else w for w in enc.word_ids(b)], dtype=np.int64)
                      for b in range(len(batch))]
            return enc["input_ids"], enc["attention_mask"], owners
        # slow tokenizer: sub-words word by word, wrapped in the model's start/end tokens
        start = tok.cls_token_id if tok.cls_token_id is not None else tok.bos_token_id
        end = tok.sep_token_id if tok.sep_token_id is not None else tok.eos_token_id
        budget = self.max_length - (start is not None) - (end is not None)
        rows, owners = [], []
        for words in batch:
            ids, owner = [], []
            for w_i, w in enumerate(words):
                pieces = tok.convert_tokens_to_ids(tok.tokenize(w)) or [tok.unk_token_id]
                for p in pieces:
                    if len(ids) < budget:
                        ids.append(p)
                        owner.append(w_i)
            if start is not None:
                ids, owner = [start] + ids, [-1] + owner
            if end is not None:
                ids, owner = ids + [end], owner + [-1]
            rows.append(ids)
            owners.append(owner)
        maxlen = max(len(x) for x in rows)
        pad = tok.pad_token_id if tok.pad_token_id is not None else 0
        input_ids = torch.full((len(batch), maxlen), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), maxlen), dtype=torch.long)
        out_owners = []
        for b, (x, o) in enumerate(zip(rows, owners)):
            input_ids[b, :len(x)] = torch.tensor(x, dtype=torch.long)
            mask[b, :len(x)] = 1
            out_owners.append(np.asarray(o + [-1] * (maxlen - len(o)), dtype=np.int64))
        return input_ids, mask, out_owners

    @staticmethod
    def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Cosine similarity ``[I, J]``; zero vectors (cut-off words) get -1 everywhere."""
        na = np.linalg.norm(a, axis=1, keepdims=True)
        nb = np.linalg.norm(b, axis=1, keepdims=True)
        sim = (a / np.maximum(na, 1e-12)) @ (b / np.maximum(nb, 1e-12)).T
        sim[(na[:, 0] == 0), :] = -1.0
        sim[:, (nb[:, 0] == 0)] = -1.0
        return sim

    def links_from_similarity(self, sim: np.ndarray) -> Tuple[Link, ...]:
        if sim.size == 0:
            return ()
        if self.match == "argmax":
            fwd, bwd = argmax_links(sim)
            return _symmetrize(fwd, bwd, method=self.symmetrize)
        if self.match == "itermax":
            return itermax(sim, max_iter=self.itermax_rounds, alpha=self.itermax_alpha)
        return max_weight_matching(sim)

    def align_tokens(self, pairs: Sequence[TokenPair]) -> List[Tuple[Link, ...]]:
        zh = [[t.text for t in s] for s, _ in pairs]
        en = [[t.text for t in e] for _, e in pairs]
        zv = self.embed_words(zh)
        ev = self.embed_words(en)
        out = []
        for a, b in zip(zv, ev):
            if len(a) == 0 or len(b) == 0:
                out.append(())
                continue
            out.append(self.links_from_similarity(self.similarity(a, b)))
        return out
