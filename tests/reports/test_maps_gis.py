"""Maps, charts and GIS files: each opens with its reader and shows what the plan says."""

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from yizhan.reports.build import report_bytes


@pytest.fixture(scope="module")
def figures(figures_for_test):
    return figures_for_test("subdistrict", "东门", False)


@pytest.mark.parametrize("paper, size", [("A4", (3507, 2480)), ("A3", (4960, 3507))])
def test_a_map_is_a_landscape_page_at_300_dpi(cjk_font, figures, paper, size):
    image = Image.open(io.BytesIO(report_bytes("subdistrict", "png", figures, paper=paper)))
    assert image.size == size
    assert [round(d) for d in image.info["dpi"]] == [300, 300]


def test_the_svg_map_is_svg(cjk_font, figures):
    root = ET.fromstring(report_bytes("subdistrict", "svg", figures, figure="map-before"))
    assert root.tag.endswith("svg")


def test_labels_never_overlap_and_a_label_that_does_not_fit_is_left_out(cjk_font):
    from yizhan.reports.charts import new_figure
    from yizhan.reports.labels import Label
    from yizhan.reports.maps import _draw_labels

    fig = new_figure(100, 60)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    labels = [Label(f"居委会{i}", 5, 5, i) for i in range(40)]  # all at one point
    placed, left_out = _draw_labels(ax, labels, 8, 6)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in placed]
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert 1 < len(placed) < 40 and len(placed) + len(left_out) == 40
    assert placed[0].get_text() == "居委会39"  # the highest priority first


@pytest.mark.parametrize("chart", ["chart-band", "chart-targets"])
def test_charts_are_png_at_300_dpi(cjk_font, figures, chart):
    image = Image.open(io.BytesIO(report_bytes("subdistrict", "png", figures, figure=chart)))
    assert [round(d) for d in image.info["dpi"]] == [300, 300]


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_station_polygons_open_in_gdal_one_feature_per_station(tmp_path, figures, fmt):
    from pyogrio import read_info
    from pyogrio.raw import read

    path = tmp_path / f"stations.{fmt}"
    path.write_bytes(report_bytes("subdistrict", fmt, figures))
    info = read_info(path)
    assert info["features"] == len(figures.stations) == 7
    assert info["geometry_type"] == "MultiPolygon"
    meta, _, geometry, fields = read(path)
    columns = dict(zip(meta["fields"], fields))
    assert list(columns["station"]) == [s["station"] for s in figures.stations]
    assert list(columns["households"]) == [s["households"] for s in figures.stations]
    assert "4326" in meta["crs"]
