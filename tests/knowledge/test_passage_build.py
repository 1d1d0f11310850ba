"""The child process that embeds a cold passage cache: a failure is said, not silent; a child
that runs too long is not followed by an equally long build in the serving process."""
from __future__ import annotations

import logging

import pytest

from knowledge.search import passage_build


def test_a_failing_child_is_logged_and_left_to_the_caller(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(passage_build.sys, "executable", "/bin/false")
    with caplog.at_level(logging.WARNING, logger=passage_build.__name__):
        assert passage_build.build_in_child("model", ["passage: a"], tmp_path / "passages-x.npy", 1) is False
    assert "failed" in caplog.text
    assert not (tmp_path / "passages-x.npy").exists()


def test_a_child_past_the_timeout_raises(tmp_path, monkeypatch):
    slow = tmp_path / "slow-python"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    monkeypatch.setattr(passage_build.sys, "executable", str(slow))
    monkeypatch.setattr(passage_build, "BUILD_TIMEOUT", 0.3)
    with pytest.raises(OSError):
        passage_build.build_in_child("model", ["passage: a"], tmp_path / "passages-x.npy", 1)
