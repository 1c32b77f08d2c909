import datetime

import pytest

from yizhan.web.context import change_context

J = "application/json"
API = "/api/operations"


def request_body(world, side="own", **over):
    body = {"title": "老年人优待证集中办理", "kind": "temporary",
            "description": "为辖区70岁以上老人集中办理优待证。",
            "stations": [world[side]["station"].pk], "start": "2026-12-01",
            "end": "2026-12-31", "funding_fen": 500000, "funding_source": "区财政专项",
            "conditions": "区卫生健康局派驻工作人员1名，提供办证设备"}
    body.update(over)
    return body


def make_request(world, department_user, side="own", status="submitted", **over):
    """A request written as the department would, moved to ``status`` (not through pages:
    set-up only)."""
    from yizhan.web.operations.models import TaskRequest

    body = request_body(world, side, **over)
    stations = body.pop("stations")
    for key in ("start", "end"):
        body[key] = datetime.date.fromisoformat(body[key])
    with change_context(label="test-setup"):
        obj = TaskRequest(department=department_user.profile.department,
                          created_by=department_user, **body)
        obj.full_clean()
        obj.save()
        obj.stations.set(stations)
        if status != "draft":
            obj.status = status
            obj.save()
    return obj


@pytest.fixture
def department(client_for, users):
    client = client_for("department")
    return users["department"], client


@pytest.fixture
def roles(client_for, users):
    """Clients of the roles of 四(一) and 四(三), made on first use."""
    return lambda key: (client_for(key), users[key]) if key in users else (
        client_for(key), users[key])
