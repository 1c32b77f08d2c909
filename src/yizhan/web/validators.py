"""The web app's input validation: the core's text and boundary rules as Django validators.

Every write path validates a model with ``full_clean()`` (the edit forms through
``ModelForm``, the REST API in ``save_restricted`` and the planning endpoints, the committee
import per row), and :class:`ValidatedModel` makes ``full_clean()`` apply the field-type
rules to every field, so a new field is covered without anyone remembering to:

* text (``CharField``, ``TextField``): :func:`validate_text` — no control characters
  (``TextField`` may hold line breaks and tabs); see :mod:`yizhan.core.inputs`;
* numbers (``FloatField``): finite (a NaN passes ``MinValueValidator(0)``: ``nan < 0`` is
  false).

Codes carry :data:`validate_code` on the field; boundaries go through
:func:`validate_boundary` in ``Committee.clean``.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.core.inputs import CODE_PATTERN, describe, forbidden_character

__all__ = ["validate_text", "validate_multiline_text", "validate_code", "validate_finite",
           "validate_boundary", "in_language", "ValidatedModel"]

validate_code = RegexValidator(
    CODE_PATTERN, gettext_lazy("编码只能由字母、数字和 _ . - 组成，以字母或数字开头，最长32个字符。"),
    code="code")


def _check_text(value, multiline: bool) -> None:
    if not isinstance(value, str):
        return
    found = forbidden_character(value, multiline=multiline)
    if found is not None:
        position, char = found
        raise ValidationError(
            _("不能包含控制字符或不可见的格式字符（第%(position)d个字符，%(char)s）。"),
            code="control_character", params={"position": position, "char": describe(char)})


def validate_text(value) -> None:
    """One-line text: refuses control characters, line breaks and tabs included."""
    _check_text(value, multiline=False)


def validate_multiline_text(value) -> None:
    """Multi-line text (notes, reasons): as :func:`validate_text`, but line breaks and tabs
    are allowed."""
    _check_text(value, multiline=True)


def validate_finite(value) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(_("必须是有限的数字。"), code="not_finite")


def in_language(zh: str, en: str) -> str:
    """The core's (Chinese, English) message pair in the page's language."""
    return en if (get_language() or "").startswith("en") else zh


def validate_boundary(text: str):
    """The shapely geometry of a stored GeoJSON boundary, or a ValidationError saying why."""
    from yizhan.geo.validate import BoundaryError, boundary

    try:
        return boundary(text)
    except BoundaryError as exc:
        raise ValidationError(in_language(f"边界{exc.zh}。", f"The boundary {exc.en}."),
                              code=exc.kind) from None


def _rule_for(field):
    if isinstance(field, models.TextField):
        return validate_multiline_text
    if isinstance(field, models.CharField):
        return validate_text
    if isinstance(field, models.FloatField):
        return validate_finite
    return None


class ValidatedModel(models.Model):
    """``full_clean()`` also applies the field-type rules above to every concrete field."""

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors: dict = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            rule = _rule_for(field)
            if rule is None or field.name in errors or (exclude and field.name in exclude):
                continue
            try:
                rule(getattr(self, field.attname))
            except ValidationError as exc:
                errors.setdefault(field.name, []).extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
