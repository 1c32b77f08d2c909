"""The systemd units of deploy/ as systemd itself reads them (issue 14): ``systemd-analyze
verify`` finds no error or warning in any unit, timer or drop-in, and ``systemd-analyze security
--offline`` keeps each service at or below the exposure recorded in docs/deploy.md.

Both run against a scratch root (``--root``) laid out as docs/deploy.md installs the files:
the units under ``/etc/systemd/system``, the executables they name under ``/opt/yizhan/venv``
(empty stand-ins: verify checks that they exist and are executable, it runs nothing), and the
system's own units (``sysinit.target`` …) copied in. That the units actually start, write
their data and backups and survive their hardening was checked on a booted Debian 13 and
Debian 12 (docs/deploy.md, "Record"); these tests keep the files from regressing in CI, which
has systemd-analyze (package ``systemd``). Where it is missing they skip, saying so.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
UNITS = sorted(p.name for p in DEPLOY.iterdir() if p.suffix in (".service", ".timer"))
DROPINS = sorted(p for p in DEPLOY.glob("*.d/*.conf"))
SERVICES = [u for u in UNITS if u.endswith(".service")]
#: the executables the units name, all inside the virtual environment of docs/deploy.md
EXECUTABLES = ("python", "gunicorn", "yizhan")
#: highest ``systemd-analyze security`` exposure (0 safe … 10 unsafe) each service may have:
#: offline from the files it is 1.5 with systemd 252 (Debian 12) and 1.3 with 257 (Debian 13);
#: docs/deploy.md gives the figures of the booted servers
MAX_EXPOSURE = 2.0

ANALYZE = shutil.which("systemd-analyze")
pytestmark = pytest.mark.skipif(
    ANALYZE is None, reason="systemd-analyze is not installed (Debian package systemd)")


def _system_units() -> Path:
    for d in ("/usr/lib/systemd/system", "/lib/systemd/system"):
        if Path(d, "sysinit.target").exists():
            return Path(d)
    pytest.skip("no system unit directory with sysinit.target on this machine")


def _root(tmp_path: Path, edit=None) -> Path:
    """A scratch root holding the units and drop-ins as installed; ``edit(text)`` changes
    the text of every one of them (a test that breaks a unit)."""
    root = tmp_path / "root"
    etc = root / "etc/systemd/system"
    for path in [DEPLOY / u for u in UNITS] + DROPINS:
        target = etc / path.relative_to(DEPLOY)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        target.write_text(edit(text) if edit else text, encoding="utf-8")
    venv = root / "opt/yizhan/venv/bin"
    venv.mkdir(parents=True)
    for name in EXECUTABLES:
        (venv / name).write_text("#!/bin/sh\n")
        (venv / name).chmod(0o755)
    (root / "bin").mkdir()
    shutil.copy(shutil.which("kill") or "/bin/kill", root / "bin/kill")  # ExecReload
    shutil.copytree(_system_units(), root / "usr/lib/systemd/system", symlinks=True)
    return root


def _verify(root: Path) -> tuple[int, str]:
    units = [str(root / "etc/systemd/system" / u) for u in UNITS]
    run = subprocess.run([ANALYZE, f"--root={root}", "verify", *units],
                         capture_output=True, text=True, timeout=120)
    return run.returncode, (run.stdout + run.stderr).strip()


def test_the_deploy_directory_has_the_units_docs_deploy_installs():
    assert UNITS == ["yizhan-backup.service", "yizhan-backup.timer", "yizhan-web.service",
                     "yizhan-worker.service"]
    assert [p.relative_to(DEPLOY).as_posix() for p in DROPINS] == [
        "yizhan-.service.d/hardening.conf"]


def test_systemd_analyze_verify_finds_nothing(tmp_path):
    code, said = _verify(_root(tmp_path))
    assert (code, said) == (0, "")


@pytest.mark.parametrize("change, expected", [
    (("ProtectSystem=strict", "ProtectSystm=strict"), "Unknown key"),
    (("ProtectSystem=strict", "ProtectSystem=strictly"), "strictly"),  # 252 and 257 word it apart
    (("/opt/yizhan/venv/bin/gunicorn", "/opt/yizhan/venv/bin/gunicorm"), "not executable"),
])
def test_verify_would_see_a_broken_unit(tmp_path, change, expected):
    """The check above can fail: a misspelt key, a bad value, a missing program are reported
    (systemd-analyze exits 0 on the first two, so the test reads what it prints)."""
    old, new = change
    seen = []

    def edit(text):
        seen.append(old in text)
        return text.replace(old, new)

    code, said = _verify(_root(tmp_path, edit))
    assert any(seen)
    assert expected in said


def _exposure(root: Path, service: str) -> float:
    run = subprocess.run([ANALYZE, "security", "--offline=true", f"--root={root}",
                          "--no-pager", f"/etc/systemd/system/{service}"],
                         capture_output=True, text=True, timeout=120)
    found = re.search(r"Overall exposure level for \S+: ([0-9.]+)", run.stdout + run.stderr)
    if found is None:
        pytest.skip(f"this systemd-analyze has no offline security check: {run.stderr[-200:]}")
    return float(found.group(1))


@pytest.mark.parametrize("service", SERVICES)
def test_hardening_exposure_stays_low(tmp_path, service):
    root = _root(tmp_path)
    assert _exposure(root, service) <= MAX_EXPOSURE
    # and the figure moves when the hardening is lost (the drop-in left out)
    shutil.rmtree(root / "etc/systemd/system/yizhan-.service.d")
    assert _exposure(root, service) > MAX_EXPOSURE
