"""Exported training files never hold personal data: fictitious căn cước, phones, receipt codes
and names are replaced by placeholders (annotated as the domain's entities) before writing."""
from __future__ import annotations

import yaml
from sqlalchemy import select

from domain.feedback import desk, export
from domain.feedback.desk_items import put_on_desk
from domain.feedback.models import FALLBACK, DeskItem
from domain.feedback.placeholders import for_training, mask, plain
from domain.handoff import service
from domain.handoff.messages import annotate, log_message
from domain.handoff.models import Officer

PERSONAL = ["079201001234", "0987 654 321", "+84912345678", "000.00.15.H22-240918-0003", "Trần Thị Bích"]
WORDING = ("tôi là Trần Thị Bích, căn cước 079201001234, sđt 0987 654 321 hoặc +84912345678, "
           "hồ sơ 000.00.15.H22-240918-0003 muốn xin trích lục khai sinh [bản sao]")


def test_placeholders_replace_every_kind_of_personal_data():
    name_at = WORDING.index("Trần Thị Bích")
    entities = [{"entity": "person_name", "value": "Trần Thị Bích", "start": name_at, "end": name_at + 13}]
    for text in (for_training(WORDING, entities), plain(WORDING, entities), mask(WORDING, entities)):
        assert not any(value in text for value in PERSONAL), text
    example = for_training(WORDING, entities)
    assert "[079201001234]" not in example and "[001099000000](id_number)" in example
    assert "[0900000000](phone_number)" in example and "[Nguyễn Văn A](person_name)" in example
    assert "(bản sao)" in example          # the citizen's brackets cannot become annotations


def test_exported_files_hold_placeholders_only(database, officers, export_dirs):
    lan, _ = officers
    with database.session() as s:
        conversation = service.get_or_create(s, "web-pii", "web")
        message = log_message(s, conversation, direction="in", author="citizen", text=WORDING)
        name_at = WORDING.index("Trần Thị Bích")
        annotate(message, {"intent": "nlu_fallback", "confidence": 0.2, "entities": [
            {"entity": "person_name", "value": "Trần Thị Bích", "start": name_at, "end": name_at + 13}]})
        item = put_on_desk(s, conversation, message, FALLBACK)
        officer = s.get(Officer, lan.id)
        desk.label(s, item.id, officer, intent=None, procedure_code="1.001193", no_procedure=False)
        desk.add_alias(s, item.id, officer, "1.001193", "trích lục khai sinh cho bà Trần Thị Bích sđt 0987654321")
        result = export.export(s, officer)
        assert s.scalar(select(DeskItem.exported_batch).where(DeskItem.id == item.id)) == result["batch"]
    written = [p for d in (export_dirs["nlu"], export_dirs["aliases"]) for p in d.glob("*.yml")]
    assert len(written) == 2
    for path in written:
        content = path.read_text(encoding="utf-8")
        assert not any(value in content for value in PERSONAL + ["0987654321"]), content
        yaml.safe_load(content)
    nlu = yaml.safe_load((export_dirs["nlu"] / f"{result['batch']}.yml").read_text(encoding="utf-8"))
    assert nlu["version"] == "3.1" and nlu["nlu"][0]["intent"] == "ask_procedure"
    assert "[0900000000](phone_number)" in nlu["nlu"][0]["examples"]


def test_a_wording_already_in_the_training_data_is_not_written_twice(database, officers, export_dirs):
    lan, _ = officers
    known = next((text, intent) for text, intent in export.existing_examples(export.NLU_DIR).items()
                 if not any(ch.isdigit() or ch in "[](){}" for ch in text))
    with database.session() as s:
        conversation = service.get_or_create(s, "web-dup", "web")
        message = log_message(s, conversation, direction="in", author="citizen", text=known[0])
        item = put_on_desk(s, conversation, message, FALLBACK)
        other = "greet" if known[1] != "greet" else "goodbye"
        desk.label(s, item.id, s.get(Officer, lan.id), intent=other, procedure_code=None, no_procedure=False)
        result = export.export(s, s.get(Officer, lan.id))
    assert result["examples"] == 0 and result["skipped"][0]["already_as"] == known[1]
    assert list(export_dirs["nlu"].glob("*.yml")) == []
