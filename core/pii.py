"""Masking of personal data (căn cước, phone numbers, receipt codes) for logs."""
from __future__ import annotations

import logging

from core.text.patterns import find_entities

_MASKED = {"id_number", "phone_number"}


def mask_pii(text: str) -> str:
    """'0912 345 678' -> '******678', căn cước -> '*********345'."""
    out, cursor = [], 0
    for match in find_entities(text):
        if match.entity not in _MASKED:
            continue
        out.append(text[cursor:match.start])
        keep = match.value[-3:]
        out.append("*" * (len(match.value) - 3) + keep)
        cursor = match.end
    out.append(text[cursor:])
    return "".join(out)


class PiiMaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_pii(record.getMessage())
        record.args = ()
        return True


def install_log_masking() -> None:
    handler_filter = PiiMaskingFilter()
    for handler in logging.getLogger().handlers:
        handler.addFilter(handler_filter)
