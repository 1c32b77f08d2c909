"""The map print view in chromium: it draws the map and prints as one landscape sheet of the
chosen paper (CSS @page), with title, legend, north arrow and a metric scale bar."""

import io
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
