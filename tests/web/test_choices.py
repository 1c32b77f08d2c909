"""The registry's choices repeat the core's tables as literal strings (so makemessages can
extract them); they must not drift apart."""

from yizhan.core.instance import COMMUNITY_TYPES, FACILITY_STATUSES
from yizhan.web.registry.choices import CommunityType, FacilityStatus


def test_registry_choices_equal_the_core_tables():
    assert {c.value: str(c.label) for c in CommunityType} == {k: zh for k, (zh, _) in COMMUNITY_TYPES.items()}
    assert {c.value: str(c.label) for c in FacilityStatus} == {k: zh for k, (zh, _) in FACILITY_STATUSES.items()}


def test_assets_are_shown_and_entered_in_yuan_and_stored_in_fen(world, client_for):
    """DESIGN.md: money stored in 分, shown in 元 — list, detail and form alike."""
    from django.urls import reverse

    asset = world["own"]["asset"]  # 123456 分
    client = client_for("admin")
    listing = client.get(reverse("registry:asset_list")).content.decode()
    assert "价值（元）" in listing and "1,234.56" in listing and "123456" not in listing
    detail = client.get(reverse("registry:asset", args=[asset.pk])).content.decode()
    assert "1,234.56" in detail and "价值（分）" not in detail
    form = client.get(reverse("registry:asset_edit", args=[asset.pk])).content.decode()
    assert 'value="1234.56"' in form
    response = client.post(reverse("registry:asset_edit", args=[asset.pk]), {
        "description": asset.description, "committee": asset.committee_id, "value_fen": "99.5",
        "status": asset.status, "state_owned": "on", "version": asset.version})
    assert response.status_code == 302, response.content.decode()[:3000]
    asset.refresh_from_db()
    assert asset.value_fen == 9950
    bad = client.post(reverse("registry:asset_edit", args=[asset.pk]), {
        "description": asset.description, "committee": asset.committee_id, "value_fen": "1.234",
        "status": asset.status, "version": asset.version})
    assert bad.status_code == 200
    asset.refresh_from_db()
    assert asset.value_fen == 9950


def test_choosing_a_person_for_a_post_searches_as_you_type_instead_of_listing_everyone(
        world, client_for):
    """The post form's person list holds only the chosen person; the page's script asks the
    people API (?q=, restricted to the user's scope) as the user types."""
    from django.urls import reverse

    from yizhan.web.context import change_context
    from yizhan.web.registry.models import Person

    post = world["own"]["post"]
    with change_context(label="test-setup"):
        for k in range(30):
            Person.objects.create(person_id=f"X{k:03d}", name=f"路人{k}",
                                  subdistrict=world["own"]["subdistrict"])
    client = client_for("officer")
    html = client.get(reverse("registry:post_edit", args=[post.pk])).content.decode()
    start = html.index('name="person"')
    select = html[start:html.index("</select>", start)]
    assert select.count("<option") == 2 and f'value="{post.person_id}" selected' in select
    assert 'data-search-url="/api/registry/people/"' in select
    found = client.get("/api/registry/people/?q=路人1&limit=20").json()["items"]
    assert {p["name"] for p in found} == {"路人1"} | {f"路人{k}" for k in range(10, 20)}
    other = world["other"]["person"]
    assert client.get(f"/api/registry/people/?q={other.name}").json()["items"] == []
    response = client.post(reverse("registry:post_edit", args=[post.pk]), {
        "person": Person.objects.get(person_id="X001").pk, "org_kind": "station",
        "station": post.station_id, "role": "head", "version": post.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    outside = client.post(reverse("registry:post_edit", args=[post.pk]), {
        "person": other.pk, "org_kind": "station", "station": post.station_id, "role": "head",
        "version": post.version + 1})
    assert outside.status_code == 200 and "person" in outside.content.decode()
