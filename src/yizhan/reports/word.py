"""Render a Word document from its template (docxtpl): the layout is the template's.

Templates live in ``yizhan/reports/templates/`` (package data). A bureau that restyles them
points ``--templates DIR`` (or ``YIZHAN_REPORT_TEMPLATES``) at a directory with its own
copies of the same file names; a file missing there falls back to the shipped one.
"""

from __future__ import annotations

import io
import os
from importlib import resources
from pathlib import Path

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from yizhan.reports.documents import KINDS, NotAvailable, context, cn_number
from yizhan.reports.figures import Figures

__all__ = ["template_path", "docx_bytes", "IMAGE_WIDTH_MM"]

#: width of a chart or map in the 156 mm type area
IMAGE_WIDTH_MM = 150


def template_path(kind: str, directory: Path | None = None) -> Path:
    """The template of ``kind``: the bureau's copy when there is one, else the shipped one."""
    name = KINDS[kind][0]
    if name is None:
        raise NotAvailable(f"没有“{kind}”的模板 / no template for {kind}")
    directory = directory or (Path(os.environ["YIZHAN_REPORT_TEMPLATES"])
                              if os.environ.get("YIZHAN_REPORT_TEMPLATES") else None)
    if directory is not None and (Path(directory) / name).is_file():
        return Path(directory) / name
    return Path(str(resources.files("yizhan.reports").joinpath("templates", name)))


def docx_bytes(kind: str, figures: Figures, templates: Path | None = None) -> bytes:
    """The document of ``kind`` for ``figures`` as .docx content."""
    values = context(kind, figures)  # raises NotAvailable first for a kind without template
    doc = DocxTemplate(template_path(kind, templates))
    for key, value in list(values.items()):
        if isinstance(value, bytes):
            values[key] = InlineImage(doc, io.BytesIO(value), width=Mm(IMAGE_WIDTH_MM))
    env = jinja2.Environment(autoescape=True)  # docxtpl writes XML: text is escaped
    env.filters["cn"] = cn_number
    doc.render(values, jinja_env=env)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
