"""The backup archive: one ``.tar.gz`` holding a manifest, the database dump and the data files.

No Django here: this module only packs and unpacks. Layout::

    manifest.json          what is inside, with the size and SHA-256 of every other member
    database.sqlite3       (SQLite) a consistent copy made with SQLite's online backup API
    database.pgdump        (PostgreSQL) ``pg_dump --format=custom``
    data/...               the files of the data directory (uploads, the secret key)

The manifest is the first member, so a reader knows what to expect before it extracts
anything. :func:`write_archive` writes ``FILE.partial`` and renames it only when complete, so
a full disk or a killed process never leaves something that looks like a backup.
:func:`read_archive` extracts into a directory and verifies every checksum; a member that is
missing, extra, unsafe (an absolute path, ``..``, a link) or damaged refuses the whole archive.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import tarfile
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

__all__ = ["BackupError", "MANIFEST", "FORMAT", "write_archive", "read_archive", "prune",
           "backup_name", "sha256_of"]

MANIFEST = "manifest.json"
#: bumped when the layout changes in a way an older ``restore`` could not read
FORMAT = 1
#: names that :func:`prune` considers ours: ``yizhan-YYYYmmdd-HHMMSS.tar.gz`` (UTC)
_NAME = re.compile(r"^yizhan-\d{8}-\d{6}\.tar\.gz$")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the user (Chinese / English)."""


def backup_name(now: datetime | None = None) -> str:
    """The file name of a backup made at ``now`` (UTC): names sort in time order."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return now.strftime("yizhan-%Y%m%d-%H%M%S.tar.gz")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_archive(dest: Path, manifest: dict, members: dict[str, Path]) -> dict:
    """Write ``members`` (archive name → file) and the manifest to ``dest``; returns the
    manifest with ``files`` (size and SHA-256 of each member) filled in.

    Raises
    ------
    BackupError
        the disk is full or not writable; no partial file is left behind.
    """
    manifest = dict(manifest, format=FORMAT,
                    files={name: {"size": path.stat().st_size, "sha256": sha256_of(path)}
                           for name, path in members.items()})
    partial = dest.with_name(dest.name + ".partial")
    try:
        with open(partial, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(datetime.now().timestamp()), 0o600
                tar.addfile(info, io.BytesIO(body))
                for name, path in members.items():
                    tar.add(path, arcname=name, recursive=False)
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(partial, 0o600)  # it holds password hashes and the secret key
        os.replace(partial, dest)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(os_error_message(exc, dest)) from exc
    return manifest


def os_error_message(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return (f"磁盘已满，备份未写成（未留下不完整的文件）：{path} / the disk is full: the "
                f"backup was not written (no partial file is left): {path}")
    return f"无法写入 {path}：{exc.strerror} / cannot write {path}: {exc.strerror}"


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts


def read_archive(src: Path, into: Path) -> dict:
    """Extract ``src`` into the (empty) directory ``into``, verifying it; returns the manifest.

    Raises
    ------
    BackupError
        not a yizhan backup, a format this version cannot read, or any member missing,
        unexpected, unsafe or not matching its checksum.
    """
    try:
        tar = tarfile.open(src, mode="r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"不是可读的备份文件：{src}（{exc}）/ not a readable backup: {src} "
                          f"({exc})") from exc
    with tar:
        try:
            members = iter(tar)
            first = next(members, None)
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(f"不是一站备份（缺少 {MANIFEST}）/ not a yizhan backup (no "
                                  f"{MANIFEST} first)")
            manifest = json.loads(tar.extractfile(first).read())
            if manifest.get("format") != FORMAT:
                raise BackupError(f"备份格式 {manifest.get('format')} 不能由本版本恢复 / backup "
                                  f"format {manifest.get('format')} is not readable by this "
                                  "version")
            expected = manifest["files"]
            seen = set()
            for member in members:
                name = member.name
                if (name not in expected or name in seen or not member.isfile()
                        or not _safe_name(name)):
                    raise BackupError(f"备份中有意外的条目：{name} / unexpected entry in the "
                                      f"backup: {name}")
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as fh, open(target, "wb") as out:
                    for block in iter(lambda: fh.read(1 << 20), b""):
                        digest.update(block)
                        out.write(block)
                os.chmod(target, member.mode & 0o700 or 0o600)  # the owner's bits only
                if digest.hexdigest() != expected[name]["sha256"]:
                    raise BackupError(f"校验和不符，备份已损坏：{name} / checksum mismatch, the "
                                      f"backup is damaged: {name}")
                seen.add(name)
        except (tarfile.TarError, EOFError, OSError, ValueError, KeyError) as exc:
            if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
                raise BackupError(os_error_message(exc, into)) from exc
            raise BackupError(f"备份文件已损坏：{exc} / the backup file is damaged: {exc}") from exc
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"备份不完整，缺少：{', '.join(missing)} / the backup is incomplete, "
                          f"missing: {', '.join(missing)}")
    return manifest


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups named by :func:`backup_name` in
    ``directory``; other files are never touched. Returns the deleted paths."""
    if keep < 1:
        raise BackupError("--keep 至少为 1 / --keep must be at least 1")
    ours = sorted((p for p in directory.iterdir() if _NAME.match(p.name) and p.is_file()),
                  key=lambda p: p.name, reverse=True)
    for old in ours[keep:]:
        old.unlink()
    return ours[keep:]
