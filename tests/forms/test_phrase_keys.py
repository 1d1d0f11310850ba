"""The forms' aliases and situation phrases are folded and normalised once each (bot/forms/choose.py,
issue 13), not on every message: every phrase matches every text exactly as when computed anew."""
import re

from bot.forms import choose
from core.text.normalize import fold, normalize_text

TEXTS = ["giúp tôi điền tờ khai đăng ký tạm trú", "gia han tam tru cho em", "làm giấy khai sinh cho con",
         "Chị thuê một phòng trọ, chủ trọ nói phải khai báo với công an phường.", "xin lý lịch tư pháp số 1",
         "đăng ký kết hôn", "nhập hộ khẩu", "chào em", "ko bít làm sao nữa"]


def _matched_size_anew(phrase: str, texts: tuple[str, str]) -> int:   # as before the cache
    parts = [{k for k in (fold(part).strip(), normalize_text(part)) if k} for part in phrase.split(" + ")]
    keys = [[" ".join(re.findall(r"\w+", k)) for k in options] for options in parts]
    if all(any(k and any(f" {k} " in t for t in texts) for k in options) for options in keys):
        return sum(max(len(k) for k in options) for options in keys) + len(keys) - 1
    return 0


def test_every_phrase_matches_as_when_computed_anew(forms):
    phrases = {p for form in forms.values() for p in [*form.aliases, form.title, *form.situations]}
    phrases |= {"gia hạn + tạm trú", "lý lịch tư pháp"}
    matched = 0
    for text in TEXTS:
        texts = choose._forms_of_text(text)
        for phrase in phrases:
            size = choose._matched_size(phrase, texts)
            assert size == _matched_size_anew(phrase, texts), (phrase, text)
            matched += bool(size)
    assert matched > 5
    before = choose._phrase_keys.cache_info().misses
    choose.match_form("giúp tôi điền tờ khai đăng ký tạm trú", forms)
    assert choose._phrase_keys.cache_info().misses == before   # nothing folded again
