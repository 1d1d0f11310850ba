"""Masking of personal data and secrets in every log line of every process.

One filter, installed on the root handlers and on uvicorn's own (its access log writes full
URLs with query strings): căn cước and phone numbers keep their last 3 digits, receipt codes
their last 4 characters, e-mail addresses their domain; secrets in query strings (token=,
key=, secret=, password=) are replaced. URL-encoded text ("0912%20345%20678") is decoded
before it is checked. Names cannot be found by pattern; the product never logs message text.

The Rasa server is started through `bot/rasa_main.py`, which calls `install_process_masking`
before Rasa configures its logging: the same filter runs on every log record the process
creates (any logger or handler, added before or after: Rasa's, structlog's, Sanic's access
log), and stdout/stderr mask each line they carry (tracebacks, prints). Standard library only:
the Rasa venv imports it.
"""
from __future__ import annotations

import atexit
import io
import logging
import re
import sys
import threading
from urllib.parse import unquote_plus

from core.text.patterns import find_entities

_MASKED_ENTITIES = {"id_number": 3, "phone_number": 3, "receipt_code": 4}
_EMAIL = re.compile(r"([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
_SECRET_PARAM = re.compile(r"(?i)([?&;](?:token|access_token|auth_token|key|secret|password|sig)=)[^&\s\"']+")
UVICORN_LOGGERS = ("uvicorn", "uvicorn.access", "uvicorn.error")


def _mask_entities(text: str) -> str:
    out, cursor = [], 0
    for match in find_entities(text):
        keep = _MASKED_ENTITIES.get(match.entity)
        if keep is None or match.start < cursor:
            continue
        out.append(text[cursor:match.start])
        out.append("*" * max(len(match.value) - keep, 3) + match.value[-keep:])
        cursor = match.end
    out.append(text[cursor:])
    return "".join(out)


def mask_pii(text: str) -> str:
    """'0912 345 678' -> '*********678', căn cước -> '*********345', a receipt code -> '…-0003',
    'an.nguyen@gmail.com' -> '***@gmail.com', '?token=abc' -> '?token=***'."""
    if not text:
        return text
    decoded = unquote_plus(text) if "%" in text or "+" in text else text
    masked = _EMAIL.sub(r"***@\2", _mask_entities(_SECRET_PARAM.sub(r"\1***", decoded)))
    return text if masked == decoded else masked


class PiiMaskingFilter(logging.Filter):
    """Masks the message and each string argument (formatters such as uvicorn's access log
    read the arguments themselves, so they are kept as a tuple)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_pii(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_masked_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _masked_arg(v) for k, v in record.args.items()}
        return True


def _masked_arg(value):
    """Numbers stay numbers (for %d); anything else (strings, URL objects) is masked as text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return mask_pii(str(value))


def install_log_masking() -> None:
    handler_filter = PiiMaskingFilter()
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in UVICORN_LOGGERS]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, PiiMaskingFilter) for f in handler.filters):
                handler.addFilter(handler_filter)


def install_record_masking() -> None:
    """Run the filter on every log record this process creates, whatever logger or handler
    (also those configured later, e.g. by Rasa or Sanic) it goes to."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_pii", False):
        return
    record_filter = PiiMaskingFilter()

    def masked_record(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record_filter.filter(record)
        return record

    masked_record.masks_pii = True
    logging.setLogRecordFactory(masked_record)


class MaskingStream(io.TextIOBase):
    """A text stream that writes each complete line masked (a number split across two writes
    is still one line); anything else is the wrapped stream's."""

    MAX_PENDING = 1 << 16   # a line this long without a newline is written (masked) as it is

    def __init__(self, stream) -> None:
        super().__init__()
        self._stream = stream
        self._pending = ""
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        with self._lock:
            self._pending += text
            if "\n" in self._pending:
                done, _, self._pending = self._pending.rpartition("\n")
                self._stream.write("\n".join(mask_pii(line) for line in done.split("\n")) + "\n")
            elif len(self._pending) > self.MAX_PENDING:
                self._stream.write(mask_pii(self._pending))
                self._pending = ""
        return len(text)

    def flush(self) -> None:   # a partial line waits for its end: it may still grow into a number
        self._stream.flush()

    def drain(self) -> None:
        """Write a last line that never got its newline (at exit)."""
        with self._lock:
            pending, self._pending = self._pending, ""
        if pending:
            self._stream.write(mask_pii(pending))
        self._stream.flush()

    def close(self) -> None:   # the wrapped stream stays open: it belongs to the interpreter
        try:
            self.drain()
        except (OSError, ValueError):
            pass

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self):
        return getattr(self._stream, "encoding", "utf-8")

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def install_process_masking() -> None:
    """Everything this process logs or prints is masked (call it first, before other imports
    configure logging): every log record, and each line on stdout and stderr."""
    install_record_masking()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, MaskingStream):
            masked = MaskingStream(stream)
            setattr(sys, name, masked)
            atexit.register(masked.close)
    install_log_masking()
