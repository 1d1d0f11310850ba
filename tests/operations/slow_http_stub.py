"""A slow HTTP/1.1 server on 127.0.0.1 (random port, own thread and event loop, plain asyncio
streams): every request is answered with `[]` JSON after `delay` seconds (`hang` seconds for
paths starting with /hang). It counts the requests being handled at once (`in_flight`,
`max_in_flight`) and the connections open at once (`connections`, `max_connections`)."""
from __future__ import annotations

import asyncio
import threading


class SlowHttpStub:
    def __init__(self, delay: float = 0.5, hang: float = 60.0) -> None:
        self.delay, self.hang = delay, hang
        self.in_flight = self.max_in_flight = self.answered = 0
        self.connections = self.max_connections = 0
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "SlowHttpStub":
        self._thread.start()
        started = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        self._server = started.result(timeout=10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc) -> None:
        async def stop() -> None:
            assert self._server is not None
            self._server.close()
            for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                task.cancel()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _start(self) -> asyncio.base_events.Server:
        return await asyncio.start_server(self._connection, "127.0.0.1", 0, backlog=1024)

    def _count(self, name: str, step: int) -> None:
        with self._lock:
            value = getattr(self, name) + step
            setattr(self, name, value)
            peak = "max_" + name
            if step > 0 and value > getattr(self, peak):
                setattr(self, peak, value)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._count("connections", 1)
        try:
            while await self._one_request(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            self._count("connections", -1)
            writer.close()

    async def _one_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        path = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b"/"
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length:
            await reader.readexactly(length)
        self._count("in_flight", 1)
        try:
            await asyncio.sleep(self.hang if path.startswith(b"/hang") else self.delay)
        finally:
            self._count("in_flight", -1)
        body = b"[]"
        # counted before the reply leaves: once the client has read it, the count must show it
        # (counted after drain(), the client could finish and read the count first)
        with self._lock:
            self.answered += 1
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        return True
