"""Notebook execution that cannot hang: a kernel client for papermill that never waits blind.

Why a notebook could stop for the whole cell timeout with both sides idle (issue 19, item
14): papermill's client (nbclient) waits for a cell's ``execute_reply`` with one
``get_msg(timeout=<cell timeout>)`` on an asyncio ZMQ socket. ZMQ wakes asyncio through an
*edge-triggered* file descriptor: when that edge is missed (a race between the socket's
I/O thread and the event loop, likelier on a loaded machine), the reply sits in the
socket while the wait sleeps on until the timeout; the kernel, having replied, is idle.
Waits that look again every :data:`POLL` seconds cannot miss a message for longer than
that: each new poll reads the socket's state afresh.

A reply that is really lost is recovered too. While a cell's request is unanswered and
the shell has been silent for :data:`PROBE_AFTER` seconds, the client asks the kernel for
its ``kernel_info``. The kernel answers shell requests one at a time and in order, so that
answer arriving before the cell's reply proves the reply was lost: the client then builds
it from what the kernel published for that cell (its execution count and any error), and
execution goes on. A cell the kernel never started is reported as an error naming it.

:func:`newsanalysis.reports.execute_notebook` runs every notebook with
:class:`PatientKernelManager`.
"""

from __future__ import annotations

import datetime as _dt
import logging
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from queue import Empty

from jupyter_client import AsyncKernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import DottedObjectName, Type

__all__ = ["POLL", "PROBE_AFTER", "PatientKernelClient", "PatientKernelManager"]

log = logging.getLogger(__name__)

POLL = 0.5  # seconds: the longest any wait on the kernel goes without looking again
PROBE_AFTER = 5.0  # seconds of shell silence, with a cell unanswered, before asking the kernel


@dataclass
class _Seen:
    """What the kernel published per request (iopub), shared by the client's channels."""

    started: set = field(default_factory=set)  # requests the kernel announced (busy, input, ...)
    counts: dict = field(default_factory=dict)  # request -> execution_count
    errors: dict = field(default_factory=dict)  # request -> the error it raised


class _PatientChannel(AsyncZMQSocketChannel):
    """A channel whose waits poll the socket again every :data:`POLL` seconds."""

    seen: _Seen

    async def get_msg(self, timeout: float | None = None) -> dict:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            ready = self._ready()
            if ready is not None:
                return ready
            wait = POLL if deadline is None else max(0.0, min(POLL, deadline - time.monotonic()))
            if await self.socket.poll(int(wait * 1000)):
                return self._received(await self._recv())
            self._silent()
            if deadline is not None and time.monotonic() >= deadline:
                raise Empty

    def _ready(self) -> dict | None:  # a message this channel made up (the shell's recovery)
        return None

    def _received(self, msg: dict) -> dict:
        return msg

    def _silent(self) -> None:  # called after each empty poll
        pass


class _IOPubChannel(_PatientChannel):
    """Records, per request, that the kernel ran it, its execution count and its error."""

    def _received(self, msg: dict) -> dict:
        parent = msg.get("parent_header", {}).get("msg_id")
        if parent:
            self.seen.started.add(parent)
            if msg["msg_type"] == "execute_input":
                self.seen.counts[parent] = msg["content"].get("execution_count")
            elif msg["msg_type"] == "error":
                self.seen.errors[parent] = msg["content"]
        return msg


class _ShellChannel(_PatientChannel):
    """Tracks unanswered execute requests and recovers a reply the kernel sent but we lost."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending: dict[str, dict] = {}  # execute request id -> its header
        self.probe: str | None = None  # id of our kernel_info request, while unanswered
        self.before_probe: set[str] = set()  # the requests sent before it
        self.unseen: dict[str, int] = {}  # request -> probes answered while it seemed not started
        self.recovered: deque[dict] = deque()
        self.last = time.monotonic()  # last shell traffic

    def send(self, msg: dict) -> None:
        if msg["header"]["msg_type"] == "execute_request":
            self.pending[msg["header"]["msg_id"]] = msg["header"]
            self.last = time.monotonic()
        super().send(msg)

    def _ready(self) -> dict | None:
        return self.recovered.popleft() if self.recovered else None

    def _received(self, msg: dict) -> dict:
        self.last = time.monotonic()
        parent = msg.get("parent_header", {}).get("msg_id")
        self.pending.pop(parent, None)
        if parent is not None and parent == self.probe:
            self.probe = None
            for request in self.before_probe & set(self.pending):  # answered before it, yet not here
                self.unseen[request] = self.unseen.get(request, 0) + 1
                # what the kernel published may lag its shell replies: a request it seems never
                # to have started is given up only at a second probe
                if request in self.seen.started or self.unseen[request] > 1:
                    self.recovered.append(self._rebuilt_reply(self.pending.pop(request)))
        return msg

    def _silent(self) -> None:
        if self.pending and self.probe is None and time.monotonic() - self.last > PROBE_AFTER:
            msg = self.session.msg("kernel_info_request")
            self.probe, self.before_probe = msg["header"]["msg_id"], set(self.pending)
            self.last = time.monotonic()
            super().send(msg)

    def _rebuilt_reply(self, request: dict) -> dict:
        rid = request["msg_id"]
        if rid not in self.seen.started:
            content = {"status": "error", "ename": "LostRequest", "traceback": [],
                       "evalue": "the kernel answered a later request but never ran this cell; run it again"}
        elif rid in self.seen.errors:
            content = {"status": "error", **self.seen.errors[rid]}
        else:
            content = {"status": "ok", "payload": [], "user_expressions": {}}
        content.setdefault("execution_count", self.seen.counts.get(rid))
        log.warning("the kernel's reply to a cell was lost; rebuilt from its outputs (%s)", content["status"])
        header = {"msg_id": uuid.uuid4().hex, "msg_type": "execute_reply", "session": request.get("session"),
                  "username": request.get("username", ""), "date": _dt.datetime.now(_dt.UTC), "version": "5.3"}
        return {"header": header, "msg_id": header["msg_id"], "msg_type": "execute_reply",
                "parent_header": request, "metadata": {"newsanalysis": "reply rebuilt"}, "content": content,
                "buffers": []}


def _sharing(name: str) -> property:
    """The client's channel ``name``, given the record of what the kernel published."""
    base = getattr(AsyncKernelClient, name)

    def get(client):
        channel = base.fget(client)
        channel.seen = client.__dict__.setdefault("_seen", _Seen())
        return channel

    return property(get)


class PatientKernelClient(AsyncKernelClient):
    """An asynchronous kernel client whose waits never go blind (see the module's text)."""

    shell_channel_class = Type(_ShellChannel)
    iopub_channel_class = Type(_IOPubChannel)
    stdin_channel_class = Type(_PatientChannel)
    control_channel_class = Type(_PatientChannel)
    shell_channel = _sharing("shell_channel")
    iopub_channel = _sharing("iopub_channel")
    stdin_channel = _sharing("stdin_channel")
    control_channel = _sharing("control_channel")


class PatientKernelManager(AsyncKernelManager):
    """The kernel manager papermill uses here: kernels get a :class:`PatientKernelClient`."""

    client_class = DottedObjectName("newsanalysis.execution.PatientKernelClient")
    client_factory = Type(klass=PatientKernelClient, default_value=PatientKernelClient)
