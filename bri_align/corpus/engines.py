"""The two engines that run the per-batch functions: ``local`` and ``ray`` (layer L5).

Both take an iterator of record tables (batches) and a :class:`~bri_align.corpus.
pipeline.CorpusState`, run :class:`~bri_align.corpus.pipeline.BatchProcessor` on every
batch, and hand each aligned-pairs table, in input order, to ``sink`` together with
the batch's rendering and phrase counts.

``local``
    A :class:`concurrent.futures.ProcessPoolExecutor` of ``num_workers`` processes
    (spawned: each holds only the state, not the driver's memory), at most two
    batches in flight per worker, so memory stays bounded whatever the corpus size;
    each worker also counts its batch's rendering and phrase rows.  ``num_workers=0``
    runs everything in the calling process.
``ray``
    Ray Data: the records of a window of batches are put into the object store, then
    ``map_batches`` with a callable class (an actor pool of ``num_workers`` actors, each
    building the processor once from the state shared through ``ray.put``) aligns them,
    and one ``groupby(...).count()`` aggregates the rendering and phrase rows
    (``map_batches`` of :func:`~bri_align.corpus.pipeline.aggregate_rows`).  ``address`` connects to an
    existing cluster (``ray start --head``, KubeRay); without it a local Ray instance is
    started and stopped.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from typing import Any, Callable, Iterable, Iterator, List, Optional

from ..errors import InputError, MissingDependencyError
from .pipeline import (
    AGGREGATE_KEYS,
    PHRASE_KEYS,
    RENDERING_KEYS,
    BatchProcessor,
    CorpusState,
    aggregate_rows,
    phrase_rows,
    rendering_rows,
)

__all__ = ["ENGINES", "run_local", "run_ray", "count_rows"]

logger = logging.getLogger(__name__)

ENGINES = ("local", "ray")

Sink = Callable[[Any, Counter, Counter], None]


def count_rows(table, keys) -> Counter:
    """Counts of the key tuples of ``table``'s rows."""
    cols = [table.column(k).to_pylist() for k in keys]
    return Counter(zip(*cols))


# ------------------------------------------------------------------ local
_PROCESSOR: Optional[BatchProcessor] = None


def _init_worker(state: CorpusState) -> None:
    import signal

    global _PROCESSOR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the driver, which stops the pool
    _PROCESSOR = BatchProcessor(state)


def _process(table):
    assert _PROCESSOR is not None
    out = _PROCESSOR(table)
    return out, count_rows(rendering_rows(out), RENDERING_KEYS), count_rows(phrase_rows(out), PHRASE_KEYS)


def run_local(batches: Iterable[Any], state: CorpusState, sink: Sink, *, num_workers: int = 1) -> None:
    """Run the pipeline on ``batches`` in ``num_workers`` spawned processes (0: this process)."""
    if num_workers == 0:
        _init_worker_here(state)
        for table in batches:
            sink(*_process(table))
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("spawn")
    pending: deque = deque()
    with ProcessPoolExecutor(max_workers=num_workers, mp_context=ctx, initializer=_init_worker,
                             initargs=(state,)) as pool:
        try:
            for table in batches:
                pending.append(pool.submit(_process, table))
                while len(pending) >= 2 * num_workers:
                    sink(*pending.popleft().result())
            while pending:
                sink(*pending.popleft().result())
        except BaseException:
            for f in pending:
                f.cancel()
            raise


def _init_worker_here(state: CorpusState) -> None:
    global _PROCESSOR
    _PROCESSOR = BatchProcessor(state)


# ------------------------------------------------------------------ ray
def _ray():
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise MissingDependencyError('the ray engine needs Ray Data: pip install "bri-align[ray]" '
                                     '(or pip install "ray[data]>=2.9")') from None
    return ray


class _RayProcessor:
    """The actor class of ``map_batches``: builds the processor once from the shared state."""

    def __init__(self, state: Any) -> None:
        import ray

        if isinstance(state, ray.ObjectRef):
            state = ray.get(state)
        self.processor = BatchProcessor(state)

    def __call__(self, table):
        return self.processor(table)


def _windows(batches: Iterable[Any], size: int) -> Iterator[List[Any]]:
    win: List[Any] = []
    for b in batches:
        win.append(b)
        if len(win) >= size:
            yield win
            win = []
    if win:
        yield win


def run_ray(batches: Iterable[Any], state: CorpusState, sink: Sink, *, num_workers: int = 1,
            address: Optional[str] = None, batch_size: int = 256, window_batches: int = 2000,
            progress: bool = False) -> None:
    """Run the pipeline on Ray Data (see the module doc); ``window_batches`` batches are
    put into the object store at a time."""
    ray = _ray()
    if num_workers < 1:
        raise InputError("the ray engine needs at least 1 worker (--num-workers)", field="num_workers")
    started = False
    if not ray.is_initialized():
        try:
            if address:
                ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
            else:
                ray.init(include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise InputError(f"cannot start or reach {where}: {str(exc).splitlines()[0][:200]}",
                             field="address") from None
        started = True
    try:
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if num_workers > cpus:
            raise InputError(f"--num-workers {num_workers} is more than the {cpus} CPUs of the Ray cluster; each "
                             "actor takes one CPU: ask for at most that many", field="num_workers")
        from ray.data import DataContext

        ctx = DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = progress
        ctx.print_on_execution_start = False
        from ray.data import ActorPoolStrategy

        parts = max(1, num_workers)
        state_ref = ray.put(state)
        for window in _windows(batches, window_batches):
            refs = [ray.put(t) for t in window]
            ds = ray.data.from_arrow_refs(refs)
            out = ds.map_batches(_RayProcessor, fn_constructor_args=(state_ref,), batch_size=batch_size,
                                 batch_format="pyarrow", compute=ActorPoolStrategy(size=num_workers),
                                 num_cpus=1).materialize()
            if out.count() == 0:
                continue
            rend: Counter = Counter()
            phr: Counter = Counter()
            counted = (out.map_batches(aggregate_rows, batch_format="pyarrow")
                       .groupby(list(AGGREGATE_KEYS), num_partitions=parts).count())
            for row in counted.iter_rows():
                n = int(row["count()"])
                if row["kind"] == "rendering":
                    rend[(row["k1"], row["k2"], row["k3"], row["k4"])] += n
                else:
                    phr[(row["kind"], row["k1"], row["k2"])] += n
            first = True
            for table in out.iter_batches(batch_format="pyarrow", batch_size=None):
                sink(table, rend if first else Counter(), phr if first else Counter())
                first = False
            del out, ds, refs
    finally:
        if started:
            ray.shutdown()
