"""Template filters available in every template (registered as a builtin in settings)."""

from django import template
from django.contrib.contenttypes.models import ContentType

from yizhan.web.generic import url_name

register = template.Library()


@register.filter
def model_url(model_or_obj, suffix: str = "") -> str:
    """``{% url model|model_url:'edit' pk %}`` → ``registry:committee_edit``."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return url_name(model, suffix)


@register.filter
def content_type_id(obj) -> int:
    return ContentType.objects.get_for_model(type(obj)).pk
