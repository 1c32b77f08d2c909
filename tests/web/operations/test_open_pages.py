"""四、（四）站务公开 and the public side of 四、（二）: pages under /open/ with no login.

The leak test walks every /open/ page reachable from /open/ (and the status page of every
ticket) and searches each for phone numbers, ID-card numbers and every personal field the
registry and the tickets hold about people, except the names of post holders (names and posts
are what open affairs publish)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.operations.models import Ticket
from yizhan.web.registry.models import Person

from .window_world import RESIDENT, wworld  # noqa: F401

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_CARD = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
LINK = re.compile(r'href="(/open/[^"#?]*)"')


def crawl_open(client) -> dict[str, str]:
    """Every /open/ page linked from /open/ and from each other, by URL → HTML."""
    seen, todo = {}, ["/open/", "/open/status/"]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        seen[url] = html = response.content.decode()
        todo += [u for u in LINK.findall(html) if u not in seen]
    return seen


def personal_values() -> dict[str, str]:
    """Every personal field of the people and tickets in the database but post holders'
    names: person ids, pay grades, the residents' names, phones and descriptions."""
    out = {}
    for p in Person.objects.all():
        out[f"person_id {p.pk}"] = p.person_id
        if p.pay_grade:
            out[f"pay_grade {p.pk}"] = p.pay_grade
    for t in Ticket.objects.all():
        for field in ("name", "phone", "description", "subject"):
            if getattr(t, field):
                out[f"ticket {t.pk} {field}"] = getattr(t, field)
    return out


def test_the_public_pages_need_no_login(wworld):
    pages = crawl_open(Client())
    assert {"/open/", "/open/status/"} < set(pages)
    stations = [u for u in pages if re.fullmatch(r"/open/[^/]+/", u) and u != "/open/status/"]
    assert len(stations) == 2 and len([u for u in pages if u.endswith("/request/")]) == 2


def test_no_public_page_leaks_personal_identifiers(world, wworld):
    from yizhan.web.registry.models import Person

    Person.objects.filter(pk=world["own"]["person"].pk).update(pay_grade="站长三级")
    client = Client()
    pages = crawl_open(client)
    for ticket in Ticket.objects.all():  # the status page of every ticket, by its reference
        url = reverse("open:status") + f"?ref={ticket.reference}"
        pages[url] = client.get(url).content.decode()
    values = personal_values()
    # two person ids, a pay grade, two window and two online tickets' fields: the test
    # looks for something
    assert len(values) >= 2 + 1 + 2 * 1 + 2 * 3
    found = []
    for url, html in pages.items():
        text = re.sub(r"<[^>]+>", " ", html)
        found += [(url, "phone", m) for m in PHONE.findall(text)]
        found += [(url, "id card", m) for m in ID_CARD.findall(text)]
        found += [(url, what, v) for what, v in values.items() if v in html]
    assert not found, found
    # names and posts are published: the post holder's name is on the station page
    assert world["own"]["person"].name in pages[f"/open/{world['own']['station'].code}/"]


def test_the_scan_would_find_a_leak(world, wworld):
    """The scan is not vacuous: a phone number in a public field is found."""
    item = wworld["own"]["free"]
    item.description = "咨询电话 13912345678"
    item.save()
    pages = crawl_open(Client())
    assert any(PHONE.search(re.sub(r"<[^>]+>", " ", h)) for h in pages.values())


def test_station_page_shows_catalogue_fees_with_basis_posts_and_how_to(world, wworld):
    st = world["own"]["station"]
    html = Client().get(reverse("open:station", args=[st.code])).content.decode()
    assert "居住证申办代办" in html and "免费" in html
    assert "20.00 元" in html and "《居民身份证法》第二十条" in html
    assert "政府购买服务" in html and "某社工服务中心" in html and "120,000.00 元" in html
    assert "站长" in html and world["own"]["committee"].name in html
    assert reverse("open:request", args=[st.code]) in html
    # an item taken out of service is not published
    wworld["own"]["fee"].active = False
    wworld["own"]["fee"].save()
    assert "证件工本费代收" not in Client().get(
        reverse("open:station", args=[st.code])).content.decode()


def test_a_dissolved_station_has_no_public_page(world):
    import datetime

    st = world["own"]["station"]
    st.dissolved = datetime.date(2006, 9, 1)
    st.save()
    assert Client().get(reverse("open:station", args=[st.code])).status_code == 404


def _submit(client, code, **data):
    return client.post(reverse("open:request", args=[code]), {
        "service": "", "subject": "楼道灯坏了", "description": "三栋二单元", "name": "",
        "phone": "", **data})


def test_a_resident_submits_a_request_and_looks_it_up(world, wworld):
    st = world["own"]["station"]
    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("open:request", args=[st.code]))
    token = form.cookies["csrftoken"].value
    page = _submit(client, st.code, csrfmiddlewaretoken=token,
                   service=wworld["own"]["free"].pk)
    assert page.status_code == 302
    ticket = Ticket.objects.get(subject="楼道灯坏了")
    assert ticket.online and ticket.station == st and ticket.status == "received"
    assert ticket.name == "" and ticket.phone == ""
    html = client.get(page["Location"]).content.decode()
    assert ticket.reference in html and "已受理" in html
    assert "楼道灯坏了" not in html and "三栋二单元" not in html
    change = ObjectChange.objects.get(changed_object_id=ticket.pk, action="create",
                                      changed_object_type__model="ticket")
    assert change.user_id is None and change.user_name == "public"
    assert change.operator == "公众（网上提交）"
    assert "source_key" not in change.postchange_data
    # lower case and spaces are forgiven
    look = client.get(reverse("open:status"), {"ref": f"  {ticket.reference.lower()} "})
    assert look.status_code == 200 and "已受理" in look.content.decode()


