"""What input the system accepts: the rules every input path applies (docs/web.md "Input").

Names, codes and notes come from forms, the REST API, uploaded files and the command line;
each path calls :func:`forbidden_character` (the web app through
:mod:`yizhan.web.validators`, the importers through :mod:`yizhan.data.importers.values`),
so a value refused on one path is refused on all of them.

Refused: control characters (``\\x00``, ``\\x07``, ``\\x0b`` …; a line break or tab only in
multi-line text), lone surrogates (not encodable, PostgreSQL rejects them), the
non-characters U+FFFE/U+FFFF (illegal in XML, hence in xlsx) and the bidirectional
embedding/override/isolate controls (they make a displayed name differ from the stored one).
Private-use characters stay allowed: Chinese registries use them for rare name characters.

Codes (committee, station, person) additionally match :data:`CODE_PATTERN`: letters, digits
and ``_ . -``, starting with a letter or digit, at most 32 characters. It covers the bundled
codes (``LH001``, ``S-LH001``, ``P0001``) and the 12-digit NBS statistical codes, and it
keeps codes safe in URLs, file names, plan files and spreadsheet cells.

Planner seeds lie in :data:`SEED_RANGE`. The core never imports Django: this module is plain
Python so the importers and the CLI use it as they are.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CODE_PATTERN", "CODE_MAX_LENGTH", "SEED_RANGE", "forbidden_character", "is_code",
           "describe"]

#: CP-SAT's ``random_seed`` is a 32-bit signed integer: the CLI, the run form and the API
#: refuse a seed outside this range instead of letting the solver fail on it.
SEED_RANGE = (0, 2**31 - 1)

CODE_MAX_LENGTH = 32
CODE_PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9_.-]{{0,{CODE_MAX_LENGTH - 1}}}\Z"  # \Z: no final \n
_CODE = re.compile(CODE_PATTERN)

_MULTILINE_OK = frozenset("\t\n\r")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NONCHARACTERS = frozenset("\ufffe\uffff")


def forbidden_character(value: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first refused character of ``value`` as (1-based position, character), or None."""
    for position, char in enumerate(value, 1):
        if multiline and char in _MULTILINE_OK:
            continue
        if char in _BIDI_CONTROLS or char in _NONCHARACTERS or \
                unicodedata.category(char) in ("Cc", "Cs"):
            return position, char
    return None


def describe(char: str) -> str:
    """``U+000B`` — how a message names an invisible character."""
    return f"U+{ord(char):04X}"


def is_code(value: str) -> bool:
    return bool(_CODE.match(value))
