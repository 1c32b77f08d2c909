"""Fonts: the official ones a document names, and the free ones used where they are missing.

GB/T 9704-2012 prints in 方正小标宋 (title), 仿宋_GB2312 (body), 黑体 and 楷体_GB2312
(headings) and 宋体 (page numbers). Those are proprietary: the Word templates name them (East
Asian font attribute), so an office PC that has them shows the document as the standard
says. Where they are missing — a server making the PDF — :data:`FALLBACKS` names the free
font used instead, from Debian's ``fonts-noto-cjk``; :func:`fontconfig_file` tells
LibreOffice so, and the charts and maps use :func:`chart_font`.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path

from yizhan.reports.errors import ReportError

__all__ = ["FALLBACKS", "FontMissing", "chart_font", "fontconfig_file", "CJK_PACKAGE"]

#: official font → the free font that stands in for it where it is not installed
FALLBACKS = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "楷体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}
CJK_PACKAGE = "fonts-noto-cjk"


class FontMissing(ReportError):
    """No Chinese font is installed: charts and PDFs would show boxes instead of text."""


def _fc_match(family: str) -> Path | None:
    if shutil.which("fc-match") is None:
        return None
    out = subprocess.run(["fc-match", "-f", "%{file}\n%{family}", f"{family}:lang=zh-cn"],
                         capture_output=True, text=True, check=False).stdout.splitlines()
    if len(out) == 2 and (family in out[1] or "CJK" in out[1]):
        return Path(out[0])
    return None


@functools.lru_cache(maxsize=1)
def chart_font() -> str:
    """The family name matplotlib should use for Chinese text (registered on first use).

    Raises :class:`FontMissing` naming the package to install when there is none.
    """
    from matplotlib import font_manager

    for family in ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei"):
        path = _fc_match(family)
        if path is not None and path.exists():
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name()
    raise FontMissing(f"未找到中文字体，请安装 {CJK_PACKAGE}（apt-get install {CJK_PACKAGE}）/ "
                      f"no Chinese font found: install {CJK_PACKAGE}")


def fontconfig_file(directory: Path) -> Path:
    """A fontconfig file that loads the system's configuration and adds each official font's
    free stand-in *after* it (``<accept>``): an installed official font still wins."""
    aliases = "\n".join(
        f"  <alias binding=\"same\"><family>{official}</family>"
        f"<accept><family>{free}</family></accept></alias>"
        for official, free in FALLBACKS.items())
    path = directory / "fonts.conf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    "<fontconfig>\n  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf"
                    f"</include>\n{aliases}\n</fontconfig>\n", encoding="utf-8")
    return path
