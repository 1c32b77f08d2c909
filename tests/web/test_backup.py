"""``yizhan backup`` / ``yizhan restore``: backup → damage → restore gives back every row of
every table (the change history included) and every data file; a damaged archive or a
non-empty target is refused before anything is touched.

SQLite here (the test database copied to a file with SQLite's backup API, then backed up
and restored with the same code the command runs); PostgreSQL in ``test_backup_postgres.py``.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from yizhan.web.backup import BackupError, create_backup, restore_backup
from yizhan.web.backup.archive import backup_name, prune
from yizhan.web.changelog.models import ObjectChange
from yizhan.web.context import change_context

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite file database")


def all_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                             "AND name NOT LIKE 'sqlite_%'")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}
    finally:
        conn.close()


@pytest.fixture
def site(tmp_path, world, users):
    """A data directory as a server has it: the database file (the test database with the
    world, its users and a change made by a user), an upload and the secret key."""
    committee = world["own"]["committee"]
    with change_context(user=users["officer"], label="test"):
        committee.households = 6100
        committee.save()
    assert ObjectChange.objects.filter(user=users["officer"]).exists()
    data = tmp_path / "data"
    (data / "uploads").mkdir(parents=True)
    (data / "uploads" / "preview-1.csv").write_text("code,name\nT001,黄贝社区\n")
    (data / "secret_key").write_text("the-secret")
    db_path = data / "yizhan.sqlite3"
    dst = sqlite3.connect(db_path)
    connection.ensure_connection()
    connection.connection.backup(dst)
    dst.close()
    (tmp_path / "backups").mkdir()
    return {"data": data, "db": db_path, "backups": tmp_path / "backups",
            "database": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db_path)},
            "static": data / "static"}


def _backup(site, **kw):
    return create_backup(site["backups"], database=site["database"], data_dir=site["data"],
                         static_root=site["static"], **kw)


def _restore(site, path, **kw):
    return restore_backup(path, database=site["database"], data_dir=site["data"],
                          static_root=site["static"], **kw)


@pytest.mark.django_db(transaction=True)
def test_backup_damage_restore_gives_back_every_row_and_the_history(site):
    before = all_rows(site["db"])
    assert before["changelog_objectchange"] and before["registry_committee"]
    result = _backup(site)
    assert result["database"]["tables"]["changelog_objectchange"] == len(
        before["changelog_objectchange"])
    assert set(result["files"]) == {"database.sqlite3", "data/uploads/preview-1.csv",
                                    "data/secret_key"}
    # damage: rows deleted, the history emptied, an upload lost
    conn = sqlite3.connect(site["db"])
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DELETE FROM changelog_objectchange")
    conn.execute("DELETE FROM registry_stationmembership")
    conn.commit()
    conn.close()
    (site["data"] / "uploads" / "preview-1.csv").unlink()
    assert all_rows(site["db"]) != before

    with pytest.raises(BackupError, match="--force"):
        _restore(site, result["path"])
    restored = _restore(site, result["path"], force=True)
    assert all_rows(site["db"]) == before
    assert restored["rows"] == sum(len(rows) for rows in before.values())
    assert (site["data"] / "uploads" / "preview-1.csv").read_text().startswith("code,name")


@pytest.mark.django_db(transaction=True)
def test_a_corrupted_database_file_is_restored(site):
    before = all_rows(site["db"])
    path = _backup(site)["path"]
    raw = bytearray(site["db"].read_bytes())
    raw[4096:8192] = b"\xff" * 4096  # a page overwritten
    site["db"].write_bytes(bytes(raw))
    _restore(site, path, force=True)
    assert all_rows(site["db"]) == before


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_data_directory(site, tmp_path):
    before = all_rows(site["db"])
    path = _backup(site)["path"]
    fresh = tmp_path / "new-server"
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(fresh / "yizhan.sqlite3")}
    (fresh / "static").mkdir(parents=True)  # made on start: does not count
    (fresh / "secret_key").write_text("generated on first start")
    restore_backup(path, database=target, data_dir=fresh, static_root=fresh / "static")
    assert all_rows(fresh / "yizhan.sqlite3") == before
    assert (fresh / "secret_key").read_text() == "the-secret"
    assert (fresh / "uploads" / "preview-1.csv").exists()
    assert not [p for p in fresh.iterdir() if p.name.startswith(".restore-")]


def _rewrite(src: str, dst: Path, change) -> None:
    """Copy the archive with ``change(name, bytes) -> bytes | None`` applied (None drops)."""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        for member in tin:
            body = change(member.name, tin.extractfile(member).read())
            if body is not None:
                member.size = len(body)
                tout.addfile(member, io.BytesIO(body))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage, message", [
    (lambda n, b: b[:-100] + b"x" * 100 if n == "database.sqlite3" else b, "checksum"),
    (lambda n, b: None if n.startswith("data/uploads") else b, "incomplete"),
    (lambda n, b: None if n == "manifest.json" else b, "manifest"),
])
def test_a_damaged_archive_is_refused_and_nothing_is_touched(site, tmp_path, damage, message):
    path = _backup(site)["path"]
    bad = tmp_path / "bad.tar.gz"
    _rewrite(path, bad, damage)
    before = all_rows(site["db"])
    with pytest.raises(BackupError, match=message):
        _restore(site, bad, force=True)
    assert all_rows(site["db"]) == before


@pytest.mark.django_db(transaction=True)
def test_a_truncated_archive_is_refused(site, tmp_path):
    path = Path(_backup(site)["path"])
    bad = tmp_path / "truncated.tar.gz"
    bad.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(BackupError, match="damaged"):
        _restore(site, bad, force=True)


@pytest.mark.django_db(transaction=True)
def test_an_unsafe_member_name_is_refused(site, tmp_path):
    path = _backup(site)["path"]
    bad = tmp_path / "escape.tar.gz"

    def rename(name, body):
        if name == "manifest.json":
            manifest = json.loads(body)
            manifest["files"]["../escape"] = manifest["files"].pop("data/secret_key")
            return json.dumps(manifest).encode()
        return body

    with tarfile.open(path, "r:gz") as tin, tarfile.open(bad, "w:gz") as tout:
        for member in tin:
            body = rename(member.name, tin.extractfile(member).read())
            if member.name == "data/secret_key":
                member.name = "../escape"
            member.size = len(body)
            tout.addfile(member, io.BytesIO(body))
    with pytest.raises(BackupError, match="unexpected entry"):
        _restore(site, bad, force=True)
    assert not (site["data"].parent / "escape").exists()


def test_retention_keeps_the_newest_and_never_touches_other_files(tmp_path):
    from datetime import datetime, timedelta, timezone

    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    names = [backup_name(start + timedelta(days=d)) for d in range(5)]
    for name in names:
        (tmp_path / name).write_text("x")
    (tmp_path / "notes.txt").write_text("keep me")
    (tmp_path / "yizhan-manual.tar.gz").write_text("not ours by name")
    deleted = prune(tmp_path, 2)
    assert sorted(p.name for p in deleted) == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*names[3:], "notes.txt", "yizhan-manual.tar.gz"])
    with pytest.raises(BackupError):
        prune(tmp_path, 0)


@pytest.mark.django_db(transaction=True)
def test_backup_keep_prunes_after_writing(site):
    for name in ("yizhan-20200101-000000.tar.gz", "yizhan-20200102-000000.tar.gz"):
        (site["backups"] / name).write_text("old")
    result = _backup(site, keep=1)
    assert [p.name for p in site["backups"].iterdir()] == [Path(result["path"]).name]
    assert len(result["pruned"]) == 2


def test_the_command_prints_each_result_on_one_line_however_long(monkeypatch):
    """Under systemd the output goes to the journal, where a line wrapped at the console's 80
    columns would be two entries: the messages are printed unwrapped."""
    from typer.testing import CliRunner

    import yizhan.web.backup as backup_module
    from yizhan.cli import app

    deep = "/var/backups/" + "/".join(["yizhan-on-a-long-mount-point"] * 4)
    made = {"path": f"{deep}/yizhan-20261201-023000.tar.gz", "created": "2026-12-01T02:30:00Z",
            "version": "0.1.0", "files": ["manifest.json", "database.sqlite3", "data/secret_key"],
            "database": {"engine": "sqlite", "tables": {"a": 1000, "b": 2345}},
            "pruned": [f"{deep}/yizhan-20261101-023000.tar.gz"]}
    monkeypatch.setattr(backup_module, "create_backup", lambda dest, keep: made)
    result = CliRunner().invoke(app, ["backup", deep, "--keep", "14"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2, lines
    assert made["path"] in lines[0] and "3,345" in lines[0] and "2" in lines[0]
    assert made["pruned"][0] in lines[1]
