"""In a real browser, the service window (四、（二）) end to end: a resident, not signed in,
finds a station on the open-affairs pages, submits a request on its public form and notes
the reference; the station's staff start and close it; the station's open-affairs page then
counts it in the window's statistics, and the reference shows it done."""

import re

import pytest

pytestmark = pytest.mark.browser

#: a station user and one catalogue item, made on the server's database
_SEED = """
from django.contrib.auth.models import User
from yizhan.web.accounts.models import Profile
from yizhan.web.context import change_context
from yizhan.web.operations.models import ServiceItem
from yizhan.web.registry.models import Station
station = Station.objects.filter(dissolved__isnull=True).order_by("-code").first()
with change_context(label="browser-test"):
    user = User.objects.create_user("staff-window", password="window-pass-2006")
    Profile.objects.create(user=user, role="station_staff", station=station)
    ServiceItem.objects.create(station=station, name="居住证申办代办", kind="housing_residence",
                               legal_basis="《深圳市居住证条例》", time_limit_days=3)
print("station", station.code, station.name)
"""


@pytest.fixture
def station(server):
    out = server.manage("shell", "-c", _SEED)
    code, name = next(line.split()[1:] for line in out.splitlines()
                      if line.startswith("station "))
    server.passwords["staff-window"] = "window-pass-2006"
    return code, name


def test_a_resident_request_is_closed_and_counted(server, new_page, station):
    code, name = station
    resident = new_page()
    resident.goto(server.url + "/open/")
    resident.click(f"a >> text={name}")
    resident.wait_for_url(re.compile(rf".*/open/{code}/$"))
    assert resident.locator("#stat-none").is_visible()        # no request yet
    assert "居住证申办代办" in resident.inner_text("#catalogue") and "免费" in resident.inner_text(
        "#catalogue")
    resident.click("#submit-request")
    resident.select_option("#id_service", label="居住证申办代办")
    resident.fill("#id_subject", "新来深圳，想办居住证")
    resident.click("#request-form button[type=submit]")
    resident.wait_for_selector("#new-reference")
    reference = resident.inner_text("#new-reference strong")
    assert re.fullmatch(r"\d{8}-[2-9A-Z]{6}", reference)
    assert resident.inner_text("#status-label").strip() == "已受理"

    staff = new_page()
    staff.goto(server.url + "/accounts/login/")
    staff.fill("input[name=username]", "staff-window")
    staff.fill("input[name=password]", server.passwords["staff-window"])
    staff.click("button[type=submit]")
    staff.wait_for_url(lambda url: "/accounts/login/" not in url)   # the role's start page
    staff.goto(server.url + "/operations/tickets/?q=" + reference)
    staff.click(f"a >> text={reference}")
    assert "新来深圳，想办居住证" in staff.inner_text("main")
    staff.click("button[value=start]")
    staff.wait_for_selector("#ticket-status.status-in_progress")
    staff.fill("textarea[name=reason]", "已受理材料，当场办结")
    staff.click("button[value=close]")
    staff.wait_for_selector("#ticket-status.status-done")
    log = staff.inner_text("#transitions")
    assert "staff-window" in log and "开始办理" in log and "当场办结" in log

    resident.goto(f"{server.url}/open/{code}/")
    assert resident.inner_text("#stat-total") == "1"
    assert resident.inner_text("#stat-done") == "1"
    assert resident.inner_text("#stat-overdue") == "0"
    resident.goto(f"{server.url}/open/status/?ref={reference}")
    assert resident.inner_text("#status-label").strip() == "已办结"
