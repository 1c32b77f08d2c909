"""Backups on PostgreSQL (``pg_dump --format=custom`` / ``pg_restore``): backup → damage →
restore gives back every row of every table, the change history included; a restore into a
new, empty database (another server) too.

Run with ``DATABASE_URL=postgres://… pytest -m postgres tests/web/test_backup_postgres.py``;
``pg_dump``/``pg_restore`` of at least the server's major version must be installed.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from yizhan.web.backup import BackupError, create_backup, restore_backup
from yizhan.web.changelog.models import ObjectChange
from yizhan.web.context import change_context

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")]


def _connect(settings_dict, name=None):
    return psycopg.connect(dbname=name or settings_dict["NAME"],
                           host=settings_dict.get("HOST") or None,
                           port=settings_dict.get("PORT") or None,
                           user=settings_dict.get("USER") or None,
                           password=settings_dict.get("PASSWORD") or None, autocommit=True)


def all_rows(settings_dict) -> dict[str, list[tuple]]:
    with _connect(settings_dict) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: sorted(conn.execute(f'SELECT * FROM public."{t}"').fetchall(), key=repr)
                for t in tables}


@pytest.fixture
def site(tmp_path, world, users):
    with change_context(user=users["officer"], label="test"):
        committee = world["own"]["committee"]
        committee.households = 6100
        committee.save()
    assert ObjectChange.objects.filter(user=users["officer"]).exists()
    data = tmp_path / "data"
    (data / "uploads").mkdir(parents=True)
    (data / "uploads" / "preview-1.csv").write_text("code,name\n")
    (tmp_path / "backups").mkdir()
    return {"data": data, "backups": tmp_path / "backups", "static": data / "static",
            "database": dict(connection.settings_dict)}


@pytest.mark.django_db(transaction=True)
def test_backup_damage_restore_gives_back_every_row_and_the_history(site):
    db = site["database"]
    before = all_rows(db)
    assert before["changelog_objectchange"] and before["registry_committee"]
    result = create_backup(site["backups"], database=db, data_dir=site["data"],
                           static_root=site["static"])
    assert result["database"]["engine"] == "postgresql"
    with _connect(db) as conn:  # damage: the history and memberships gone, a row changed
        conn.execute("DELETE FROM changelog_objectchange")
        conn.execute("DELETE FROM registry_stationmembership")
        conn.execute("UPDATE registry_committee SET households = 1")
    (site["data"] / "uploads" / "preview-1.csv").unlink()
    assert all_rows(db) != before

    with pytest.raises(BackupError, match="--force"):
        restore_backup(result["path"], database=db, data_dir=site["data"],
                       static_root=site["static"])
    connection.close()  # our idle connection; the restore replaces the schema
    restore_backup(result["path"], force=True, database=db, data_dir=site["data"],
                   static_root=site["static"])
    assert all_rows(db) == before
    assert (site["data"] / "uploads" / "preview-1.csv").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_new_empty_database(site, tmp_path):
    db = site["database"]
    before = all_rows(db)
    path = create_backup(site["backups"], database=db, data_dir=site["data"],
                         static_root=site["static"])["path"]
    name = f"{db['NAME']}_restore"
    with _connect(db, "postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    target = dict(db, NAME=name)
    try:
        restore_backup(path, database=target, data_dir=tmp_path / "new",
                       static_root=tmp_path / "new" / "static")
        assert all_rows(target) == before
    finally:
        with _connect(db, "postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
