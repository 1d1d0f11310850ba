"""knowledge.answers.papers: the kinds of personal paper a message names."""
from __future__ import annotations

import pytest

from knowledge.answers.papers import asks_about_several, papers_named, reports_lost_papers


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


@pytest.mark.parametrize("text", [
    "Tôi bị mất căn cước, bằng lái và thẻ BHYT",
    "toi danh roi can cuoc, bang lai, the bhyt o cho",
    "Nhà cháy hết sổ đỏ, căn cước, giấy khai sinh",
])
def test_a_reported_loss_of_three_kinds_of_paper(text):
    assert reports_lost_papers(text, 3)


@pytest.mark.parametrize("text", [
    "Làm căn cước, bằng lái và hộ chiếu mất bao lâu?",                 # takes how long
    "làm căn cước, bằng lái, thẻ BHYT có mất phí không",              # costs a fee
    "Chụp mặt trước căn cước, bằng lái, thẻ BHYT để nộp",             # the front side
    "Quên mật khẩu, phải khai căn cước, bằng lái, thẻ BHYT lại",      # a password
    "Tôi đã chạy hết mấy phòng vì căn cước, bằng lái, thẻ BHYT",      # ran around
    "Bố tôi mất tuần trước, căn cước, bằng lái, thẻ BHYT của bố còn đó",   # died
    "Tôi không bị mất căn cước, bằng lái, thẻ BHYT",                  # denied
    "Tôi bị mất ví có căn cước và bằng lái",                           # two kinds only
])
def test_no_loss_of_several_papers_is_reported(text):
    assert not reports_lost_papers(text, 3)
