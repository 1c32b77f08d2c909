"""Dump and restore the database named by one ``settings.DATABASES`` entry.

Two engines, the same four operations: :meth:`dump` (a consistent copy plus the row count of
every table *in that same copy*), :meth:`is_empty`, :meth:`restore` and :meth:`counts`.
The counts go into the manifest and are compared after a restore, so a restore that lost
rows says so instead of looking fine.

- **SQLite**: the online backup API (``sqlite3.Connection.backup``) copies the file page by
  page in one step, a consistent snapshot even while the web server writes (WAL). A restore
  writes the copy next to the database and renames it over the old file (after removing the
  old ``-wal``/``-shm``), so the database is either the old one or the restored one.
- **PostgreSQL**: ``pg_dump --format=custom`` under a snapshot exported by a repeatable-read
  transaction that also counts the rows, so dump and counts agree under concurrent writes.
  ``pg_restore --single-transaction --exit-on-error`` restores all or nothing. The client
  tools must be at least the server's major version (checked, with the package to install).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from yizhan.web.backup.archive import BackupError, os_error_message
from yizhan.web.outage import disk_nearly_full

__all__ = ["database_for", "SQLiteDatabase", "PostgresDatabase"]


def database_for(settings_dict: dict):
    """The engine object for a ``DATABASES`` entry."""
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLiteDatabase(Path(settings_dict["NAME"]))
    if "postgresql" in engine:
        return PostgresDatabase(settings_dict)
    raise BackupError(f"不支持的数据库 {engine} / unsupported database {engine}")


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


class SQLiteDatabase:
    engine = "sqlite"
    member = "database.sqlite3"

    def __init__(self, path: Path):
        self.path = Path(path)

    def files(self) -> list[Path]:
        """The database file and its journal files (left out of the data-directory copy)."""
        return [self.path.with_name(self.path.name + s) for s in ("", "-wal", "-shm", "-journal")]

    def dump(self, to: Path) -> dict:
        if not self.path.exists():
            raise BackupError(f"数据库文件不存在：{self.path} / no database file: {self.path}")
        src = sqlite3.connect(self.path, timeout=60)
        dst = sqlite3.connect(to)
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            counts = _sqlite_counts(dst)
        except sqlite3.Error as exc:
            if disk_nearly_full(to.parent):  # WAL-mode SQLite says "disk I/O error" for ENOSPC
                full = OSError(errno.ENOSPC, "disk full")
                raise BackupError(os_error_message(full, to.parent)) from exc
            raise BackupError(f"SQLite 备份失败：{exc} / the SQLite backup failed: {exc}") from exc
        finally:
            dst.close()
            src.close()
        return {"engine": self.engine, "sqlite": sqlite3.sqlite_version, "tables": counts}

    def counts(self) -> dict[str, int]:
        conn = sqlite3.connect(self.path, timeout=60)
        try:
            return _sqlite_counts(conn)
        finally:
            conn.close()

    def is_empty(self) -> bool:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return True
        try:
            return not self.counts()
        except sqlite3.DatabaseError:  # not a database at all: nothing to keep
            return False

    def restore(self, dump: Path, info: dict) -> None:
        check = sqlite3.connect(dump)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            check.close()
        if result != "ok":
            raise BackupError(f"备份中的数据库未通过完整性检查：{result} / the database in the "
                              f"backup fails its integrity check: {result}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staged = self.path.with_name(self.path.name + ".restoring")
        shutil.copyfile(dump, staged)
        with open(staged, "rb+") as fh:
            os.fsync(fh.fileno())
        for journal in self.files()[1:]:
            journal.unlink(missing_ok=True)
        os.replace(staged, self.path)


class PostgresDatabase:
    engine = "postgresql"
    member = "database.pgdump"

    def __init__(self, settings_dict: dict):
        self.settings = settings_dict
        self.name = settings_dict["NAME"]

    def files(self) -> list[Path]:
        return []

    def _env(self) -> dict:
        s, env = self.settings, dict(os.environ)
        for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                         ("PASSWORD", "PGPASSWORD")):
            if s.get(key):
                env[var] = str(s[key])
        env["PGDATABASE"] = self.name
        for option, var in (("sslmode", "PGSSLMODE"),):
            if s.get("OPTIONS", {}).get(option):
                env[var] = str(s["OPTIONS"][option])
        return env

    def _connect(self):
        import psycopg

        s = self.settings
        try:
            return psycopg.connect(dbname=self.name, host=s.get("HOST") or None,
                                   port=s.get("PORT") or None, user=s.get("USER") or None,
                                   password=s.get("PASSWORD") or None, autocommit=True)
        except psycopg.Error as exc:
            raise BackupError(f"无法连接数据库 {self.name}：{exc} / cannot connect to the "
                              f"database {self.name}: {exc}") from exc

    @staticmethod
    def _counts(conn) -> dict[str, int]:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM public."{t}"').fetchone()[0]
                for t in tables}

    def _tool(self, name: str, server_major: int) -> tuple[str, str]:
        """The path and version of ``pg_dump``/``pg_restore`` for this server: the newest
        installed major version (Debian keeps one directory per version), refused when older
        than the server."""
        candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                            key=lambda p: int(p.parent.parent.name), reverse=True)
        path = str(candidates[0]) if candidates else shutil.which(name)
        if not path:
            raise BackupError(f"找不到 {name}，请安装 postgresql-client-{server_major} / {name} "
                              f"not found: install postgresql-client-{server_major}")
        out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
        version = re.search(r"(\d+)(?:\.(\d+))?", out).group(0)
        if int(version.split(".")[0]) < server_major:
            raise BackupError(f"{name} {version} 比数据库服务器 {server_major} 旧，请安装 "
                              f"postgresql-client-{server_major} / {name} {version} is older "
                              f"than the server ({server_major}): install "
                              f"postgresql-client-{server_major}")
        return path, version

    def dump(self, to: Path) -> dict:
        with self._connect() as conn:
            server = conn.info.server_version
            pg_dump, version = self._tool("pg_dump", server // 10000)
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = self._counts(conn)
            done = subprocess.run([pg_dump, "--format=custom", "--no-owner", "--no-acl",
                                   f"--snapshot={snapshot}", f"--file={to}"],
                                  env=self._env(), capture_output=True, text=True)
            conn.execute("COMMIT")
        if done.returncode != 0:
            raise BackupError(f"pg_dump 失败 / pg_dump failed: {done.stderr.strip()}")
        return {"engine": self.engine, "server_version": server, "pg_dump": version,
                "tables": counts}

    def counts(self) -> dict[str, int]:
        with self._connect() as conn:
            return self._counts(conn)

    def is_empty(self) -> bool:
        with self._connect() as conn:
            return conn.execute("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"
                                ).fetchone()[0] == 0

    def restore(self, dump: Path, info: dict) -> None:
        with self._connect() as conn:
            pg_restore, version = self._tool("pg_restore", conn.info.server_version // 10000)
            made_by = int(str(info.get("pg_dump", "0")).split(".")[0])
            if int(version.split(".")[0]) < made_by:
                raise BackupError(f"pg_restore {version} 比制作备份的 pg_dump {info['pg_dump']} "
                                  f"旧 / pg_restore {version} is older than the pg_dump "
                                  f"({info['pg_dump']}) that made the backup")
            # with --force: an empty public schema first (tables the backup lacks go too)
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
        done = subprocess.run([pg_restore, "--no-owner", "--no-acl", "--single-transaction",
                               "--exit-on-error", f"--dbname={self.name}", str(dump)],
                              env=self._env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_restore 失败 / pg_restore failed: {done.stderr.strip()}")
