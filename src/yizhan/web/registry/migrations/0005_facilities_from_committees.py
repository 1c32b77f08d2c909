"""One source of truth for facilities (issue 8 item 6): a committee's office, service and plaza
areas are the record; a station's are derived from its committees. The separate Facility
records are removed, after their values are carried to the committees, so an area someone
edited on a station is not lost:

- a facility of a committee sets that committee's area (and status, when it has one);
- a facility of a station sets the area of the committee it serves; a station serving
  several committees passes it to the one whose own area of that kind is the largest (the
  premises a merged station uses, as ``max`` aggregation counts them); a station serving
  none (dissolved) has nothing to carry it to.

Each committee changed gets a change-log entry (user "system"), so the registry version
moves on and an approved plan checked on the old areas is seen to be stale.
"""

import uuid

from django.db import migrations
from django.utils import timezone


def carry_facilities_to_committees(apps, schema_editor):
    Facility = apps.get_model("registry", "Facility")
    Committee = apps.get_model("registry", "Committee")
    StationMembership = apps.get_model("registry", "StationMembership")
    ObjectChange = apps.get_model("changelog", "ObjectChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    changed = {}  # committee pk → (before, after) of the fields that change
    for facility in Facility.objects.order_by("pk"):
        area, status = f"{facility.kind}_m2", f"{facility.kind}_status"
        if facility.committee_id:
            committee = Committee.objects.get(pk=facility.committee_id)
        else:
            served = [m.committee for m in StationMembership.objects.filter(
                station_id=facility.station_id, end__isnull=True).select_related("committee")]
            if not served:
                continue
            committee = max(served, key=lambda c: (getattr(c, area), -c.pk))
        before, after = changed.get(committee.pk, ({}, {}))
        for field, value in ((area, float(facility.area_m2)), (status, facility.status)):
            if field == status and not value:
                continue
            if getattr(committee, field) != value:
                before.setdefault(field, getattr(committee, field))
                after[field] = value
                setattr(committee, field, value)
        if after:
            committee.version += 1  # an edit form opened before sees the change (StaleEdit)
            committee.save()
            changed[committee.pk] = (before, after)
    if not changed:
        return
    ct, _ = ContentType.objects.get_or_create(app_label="registry", model="committee")
    request_id = uuid.uuid4()
    for pk, (before, after) in changed.items():
        committee = Committee.objects.get(pk=pk)
        ObjectChange.objects.create(
            time=timezone.now(), user_name="system", request_id=request_id, action="update",
            changed_object_type=ct, changed_object_id=pk, object_repr=committee.name[:200],
            subdistrict_id=committee.subdistrict_id, prechange_data=before,
            postchange_data=after)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_rollout_fields"),
        ("changelog", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(carry_facilities_to_committees, migrations.RunPython.noop),
        migrations.DeleteModel(name="Facility"),
    ]
