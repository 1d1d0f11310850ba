"""The guide engine's own sentences and button titles (bot/guides/engine.py).

The texts live in knowledge/wording/vi.yml under `guides:`; `w.STEP` is `guides.step`, read at
each use so an officer's edit shows without a restart. OFFICER_BUTTON and CONTINUE_BUTTON are
the shared buttons `buttons.officer` and `buttons.continue_guide`.
"""
from __future__ import annotations

from knowledge import wording

BUTTONS = {"OFFICER_BUTTON": "officer", "CONTINUE_BUTTON": "continue_guide"}

__getattr__ = wording.constants("guides", BUTTONS)
