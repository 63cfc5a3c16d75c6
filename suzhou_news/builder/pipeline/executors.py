"""Executors: run one shard function over a list of tasks, in process, in a process pool or as Ray tasks.

Every executor returns the results in task order whatever order the tasks finish in,
and calls ``on_done(result)`` as each one finishes (for progress). The shard
functions are pure and write files named by shard index, so the output is the same
bytes whichever executor ran them and with how many workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from suzhou_news.errors import SuzhouNewsError


class Executor(Protocol):
    def run(self, fn: Callable[[Any], Any], tasks: Sequence[Any], on_done: Callable[[Any], None]) -> list: ...

    def close(self) -> None: ...


# Worker processes allocate Arrow memory with the system allocator: it gives a shard's tables back
# when the task ends, where Arrow's default (mimalloc) keeps them (about 40 MB more per worker,
# growing over the first shards). Output bytes do not depend on the allocator.
WORKER_ENV = {"ARROW_DEFAULT_MEMORY_POOL": "system"}


def _start_worker() -> None:
    """Initializer of a pool worker (before it runs any task)."""
    import pyarrow as pa

    pa.set_memory_pool(pa.system_memory_pool())


@dataclass
class LocalExecutor:
    """``workers`` processes (``concurrent.futures``); 1 runs the tasks in this process."""

    workers: int

    def __post_init__(self) -> None:
        self._pool = None

    def run(self, fn, tasks, on_done):
        if self.workers <= 1 or len(tasks) <= 1:
            out = []
            for t in tasks:
                out.append(fn(t))
                on_done(out[-1])
            return out
        import multiprocessing
        from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait

        if self._pool is None:  # workers start from a clean fork server, not from this (threaded) process
            context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                             initializer=_start_worker)
        futures = {self._pool.submit(fn, t): i for i, t in enumerate(tasks)}
        results: list = [None] * len(tasks)
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for f in sorted(done, key=futures.__getitem__):
                results[futures[f]] = f.result()  # raises the task's own exception
                on_done(results[futures[f]])
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


@dataclass
class RayExecutor:
    """The same functions as Ray Core tasks; ``address`` None starts (or joins) Ray on this machine."""

    workers: int | None
    address: str | None

    def __post_init__(self) -> None:
        try:
            import ray
        except ImportError as exc:
            raise SuzhouNewsError("--engine ray needs Ray: pip install 'suzhou-news[ray]'") from exc
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            kwargs: dict = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
            if self.address:
                kwargs["address"] = self.address
                kwargs["runtime_env"] = {"env_vars": dict(WORKER_ENV)}
            else:
                import suzhou_news

                # workers import the code the driver imported (a checkout or an installation)
                root = str(Path(suzhou_news.__file__).resolve().parents[1])
                path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
                kwargs["runtime_env"] = {"env_vars": {"PYTHONPATH": path, **WORKER_ENV}}
                if self.workers:
                    kwargs["num_cpus"] = self.workers
            ray.init(**kwargs)
            self._started = True

    def run(self, fn, tasks, on_done):
        ray = self._ray
        remote = ray.remote(num_cpus=1, max_retries=0)(fn)
        refs = [remote.remote(t) for t in tasks]
        index = {r: i for i, r in enumerate(refs)}
        results: list = [None] * len(tasks)
        pending = list(refs)
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            try:
                value = ray.get(done[0])
            except ray.exceptions.RayTaskError as exc:
                for r in pending:
                    ray.cancel(r, force=True)
                cause = getattr(exc, "cause", None)
                raise cause if isinstance(cause, BaseException) else exc
            results[index[done[0]]] = value
            on_done(value)
        return results

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()


EXECUTORS: dict[str, Callable[..., Executor]] = {
    "local": lambda workers, address: LocalExecutor(workers or os.cpu_count() or 1),
    "ray": lambda workers, address: RayExecutor(workers, address),
}


def make_executor(engine: str, workers: int | None, address: str | None) -> Executor:
    try:
        factory = EXECUTORS[engine]
    except KeyError:
        raise SuzhouNewsError(f"unknown engine {engine!r}; choose one of {sorted(EXECUTORS)}") from None
    if address and engine != "ray":
        raise SuzhouNewsError("--ray-address needs --engine ray")
    return factory(workers, address)
