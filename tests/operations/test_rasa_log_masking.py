"""The Rasa process masks personal data too: `bot/rasa_main.py` installs core/pii.py's masking
before Rasa configures its logging. Here, in the Rasa venv, Rasa's own logging set-up (coloredlogs,
structlog, the repeated-log filter), Sanic's access logger, a print and an uncaught traceback
each write a căn cước, a phone number and a receipt code, at DEBUG: none reaches the output in
clear. The same over the real server: tests/e2e/test_web_inbox.py."""
from __future__ import annotations

import subprocess

import pytest

from api.stack import RASA_PYTHON
from core.settings import ROOT

CCCD, PHONE, RECEIPT = "040093012457", "0912345678", "000.00.15.H22-261105-0003"
SAID = f"cccd {CCCD}, sđt 0912 345 678, hồ sơ {RECEIPT}"
SCRIPT = f"""
import logging
from core.pii import install_process_masking
install_process_masking()

import structlog
import rasa.utils.common, rasa.utils.io
from rasa.utils.log_utils import configure_structlog

rasa.utils.common.configure_logging_and_warnings(logging.DEBUG)
rasa.utils.io.configure_colored_logging("DEBUG")
configure_structlog(logging.DEBUG)
said = {SAID!r}
logging.getLogger("rasa.core.processor").debug(f"Received user message '{{said}}' with intent ...")
logging.getLogger("rasa.core.tracker_store").debug("Stored %s", {{"text": said, "phone": "{PHONE}"}})
structlog.get_logger().debug("processor.message.received", text=said, user_text="{PHONE}")
import logging.config
from sanic.log import LOGGING_CONFIG_DEFAULTS, access_logger
logging.config.dictConfig(LOGGING_CONFIG_DEFAULTS)   # what Sanic("rasa_server") does
access_logger.info("", extra={{"request": "GET /conversations/x/tracker?q={CCCD}", "status": 200,
                               "byte": 10, "host": "127.0.0.1"}})
print("printed:", said)
raise RuntimeError("crashed on " + said)
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="no Rasa venv: run `make setup`")
def test_nothing_the_rasa_process_logs_or_prints_holds_personal_data_in_clear(tmp_path):
    output = tmp_path / "rasa.log"
    with output.open("wb") as out:   # as api/stack.py runs it: stdout and stderr into one log file
        done = subprocess.run([str(RASA_PYTHON), "-c", SCRIPT], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    text = output.read_text(errors="replace")
    assert done.returncode == 1 and "RuntimeError: crashed on" in text, text[-3000:]   # it all ran
    for marker in ("Received user message", "processor.message.received", "printed:", "GET /conversations"):
        assert marker in text, (marker, text[-3000:])
    for secret in (CCCD, PHONE, "0912 345 678", RECEIPT):
        assert secret not in text, (secret, [line for line in text.splitlines() if secret in line][:3])
    assert "*********457" in text and "*******678" in text and "*0003" in text   # masked, still traceable
