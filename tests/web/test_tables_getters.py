"""List pages compute each column's getter once per page (issue 14: the committee list was the
slowest page); the values must be what Django's per-object display gives, in the active
language, for every field of every registry model."""

import pytest
from django.apps import apps
from django.utils import translation

from yizhan.web.tables import field_getter


def _registry_objects():
    for model in apps.get_app_config("registry").get_models():
        for obj in model._default_manager.all():
            yield model, obj


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_getters_give_djangos_display_values(world, language):
    seen = 0
    with translation.override(language):
        for model, obj in _registry_objects():
            for field in model._meta.concrete_fields:
                got = field_getter(model, field.name)(obj)
                if field.choices:
                    assert got == getattr(obj, f"get_{field.name}_display")()
                elif field.get_internal_type() == "BooleanField":
                    assert got == translation.gettext("是" if getattr(obj, field.name) else "否")
                elif field.is_relation and getattr(obj, field.attname) is not None:
                    assert got == str(getattr(obj, field.name))
                seen += 1
    assert seen > 50


@pytest.mark.django_db
def test_a_value_outside_the_choices_is_shown_as_django_shows_it(world):
    committee = world["own"]["committee"]
    committee.type = "not-a-choice"
    model = type(committee)
    assert field_getter(model, "type")(committee) == committee.get_type_display() == "not-a-choice"
