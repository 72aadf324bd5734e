"""Configuration read at start-up: what several app processes starting at once must agree on."""

from __future__ import annotations

import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor

from partnership_hub import config
from partnership_hub.config import secret_key


def test_processes_starting_together_share_one_generated_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: secret_key(str(tmp_path)), range(32)))
    assert len(keys) == 1 and len(keys.pop()) >= 40
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no drafts left behind
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_a_key_another_process_wrote_meanwhile_is_the_one_used(tmp_path, monkeypatch):
    """Another process writes its key between this one's look and its write: both must use that key."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    mkstemp = tempfile.mkstemp

    def another_process_goes_first(**kwargs):
        (tmp_path / "secret_key").write_text("the other process's key")
        return mkstemp(**kwargs)

    monkeypatch.setattr(config.tempfile, "mkstemp", another_process_goes_first)
    assert secret_key(str(tmp_path)) == "the other process's key"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert secret_key(str(tmp_path)) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()
