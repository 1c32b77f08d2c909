"""The bundled data's people and posts are inserted in bulk (first start, issue 14 item 3):
the rows and their change log must be what one save() per row would have written."""

import pytest
from django.contrib.contenttypes.models import ContentType

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.registry import models as m
from yizhan.web.registry.loader import load_bundled


@pytest.mark.django_db
def test_bulk_loaded_rows_have_their_scope_and_one_create_entry_each():
    assert load_bundled()
    posts = list(m.Post.objects.select_related("station", "committee", "party_organisation"))
    people = list(m.Person.objects.all())
    assert posts and people
    for post in posts:  # the subdistrict save() would have copied from the owner
        assert post.subdistrict_id == post.owner.subdistrict_id
    committee = ObjectChange.objects.get(
        changed_object_type=ContentType.objects.get_for_model(m.Committee),
        changed_object_id=m.Committee.objects.order_by("pk").first().pk)
    for model, rows in ((m.Person, people), (m.Post, posts)):
        entries = {e.changed_object_id: e for e in ObjectChange.objects.filter(
            changed_object_type=ContentType.objects.get_for_model(model))}
        assert set(entries) == {r.pk for r in rows}
        for row in rows:
            entry = entries[row.pk]
            assert (entry.action, entry.prechange_data) == ("create", None)
            assert entry.postchange_data == row.serialize_object()
            assert entry.object_repr == str(row)[:200]
            assert entry.subdistrict_id == row.changelog_subdistrict_id()
            # one load, one request id and one "who" for all of it
            assert (entry.request_id, entry.user_name) == (committee.request_id,
                                                           committee.user_name)


@pytest.mark.django_db
def test_the_registry_version_moves_with_a_bulk_load():
    from yizhan.web.planning.services import registry_version

    before = registry_version()
    load_bundled()
    assert registry_version() == ObjectChange.objects.order_by("-pk").first().pk != before
