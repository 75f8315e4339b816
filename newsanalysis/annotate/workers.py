"""Worker processes that parse with spaCy, owned from start to end by :func:`annotate`.

spaCy's own ``nlp.pipe(n_process=2)`` cannot be stopped from outside: an exception or a
``KeyboardInterrupt`` in the consumer leaves it joining workers that still hold work (the
process hangs, at once or at exit), and its workers block forever on a queue when the
parent is killed. :class:`WorkerPool` keeps the same shape (the loaded pipeline is
inherited by ``fork``, texts go out in batches, results come back in order) with a
lifecycle the caller controls:

- the parent never blocks without a timeout: it waits on the result pipes *and* on each
  worker's exit, so a worker that dies (out of memory, killed) is an error naming its exit
  code, not a hang;
- any exception in the parent, ``KeyboardInterrupt`` included, ends the workers
  (``SIGTERM``, then ``SIGKILL`` after a second) before it reaches the caller; so does
  interpreter exit;
- a worker ignores ``SIGINT`` (Ctrl-C reaches the whole process group: the parent decides)
  and exits when its parent dies: ``PR_SET_PDEATHSIG`` on Linux, and everywhere the end of
  its task pipe, which only the parent holds open.

A worker runs ``lang.pipe`` over each batch and sends back what the pipeline's last step
left in ``doc.user_data`` under ``payload_key`` (the rows, never the Doc).
"""

from __future__ import annotations

import atexit
import ctypes
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import wait
from typing import Self

from spacy.language import Language

__all__ = ["WorkerError", "WorkerPool"]

PREFETCH = 2  # batches queued per worker, so none waits for the parent between batches
_GRACE = 1.0  # seconds a terminated worker gets before SIGKILL
_PR_SET_PDEATHSIG = 1


