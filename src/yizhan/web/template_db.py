"""A migrated SQLite database with the bundled data, built once with the environment, copied
on a first start instead of migrating and loading again (issue 14 item 3: `make run` on a fresh
clone should answer within seconds).

``make install`` runs ``python -m yizhan.web.template_db`` after installing the packages: it
migrates a scratch database and loads the bundled data with the same code a first start would
run (:func:`yizhan.web.serve.prepare`, without demo users), then stores a clean single-file copy
(SQLite's backup API) in the virtual environment, ``<sys.prefix>/var/yizhan/``. The copy's name
carries a fingerprint of everything that decides its content — the Django version, every
migration file of every installed app, the bundled data files and the loader — so a template
built by other code is never used: then the first start migrates and loads as before.

What it contains: the schema, the bundled registry and the change-log entries of that load
("system: bundled Luohu 2006", stamped with the time it was built). No users, no passwords,
no secret key, no sessions: each first start still creates its own demo users with fresh random
passwords (:func:`yizhan.web.serve.create_demo_users`).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["template_path", "copy_template", "build_template"]


def _fingerprint() -> str:
    import django
    from django.apps import apps

    from yizhan.data.bundled import data_dir
    from yizhan.web.registry import loader

    digest = hashlib.sha256(django.get_version().encode())
    files = [Path(loader.__file__)]
    for config in apps.get_app_configs():
        files += sorted(Path(config.path).glob("migrations/*.py"))
    files += sorted(p for p in Path(str(data_dir())).rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_path() -> Path:
    """Where the template for this code lives (it may not exist). Django must be set up."""
    root = Path(os.environ.get("YIZHAN_TEMPLATE_DIR") or Path(sys.prefix) / "var" / "yizhan")
    return root / f"template-{_fingerprint()}.sqlite3"


def copy_template(target: Path) -> bool:
    """Copy the template to ``target`` if ``target`` does not exist and a template for this
    code does. True if copied."""
    if target.exists():
        return False
    source = template_path()
    if not source.is_file():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    partial.rename(target)  # never a half-copied database under the real name
    return True


def build_template() -> Path:
    """Build the template for this code in a scratch directory (a child process: its own
    settings), store it, and remove templates of other code. Its path."""
    target = template_path()
    with tempfile.TemporaryDirectory(prefix="yizhan-template-") as tmp:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(YIZHAN_DATA_DIR=tmp, DJANGO_SETTINGS_MODULE="yizhan.web.settings",
                   YIZHAN_SECRET_KEY="template-build-only")
        code = ("from yizhan.web.serve import prepare, setup_django\n"
                "setup_django()\nprepare(users=False, template=False, echo=lambda t: None)\n")
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with sqlite3.connect(Path(tmp) / "yizhan.sqlite3") as src, \
                sqlite3.connect(partial) as dst:
            src.backup(dst)
        src.close()
        dst.close()
        partial.rename(target)
    for other in target.parent.glob("template-*.sqlite3"):
        if other != target:
            other.unlink()
    return target


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yizhan.web.settings")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("YIZHAN_SECRET_KEY", "template-build-only")  # nothing written to ./var
    import django

    django.setup()
    print(f"template: {build_template()}")
