"""How a value is written into a spreadsheet cell: the one escaping every CSV/xlsx export uses.

Two dangers, both from text a user typed:

* **Formula injection** (OWASP "CSV injection"): a cell starting with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is run as a formula by Excel, LibreOffice and WPS when
  the file is opened (``=HYPERLINK(...)`` sends data away). Such text gets a leading ``'``:
  spreadsheets show it as text and the value stays readable. Numbers are not text and stay
  numbers (a negative number is not a formula).
* **Characters a workbook cannot hold**: openpyxl refuses control characters with
  ``IllegalCharacterError``, so one bad stored name would make a whole export fail. Every
  character :func:`yizhan.core.inputs.forbidden_character` refuses at input is replaced by
  U+FFFD (the visible "replacement character") on output, so data stored before that rule,
  or written around it, still exports and the reader sees where something was.

Reading a file back (:func:`unneutralise`) removes the added ``'`` again, so an export
re-imports to the same values.
"""

from __future__ import annotations

from yizhan.core.inputs import forbidden_character

__all__ = ["FORMULA_PREFIXES", "spreadsheet_cell", "spreadsheet_row", "unneutralise"]

#: First characters that make a spreadsheet treat a cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"


def _printable(text: str) -> str:
    found = forbidden_character(text, multiline=True)
    if found is None:
        return text
    return "".join(REPLACEMENT if forbidden_character(c, multiline=True) else c for c in text)


def _looks_like_formula(text: str) -> bool:
    """Starts with a formula character, after any quotes we may have added before (so that
    ``'=x`` typed by a user also gets one, and :func:`unneutralise` is exact)."""
    return text.lstrip("'").startswith(FORMULA_PREFIXES)


def spreadsheet_cell(value):
    """``value`` as it may be written into a cell: text neutralised, anything else unchanged."""
    if not isinstance(value, str):
        return value
    text = _printable(value)
    return "'" + text if _looks_like_formula(text) else text


def spreadsheet_row(values) -> list:
    return [spreadsheet_cell(v) for v in values]


def unneutralise(text: str) -> str:
    """The value :func:`spreadsheet_cell` was given for text it wrote (drops the added ``'``)."""
    if text.startswith("'") and _looks_like_formula(text):
        return text[1:]
    return text
