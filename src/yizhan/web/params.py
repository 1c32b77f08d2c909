"""Request parameters parsed in one place: ids, list filters and API pagination.

Why: a query-string value must become a value its column can hold *before* it reaches the
database. Otherwise ``?subdistrict=99999999999999999999999`` overflows SQLite's INTEGER,
``?a=1.5`` raises ``ValueError`` in the ORM and ``%00`` is refused by PostgreSQL: each a
500 for a typing mistake. Here each such value is a :class:`BadParameter` (an HTTP 400 whose
message names the parameter, in the user's language); a well-formed value that matches
nothing is simply an empty result or a 404, as before.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

__all__ = ["MAX_ID", "MAX_LIMIT", "BadParameter", "query_id", "field_value", "Pagination"]

#: the largest value a 64-bit signed integer column holds (SQLite INTEGER, PostgreSQL bigint):
#: the bound of every id and offset
MAX_ID = 2**63 - 1
#: the most rows one API list page returns
MAX_LIMIT = 1000


def _shown(value: str, size: int = 40) -> str:
    """The value as a message shows it: short, with control characters made visible."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in value[:size])
    return text + ("…" if len(value) > size else "")


class BadParameter(BadRequest):
    """A request parameter no column can hold: 400 with a message naming it."""

    def __init__(self, name: str, value: object):
        self.name = name
        self.message = _("参数“%(name)s”的值无效：%(value)s") % {
            "name": _shown(str(name)), "value": _shown(str(value))}
        super().__init__(self.message)


def query_id(params, name: str) -> int | None:
    """The database id ``params[name]`` names, or None when it is absent or empty.

    Only ASCII digits in 1..MAX_ID: ``abc``, ``1.5``, ``-3``, ``%00`` and ``10**23`` are a
    :class:`BadParameter`, never a database error.
    """
    raw = params.get(name, "")
    if raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_ID:
        raise BadParameter(name, raw)
    return int(raw)


def field_value(field: models.Field, name: str, raw: str):
    """The Python value of query-string text ``raw`` filtering on model ``field``.

    The field's own ``to_python`` and validators decide (for a relation: those of the
    related primary key, whose integer validators carry the database's range), so a list
    filter accepts exactly the values its column can hold. Anything else is a
    :class:`BadParameter`.
    """
    target = field.target_field if field.is_relation else field
    if "\x00" in raw:
        raise BadParameter(name, raw)
    try:
        value = target.to_python(raw)
        target.run_validators(value)
    except (ValidationError, ValueError, TypeError, OverflowError):
        raise BadParameter(name, raw) from None
    return value


class Pagination(LimitOffsetPagination):
    """ninja's limit/offset pagination with bounds a database can hold, shown in the OpenAPI
    document: ``limit`` 1..MAX_LIMIT, ``offset`` 0..MAX_ID (ninja's own has no upper bound,
    so ``?offset=10**23`` reached SQLite as an overflowing OFFSET)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_ID)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
