"""knowledge.answers.papers: the kinds of personal paper a message names."""
from __future__ import annotations

import pytest

from knowledge.answers.papers import asks_about_several, papers_named


@pytest.mark.parametrize("text, kinds", [
    ("mất ví có căn cước, bằng lái, thẻ BHYT và thẻ ATM", {"id_card", "driving_licence", "health_insurance"}),
    ("mat vi co cccd, gplx, cavet xe", {"id_card", "driving_licence", "vehicle_registration"}),
    ("lũ cuốn trôi sổ đỏ, giấy khai sinh mấy đứa nhỏ", {"land_certificate", "birth_certificate"}),
    ("mất thẻ ngân hàng với tiền mặt", set()),   # no public paper
    # travel by bus, a motorbike insurance card, procedures wanted: no papers named
    ("đi bằng xe khách, mất thẻ bảo hiểm xe máy, muốn đăng ký kết hôn và khai sinh cho con", set()),
])
def test_kinds_of_paper_are_named_with_or_without_diacritics(text, kinds):
    assert papers_named(text) == kinds


def test_several_papers_unless_the_last_sentence_singles_one_out():
    listing = "Bị móc túi mất ví, trong đó có căn cước, bằng lái, thẻ bảo hiểm y tế."
    assert asks_about_several(listing, 3)
    assert not asks_about_several(listing, 4)
    assert not asks_about_several(listing + " Làm lại bằng lái ở đâu?", 3)
    assert asks_about_several(listing + " Giờ làm lại cái nào trước?", 3)
    assert not asks_about_several(listing, 0)   # a situation without the setting never asks about several
