"""Benefit kinds of social-insurance procedures (knowledge/search/benefit_kinds.py)."""
from __future__ import annotations

from knowledge.search.benefit_kinds import KIND_PENALTY, BenefitKindIndex, message_kinds, name_kinds

NAMES = ["Giải quyết hưởng chế độ thai sản", "Giải quyết hưởng chế độ ốm đau",
         "Giải quyết hưởng chế độ TNLĐ, BNN đối với trường hợp bị TNLĐ lần đầu",
         "Giải quyết hưởng chế độ tử tuất", "Giải quyết hưởng bảo hiểm xã hội một lần",
         "Giải quyết hưởng trợ cấp nghỉ DSPHSK sau ốm đau, thai sản, TNLĐ, BNN",
         "Đăng ký, điều chỉnh đóng BHXH, BHYT, BHTN, BHTNLĐ, BNN; cấp sổ BHXH, thẻ BHYT"]


def test_name_kinds():
    assert [sorted(name_kinds(n)) for n in NAMES] == [
        ["maternity"], ["sickness"], ["work_accident"], ["survivor"], ["lump_sum"],
        ["maternity", "sickness", "work_accident"], []]


def test_message_kinds_with_and_without_diacritics():
    assert message_kinds("Anh tôi bị tai nạn lao động, được hưởng chế độ gì từ BHXH?", True) == {"work_accident"}
    assert message_kinds("bi tai nan tren duong di lam co duoc boi thuong khong", False) == {"work_accident"}
    assert message_kinds("Bố tôi vừa mất, gia đình được nhận tiền gì?", True) == {"survivor"}
    assert message_kinds("vợ tôi sắp sinh con", True) == {"maternity"}
    assert message_kinds("Giấy chứng nhận nghỉ việc hưởng BHXH nhận ở đâu?", True) == {"sickness"}
    assert message_kinds("nghỉ việc rồi muốn rút bhxh", False) == {"lump_sum"}
    assert message_kinds("đã nhận trợ cấp một lần từ BHXH", True) == {"lump_sum"}
    # "một lần" is the lump sum only when it qualifies the benefit, not "một lần khám"
    assert message_kinds("một lần khám được nghỉ tối đa bao nhiêu ngày?", True) == frozenset()
    # losing a paper or an arm is no death; a plain question names no kind
    assert message_kinds("bị mất sổ bảo hiểm xã hội", True) == frozenset()
    assert message_kinds("đóng BHXH được hưởng chế độ gì?", True) == frozenset()


def test_only_procedures_of_other_kinds_lose():
    index = BenefitKindIndex(NAMES)
    accident = index.adjustment("Anh tôi bị tai nạn lao động, được hưởng chế độ gì từ BHXH?", True)
    assert list(accident) == [-KIND_PENALTY, -KIND_PENALTY, 0, -KIND_PENALTY, -KIND_PENALTY, 0, 0]
    assert not index.adjustment("đóng BHXH được hưởng chế độ gì?", True).any()


def test_a_story_s_question_is_searched_with_the_story_as_context(tmp_path):
    from knowledge.search import ProcedureSearch
    from knowledge.search.settings import SearchSettings

    catalogue = {f"1.00000{i}": {"code": f"1.00000{i}", "name": n, "field": "Bảo hiểm xã hội", "level": "Cấp tỉnh"}
                 for i, n in enumerate(NAMES)}
    settings = SearchSettings(embedding_model=str(tmp_path / "no-model"), curated_dir=tmp_path / "none",
                              cache_dir=tmp_path / "cache")
    engine = ProcedureSearch(lambda: catalogue, settings, use_dense=False)
    question = "Xin hỏi, anh trai tôi có được hưởng chế độ gì từ BHXH không?"
    story = "Anh trai tôi đóng BHXH được 3 năm, bị tai nạn lao động mất cánh tay phải. " + question
    alone = engine.evidence(question).qualifier
    told = engine.evidence(question, context=story).qualifier
    assert not alone.any()  # the question alone names no benefit
    assert told[0] == -KIND_PENALTY and told[2] == 0  # maternity loses, the accident does not
