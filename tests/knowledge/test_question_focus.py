"""knowledge.answers.question_focus: the question sentence of a long story is what is classified."""
from knowledge.answers.question_focus import focus_text

STORY = ("Tôi đóng BHXH từ năm 2010 ở một công ty may, đến tháng 3 năm nay thì công ty cho nghỉ việc vì "
         "không có đơn hàng. Tôi đã nhận sổ BHXH và quyết định nghỉ việc, hiện ở nhà chăm con nhỏ và chưa đi "
         "làm lại được. Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?")


def test_short_messages_are_read_whole():
    text = "Chào em. Làm căn cước ở đâu?"
    assert focus_text(text) == text


def test_a_long_story_is_read_by_its_question():
    assert focus_text(STORY) == "Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?"


def test_question_words_without_a_question_mark():
    story = STORY.replace("không?", "không") + " Cảm ơn cán bộ rất nhiều vì đã đọc thư này"
    assert "rút bảo hiểm xã hội một lần" in focus_text(story)


def test_a_very_short_question_keeps_the_sentence_before_it():
    story = STORY.replace("Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?",
                          "Tôi muốn rút bảo hiểm xã hội một lần cho đỡ khó khăn. Vậy phải làm sao?")
    assert focus_text(story) == "Tôi muốn rút bảo hiểm xã hội một lần cho đỡ khó khăn. Vậy phải làm sao?"


def test_a_story_without_a_question_is_read_whole():
    story = STORY.replace("Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?", "Tôi rất buồn.")
    assert focus_text(story) == story


def test_a_story_ending_with_a_request_is_read_by_the_request():
    story = STORY.replace("Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?",
                          "Giấy tờ tôi có đủ cả rồi mà không biết làm trên mạng, bạn làm giúp tôi hồ sơ nhé.")
    assert focus_text(story) == "Giấy tờ tôi có đủ cả rồi mà không biết làm trên mạng, bạn làm giúp tôi hồ sơ nhé."


def test_dots_inside_codes_and_numbers_do_not_end_a_sentence():
    from knowledge.answers.question_focus import sentences

    text = "Tôi ở TP.HCM, lương 1.5 triệu. Mã hồ sơ 000.00.31.H40-250509-0012 nộp rồi. Đến đâu rồi?"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Tôi ở TP.HCM, lương 1.5 triệu.", "Mã hồ sơ 000.00.31.H40-250509-0012 nộp rồi.", "Đến đâu rồi?"]


COMPLAINT = ("Tôi lên phường nộp hồ sơ từ sáng sớm, chờ đến trưa mới được gọi tên. Cán bộ bảo thiếu giấy, "
             "trong khi hôm trước chính anh ấy đưa danh sách cho tôi. Con tôi cần bản sao để làm thẻ học sinh "
             "mà giờ vẫn chưa có. Làm việc như vậy thật sự quá tệ.")


def test_everyday_phrases_that_fold_like_question_words_do_not_make_a_question():
    # folded, "đưa … cho tôi" looks like "cho tôi (hỏi)" and "làm thẻ" like "làm thế (nào)"
    assert focus_text(COMPLAINT) == COMPLAINT


def test_a_story_ending_with_a_request_for_a_person_is_read_by_the_request():
    story = STORY.replace("Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?",
                          "Tôi không hiểu trường hợp của mình áp dụng thế nào. Tôi muốn được gặp trực tiếp một "
                          "cán bộ bảo hiểm để trình bày.")
    assert focus_text(story) == "Tôi muốn được gặp trực tiếp một cán bộ bảo hiểm để trình bày."


def test_asking_to_be_put_through_or_called_back_is_a_request():
    story = STORY.replace("Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?",
                          "Máy trả lời chung chung quá, tôi không biết phải làm gì. Tôi bận lắm, làm ơn chuyển "
                          "cho tôi sang một cán bộ ngay.")
    assert focus_text(story) == "Tôi bận lắm, làm ơn chuyển cho tôi sang một cán bộ ngay."
    called = STORY.replace("Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?",
                           "Tôi không biết phải làm gì. Số tôi là 0912 000 111, nhờ cán bộ gọi lại cho tôi.")
    assert focus_text(called).endswith("gọi lại cho tôi.")


