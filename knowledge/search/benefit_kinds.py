"""Benefit kinds: a social-insurance question about one benefit should not land on another.

Citizens ask about the benefits of social insurance in the same words ("được hưởng chế độ gì
từ BHXH", "nghỉ việc hưởng BHXH", "Giải quyết hưởng chế độ ..."): the procedures for
maternity, sickness, a work accident, a death in the family or the lump sum share almost all
of their wording, and the dense side ranks them by how "social-insurance-like" a story sounds.
What tells them apart is the life event the message tells: a birth, an illness, an accident,
a death, taking the money out. So when a message evokes at least one benefit kind, a
procedure whose name carries benefit kinds, none of them evoked, loses a little
(KIND_PENALTY); a message that names no kind ("chế độ BHXH là gì") changes nothing. Each kind
lists the words of a procedure name that carry it and the message words that evoke it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .qualifiers import _compile
from .text import fold, lowered


@dataclass(frozen=True)
class BenefitKind:
    name: str
    in_name: str  # regex on the procedure name (lower case, diacritics kept)
    in_message: str  # regex on the message (lower case, diacritics kept; folded for unaccented messages)


_RELATIVES = "người thân|bố|mẹ|cha|chồng|vợ|con|anh|chị|em|ông|bà|cụ"

BENEFIT_KINDS: tuple[BenefitKind, ...] = (
    BenefitKind("maternity", r"thai sản",
                r"thai|thai sản|sinh con|sinh đẻ|đẻ|sinh (?:em )?bé|sinh mổ|sinh non|sinh đôi|mới sinh|vợ sinh|"
                r"khi sinh|sau sinh|trước sinh|con nuôi|nhận nuôi|triệt sản|sảy|nạo|có bầu|mang bầu"),
    BenefitKind("sickness", r"ốm đau",
                r"ốm|ốm đau|bệnh|nằm viện|nhập viện|ra viện|xuất viện|điều trị|khám bệnh|phẫu thuật|"
                r"nghỉ việc hưởng (?:bhxh|bảo hiểm xã hội)|nghỉ ốm|con ốm"),
    BenefitKind("work_accident", r"tnlđ|tai nạn lao động",
                r"tai nạn|tnlđ|tnld|bnn|bệnh nghề nghiệp|thương tật|suy giảm khả năng lao động|giám định"),
    BenefitKind("survivor", r"tử tuất|tiền tuất|mai táng",
                rf"chết|qua đời|tử vong|từ trần|hy sinh|tuất|tử tuất|mai táng|thân nhân|đã mất|"
                rf"(?:{_RELATIVES}) (?:tôi |em |mình |cháu )?(?:đã |vừa |mới )?mất"),
    BenefitKind("lump_sum", r"bảo hiểm xã hội một lần|bhxh một lần",
                r"(?:bhxh|xã hội|bảo hiểm|trợ cấp|hưởng|rút|nhận|lãnh|lĩnh|tiền) (?:\w+ )?(?:một|1) lần|"
                r"rút|chốt sổ|lãnh (?:bhxh|bảo hiểm)|nhận (?:tiền )?(?:bhxh|bảo hiểm xã hội)"),
)
KIND_PENALTY = 0.05

_NAME_RULES = [_compile(k.in_name, False) for k in BENEFIT_KINDS]
_MESSAGE_ACCENTED = [_compile(k.in_message, False) for k in BENEFIT_KINDS]
_MESSAGE_FOLDED = [_compile(k.in_message, True) for k in BENEFIT_KINDS]


def name_kinds(name: str) -> frozenset[str]:
    text = lowered(name)
    return frozenset(k.name for k, rule in zip(BENEFIT_KINDS, _NAME_RULES) if rule.search(text))


def message_kinds(text: str, accented: bool) -> frozenset[str]:
    rules, normalised = (_MESSAGE_ACCENTED, lowered(text)) if accented else (_MESSAGE_FOLDED, fold(text))
    return frozenset(k.name for k, rule in zip(BENEFIT_KINDS, rules) if rule.search(normalised))


class BenefitKindIndex:
    """Per procedure, the benefit kinds its name carries; per message, the penalty of those
    that carry kinds but none the message evokes."""

    def __init__(self, names: Sequence[str]):
        matrix = np.array([[k.name in name_kinds(n) for k in BENEFIT_KINDS] for n in names], dtype=bool)
        self._matrix = matrix.reshape(len(names), len(BENEFIT_KINDS))

    def adjustment(self, text: str, accented: bool) -> np.ndarray:
        said = np.array([k.name in message_kinds(text, accented) for k in BENEFIT_KINDS])
        if not said.any():
            return np.zeros(len(self._matrix))
        carries = self._matrix.any(axis=1)
        agrees = (self._matrix & said).any(axis=1)
        return -KIND_PENALTY * (carries & ~agrees)
