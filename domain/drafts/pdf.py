"""The filled declaration as a printable PDF (fpdf2 with a Unicode TrueType font).

Vietnamese needs a font with its stacked diacritics (ề, ặ, ữ ...): DejaVu Sans, installed
by `make setup` (Debian's fonts-dejavu-core) when missing. The PDF shows the lines stored
with the draft, i.e. exactly what the citizen confirmed.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from fpdf import FPDF

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


class FontMissing(RuntimeError):
    """DejaVu Sans is not installed (run `make setup`)."""


def _font(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise FontMissing(f"{name} not found in {', '.join(map(str, FONT_DIRS))}: run `make setup`")


def render_pdf(*, code: str, title: str, document: dict, lines: list[dict], created_at: datetime) -> bytes:
    """`lines`: [{name, label, value, section, printed}] as stored with the draft."""
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", "", str(_font("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(_font("DejaVuSans-Bold.ttf")))
    pdf.add_font("DejaVu", "I", str(_font("DejaVuSans-Oblique.ttf")))
    pdf.set_title(title)
    pdf.set_creator("Trợ lý dịch vụ công")
    pdf.add_page()
    width = pdf.epw

    if document.get("template"):
        pdf.set_font("DejaVu", "I", 9)
        pdf.cell(width, 5, document["template"], align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(width, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 6, "Độc lập - Tự do - Hạnh phúc", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(width, 8, document.get("heading") or title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    if document.get("subheading"):
        pdf.set_font("DejaVu", "I", 10)
        pdf.multi_cell(width, 6, document["subheading"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    addressee = document.get("addressee")
    signer = document.get("signer")
    by_name = {line["name"]: line for line in lines}
    if addressee in by_name:
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(width, 7, f"Kính gửi: {by_name[addressee]['value']}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    number, section = 0, ""
    for line in lines:
        if not line.get("printed", True) or line["name"] == addressee:
            continue
        if line.get("section") and line["section"] != section:
            section = line["section"]
            pdf.ln(1)
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(width, 7, section, new_x="LMARGIN", new_y="NEXT")
        number += 1
        pdf.set_font("DejaVu", "", 11)
        value = line["value"] or "(không có)"
        pdf.multi_cell(width, 6.5, f"{number}. {line['label']}: {value}", new_x="LMARGIN", new_y="NEXT")

    if document.get("pledge"):
        pdf.ln(3)
        pdf.set_font("DejaVu", "I", 10)
        pdf.multi_cell(width, 6, document["pledge"], new_x="LMARGIN", new_y="NEXT")

    # SQLite gives naive datetimes back: they are UTC (core.db.base.utcnow)
    local = (created_at if created_at.tzinfo else created_at.replace(tzinfo=timezone.utc)).astimezone(LOCAL_TIME)
    pdf.ln(6)
    pdf.set_font("DejaVu", "I", 10)
    half = width / 2
    pdf.set_x(pdf.l_margin + half)
    pdf.cell(half, 6, f"Ngày {local:%d} tháng {local:%m} năm {local:%Y}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_x(pdf.l_margin + half)
    pdf.cell(half, 6, document.get("signature") or "NGƯỜI KÊ KHAI", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "I", 9)
    pdf.set_x(pdf.l_margin + half)
    pdf.cell(half, 5, "(Ký, ghi rõ họ tên)", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    if signer in by_name:
        pdf.set_font("DejaVu", "B", 11)
        pdf.set_x(pdf.l_margin + half)
        pdf.cell(half, 6, by_name[signer]["value"], align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.ln(8)
    pdf.set_font("DejaVu", "I", 8)
    pdf.multi_cell(width, 4.5, f"Bản nháp {code} do Trợ lý dịch vụ công điền theo lời khai, lập ngày "
                               f"{local:%d/%m/%Y}. Người khai kiểm tra lại, ký tên trước khi nộp.",
                   new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
