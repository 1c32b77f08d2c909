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
