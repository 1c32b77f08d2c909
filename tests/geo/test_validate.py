"""The one boundary check (yizhan.geo.validate.boundary) used by the form, the API, the
GeoJSON import and the map."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import box, mapping

from yizhan.geo.validate import BoundaryError, boundary

SQUARE = mapping(box(114.10, 22.50, 114.11, 22.51))


def test_a_lon_lat_polygon_passes_as_dict_or_text():
    assert boundary(SQUARE).area == pytest.approx(1e-4)
    assert boundary(json.dumps(SQUARE)).equals(boundary(SQUARE))
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}
    assert boundary(multi).geom_type == "MultiPolygon"


@pytest.mark.parametrize("raw, kind", [
    ({"type": "Foo"}, "not_polygon"),
    ({"type": "Point", "coordinates": [114.1, 22.5]}, "not_polygon"),
    ('{"type": "Polygon", "coordinates": [[[1e400, 22.5], [114.1, 22.6], [114.2, 22.5], [1e400, 22.5]]]}',
     "invalid_geometry"),
    ('{"type": "Polygon", "coordinates": [[[NaN, 22.5], [114.1, 22.6], [114.2, 22.5], [NaN, 22.5]]]}',
     "invalid_geometry"),
    ({"type": "Polygon", "coordinates": [[[500000, 2500000], [500100, 2500000],
                                          [500100, 2500100], [500000, 2500000]]]},
     "out_of_range"),  # projected metres, not lon/lat
    ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
     "invalid_geometry"),  # a bow tie
    ({"type": "Polygon", "coordinates": "x"}, "invalid_geometry"),
    ({"type": "Polygon", "coordinates": []}, "missing_value"),
    ("not json", "not_json"), ([1, 2], "missing_value"), ({}, "missing_value"),
])
def test_bad_boundaries_are_refused_with_a_reason_in_both_languages(raw, kind):
    with pytest.raises(BoundaryError) as exc:
        boundary(raw)
    assert exc.value.kind == kind and exc.value.zh and exc.value.en
