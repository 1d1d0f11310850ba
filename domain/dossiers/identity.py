"""Owner identifiers: normalisation, keyed hashes, and the chat's second factor.

What is stored (HMAC-SHA256 under DOSSIER_SECRET, never the numbers):
- the full căn cước / phone, unsalted: the same person matches across dossiers, so an
  officer holding the number can find that person's dossiers;
- the last 4 digits, salted with the receipt code: the chat's second factor. Salting
  makes these hashes useless for linking dossiers, and 10,000 candidates cannot be
  tried without the secret.
Nothing that leaves the service shows any digit of either number (the last 4 digits
are the second factor, so even a masked '******5678' would give it away).
"""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Literal

from core.text.identifiers import normalize_id_number, normalize_phone  # noqa: F401 (re-exported)
from core.text.patterns import find_entities

MIN_SECRET_CHARS = 16


class NotConfigured(RuntimeError):
    """DOSSIER_SECRET is missing or too short: owners can be neither stored nor matched."""


@dataclass(frozen=True)
class Factor:
    """What the citizen gave as proof of ownership."""

    kind: Literal["last4", "id_number", "phone"]
    digits: str


def parse_factor(text: str) -> Factor | None:
    """A full căn cước / phone found in the text, else exactly one group of 4 digits."""
    for match in find_entities(text or ""):
        if match.entity == "id_number" and (digits := normalize_id_number(match.value)):
            return Factor("id_number", digits)
        if match.entity == "phone_number" and (digits := normalize_phone(match.value)):
            return Factor("phone", digits)
    groups = [g for g in re.findall(r"\d+", text or "") if len(g) == 4]
    if len(groups) == 1 and len(re.sub(r"\D", "", text or "")) in (4, 5):  # allow "4 số cuối: 5678"
        return Factor("last4", groups[0])
    return None


class OwnerHasher:
    def __init__(self, secret: str) -> None:
        if len(secret or "") < MIN_SECRET_CHARS:
            raise NotConfigured(f"DOSSIER_SECRET must be set (at least {MIN_SECRET_CHARS} characters)")
        self._key = secret.encode()

    @classmethod
    def from_settings(cls, settings) -> OwnerHasher:
        from core.local_secrets import configured_or_local

        # embedded default: a local random key, so make run works without configuration
        return cls(configured_or_local(settings.dossier_secret.get_secret_value(), "dossier_secret"))

    def _mac(self, message: str) -> str:
        return hmac.new(self._key, message.encode(), hashlib.sha256).hexdigest()

    def full(self, kind: Literal["id_number", "phone"], digits: str) -> str:
        return self._mac(f"{kind}:{digits}")

    def last4(self, kind: Literal["id_number", "phone"], receipt_code: str, digits: str) -> str:
        return self._mac(f"last4:{kind}:{receipt_code}:{digits[-4:]}")

    def owner_columns(self, receipt_code: str, id_number: str | None, phone: str | None) -> dict[str, str | None]:
        """The four hash columns of a dossier (None where the number is unknown)."""
        return {
            "owner_id_hash": self.full("id_number", id_number) if id_number else None,
            "owner_id_last4_hash": self.last4("id_number", receipt_code, id_number) if id_number else None,
            "owner_phone_hash": self.full("phone", phone) if phone else None,
            "owner_phone_last4_hash": self.last4("phone", receipt_code, phone) if phone else None,
        }

    def matches(self, receipt_code: str, stored: dict[str, str | None], factor: Factor) -> bool:
        """Constant-time comparison of the factor with the stored hashes of one dossier.

        `stored` may be all None (unknown receipt): the same hashes are computed, so both
        cases take the same time.
        """
        if factor.kind == "last4":
            candidates = [
                (self.last4("id_number", receipt_code, factor.digits), stored.get("owner_id_last4_hash")),
                (self.last4("phone", receipt_code, factor.digits), stored.get("owner_phone_last4_hash")),
            ]
        else:
            column = "owner_id_hash" if factor.kind == "id_number" else "owner_phone_hash"
            candidates = [(self.full(factor.kind, factor.digits), stored.get(column))]
        found = False
        for computed, expected in candidates:
            found |= hmac.compare_digest(computed, expected or "")
        return found
