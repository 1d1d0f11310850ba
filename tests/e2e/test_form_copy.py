"""The copy of a birth certificate / civil-status extract (2.000635) over real HTTP (real Rasa + app):
asked for in the citizen's words, or after a question with "điền giúp tôi tờ khai"; filled, confirmed,
saved with its PDF; scored through the trace summary of GET /api/v1/conversations/{sender_id}."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from tests.e2e.conftest import all_text, chat, summary

pytestmark = pytest.mark.e2e
CODE = "2.000635"


def form_entry(client, sender, token):
    forms = [f for f in summary(client, sender, token)["forms"] if f["procedure"] == CODE]
    assert forms, summary(client, sender, token)
    return forms[-1]


def talk(client, sender, *texts):
    replies = []
    for text in texts:
        replies = chat(client, sender, text)
        assert replies, f"no reply to {text!r}"
    return replies


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_birth_certificate_copy_for_oneself_is_filled_confirmed_and_printed(client, sender, officer_token):
    opened = talk(client, sender, "tôi muốn xin bản sao giấy khai sinh")
    assert "Tờ khai cấp bản sao Trích lục hộ tịch" in all_text(opened), all_text(opened)
    talk(client, sender, "tôi tên Lê Văn Hùng, cccd 001085012345, sđt 0987654321")
    asked = talk(client, sender, "giấy của chính tôi")
    assert "sinh ngày" in all_text(asked), all_text(asked)
    replies = talk(client, sender, "sinh ngày 12/08/1985, đăng ký tại UBND xã Vũ Thư, tỉnh Thái Bình")
    assert "kiểm tra lại" in all_text(replies), all_text(replies)
    entry = form_entry(client, sender, officer_token)
    assert entry["stage"] == "confirming"
    assert {k: entry["fields"].get(k) for k in ("ho_ten_nguoi_yeu_cau", "so_dinh_danh_nguoi_yeu_cau", "so_dien_thoai",
                                                "loai_giay_to", "quan_he_voi_nguoi_duoc_cap",
                                                "ngay_sinh_nguoi_duoc_cap", "noi_dang_ky")} == {
        "ho_ten_nguoi_yeu_cau": "Lê Văn Hùng", "so_dinh_danh_nguoi_yeu_cau": "001085012345",
        "so_dien_thoai": "0987654321", "loai_giay_to": "Giấy khai sinh", "quan_he_voi_nguoi_duoc_cap": "Bản thân",
        "ngay_sinh_nguoi_duoc_cap": "12/08/1985", "noi_dang_ky": "UBND xã Vũ Thư, tỉnh Thái Bình"}
    talk(client, sender, "sửa số bản sao thành 2")
    saved = talk(client, sender, "đúng rồi")
    assert re.search(r"TK-[A-Z0-9]{6}", all_text(saved)), all_text(saved)
    entry = form_entry(client, sender, officer_token)
    assert entry["stage"] == "submitted" and entry["fields"]["so_ban_sao"] == "2"
    link = next(m["link"] for m in saved if m.get("link"))
    draft = client.get(link.replace("/pdf?", "?")).json()
    assert draft["form_code"] == CODE and draft["papers"]
    pdf = client.get(link)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "TỜ KHAI CẤP BẢN SAO TRÍCH LỤC HỘ TỊCH" in text and "Lê Văn Hùng" in text
    assert "Kính gửi: Cơ quan quản lý Cơ sở dữ liệu hộ tịch điện tử" in text
    identified = summary(client, sender, officer_token)["procedures_identified"]
    assert {"code": CODE, "via": "form"} in [{"code": p["code"], "via": p["via"]} for p in identified]


def test_asked_about_a_copy_for_a_child_then_fill_the_form_starts_it_with_what_was_said(client, sender, officer_token):
    talk(client, sender, "xin trích lục khai sinh bản sao cho con")
    replies = talk(client, sender, "điền giúp tôi tờ khai")
    assert "bản sao Trích lục hộ tịch" in all_text(replies), all_text(replies)
    entry = form_entry(client, sender, officer_token)
    assert entry["stage"] == "filling"
    assert entry["fields"].get("loai_giay_to") == "Giấy khai sinh"
    assert entry["fields"].get("quan_he_voi_nguoi_duoc_cap") == "Cha, mẹ"
    talk(client, sender, "Trần Thị Mai", "001190012345", "0912345678")
    asked = talk(client, sender, "Nguyễn Minh Anh")
    assert "sinh ngày" in all_text(asked), all_text(asked)
    replies = talk(client, sender, "05/03/2015", "Ủy ban nhân dân phường Láng Hạ, quận Đống Đa, Hà Nội")
    assert "kiểm tra lại" in all_text(replies), all_text(replies)
    talk(client, sender, "xác nhận")
    entry = form_entry(client, sender, officer_token)
    assert entry["stage"] == "submitted"
    assert entry["fields"]["ho_ten_nguoi_duoc_cap"] == "Nguyễn Minh Anh"
    assert entry["fields"]["ho_ten_nguoi_yeu_cau"] == "Trần Thị Mai"
    assert entry["fields"]["ngay_sinh_nguoi_duoc_cap"] == "05/03/2015"
