"""The form engine's own sentences (short, polite, always with a way forward)."""
from __future__ import annotations

OFFICER_BUTTON = {"title": "Gặp cán bộ", "payload": "/request_human"}
CONTINUE_BUTTON = {"title": "Tiếp tục điền", "payload": "/continue_flow"}
BACK = "Quay lại"
SKIP = "Bỏ qua"
NONE = "Không có"
CONFIRM = "Xác nhận, lưu tờ khai"
RETRY = "Thử lại"
STOP = "Dừng, để sau"
USE_PROFILE = "Dùng lại"
NEW_PROFILE = "Nhập mới"
REMEMBER_YES = "Có, ghi nhớ"
REMEMBER_NO = "Không cần"
RESUME_YES = "Tiếp tục"
RESUME_LATER = "Để sau"

QUESTION = "{prompt} (còn {left} mục)"
EXAMPLE = "Ví dụ: {example}"
OPTIONAL = "(Không bắt buộc: không có thì bấm \"Bỏ qua\".)"
CURRENT_VALUE = "Hiện đang ghi: {value}."
FIRST_QUESTION = "Dạ, đây là câu đầu tiên rồi ạ."
WENT_BACK = "Dạ, mình quay lại câu trước."
SKIPPED = "Dạ, em bỏ qua câu này."
REQUIRED = ("Dạ, mục này cần có để nộp hồ sơ. Nếu chưa có, anh/chị có thể nhắn \"dừng\" để tìm giấy tờ rồi "
            "quay lại sau, hoặc bấm \"Gặp cán bộ\".")
NO_HELP = "Dạ, anh/chị trả lời ngắn gọn giống ví dụ là được ạ."
NOTED = "Dạ, em đã ghi: {items}."
WAITING = "Dạ vâng, anh/chị cứ từ từ, em chờ ạ."
STILL_NEEDED = "Dạ, em còn thiếu \"{label}\" ạ."
ABANDONED = "Dạ, em đã huỷ tờ khai đang điền. Khi cần, anh/chị nhắn \"điền tờ khai\" để làm lại nhé."
FIELD_CHANGED = "Dạ, em đã sửa \"{label}\" thành: {value}."
FIELD_NOTED = "Dạ, em đã ghi \"{label}\": {value}."
FIELD_NOT_CHANGED = "Dạ, em chưa sửa được \"{label}\". {error}"
ASK_FIELD_AGAIN = "Dạ, anh/chị cho em lại \"{label}\" ạ."
OFFER_OFFICER = "Dạ, câu này có vẻ khó điền. Anh/chị muốn gặp cán bộ để được giúp không ạ?"
PAUSED = ("Dạ, em đã giữ lại phần anh/chị đã điền ({done}/{total} câu). Khi nào muốn làm tiếp, anh/chị nhắn "
          "\"tiếp tục\" hoặc bấm nút bên dưới nhé.")
RESUMED = "Dạ, mình làm tiếp {title}. Anh/chị đã điền {done}/{total} câu."
RESUME_OFFER = "Dạ, mình tiếp tục điền {title} nhé? Câu đang dở: {prompt}"
RESUME_OFFER_SUMMARY = "Dạ, mình quay lại kiểm tra {title} trước khi lưu nhé?"
PROFILE_OFFER = "Dạ, lần trước anh/chị cho em ghi nhớ: {facts}. Dùng lại thông tin lần trước không ạ?"
PROFILE_USED = "Dạ, em đã điền sẵn các thông tin đó, anh/chị sẽ kiểm tra lại ở cuối."
PROFILE_UNUSABLE = "Dạ, thông tin đã lưu chưa dùng được cho tờ khai này, mình điền mới nhé."
SUMMARY_HEAD = "Dạ, anh/chị kiểm tra lại {title} giúp em:"
SUMMARY_MORE = "(tiếp)"
SUMMARY_ASK = ("Nếu đúng hết, anh/chị bấm \"Xác nhận, lưu tờ khai\". Mục nào sai, bấm \"Sửa\" mục đó "
               "hoặc nhắn, ví dụ: \"sửa số điện thoại là 0912 345 678\".")
