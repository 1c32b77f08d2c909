"""Template helpers of the map pages: what ``map.js`` needs, handed over as JSON data.

The pages' Content-Security-Policy allows no inline script, so data for scripts travels in
``{{ value|json_script:"id" }}`` elements (``type="application/json"``, escaped by Django)
and the static script reads them.
"""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def map_labels() -> dict:
    """The words ``map.js`` writes into popups and the legend, in the page language."""
    return {
        "subdistrict": _("街道"), "households": _("户数"), "station": _("工作站"),
        "members": _("服务居委会"), "stationHouseholds": _("工作站户数"), "band": _("户数区间"),
        "office": _("办公用房"), "service": _("服务设施"), "plaza": _("文体广场"),
        "m2": _("平方米"), "moved": _("两方案中归属不同"), "below": _("低于区间"),
        "in_band": _("区间内"), "above": _("高于区间"), "exempt": _("豁免（R3）"),
        "committee": _("社区居委会"),
    }
