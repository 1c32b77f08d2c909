"""The web map's print view (docs/reports.md): the PNG maps' layout — title, plan and number
of stations, legend with counts, north arrow, scale bar, date — on A4 or A3 landscape."""

import re

from django.urls import reverse

from yizhan.web.dashboard import summary as S

URL = "dashboard:map_print"


def test_the_print_view_sets_the_paper_and_shows_the_legend_of_the_plan(world, client_for):
    viewer = client_for("viewer")
    resp = viewer.get(reverse(URL), {"plan": "current", "paper": "A3"})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "@page { size: A3 landscape; margin: 10mm; }" in html
    assert 'id="north-arrow"' in html and "map-print.js" in html
    assert "全区社区工作站整合后示意图" in html and "制图日期" in html
    counts = S.band_counts(S.subject_for("current", resp.wsgi_request.user).stations())
    shown = dict(re.findall(r'swatch band-(\w+)"></span>.*?（(\d+)个）</p>', html))
    assert {k: int(v) for k, v in shown.items()} == counts
    assert sum(counts.values()) == 2   # the test world: two stations, one per committee
    a4 = viewer.get(reverse(URL), {"plan": "current"}).content.decode()
    assert "@page { size: A4 landscape; margin: 10mm; }" in a4


def test_an_officers_print_view_is_their_subdistricts(world, client_for):
    html = client_for("officer").get(reverse(URL), {"plan": "current", "layer": "before"}
                                     ).content.decode()
    assert "黄贝街道社区工作站整合前示意图" in html and "现状（整合前）" in html


def test_bad_parameters_are_a_400_and_the_map_page_links_the_print_view(world, client_for):
    viewer = client_for("viewer")
    for params in ({"paper": "A5"}, {"layer": "sideways"}, {"paper": "A4\"><script>"}):
        resp = viewer.get(reverse(URL), params)
        assert resp.status_code == 400 and "<script>" not in resp.content.decode()
    page = viewer.get(reverse("dashboard:map"), {"plan": "current"}).content.decode()
    assert reverse(URL) + "?plan=current&amp;paper=A4" in page
    assert client_for("anonymous").get(reverse(URL)).status_code == 302


# ---------------------------------------------------------------- labels (bundled data)
import json  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def luohu(db):
    """The bundled Luohu registry (committees with boundaries), an administrator and the
    officer of 黄贝."""
    from yizhan.web.registry.loader import load_bundled
    from yizhan.web.registry.models import Subdistrict

    from ..factories import make_user

    assert load_bundled()
    return {"admin": make_user("print-admin", "admin"),
            "officer": make_user("print-officer", "officer",
                                 Subdistrict.objects.get(name="黄贝"))}


def _sheet(client, **params) -> dict:
    resp = client.get(reverse(URL), params)
    assert resp.status_code == 200
    found = re.search(r'<script id="print-map" type="application/json">(.*?)</script>',
                      resp.content.decode(), re.S)
    return json.loads(found.group(1))


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _overlapping(boxes):
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("layer", ["after", "before"])
def test_every_station_and_subdistrict_is_labelled_and_no_two_labels_meet(luohu, paper, layer):
    """The server places the labels (yizhan.reports.labels, as the PNG maps): one per station
    of the layer (its committees' names) and one per subdistrict, none overlapping another or
    the scale bar, all inside the map box."""
    from yizhan.web.dashboard.printmap import SCALE_BAR, map_box_px

    admin = _client(luohu["admin"])
    sheet = _sheet(admin, plan="official", layer=layer, paper=paper)
    subject = S.subject_for("official" if layer == "after" else "current", luohu["admin"])
    expected = {s["station"]: "、".join(s["names"]) for s in subject.stations()}
    labels = sheet["labels"]
    stations = {lab["key"]: lab["text"] for lab in labels if lab["kind"] == "station"}
    assert stations == expected and len(expected) == (83 if layer == "after" else 115)
    assert sorted(lab["key"] for lab in labels if lab["kind"] == "subdistrict") == sorted(
        subject.instance.parents)
    width, height = map_box_px(paper)
    boxes = [lab["box"] for lab in labels]
    scale_bar = [SCALE_BAR[0], height - SCALE_BAR[1], SCALE_BAR[2], height]
    assert not _overlapping(boxes + [scale_bar])
    assert all(0 <= b[0] < b[2] <= width and 0 <= b[1] < b[3] <= height for b in boxes)
    assert sheet["view"]["zoom"] > 10


def test_an_officers_print_view_labels_only_their_subdistrict(luohu):
    sheet = _sheet(_client(luohu["officer"]), plan="current", layer="before")
    huangbei = S.subject_for("current", luohu["officer"])
    assert list(huangbei.instance.parents) == ["黄贝"]
    names = set(huangbei.instance.units["name"])
    station_texts = [lab["text"] for lab in sheet["labels"] if lab["kind"] == "station"]
    assert sorted(station_texts) == sorted(names)
    assert [lab["text"] for lab in sheet["labels"] if lab["kind"] == "subdistrict"] == ["黄贝街道"]


def test_a_label_named_like_markup_travels_as_json_data(luohu):
    """Names reach the page only inside the json_script element (``<`` escaped), and the
    script sets them as text."""
    from yizhan.web.context import change_context
    from yizhan.web.registry.models import Committee

    committee = Committee.objects.get(name="黄贝岭")
    with change_context(label="test"):
        committee.name = "<b>黄贝岭</b>"
        committee.save()
    client = _client(luohu["admin"])
    html = client.get(reverse(URL), {"plan": "current", "layer": "before"}).content.decode()
    assert "<b>" not in html
    sheet = _sheet(client, plan="current", layer="before")
    assert "<b>黄贝岭</b>" in [lab["text"] for lab in sheet["labels"]]
