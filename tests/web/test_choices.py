"""The registry's choices repeat the core's tables as literal strings (so makemessages can
extract them); they must not drift apart."""

from yizhan.core.instance import COMMUNITY_TYPES, FACILITIES, FACILITY_STATUSES
from yizhan.web.registry.choices import CommunityType, FacilityKind, FacilityStatus


def test_registry_choices_equal_the_core_tables():
    assert {c.value: str(c.label) for c in CommunityType} == {k: zh for k, (zh, _) in COMMUNITY_TYPES.items()}
    assert {c.value: str(c.label) for c in FacilityStatus} == {k: zh for k, (zh, _) in FACILITY_STATUSES.items()}
    assert {c.value: str(c.label) for c in FacilityKind} == {k: zh for k, zh, _ in FACILITIES}


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
