"""Personal data and secrets never reach a log line: app messages, httpx's request lines and
uvicorn's access log (full URLs with query strings, also URL-encoded)."""
from __future__ import annotations

import io
import logging

import pytest
from uvicorn.logging import AccessFormatter

from core.pii import PiiMaskingFilter, install_log_masking, mask_pii

CCCD, PHONE, RECEIPT = "040093012457", "0912345678", "000.00.15.H22-261105-0003"


@pytest.mark.parametrize("line", [
    f"citizen sent {CCCD} and {PHONE}",
    f"GET /api/v1/procedures/search?q=cccd%20{CCCD}%20sdt%200912%20345%20678",
    f"GET /api/v1/procedures/search?q=ho+so+{RECEIPT}",
    f"status check of {RECEIPT} by an.nguyen@gmail.com",
])
def test_personal_data_is_masked_whatever_the_encoding(line):
    masked = mask_pii(line)
    for secret in (CCCD, PHONE, "0912 345 678", RECEIPT, "an.nguyen"):
        assert secret not in masked
    assert masked != line


def test_secrets_in_query_strings_are_replaced_and_plain_lines_left_alone():
    assert mask_pii("GET http://127.0.0.1:5005/status?token=3c14c938d2e3a2c9") == \
        "GET http://127.0.0.1:5005/status?token=***"
    assert mask_pii("health check 200 in 12 ms") == "health check 200 in 12 ms"


def test_the_access_log_is_masked_and_still_formatted(monkeypatch):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s', use_colors=False))
    access = logging.getLogger("uvicorn.access")
    monkeypatch.setattr(access, "handlers", [handler])
    monkeypatch.setattr(access, "propagate", False)
    monkeypatch.setattr(access, "level", logging.INFO)
    for name in ("", "uvicorn", "uvicorn.error"):   # only this test's handler gets the filter
        monkeypatch.setattr(logging.getLogger(name), "handlers", [])
    install_log_masking()
    assert any(isinstance(f, PiiMaskingFilter) for f in handler.filters)
    access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET",
                f"/api/v1/procedures/search?q=lam%20lai%20cccd%20{CCCD}", "1.1", 200)
    line = stream.getvalue()
    assert CCCD not in line and "*********457" in line and "GET /api/v1/procedures/search" in line


def test_url_objects_in_log_arguments_are_masked_too():
    import httpx

    record = logging.LogRecord("httpx", logging.INFO, __file__, 1, 'HTTP Request: %s %s "%s %d %s"',
                               ("GET", httpx.URL("http://127.0.0.1:5005/status?token=3c14c938d2e3"),
                                "HTTP/1.1", 200, "OK"), None)
    PiiMaskingFilter().filter(record)
    assert record.getMessage() == 'HTTP Request: GET http://127.0.0.1:5005/status?token=*** "HTTP/1.1 200 OK"'
