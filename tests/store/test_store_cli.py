"""``triage users`` and ``triage review export`` on a real store."""

from __future__ import annotations

import io

from triage.cli import main
from triage.store import repository as repo
from triage.store.db import session_scope
from triage.store.ingest import ingest_records
from triage.store.models import Interaction


def test_cli_users_add_password_stdin_and_list(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "t.db")
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-password\n"))
    assert (
        main(["users", "add", "lihua", "--role", "reviewer", "--password-stdin", "--db", db]) == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "x", "--role", "agent", "--password-stdin", "--db", db]) == 2
    assert "at least 8" in capsys.readouterr().err
    assert main(["users", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "lihua\treviewer" in out and "s3cret" not in out
    with session_scope(f"sqlite:///{db}") as s:
        user = repo.authenticate(s, "lihua", "s3cret-password")
        assert user is not None and user.password_hash.startswith("$argon2id$")
        assert repo.list_audit(s, action="user_add").total == 1


def test_cli_review_export_writes_dataset(tmp_path, scored_records, capsys):
    from datasets import load_from_disk

    url = f"sqlite:///{tmp_path / 't.db'}"
    ingest_records(url, scored_records)
    with session_scope(url) as s:
        rev = repo.create_user(s, "rev", "reviewer", "reviewer-pass")
        repo.record_verdict(
            s, s.get(Interaction, "call-fixture-0002"), rev, {"C04": "overturn"}, severity="P3"
        )
    out = tmp_path / "export"
    assert main(["review", "export", "--out", str(out), "--db", url]) == 0
    ds = load_from_disk(str(out))
    assert ds["id"] == ["call-fixture-0002"]
    assert ds.features["severity"].int2str(ds[0]["severity"]) == "P3"
    assert "1 reviewed interactions" in capsys.readouterr().out
