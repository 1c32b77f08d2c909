"""PDF of a Word document, made offline by LibreOffice headless (Debian
``libreoffice-writer-nogui``), with every font embedded.

LibreOffice embeds the fonts it uses (subsets). Where the official fonts the document names are
missing it uses their free stand-ins (:data:`yizhan.reports.fonts.FALLBACKS`), told through a
fontconfig file; each conversion has its own LibreOffice profile, so two at once do not
collide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from yizhan.reports.errors import ReportError
from yizhan.reports.fonts import fontconfig_file

__all__ = ["PdfUnavailable", "soffice", "pdf_bytes", "PACKAGE"]

PACKAGE = "libreoffice-writer-nogui"
TIMEOUT = 180


class PdfUnavailable(ReportError):
    """LibreOffice is not installed, or the conversion failed."""


def soffice() -> str | None:
    """The LibreOffice program, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_bytes(docx: bytes) -> bytes:
    """Convert .docx content to PDF content."""
    program = soffice()
    if program is None:
        raise PdfUnavailable(f"未安装 LibreOffice，无法生成 PDF：apt-get install {PACKAGE} / "
                             f"LibreOffice is not installed: apt-get install {PACKAGE}")
    with tempfile.TemporaryDirectory(prefix="yizhan-pdf-") as tmp:
        tmp = Path(tmp)
        source = tmp / "report.docx"
        source.write_bytes(docx)
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(tmp)), "HOME": str(tmp)}
        cmd = [program, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(tmp),
               str(source)]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=TIMEOUT,
                                 check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable(f"LibreOffice 转换超时（{TIMEOUT} 秒）/ timed out") from exc
        target = tmp / "report.pdf"
        if not target.exists():
            raise PdfUnavailable("LibreOffice 未能生成 PDF / conversion failed: "
                                 + (run.stderr or run.stdout).strip()[-500:])
        return target.read_bytes()
