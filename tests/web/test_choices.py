"""The registry's choices repeat the core's tables as literal strings (so makemessages can
extract them); they must not drift apart."""

from yizhan.core.instance import COMMUNITY_TYPES, FACILITIES, FACILITY_STATUSES
from yizhan.web.registry.choices import CommunityType, FacilityKind, FacilityStatus


def test_registry_choices_equal_the_core_tables():
    assert {c.value: str(c.label) for c in CommunityType} == {k: zh for k, (zh, _) in COMMUNITY_TYPES.items()}
    assert {c.value: str(c.label) for c in FacilityStatus} == {k: zh for k, (zh, _) in FACILITY_STATUSES.items()}
    assert {c.value: str(c.label) for c in FacilityKind} == {k: zh for k, zh, _ in FACILITIES}
