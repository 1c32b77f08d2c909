"""Reading one cell: numbers, codes, yes/no and fixed choices, as clerks actually type them.

A cell comes either as text (CSV) or as what Excel stores (int, float, bool, None). Each
parser returns the value or an :class:`Invalid` saying why not (in both languages), so the
caller can report every bad cell and carry on.

Leniencies, each because real spreadsheets do it: full-width digits and letters (NFKC),
thousands separators ("1,234"), whole numbers stored as floats by Excel (1234.0), codes that
Excel turned into numbers (101 → "101").
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from yizhan.core.cells import unneutralise
from yizhan.core.inputs import describe, forbidden_character, is_code

__all__ = ["Invalid", "is_blank", "parse_text", "parse_name", "parse_code", "parse_number",
           "parse_bool", "parse_choice", "choice_table"]


@dataclass(frozen=True)
class Invalid:
    """Why a value was refused: a problem kind and the end of the sentence, Chinese/English."""

    kind: str
    zh: str
    en: str


_TRUE = {"1", "true", "t", "yes", "y", "是", "√", "✓"}
_FALSE = {"0", "false", "f", "no", "n", "否", "×", "✗"}


def is_blank(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and raw.strip() == ""


def parse_text(raw) -> str:
    """Text of a cell; a whole number Excel stored as a float loses its ".0" (codes), and
    text our own export protected against formula injection gets its value back."""
    if is_blank(raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return unneutralise(unicodedata.normalize("NFKC", str(raw)).strip())


def parse_name(raw) -> str | Invalid:
    """A name: text without control characters (the rule of every input path,
    :mod:`yizhan.core.inputs`)."""
    text = parse_text(raw)
    found = forbidden_character(text)
    if found is not None:
        position, char = found
        return Invalid("wrong_format",
                       f"含有控制字符或不可见的格式字符（第{position}个字符，{describe(char)}）",
                       f"contains a control or invisible formatting character (character "
                       f"{position}, {describe(char)})")
    return text


def parse_code(raw) -> str | Invalid:
    """A code: letters, digits and ``_ . -`` (:data:`yizhan.core.inputs.CODE_PATTERN`)."""
    text = parse_name(raw)
    if isinstance(text, Invalid) or is_code(text):
        return text
    return Invalid("wrong_format", "不是有效的编码（只能由字母、数字和 _ . - 组成，以字母或数字开头，最长32个字符）",
                   "is not a valid code (letters, digits and _ . -, starting with a letter or "
                   "digit, at most 32 characters)")


def parse_number(raw, *, integer: bool, minimum: float | None = 0.0,
                 maximum: float | None = None) -> float | int | Invalid:
    """A finite number (an int when ``integer``) within [minimum, maximum]."""
    kind_zh, kind_en = ("整数", "a whole number") if integer else ("数字", "a number")
    if isinstance(raw, bool):
        return Invalid("wrong_type", f"不是{kind_zh}", f"is not {kind_en}")
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return Invalid("wrong_type", f"不是{kind_zh}", f"is not {kind_en}")
    if not math.isfinite(number):
        return Invalid("wrong_type", f"不是{kind_zh}", f"is not {kind_en}")
    if integer and not number.is_integer():
        return Invalid("wrong_type", f"不是{kind_zh}", f"is not {kind_en}")
    if minimum == 0 and number < 0:
        return Invalid("negative", "是负数，不能小于0", "is negative; it must not be below 0")
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        return Invalid("out_of_range", f"超出允许范围（{minimum:g}至{maximum:g}）",
                       f"is outside the allowed range ({minimum:g} to {maximum:g})")
    return int(number) if integer else number


def parse_bool(raw) -> bool | Invalid:
    """Yes/no: 是/否, true/false, yes/no, 1/0, ✓/×; blank means no."""
    if is_blank(raw):
        return False
    if isinstance(raw, bool):
        return raw
    text = parse_text(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return Invalid("unknown_value", "不是“是”或“否”", "is not yes or no")


def choice_table(choices: Mapping[str, tuple[str, str]], *,
                 drop_suffix: str = "") -> dict[str, str]:
    """Every accepted spelling → key, from a core table ``{key: (Chinese, English)}``.

    ``drop_suffix`` also accepts the Chinese name without it (城中村 for 城中村社区).
    """
    table: dict[str, str] = {}
    for key, (zh, en) in choices.items():
        spellings = {key, zh, en, key.replace("_", " ")}
        if drop_suffix and zh.endswith(drop_suffix):
            spellings.add(zh[: -len(drop_suffix)])
        for spelling in spellings:
            table[spelling.lower()] = key
    return table


def parse_choice(raw, table: Mapping[str, str], choices: Mapping[str, tuple[str, str]]
                 ) -> str | Invalid:
    """The key of a fixed choice (blank → ""); ``choices`` is the core table, for the message."""
    if is_blank(raw):
        return ""
    key = table.get(parse_text(raw).lower())
    if key is None:
        allowed_zh = "、".join(zh for zh, _ in choices.values())
        allowed_en = ", ".join(choices)
        return Invalid("unknown_value", f"不是可选的值（可选：{allowed_zh}）",
                       f"is not one of the allowed values ({allowed_en})")
    return key
