"""Renderers: the app's BotMessage list -> each platform's messages, within its limits."""
from connectors.telegram import render as telegram
from connectors.zalo import render as zalo
from core.schemas import BotMessage, Button

FEE = '/ask_fee{"procedure_code":"1.001193"}'


def identity(payload: str) -> str:
    return payload


def test_telegram_text_buttons_link_and_document():
    message = BotMessage(text="Dạ, thủ tục khai sinh.", link="https://dichvucong.gov.vn/p/1",
                         attachment="/api/v1/forms/abc.pdf",
                         buttons=[Button(title="Lệ phí", payload=FEE), Button(title="Gặp cán bộ", payload="/request_human")])
    [reply] = telegram.render([message], identity, base_url="https://dvc.example.gov.vn")
    assert reply.text == ("Dạ, thủ tục khai sinh.\nhttps://dichvucong.gov.vn/p/1\n"
                          "Tệp đính kèm: https://dvc.example.gov.vn/api/v1/forms/abc.pdf")
    rows = reply.reply_markup.to_dict()["inline_keyboard"]
    assert rows == [[{"text": "Lệ phí", "callback_data": FEE}], [{"text": "Gặp cán bộ", "callback_data": "/request_human"}]]


def test_telegram_long_text_is_split_and_the_keyboard_goes_under_the_last_part():
    text = "Hồ sơ gồm tờ khai và giấy chứng sinh. " * 300
    replies = telegram.render([BotMessage(text=text, buttons=[Button(title="Gặp cán bộ", payload="/request_human")])],
                              identity)
    assert len(replies) >= 3
    assert all(len(r.text) <= telegram.TEXT_LIMIT for r in replies)
    assert all(r.text.endswith(".") for r in replies)
    assert [r.reply_markup is not None for r in replies] == [False] * (len(replies) - 1) + [True]


def test_telegram_buttons_without_text_get_a_prompt_and_empty_messages_are_skipped():
    replies = telegram.render([BotMessage(), BotMessage(buttons=[Button(title="Có", payload="/affirm")])], identity)
    assert [r.text for r in replies] == [telegram.BUTTONS_ONLY_TEXT]


def test_telegram_callback_data_goes_through_the_shortener():
    seen = []
    telegram.render([BotMessage(text="x", buttons=[Button(title="Lệ phí", payload=FEE)])],
                    lambda p: seen.append(p) or "p:short")
    assert seen == [FEE]


def test_zalo_buttons_are_a_template_attachment_that_sends_the_title_back():
    messages = [BotMessage(text="Dạ, anh/chị chọn:", buttons=[Button(title="Lệ phí", payload=FEE),
                                                              Button(title="Gặp cán bộ", payload="/request_human")])]
    out, offered = zalo.render(messages)
    assert out == [{"text": "Dạ, anh/chị chọn:", "attachment": {"type": "template", "payload": {"buttons": [
        {"title": "Lệ phí", "type": "oa.query.show", "payload": "Lệ phí"},
        {"title": "Gặp cán bộ", "type": "oa.query.show", "payload": "Gặp cán bộ"},
    ]}}}]
    assert offered == {"Lệ phí": FEE, "Gặp cán bộ": "/request_human"}


def test_zalo_text_is_split_at_2000_and_buttons_come_in_groups_of_five():
    buttons = [Button(title=f"Thủ tục số {i}", payload=f"/choose{{\"i\":{i}}}") for i in range(7)]
    out, offered = zalo.render([BotMessage(text="Một câu khá dài về hồ sơ. " * 200, buttons=buttons)])
    texts = [m["text"] for m in out]
    assert all(len(t) <= zalo.TEXT_LIMIT for t in texts)
    with_buttons = [m for m in out if "attachment" in m]
    assert [len(m["attachment"]["payload"]["buttons"]) for m in with_buttons] == [5, 2]
    assert with_buttons[1]["text"] == zalo.MORE_BUTTONS_TEXT
    assert "attachment" not in out[0] and len(offered) == 7


def test_zalo_long_titles_are_cut_to_the_platform_limit():
    title = "Đăng ký khai sinh có yếu tố nước ngoài tại Ủy ban nhân dân cấp huyện " * 3
    out, offered = zalo.render([BotMessage(text="Chọn", buttons=[Button(title=title, payload="/x")])])
    button = out[0]["attachment"]["payload"]["buttons"][0]
    assert len(button["title"]) == zalo.TITLE_LIMIT and button["title"].endswith("…")
    assert offered == {button["title"]: "/x"}
