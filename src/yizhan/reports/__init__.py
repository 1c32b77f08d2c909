"""Reports a government office uses: Word documents in the GB/T 9704-2012 layout, PDF, Excel
workbooks, printable maps, charts and GIS files (``yizhan report``, web downloads).

The numbers come from :mod:`yizhan.reports.figures` (the checker and the baseline, as
``yizhan check`` and ``yizhan stats``); the layout of the Word documents is in their templates
(``templates/*.docx``). docs/reports.md describes every output.
"""

from yizhan.reports.build import FIGURES, FORMATS
from yizhan.reports.documents import KINDS, NotAvailable
from yizhan.reports.errors import ReportError
from yizhan.reports.inputs import Heading, ReportInputs

__all__ = ["KINDS", "FORMATS", "FIGURES", "Heading", "ReportInputs", "NotAvailable",
           "ReportError"]
