"""The one label placement of every map (yizhan.reports.labels): the printed maps and the web
print view call it; here it is checked on its own, in any coordinates."""

import doctest

from hypothesis import given, settings
from hypothesis import strategies as st

from yizhan.reports import labels as L
from yizhan.reports.labels import Label, overlaps, place_labels


def _measure(text, size, bold):
    return (size * len(text) * (1.1 if bold else 1.0), size * 1.3)


points = st.tuples(st.floats(0, 100), st.floats(0, 60))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(points, st.integers(1, 6), st.floats(0, 1e6)), max_size=60),
       st.lists(st.tuples(points, st.floats(1, 30), st.floats(1, 20)), max_size=3))
def test_placed_labels_never_overlap_each_other_or_an_obstacle_and_stay_inside(items, blocks):
    labels = [Label("居" * n, x, y, p) for (x, y), n, p in items]
    obstacles = [(x, y, x + w, y + h) for (x, y), w, h in blocks]
    frame = (0, 0, 100, 60)
    placed, left_out = place_labels(labels, _measure, frame, 3, 2, obstacles=obstacles)
    assert len(placed) + len(left_out) == len(labels)
    boxes = [p.box for p in placed]
    assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlaps(a, b)]
    assert not [b for b in boxes for o in obstacles if overlaps(b, o)]
    assert all(frame[0] <= b[0] and b[2] <= frame[2] and frame[1] <= b[1] and b[3] <= frame[3]
               for b in boxes)
    assert all(2 - 1e-9 <= p.size <= 3 for p in placed)
    # each box is the measured text at its size, a little enlarged, centred on the label
    for p in placed:
        width, height = _measure(p.label.text, p.size, False)
        assert abs((p.box[2] - p.box[0]) - width * L.CLEARANCE[0]) < 1e-9
        assert abs((p.box[0] + p.box[2]) / 2 - p.x) < 1e-9


def test_higher_priority_labels_win_the_place_and_the_rest_move_or_shrink():
    crowd = [Label(f"居委会{i}", 50, 30, i) for i in range(30)]
    placed, left_out = place_labels(crowd, _measure, (0, 0, 100, 60), 3, 2)
    assert placed[0].label.text == "居委会29" and (placed[0].x, placed[0].y) == (50, 30)
    # the point and its eight neighbours; smaller sizes there meet those nine
    assert [p.label.text for p in placed] == [f"居委会{i}" for i in range(29, 20, -1)]
    assert len(left_out) == 21
    # in a frame too narrow for its size a label shrinks to fit
    narrow, _ = place_labels([Label("居委会", 4.25, 30, 1)], _measure, (0, 0, 8.5, 60), 3, 2)
    assert narrow[0].size == 2.5 and narrow[0].x == 4.25


def test_label_sites_name_every_station_and_subdistrict():
    from shapely.geometry import box

    stations = {"S1": box(0, 0, 2, 1), "S2": box(2, 0, 3, 1)}
    parents = {"黄贝": box(0, 0, 3, 1)}
    sites = L.label_sites(stations, parents, {"S1": ["a", "b"], "S2": ["c"]},
                          {"a": "甲", "b": "乙", "c": "丙"})
    assert [(s.text, s.kind, s.key) for s in sites] == [
        ("甲、乙", "station", "S1"), ("丙", "station", "S2"), ("黄贝街道", "subdistrict", "黄贝")]
    assert sites[2].priority > sites[0].priority > sites[1].priority  # subdistricts, then area
    assert sites[2].emphasis == L.SUBDISTRICT_EMPHASIS


def test_doctests():
    assert doctest.testmod(L).failed == 0
