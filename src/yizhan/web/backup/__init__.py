"""``yizhan backup`` and ``yizhan restore``: the database and the data directory in one file.

A backup is a consistent copy of the database (:mod:`.databases`) and every file of the data
directory (``YIZHAN_DATA_DIR``: uploads, the generated secret key), packed with a manifest of
checksums and per-table row counts (:mod:`.archive`). Left out: the SQLite file itself (it is
copied by the backup API instead), the collected static files (``collectstatic`` makes them
again) and backups that happen to sit inside the data directory.

A restore goes into an *empty* target — a database without tables and a data directory with
nothing but what yizhan makes by itself on start (the secret key, static files) — unless
``force`` is given. It verifies every checksum before it touches anything, restores the
database all or nothing, puts the files in place, and finally compares the row count of every
table with the manifest. Stop the web and worker services first (docs/deploy.md).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from yizhan.web.backup.archive import (BackupError, backup_name, prune, read_archive,
                                       write_archive)
from yizhan.web.backup.databases import database_for

__all__ = ["BackupError", "create_backup", "restore_backup"]

#: what a data directory may hold and still count as empty (yizhan writes it on start)
_MADE_ON_START = {"secret_key"}


def _defaults(database, data_dir, static_root):
    from django.conf import settings

    return (database or settings.DATABASES["default"], Path(data_dir or settings.DATA_DIR),
            Path(static_root or settings.STATIC_ROOT))


def _data_files(data_dir: Path, skip: list[Path]) -> dict[str, Path]:
    """Archive name → path of every regular file under ``data_dir`` except ``skip`` (files or
    whole directories), partial/restoring leftovers and backups."""
    skip = [p.resolve() for p in skip]
    found = {}
    for root, dirs, files in os.walk(data_dir):
        here = Path(root).resolve()
        dirs[:] = sorted(d for d in dirs if (here / d) not in skip
                         and not d.startswith(".restore-"))
        for name in sorted(files):
            path = here / name
            if (path in skip or path.is_symlink() or not path.is_file()
                    or name.endswith((".partial", ".restoring"))
                    or (name.startswith("yizhan-") and name.endswith(".tar.gz"))):
                continue
            found["data/" + path.relative_to(data_dir.resolve()).as_posix()] = path
    return found


def create_backup(dest: Path, keep: int | None = None, *, database: dict | None = None,
                  data_dir: Path | None = None, static_root: Path | None = None) -> dict:
    """Write a backup to ``dest`` (a file, or a directory to name it in); with ``keep``,
    then delete all but the ``keep`` newest backups in that directory.

    Returns the manifest plus ``path`` (the file written) and ``pruned`` (files deleted).
    """
    database, data_dir, static_root = _defaults(database, data_dir, static_root)
    dest = Path(dest)
    if keep is not None and keep < 1:
        raise BackupError("--keep 至少为 1 / --keep must be at least 1")
    if dest.is_dir():
        dest = dest / backup_name()
    if not dest.parent.is_dir():
        raise BackupError(f"目录不存在：{dest.parent} / no such directory: {dest.parent}")
    db = database_for(database)
    with tempfile.TemporaryDirectory(prefix="yizhan-backup-", dir=dest.parent) as tmp:
        dump = Path(tmp) / db.member
        try:
            info = db.dump(dump)
        except OSError as exc:
            raise BackupError(f"无法写入临时文件：{exc} / cannot write the temporary copy: "
                              f"{exc}") from exc
        members = {db.member: dump}
        members.update(_data_files(data_dir, [*db.files(), static_root, dest.parent, Path(tmp)]))
        manifest = write_archive(dest, {
            "application": "yizhan", "version": _version(),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "host": socket.gethostname(), "database": info}, members)
    pruned = prune(dest.parent, keep) if keep else []
    return {**manifest, "path": str(dest), "pruned": [str(p) for p in pruned]}


def _version() -> str:
    from yizhan import __version__

    return __version__


def _occupied(data_dir: Path, db, static_root: Path) -> list[str]:
    """Files in ``data_dir`` that make it non-empty (relative names)."""
    if not data_dir.exists():
        return []
    files = _data_files(data_dir, [*db.files(), static_root])
    return [n.removeprefix("data/") for n in files if n.removeprefix("data/") not in _MADE_ON_START]


def _give_to_owner(data_dir: Path) -> None:
    """Restored by root (by hand on the server), the files would belong to root and the
    service user could not write them: everything under the data directory goes to the
    directory's owner."""
    if os.geteuid() != 0:
        return
    owner = data_dir.stat()
    for root, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), owner.st_uid, owner.st_gid)


def restore_backup(src: Path, force: bool = False, *, database: dict | None = None,
                   data_dir: Path | None = None, static_root: Path | None = None) -> dict:
    """Restore the backup ``src`` into the configured database and data directory.

    Raises
    ------
    BackupError
        the target is not empty (without ``force``), the archive is damaged or of another
        database engine, or the restored row counts differ from the manifest.
    """
    database, data_dir, static_root = _defaults(database, data_dir, static_root)
    src = Path(src)
    if not src.is_file():
        raise BackupError(f"找不到备份文件：{src} / no such backup file: {src}")
    db = database_for(database)
    if not force:
        occupied = _occupied(data_dir, db, static_root)
        if not db.is_empty():
            occupied.insert(0, f"数据库中已有数据表 / tables in the database ({db.engine})")
        if occupied:
            raise BackupError("目标不是空的，未恢复（确需覆盖请加 --force）/ the target is not "
                              "empty, nothing restored (add --force to overwrite): "
                              + "; ".join(occupied[:5]) + (" …" if len(occupied) > 5 else ""))
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    try:
        manifest = read_archive(src, staging)
        info = manifest["database"]
        if info["engine"] != db.engine:
            raise BackupError(f"备份的数据库是 {info['engine']}，目标是 {db.engine}，不能直接恢复 / "
                              f"the backup is of {info['engine']}, the target is {db.engine}")
        db.restore(staging / db.member, info)
        names = [n for n in manifest["files"] if n.startswith("data/")]
        for name in names:
            target = data_dir / name.removeprefix("data/")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target)
        _give_to_owner(data_dir)
        counts = db.counts()
        differ = sorted(t for t in set(counts) | set(info["tables"])
                        if counts.get(t) != info["tables"].get(t))
        if differ:
            raise BackupError("恢复后的行数与备份不符 / the restored row counts differ from the "
                              "backup: " + ", ".join(
                                  f"{t} {info['tables'].get(t)}→{counts.get(t)}" for t in differ))
    except OSError as exc:
        raise BackupError(f"恢复失败：{exc} / the restore failed: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"created": manifest["created"], "version": manifest["version"],
            "engine": db.engine, "tables": len(info["tables"]),
            "rows": sum(info["tables"].values()), "files": len(names)}
