"""The plan's own approval log (``PlanTransition``) moves into the workflow engine's one log
(``workflow.TransitionLog``): every row copied with who, when, from, to, why and its request
id, then the old table dropped. Reversible: going back copies the rows the other way."""

from django.db import migrations


def _plan_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="planning", model="plan")[0]


def forwards(apps, schema_editor):
    PlanTransition = apps.get_model("planning", "PlanTransition")
    TransitionLog = apps.get_model("workflow", "TransitionLog")
    ct = _plan_type(apps)
    TransitionLog.objects.bulk_create([
        TransitionLog(content_type=ct, object_id=t.plan_id, action=t.action,
                      from_status=t.from_status, to_status=t.to_status, user_id=t.user_id,
                      user_name=t.user_name, time=t.time, reason=t.reason,
                      request_id=t.request_id, subdistrict_id=t.plan.subdistrict_id)
        for t in PlanTransition.objects.select_related("plan").order_by("time", "pk")])


def backwards(apps, schema_editor):
    PlanTransition = apps.get_model("planning", "PlanTransition")
    TransitionLog = apps.get_model("workflow", "TransitionLog")
    Plan = apps.get_model("planning", "Plan")
    plans = set(Plan.objects.values_list("pk", flat=True))
    PlanTransition.objects.bulk_create([
        PlanTransition(plan_id=t.object_id, action=t.action, from_status=t.from_status,
                       to_status=t.to_status, user_id=t.user_id, user_name=t.user_name,
                       time=t.time, reason=t.reason, request_id=t.request_id)
        for t in TransitionLog.objects.filter(content_type=_plan_type(apps))
        .order_by("time", "pk") if t.object_id in plans])


class Migration(migrations.Migration):

    dependencies = [
        ("planning", "0002_plan_authority"),
        ("workflow", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="PlanTransition"),
    ]
