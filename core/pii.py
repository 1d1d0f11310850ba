"""Masking of personal data and secrets in every log line of the app process.

One filter, installed on the root handlers and on uvicorn's own (its access log writes full
URLs with query strings): căn cước and phone numbers keep their last 3 digits, receipt codes
their last 4 characters, e-mail addresses their domain; secrets in query strings (token=,
key=, secret=, password=) are replaced. URL-encoded text ("0912%20345%20678") is decoded
before it is checked. Names cannot be found by pattern; the product never logs message text.
"""
from __future__ import annotations

import logging
import re
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
