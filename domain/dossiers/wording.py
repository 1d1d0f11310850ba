"""What the citizen reads about a dossier: status in plain words and what to do next.

Used by the chat's status answer and by status notifications, so both say the same.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.dossiers.statuses import DeliveryMethod, Status, is_overdue

STATUS_LABELS = {
    Status.RECEIVED: "đã được tiếp nhận, đang chờ xử lý",
    Status.PROCESSING: "đang được cán bộ giải quyết",
    Status.SUPPLEMENT_REQUIRED: "cần bổ sung giấy tờ",
    Status.AWAITING_PAYMENT: "đang chờ anh/chị nộp phí, lệ phí",
    Status.RESULT_READY: "đã có kết quả",
    Status.RESULT_RETURNED: "đã trả kết quả",
    Status.REJECTED: "không được giải quyết",
}


@dataclass(frozen=True)
class DossierView:
    """Everything the wording needs, without any owner data."""

    receipt_code: str
    status: Status
    agency: str | None
    appointment_date: date | None
    missing_items: tuple[str, ...]
    delivery_method: DeliveryMethod | None
    status_note: str | None


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _place(view: DossierView) -> str:
    return view.agency or "bộ phận một cửa nơi anh/chị nộp hồ sơ"


def next_steps(view: DossierView, today: date) -> list[str]:
    """Sentences telling the citizen what happens next and what to do."""
    status, steps = view.status, []
    if status in (Status.RECEIVED, Status.PROCESSING):
        if is_overdue(status, view.appointment_date, today):
            steps.append(f"Hồ sơ đã quá ngày hẹn trả ({_day(view.appointment_date)}). Em thành thật xin lỗi "
                         "anh/chị vì sự chậm trễ. Anh/chị bấm \"Gặp cán bộ\" để cán bộ kiểm tra và báo lại ạ.")
        elif view.appointment_date:
            steps.append(f"Ngày hẹn trả kết quả: {_day(view.appointment_date)}. Anh/chị chưa cần làm gì thêm.")
        else:
            steps.append("Anh/chị chưa cần làm gì thêm, em sẽ báo khi có thay đổi nếu anh/chị muốn.")
    elif status is Status.SUPPLEMENT_REQUIRED:
        items = "\n".join(f"- {item}" for item in view.missing_items) or "- (cán bộ sẽ báo cụ thể)"
        steps.append(f"Anh/chị cần bổ sung:\n{items}")
        steps.append(f"Anh/chị nộp bổ sung tại {_place(view)}, hoặc trên Cổng Dịch vụ công nếu đã nộp trực tuyến "
                     "(mục \"Quản lý hồ sơ\").")
    elif status is Status.AWAITING_PAYMENT:
        steps.append("Anh/chị nộp phí trên Cổng Dịch vụ công (mục \"Thanh toán\") bằng ứng dụng ngân hàng hoặc ví "
                     f"điện tử, hoặc nộp trực tiếp tại {_place(view)}. Sau khi nộp, hồ sơ được xử lý tiếp.")
    elif status is Status.RESULT_READY:
        if view.delivery_method is DeliveryMethod.POSTAL:
            steps.append("Kết quả sẽ được gửi qua bưu điện đến địa chỉ anh/chị đã đăng ký. Anh/chị để ý điện thoại "
                         "để nhận bưu phẩm nhé.")
        else:
            steps.append(f"Anh/chị mang giấy biên nhận và căn cước đến {_place(view)} để nhận kết quả "
                         "(trong giờ hành chính).")
            if view.delivery_method is None:
                steps.append("Nếu đã đăng ký nhận qua bưu điện, kết quả sẽ được gửi đến địa chỉ anh/chị đã khai.")
    elif status is Status.RESULT_RETURNED:
        steps.append("Nếu anh/chị chưa nhận được kết quả, bấm \"Gặp cán bộ\" để được kiểm tra ạ.")
    elif status is Status.REJECTED:
        if view.status_note:
            steps.append(f"Lý do: {view.status_note}")
        steps.append("Anh/chị bấm \"Gặp cán bộ\" để được hướng dẫn làm lại hồ sơ.")
    return steps


def status_text(view: DossierView, today: date) -> str:
    """The whole answer: '<code> <status>' then the next steps."""
    head = f"Dạ, hồ sơ {view.receipt_code} {STATUS_LABELS[view.status]}."
    return "\n".join([head, *next_steps(view, today)])


def notification_text(view: DossierView, today: date) -> str:
    """A status change told on the product's initiative (the citizen opted in)."""
    head = f"Dạ, em xin báo: hồ sơ {view.receipt_code} vừa có thay đổi, nay {STATUS_LABELS[view.status]}."
    return "\n".join([head, *next_steps(view, today)])
