import pytest

from connectors.text_split import split_text

SENTENCES = ["Câu thứ nhất nói về giấy tờ.", "Câu thứ hai hỏi lệ phí bao nhiêu?", "Câu thứ ba rất quan trọng!",
             "Câu thứ tư cần chờ thêm…", "Dòng cuối (hết)."]


def test_short_text_is_one_part():
    assert split_text("  Dạ, em chào anh/chị.  ", 4096) == ["Dạ, em chào anh/chị."]
    assert split_text("   ", 10) == []


@pytest.mark.parametrize("limit", [40, 64, 100, 4096])
def test_parts_respect_the_limit_and_keep_sentences_whole(limit):
    text = " ".join(SENTENCES * 30)
    parts = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in parts)
    # nothing lost, nothing added (whitespace between parts aside)
    assert " ".join(parts).split() == text.split()
    # every part starts at a sentence start (all sentences fit the limit here)
    starts = tuple(s.split()[0] for s in SENTENCES)
    assert all(p.startswith(starts) for p in parts)


def test_line_breaks_are_boundaries_too():
    text = "Bước 1: nộp tờ khai\nBước 2: nhận giấy hẹn\nBước 3: nhận kết quả"
    assert split_text(text, 25) == ["Bước 1: nộp tờ khai", "Bước 2: nhận giấy hẹn", "Bước 3: nhận kết quả"]


def test_a_sentence_longer_than_the_limit_is_cut_at_spaces_then_hard():
    words = "giấy " * 50
    parts = split_text(words, 32)
    assert all(len(p) <= 32 for p in parts) and all(not p.startswith(" ") for p in parts)
    assert "".join(parts).replace(" ", "") == words.replace(" ", "")
    assert split_text("x" * 70, 32) == ["x" * 32, "x" * 32, "x" * 6]


def test_limit_must_be_positive():
    with pytest.raises(ValueError):
        split_text("abc", 0)
