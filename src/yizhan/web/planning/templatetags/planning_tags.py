"""Template helpers of the planning and dashboard pages."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def pct(value) -> str:
    """0.4567 → '45.7%'."""
    try:
        return f"{float(value) * 100:.1f}%"
    except (TypeError, ValueError):
        return "—"


@register.filter
def severity_label(severity: str) -> str:
    return {"violation": pgettext("severity", "违反"), "warning": pgettext("severity", "警告"),
            "info": pgettext("severity", "提示")}.get(severity, severity)


@register.filter
def band_label(status: str) -> str:
    return {"below": _("低于区间"), "in_band": _("区间内"), "above": _("高于区间"),
            "exempt": _("豁免（R3）")}.get(status, status)


@register.simple_tag
def finding_message(finding) -> str:
    """The finding's text in the page language (Chinese by default)."""
    if (get_language() or "").startswith("en") and getattr(finding, "message_en", ""):
        return finding.message_en
    return finding.message


@register.simple_tag
def target_name(target) -> str:
    if (get_language() or "").startswith("en") and getattr(target, "name_en", ""):
        return target.name_en
    return target.name


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def article(value: str) -> str:
    """An article as the document numbers it (二、（三）) in Chinese, as SPEC cites it (§2(3))
    in English; the other form is the tooltip."""
    from django.utils.html import format_html

    from yizhan.policy.rules import document_article

    doc = document_article(value or "")
    if (get_language() or "").startswith("en"):
        return format_html('<span class="article" title="{}">{}</span>', doc, value)
    return format_html('<span class="article" title="{}">{}</span>', value, doc)
