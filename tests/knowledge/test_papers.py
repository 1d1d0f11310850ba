"""knowledge.answers.papers: the kinds of personal paper a message names."""
from __future__ import annotations

import pytest

from knowledge.answers.papers import (
    affairs_named,
    asks_about_several,
    asks_for_several_affairs,
    papers_named,
    reports_lost_papers,
)


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


def test_affairs_a_life_change_touches():
    assert affairs_named("Mẹ tôi có lương hưu, sổ tiết kiệm, một căn nhà và chiếc xe máy") == {
        "pension", "bank", "land", "vehicle"}
    assert affairs_named("tui có cà vẹt xe và xe máy") == {"vehicle"}              # one kind, two words
    assert affairs_named("ông hưởng lương hưu, đóng bảo hiểm xã hội 30 năm") == {"pension"}
    assert affairs_named("có căn cước, hộ chiếu và giấy khai sinh") == set()        # papers one merely has
    # read as typed: "nhà của" is no "nhà cửa", "ở tờ khai" no "ô tô"
    assert affairs_named("đăng ký cho người thuê nhà của tôi, ghi ở tờ khai") == set()


@pytest.mark.parametrize("text", [
    "Ông nhà tôi vừa mất, ông đứng tên căn nhà, có sổ tiết kiệm và lương hưu. Giờ tôi nên bắt đầu từ đâu?",
    "Cả nhà chuyển từ Đồng Nai ra Huế sống: hộ khẩu, xe máy, bảo hiểm xã hội đều ở trong đó, làm gì trước?",
    "Con gái sắp định cư ở Úc, còn mảnh đất, khoản vay ngân hàng và hộ kinh doanh, việc nào trước việc nào sau?",
    "bo e mat r, co so do, so tiet kiem, xe may, lm j trc ad",                       # teencode, folded
])
def test_a_life_change_with_several_affairs_asking_for_the_order_of_the_steps(text):
    assert asks_for_several_affairs(text)


@pytest.mark.parametrize("text", [
    # several affairs, but one dossier's procedure asked the usual way
    "Đăng ký hộ kinh doanh tại căn nhà đang thuê, hộ khẩu ở quê, có xe máy chở hàng, cần những thủ tục gì?",
    "Tôi tạm trú ở Bình Dương, muốn sang tên xe máy mua lại, có sổ đỏ ở quê thì cần những thủ tục gì?",
    # the order is asked, but of one or two affairs
    "Bán căn nhà và chiếc xe máy thì làm gì trước?",
    # several affairs, no question for the order
    "Ông nhà tôi mất, để lại căn nhà, sổ tiết kiệm và lương hưu, hỏi tiền tuất lĩnh ở đâu?",
])
def test_no_several_affairs_without_both_the_affairs_and_the_order_of_the_steps(text):
    assert not asks_for_several_affairs(text)
