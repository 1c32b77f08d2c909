"""Change log: every create/update/delete records who, when, before/after and the request id."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.context import change_context
from yizhan.web.registry.models import Committee, Station


def _changes(obj_or_model, pk=None):
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    pk = pk if pk is not None else obj_or_model.pk
    ct = ContentType.objects.get_for_model(model)
    return ObjectChange.objects.filter(changed_object_type=ct, changed_object_id=pk).order_by("pk")


FORM = {"code": "T100", "name": "新建社区", "households": 1234, "office_m2": 100,
        "service_m2": 0, "plaza_m2": 0, "party_members": 0}


def test_create_update_delete_through_the_web_are_logged(world, users, client_for):
    client = client_for("officer")
    sub = world["own"]["subdistrict"]
    response = client.post(reverse("registry:committee_add"), FORM | {"subdistrict": sub.pk})
    assert response.status_code == 302
    c = Committee.objects.get(code="T100")
    (create,) = _changes(c)
    assert create.action == "create" and create.prechange_data is None
    assert create.postchange_data["households"] == 1234
    assert create.user == users["officer"] and create.user_name == "officer"
    assert create.subdistrict == sub

    client.post(reverse("registry:committee_edit", args=[c.pk]),
                FORM | {"subdistrict": sub.pk, "households": 2000, "version": c.version})
    update = _changes(c).last()
    assert update.action == "update"
    assert update.prechange_data["households"] == 1234
    assert update.postchange_data["households"] == 2000
    assert ("households", 1234, 2000) in update.diff
    assert update.request_id != create.request_id

    pk = c.pk
    client.post(reverse("registry:committee_delete", args=[pk]))
    assert not Committee.objects.filter(pk=pk).exists()
    delete = _changes(Committee, pk).last()
    assert delete.action == "delete" and delete.postchange_data is None
    assert delete.prechange_data["households"] == 2000


def test_saving_without_changes_writes_no_entry(world):
    c = world["own"]["committee"]
    before = _changes(c).count()
    c.save()
    assert _changes(c).count() == before


def test_changes_of_one_request_share_its_request_id(world, client_for):
    client = client_for("admin")
    response = client.post("/api/registry/committees/", {
        "code": "T200", "name": "甲", "subdistrict": world["own"]["subdistrict"].pk,
        "households": 1}, content_type="application/json")
    assert response.status_code == 201
    entry = _changes(Committee, response.json()["id"]).get()
    assert str(entry.request_id) == response["X-Request-ID"]


def test_changes_outside_requests_are_recorded_as_system_or_the_given_user(world, users):
    with change_context(label="system") as ctx:
        s1 = Station.objects.create(code="X1", name="甲站", subdistrict=world["own"]["subdistrict"])
        s2 = Station.objects.create(code="X2", name="乙站", subdistrict=world["own"]["subdistrict"])
    a, b = _changes(s1).get(), _changes(s2).get()
    assert a.user is None and a.user_name == "system"
    assert a.request_id == b.request_id == ctx.request_id
    with change_context(user=users["admin"]):
        s1.name = "丙站"
        s1.save()
    last = _changes(s1).last()
    assert last.user == users["admin"] and last.user_name == "admin"
    # no context at all (a shell): "system", and a fresh id
    s2.delete()
    gone = _changes(Station, b.changed_object_id).last()
    assert gone.action == "delete" and gone.user_name == "system"
    assert isinstance(gone.request_id, uuid.UUID) and gone.request_id != ctx.request_id


def test_change_log_pages_and_officer_scope(world, client_for):
    own, other = world["own"]["committee"], world["other"]["committee"]
    officer = client_for("officer")
    page = officer.get(reverse("registry:committee", args=[own.pk])).content.decode()
    assert "变更记录" in page and own.name in page
    listing = officer.get(reverse("changelog:objectchange_list")).content.decode()
    assert own.name in listing and other.name not in listing  # officers see their own only
    entry = _changes(other).first()
    assert officer.get(reverse("changelog:objectchange", args=[entry.pk])).status_code == 404
    admin = client_for("admin")
    filtered = admin.get(reverse("changelog:objectchange_list"),
                         {"request_id": str(entry.request_id), "action": "create"})
    assert filtered.status_code == 200 and other.name in filtered.content.decode()
    assert admin.get(reverse("changelog:objectchange", args=[entry.pk])).status_code == 200


def test_change_detail_names_fields_by_label_and_values_and_operator_in_the_readers_language(
        world, users, client_for):
    """Field labels (办公用房, not office_m2), booleans 是/否, and the operator of a change no
    user made (the loader's "system") as 系统 / System."""
    c = world["own"]["committee"]
    with change_context(label="system"):
        c.office_m2, c.self_contained = c.office_m2 + 50, not c.self_contained
        c.save()
    change = _changes(c).last()
    client = client_for("admin")
    html = client.get(reverse("changelog:objectchange", args=[change.pk])).content.decode()
    diff = html[html.index('class="table diff"'):]
    assert "办公用房（平方米）" in diff and ">office_m2<" not in diff
    assert "独立完整" in diff and ("<td class=\"after\">是</td>" in diff
                                 or "<td class=\"after\">否</td>" in diff)
    assert "<td>系统</td>" in html and ">system<" not in html
    listing = client.get(reverse("changelog:objectchange_list")).content.decode()
    assert "系统" in listing and "<td>system</td>" not in listing
    english = client.get(reverse("changelog:objectchange", args=[change.pk]),
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<td>System</td>" in english