SUMMARY_NOT_UNDERSTOOD = "Dạ, anh/chị bấm \"Xác nhận, lưu tờ khai\" nếu đã đúng, hoặc chọn mục cần sửa ạ."
WHICH_TO_CHANGE = "Dạ, anh/chị muốn sửa mục nào ạ? Bấm \"Sửa\" mục đó hoặc nhắn số mục."
EMPTY_VALUE = "(không có)"
CONSENT = ("Anh/chị có muốn em ghi nhớ họ tên, số căn cước, số điện thoại và địa chỉ để lần sau điền nhanh hơn "
           "không ạ? Muốn xoá lúc nào, anh/chị chỉ cần nhắn \"Xoá thông tin của tôi\".")
CONSENT_UPDATE = ("Thông tin lần này khác với thông tin em đã ghi nhớ. Anh/chị có muốn em cập nhật để lần sau "
                  "dùng không ạ?")
REMEMBERED = "Dạ, em đã ghi nhớ. Lần sau em sẽ hỏi trước khi dùng lại. Muốn xoá, anh/chị nhắn \"Xoá thông tin của tôi\" nhé."
NOT_REMEMBERED = "Dạ, em không lưu thông tin nào của anh/chị."
PROFILE_FACTS = {
    "full_name": "họ tên {value}",
    "id_number": "căn cước có 3 số cuối {tail}",
    "phone": "số điện thoại có 3 số cuối {tail}",
    "address": "địa chỉ {value}",
}

# --- said by the chat actions around the engine (bot/actions/submission.py) ---
INTAKE_YES = "Dạ được ạ, em giúp anh/chị làm luôn ở đây: em hỏi từng mục còn thiếu, xong em tổng hợp để anh/chị kiểm tra."
WHICH_FORM = "Dạ, em giúp điền được các tờ khai sau. Anh/chị cần tờ khai nào ạ?"
FORM_NOT_AVAILABLE = ("Dạ, tờ khai của thủ tục này em chưa điền giúp được. Hiện em giúp điền được các tờ khai "
                      "bên dưới; thủ tục khác anh/chị có thể hỏi em giấy tờ cần chuẩn bị, hoặc gặp cán bộ.")
CONTINUE_DRAFT = "Làm tiếp: {title}"
ALREADY_FILLING = "Dạ, mình đang điền {title} đây ạ."
SAVED = "Dạ, em đã lưu tờ khai. Mã bản nháp của anh/chị là {code}, anh/chị ghi lại mã này nhé."
PAPERS_HEAD = "Giấy tờ cần chuẩn bị:"
PAPER_DECLARATION = "Tờ khai em vừa điền: in ra, kiểm tra lại và ký tên."
PAPERS_MORE = "Tùy trường hợp có thể cần thêm giấy tờ khác, anh/chị hỏi em hoặc cán bộ nhé."
WHERE_HEAD = "Cách nộp:"
PDF_LINK = "Tờ khai đã điền sẵn (PDF) để in:"
SAVE_FAILED = "Dạ, em chưa lưu được tờ khai, anh/chị thử lại sau ít phút hoặc gặp cán bộ ạ."
KEPT_WHILE_AWAY = "Dạ, phần tờ khai anh/chị đã điền em vẫn giữ lại. Khi nào muốn làm tiếp, anh/chị nhắn \"tiếp tục\" nhé."
PROFILE_ERASED = ("Dạ, em đã xoá thông tin anh/chị cho em ghi nhớ (họ tên, số căn cước, số điện thoại, địa chỉ). "
                  "Lần sau em sẽ không dùng lại nữa.")
NO_PROFILE = "Dạ, em không ghi nhớ thông tin nào của anh/chị, nên không có gì phải xoá ạ."
NOTHING_TO_CONTINUE = "Dạ, hiện anh/chị không có việc nào đang làm dở. Em giúp gì được cho anh/chị ạ?"
WHAT_TO_CONTINUE = "Dạ, anh/chị muốn làm tiếp việc nào ạ?"
