"""The form engine's own sentences (short, polite, always with a way forward).

The texts live in knowledge/wording/vi.yml under `forms:`; this module serves them under the
names the engine and the actions use: `w.SAVED` is `forms.saved`, read at each use so an
officer's edit shows without a restart. OFFICER_BUTTON and CONTINUE_BUTTON are the shared
buttons `buttons.officer` and `buttons.continue_form`.
"""
from __future__ import annotations

from knowledge import wording

BUTTONS = {"OFFICER_BUTTON": "officer", "CONTINUE_BUTTON": "continue_form"}

__getattr__ = wording.constants("forms", BUTTONS)