class WorkerError(RuntimeError):
    """A spaCy worker process failed or died; the message says which and why."""


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this process when its parent dies (a no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the task pipe still tells
            pass
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def _worker_main(lang: Language, tasks, results, siblings, parent_pid: int, batch_size: int,
                 payload_key: str) -> None:
    """Body of one worker: parse the batches that arrive on ``tasks`` until ``None``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(parent_pid)
    for conn in siblings:  # the parent's ends of other workers' pipes, inherited by fork
        conn.close()
    inbox: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        # Always drain the task pipe, so the parent's sends never wait on a busy worker.
        while True:
            try:
                task = tasks.recv()
            except (EOFError, OSError):  # the parent is gone without saying goodbye
                os._exit(1)
            inbox.put(task)
            if task is None:
                return

    threading.Thread(target=read, daemon=True).start()
    while (task := inbox.get()) is not None:
        batch_id, texts = task
        try:
            reply = (batch_id, [d.user_data[payload_key] for d in lang.pipe(texts, batch_size=batch_size)],
                     None)
        except Exception:  # noqa: BLE001 - sent to the parent, which raises it
            reply = (batch_id, None, traceback.format_exc())
        try:
            results.send(reply)
        except OSError:  # the parent closed its end: nothing left to do
            os._exit(1)
    results.close()


class WorkerPool:
    """``n_process`` workers parsing with ``lang``; use as a context manager.

    Examples
    --------
    >>> with WorkerPool(lang, n_process=2, batch_size=16, payload_key="rows") as pool:  # doctest: +SKIP
    ...     for key, payload in pool.map(items):
    ...         ...
    """

    def __init__(self, lang: Language, *, n_process: int, batch_size: int, payload_key: str):
        self.lang = lang
        self.n_process = n_process
        self.batch_size = max(1, batch_size)
        self.payload_key = payload_key
        self.procs: list = []
        self._tasks: list = []
        self._results: list = []
        self._unfinished = False  # a map() left before its last batch came back

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> Self:
        ctx = mp.get_context()
        for _ in range(self.n_process):
            # A worker's pipes are made just before it starts, so it inherits no other
            # worker's ends but the parent's, which it closes: then the parent alone holds
            # the far end of each pipe, and a closed end means a dead process.
            t_read, t_write = mp.Pipe(duplex=False)
            r_read, r_write = mp.Pipe(duplex=False)
            proc = ctx.Process(target=_worker_main, daemon=True, name="newsanalysis-spacy",
                               args=(self.lang, t_read, r_write, self._tasks + self._results, os.getpid(),
                                     self.batch_size, self.payload_key))
            proc.start()
            t_read.close()
            r_write.close()
            self.procs.append(proc)
            self._tasks.append(t_write)
            self._results.append(r_read)
        atexit.register(self.terminate)
        return self

    def __enter__(self) -> Self:
        try:
            return self.start()
        except BaseException:
            self.terminate()
            raise

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()

    def close(self) -> None:
        """Normal end: tell the workers to stop, wait a little, then end any that linger
        (at once when work they hold will never be read)."""
        if self._unfinished:
            self.terminate()
            return
        for conn in self._tasks:
            try:
                conn.send(None)
            except OSError:
                pass
        for proc in self.procs:
            proc.join(timeout=5)
        self.terminate()

    def terminate(self) -> None:
        """End every worker now (SIGTERM, then SIGKILL) and close the pipes. Idempotent."""
        for proc in self.procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self.procs:
            proc.join(timeout=_GRACE)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=_GRACE)
        for conn in self._tasks + self._results:
            conn.close()
        atexit.unregister(self.terminate)

    # ------------------------------------------------------------------ work
    def map(self, items: list[tuple[str, str]]) -> Iterator[tuple[str, object]]:
        """Yield ``(key, payload)`` for each ``(key, text)``, in the order given."""
        batches = [items[i : i + self.batch_size] for i in range(0, len(items), self.batch_size)]
        inflight: list[deque] = [deque() for _ in self.procs]
        done: dict[int, list] = {}
        sent = emitted = 0
        self._unfinished = True
        while emitted < len(batches):
            for w, conn in enumerate(self._tasks):  # keep every worker PREFETCH batches ahead
                while sent < len(batches) and len(inflight[w]) < PREFETCH:
                    self._send(w, conn, (sent, [t for _, t in batches[sent]]))
                    inflight[w].append(sent)
                    sent += 1
            waiting = [self._results[w] for w in range(len(self.procs)) if inflight[w]]
            ready = wait(waiting + [p.sentinel for p in self.procs], timeout=1.0)
            for w, conn in enumerate(self._results):
                if conn in ready:
                    batch_id, payloads, error = self._recv(w, conn)
                    if error is not None:
                        raise WorkerError(f"a spaCy worker failed on a batch of articles:\n{error}")
                    inflight[w].remove(batch_id)
                    done[batch_id] = payloads
            for w, proc in enumerate(self.procs):
                if proc.sentinel in ready and not self._results[w].poll():
                    proc.join(timeout=_GRACE)
                    raise WorkerError(f"spaCy worker {proc.pid} died (exit code {proc.exitcode}) with "
                                      f"{len(inflight[w])} batches of articles unparsed.")
            while emitted in done:
                yield from zip((k for k, _ in batches[emitted]), done.pop(emitted))
                emitted += 1
        self._unfinished = False

    def _send(self, w: int, conn, task) -> None:
        try:
            conn.send(task)
        except OSError as exc:
            raise WorkerError(f"spaCy worker {self.procs[w].pid} is gone (exit code "
                              f"{self.procs[w].exitcode}): {exc}") from exc

    def _recv(self, w: int, conn):
        try:
            return conn.recv()
        except (EOFError, OSError) as exc:
            self.procs[w].join(timeout=_GRACE)
            raise WorkerError(f"spaCy worker {self.procs[w].pid} died while sending its results "
                              f"(exit code {self.procs[w].exitcode}).") from exc
