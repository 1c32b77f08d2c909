"""The map print view in chromium: it draws the map and prints as one landscape sheet of the
chosen paper (CSS @page), with title, legend, north arrow and a metric scale bar."""

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from .conftest import login

pytestmark = pytest.mark.browser

#: landscape page sizes in points
SIZES = {"A4": (841.9, 595.3), "A3": (1190.6, 841.9)}


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_the_print_view_prints_one_landscape_sheet(server, new_page, paper):
    page = new_page()
    login(page, server, "admin")
    page.goto(server.url + f"/dashboard/map/print/?paper={paper}&layer=after")
    page.wait_for_selector("#print-sheet[data-ready='1']")
    assert int(page.get_attribute("#map", "data-features")) > 100
    for selector in ("#print-title", "#print-legend", "#north-arrow", "#print-foot",
                     ".leaflet-control-scale-line"):
        assert page.is_visible(selector), selector
    assert "km" in page.inner_text(".leaflet-control-scale-line")
    page.emulate_media(media="print")
    assert not page.is_visible(".print-toolbar")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(SIZES[paper], abs=1.5)
    # chromium's font subsets map some characters to the Kangxi radicals (⽰ for 示): NFKC
    text = unicodedata.normalize("NFKC", pdf.pages[0].extract_text())
    assert "全区社区工作站整合后示意图" in text and "制图日期" in text


def _label_rects(page) -> list[dict]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.print-label'))
        .map(e => { const r = e.getBoundingClientRect();
                    return {text: e.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })""")


@pytest.mark.parametrize("paper,layer", [("A4", "after"), ("A4", "before"), ("A3", "after"),
                                         ("A3", "before")])
def test_every_committee_station_and_subdistrict_is_labelled_without_collisions(
        server, new_page, paper, layer):
    """The labels the server placed (the PNG maps' placement) as chromium lays them out: one
    per station (before: per committee) and per subdistrict, each where the server put its
    box, none overlapping another, all inside the map, and all of them in the printed PDF."""
    import json

    page = new_page()
    login(page, server, "admin")
    page.goto(server.url + f"/dashboard/map/print/?plan=official&paper={paper}&layer={layer}")
    page.wait_for_selector("#print-sheet[data-ready='1']")
    sheet = json.loads(page.inner_text("#print-map"))
    rects = _label_rects(page)
    stations = 83 if layer == "after" else 115
    assert len(rects) == len(sheet["labels"]) == stations + 10  # and the ten subdistricts
    assert sorted(r["text"] for r in rects) == sorted(lab["text"] for lab in sheet["labels"])
    box = page.evaluate("""() => { const r = document.getElementById('map')
        .getBoundingClientRect(); return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; }""")
    overlapping = [(a["text"], b["text"]) for i, a in enumerate(rects) for b in rects[i + 1:]
                   if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"]
                   and b["y0"] < a["y1"]]
    assert overlapping == []
    assert all(box["x0"] <= r["x0"] and r["x1"] <= box["x1"] and box["y0"] <= r["y0"]
               and r["y1"] <= box["y1"] for r in rects)
    # each text sits inside the collision box the server computed for it (1 px for Leaflet's
    # rounding of marker positions): the browser measures what the server assumed
    by_text = {}
    for lab in sheet["labels"]:
        by_text.setdefault(lab["text"], []).append(lab["box"])
    border = page.evaluate("() => document.getElementById('map').clientLeft")
    for r in rects:
        assert any(box["x0"] + border + b[0] - 1 <= r["x0"] and r["x1"] <= box["x0"] + border + b[2] + 1
                   and box["y0"] + border + b[1] - 1 <= r["y0"]
                   and r["y1"] <= box["y0"] + border + b[3] + 1 for b in by_text[r["text"]]), r
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    text = "".join(unicodedata.normalize("NFKC", pdf.pages[0].extract_text()).split())
    # chromium's subsets also map some characters to the CJK radicals supplement (⻉ for 贝),
    # which NFKC leaves alone: such a character matches any of those
    missing = [r["text"] for r in rects if not re.search("".join(
        f"[{re.escape(c)}\u2e80-\u2eff]" for c in r["text"]), text)]
    assert missing == []