def test_meeting_or_telling_officers_in_the_story_is_no_request():
    for told in ("Tôi đã lên gặp cán bộ địa chính xã mấy lần nhưng anh ấy bảo hồ sơ đang ở huyện.",
                 "Tôi đã nói mấy lần rồi mà họ vẫn không giải quyết.",
                 "Sau đó hồ sơ được chuyển sang cán bộ khác thụ lý.",
                 "Cán bộ hẹn gọi lại cho tôi nhưng đến nay không thấy."):
        story = COMPLAINT.replace("Làm việc như vậy thật sự quá tệ.", told)
        assert focus_text(story) == story, told


def test_formal_ways_to_ask_are_questions():
    story = STORY.replace("Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?",
                          "Cho tôi được biết thủ tục hưởng bảo hiểm xã hội một lần theo quy định hiện hành")
    assert focus_text(story).startswith("Cho tôi được biết")


def test_a_property_question_outranks_the_yes_no_details_after_it():
    story = ("Xin hỏi hồ sơ để cha nhận con gồm những giấy tờ gì? Tôi và mẹ cháu sống chung từ năm 2019 nhưng "
             "chưa đăng ký kết hôn. Lúc sinh, cháu được làm giấy khai sinh chỉ có tên mẹ. Nay cháu đã năm tuổi, "
             "chúng tôi muốn bổ sung tên cha cho đúng. Tôi có cần đi xét nghiệm ADN trước khi nộp không?")
    assert focus_text(story) == "Xin hỏi hồ sơ để cha nhận con gồm những giấy tờ gì?"


def test_a_told_sentence_that_folds_like_a_question_is_not_preferred():
    story = ("Tôi với một người bạn góp vốn mở quán cà phê nhỏ ở đầu ngõ, mặt bằng đã thuê xong. Quán đứng tên "
             "tôi, bạn tôi chỉ góp tiền. Tôi đã có căn cước, hợp đồng thuê nhà và biết ngành nghề cần đăng ký. "
             "Bây giờ bạn hướng dẫn tôi điền luôn tờ khai đăng ký hộ kinh doanh trên mạng nhé.")
    assert focus_text(story).startswith("Bây giờ bạn hướng dẫn tôi")


def test_saying_what_one_wants_to_know_is_a_question():
    story = STORY.replace("Xin hỏi tôi có được rút bảo hiểm xã hội một lần không?",
                          "Tôi muốn biết cần nộp những giấy tờ nào để rút một lần. Xin cảm ơn.")
    assert focus_text(story).startswith("Tôi muốn biết cần nộp")


def test_a_later_question_of_its_own_keeps_the_focus():
    status = ("Hồ sơ làm sổ đỏ cần những giấy tờ gì? Tôi đã nộp đủ từ tháng sáu mà cán bộ cứ hẹn lần hẹn lữa "
              "mãi không thôi. Sao đến nay đã quá hẹn hai tháng mà vẫn chưa có kết quả?")
    assert focus_text(status).startswith("Sao đến nay")
    person = ("Làm hộ chiếu cần mang giấy tờ gì? Cái máy này cứ trả lời lòng vòng mãi, tôi hỏi ba lần rồi mà "
              "không ra được câu nào cho rõ ràng. Cho tôi gặp cán bộ được không?")
    assert focus_text(person).endswith("Cho tôi gặp cán bộ được không?")


def test_never_and_a_told_conversation_are_no_questions():
    complaint = ("Hôm qua tôi đến bộ phận một cửa nộp hồ sơ và phải chờ rất lâu. Cuối cùng một cán bộ ra nói "
                 "chuyện với tôi, bảo là thiếu giấy rồi bảo về. Tôi đã ngoài sáu mươi tuổi, chẳng bao giờ bị "
                 "đối xử như thế. Thái độ phục vụ như vậy là không thể chấp nhận được.")
    assert focus_text(complaint) == complaint
    request = complaint.replace("Thái độ phục vụ như vậy là không thể chấp nhận được.",
                                "Có ai là người thật thì vào nói chuyện với tôi ngay đi!")
    assert focus_text(request) == "Có ai là người thật thì vào nói chuyện với tôi ngay đi!"
