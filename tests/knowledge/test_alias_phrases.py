"""Curated aliases said word for word (knowledge/search/alias_phrases.py)."""
from __future__ import annotations

from knowledge.search.alias_phrases import ALIAS_BONUS, AliasPhraseIndex


def test_an_alias_said_whole_gains_with_or_without_diacritics():
    index = AliasPhraseIndex([["tiền tuất", "chế độ tử tuất"], ["truy lĩnh lương hưu"], ["hộ chiếu"]])
    said = index.adjustment("Ổng nhà tui mất rồi, muốn lãnh tiền tuất thì cần mấy giấy chi?")
    assert list(said) == [ALIAS_BONUS, 0.0, 0.0]
    assert index.adjustment("ong nha toi mat, lam tien tuat o dau")[0] == ALIAS_BONUS


def test_an_alias_must_be_said_on_whole_words_and_one_word_aliases_do_not_count():
    index = AliasPhraseIndex([["tiền tuất"], ["hộ chiếu"], ["visa"]])
    assert not index.adjustment("tiền tuấtxyz và hộ").any()   # no partial words
    assert not index.adjustment("xin visa đi Mỹ").any()        # one word says too little


def test_a_message_with_diacritics_is_matched_with_them():
    index = AliasPhraseIndex([["sổ đỏ"], ["tiền tuất"]])
    # folded, "hồ sơ đó" would say "sổ đỏ"
    assert not index.adjustment("Hồ sơ đó hiện đang ở bước nào?").any()
    assert index.said("Hồ sơ đó hiện đang ở bước nào?") == []
    assert index.said("nộp hồ sơ làm sổ đỏ từ tháng trước") == [(0, "sổ đỏ")]
    assert index.said("nop ho so lam so do tu thang truoc") == [(0, "so do")]
