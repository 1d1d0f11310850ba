"""`rasa` with personal data masked in everything the process logs or prints.

`api/stack.py` starts the Rasa server as `.venvs/rasa/bin/python -m bot.rasa_main run …`
(the same arguments as the `rasa` command). Masking (core/pii.py) is installed before Rasa is
imported, so the loggers and handlers Rasa, structlog and Sanic configure later are covered.
"""
from __future__ import annotations

import sys

from core.pii import install_process_masking


def main() -> None:
    install_process_masking()
    from rasa.__main__ import main as rasa_main

    from bot.components import rasa_speedups

    rasa_speedups.install()   # same results, less repeated work per message

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
