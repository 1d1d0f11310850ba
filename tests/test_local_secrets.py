from core.local_secrets import configured_or_local


def test_configured_value_wins(tmp_path):
    assert configured_or_local("configured-secret", "x", key_dir=tmp_path) == "configured-secret"
    assert not list(tmp_path.iterdir())


def test_local_key_is_created_once_and_kept(tmp_path):
    first = configured_or_local("", "dossier_secret", key_dir=tmp_path)
    assert len(first) == 64
    assert configured_or_local("", "dossier_secret", key_dir=tmp_path) == first
    assert (tmp_path / "dossier_secret.key").stat().st_mode & 0o077 == 0