def test_the_public_form_needs_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    assert _submit(client, world["own"]["station"].code).status_code == 403
    assert not Ticket.objects.exists()


def test_bad_input_is_shown_again_with_every_value(world):
    page = _submit(Client(), world["own"]["station"].code, subject="", name="王五",
                   phone="abc", description="说明文字")
    html = page.content.decode()
    assert page.status_code == 400
    assert "这个字段是必填项" in html and "电话号码只能包含数字" in html
    assert 'value="王五"' in html and "说明文字" in html and 'value="abc"' in html
    assert not Ticket.objects.exists()


def test_the_form_offers_only_this_stations_items_in_service(world, wworld):
    page = _submit(Client(), world["own"]["station"].code,
                   service=wworld["other"]["free"].pk)
    assert page.status_code == 400 and not Ticket.objects.filter(subject="楼道灯坏了").exists()


def test_submissions_are_limited_per_address(world, settings):
    settings.YIZHAN_PUBLIC_TICKETS_PER_HOUR = 2
    client, code = Client(), world["own"]["station"].code
    assert [_submit(client, code).status_code for _i in range(2)] == [302, 302]
    page = _submit(client, code, subject="第三次")
    assert page.status_code == 429 and "提交次数过多" in page.content.decode()
    assert 'value="第三次"' in page.content.decode()
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert _submit(other, code).status_code == 302
    assert Ticket.objects.filter(online=True).count() == 3


def test_unknown_reference_says_so(db):
    page = Client().get(reverse("open:status"), {"ref": "20260101-XXXXXX"})
    assert page.status_code == 404 and "未找到该查询编号" in page.content.decode()


@pytest.mark.parametrize("url", ["/open/", "/open/status/"])
def test_public_pages_in_english_with_the_switch(db, url):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    html = client.get(url).content.decode()
    assert '<html lang="en">' in html and "Open station affairs" in html


def test_public_pages_work_offline_and_on_a_phone(world, wworld):
    for url, html in crawl_open(Client()).items():
        assert 'name="viewport"' in html
        for marker in ("cdn.", "jsdelivr", "unpkg", "googleapis", "https://", "http://"):
            assert marker not in html, (url, marker)


def test_station_page_shows_approved_tasks_and_spending_only(world, wworld, client_for, users):
    """四、（一） on the open page: the approved task with its funding, received, spent and
    balance in 元 (the task part's query functions); a request not approved is not there, and
    neither is who wrote the request."""
    from .conftest import API, J, make_request

    client_for("department")
    approved = make_request(world, users["department"], title="老年人优待证集中办理")
    make_request(world, users["department"], title="尚未审批的请求")
    assert client_for("community_building").post(
        f"{API}/requests/{approved.pk}/transition/", {"action": "approve"},
        content_type=J).status_code == 200
    from yizhan.web.operations.models import StationTask

    task = StationTask.objects.get(request=approved)
    staff = client_for("station_staff")
    for body in ({"kind": "received", "amount_fen": 500000, "note": "区财政拨入"},
                 {"kind": "spent", "amount_fen": 120050, "note": "办证耗材"}):
        assert staff.post(f"{API}/station-tasks/{task.pk}/entries/",
                          {**body, "date": "2026-12-02"}, content_type=J).status_code == 201
    html = Client().get(reverse("open:station", args=[world["own"]["station"].code])
                        ).content.decode()
    assert "老年人优待证集中办理" in html and "区卫生健康局" in html
    assert "尚未审批的请求" not in html
    total = re.search(r'<tr id="spending-total">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<th>([\d,.]+)</th>", total) == ["5,000.00", "1,200.50", "3,799.50"]
    assert users["department"].username not in html


def test_an_empty_post_says_what_is_missing(world):
    page = Client().post(reverse("open:request", args=[world["own"]["station"].code]), {})
    assert page.status_code == 400 and "这个字段是必填项" in page.content.decode()


def test_synthetic_data_is_labelled_on_the_public_pages(world, wworld):
    """The bundled registry is synthetic: the public pages say so, as the signed-in ones."""
    for url, html in crawl_open(Client()).items():
        assert "合成演示数据" in html, url
    from yizhan.web.registry.models import Committee

    Committee.objects.update(synthetic=False)
    assert "合成演示数据" not in Client().get("/open/").content.decode()


def test_station_page_in_english(world, wworld):
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/open/"})
    html = client.get(reverse("open:station", args=[world["own"]["station"].code])).content.decode()
    assert "20.00 yuan" in html and "Free" in html and "Legal basis of the fee" in html
    assert "元" not in re.sub(r"<[^>]+>", " ", html)
