"""Unit boundaries from GeoJSON, and the adjacency they imply.

A FeatureCollection with one (Multi)Polygon per unit; the unit's code is the ``code`` (or
``编码``) property. Each boundary is checked by :func:`yizhan.geo.validate.boundary`, the
check the edit form and the API apply too (type, validity, finite lon/lat coordinates);
invalid polygons are reported, never silently repaired. Problems name the feature by its ordinal (the
``row`` of the problem; the first feature is 1) and its code when it has one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry

from yizhan.data.importers.problems import ImportFailed, ImportProblem, ProblemList, show
from yizhan.data.importers.sources import Source, decode_text, load_bytes
from yizhan.data.importers.values import is_blank, parse_text
from yizhan.geo.adjacency import adjacency_from_polygons
from yizhan.geo.validate import BoundaryError, boundary

__all__ = ["GeometryImport", "GeometryCheck", "read_geometry", "check_geometry",
           "CODE_PROPERTIES"]

#: Feature properties that may hold the unit code, in order of preference.
CODE_PROPERTIES = ("code", "编码")


@dataclass
class GeometryImport:
    """Valid boundaries: ``geometries`` code → shapely geometry, ``edges`` derived from them."""

    geometries: dict[str, BaseGeometry]
    edges: list[tuple[str, str]]
    warnings: list[ImportProblem] = field(default_factory=list)


@dataclass
class GeometryCheck:
    """Everything learnt from a GeoJSON file; ``edges`` is filled only when it has no error."""

    problems: ProblemList
    geometries: dict[str, BaseGeometry] = field(default_factory=dict)
    edges: list[tuple[str, str]] = field(default_factory=list)


def read_geometry(source: Source, *, known_codes: Iterable[str] | None = None,
                  filename: str | None = None) -> GeometryImport:
    """Read and validate a GeoJSON file; raise :class:`ImportFailed` listing every problem."""
    check = check_geometry(source, known_codes=known_codes, filename=filename)
    if check.problems.has_errors:
        raise ImportFailed(check.problems.items)
    return GeometryImport(check.geometries, check.edges, check.problems.warnings)


def check_geometry(source: Source, *, known_codes: Iterable[str] | None = None,
                   filename: str | None = None) -> GeometryCheck:
    """Validate without raising; adjacency is derived only from a file without errors."""
    problems, data = load_bytes(source, filename)
    check = GeometryCheck(problems)
    features = None if data is None else _features(data, problems)
    if features is None:
        return check
    known = None if known_codes is None else set(known_codes)
    first_of: dict[str, int] = {}
    for number, feature in enumerate(features, 1):
        code, geometry = _feature(number, feature, problems)
        if code is None:
            continue
        if code in first_of:
            problems.add("duplicate_code",
                         f"第{number}个要素的编码“{code}”与第{first_of[code]}个要素重复，编码不能重复。",
                         f"Feature {number}: the code “{code}” repeats feature "
                         f"{first_of[code]}; codes must be unique.", row=number, column="code")
            continue
        first_of[code] = number
        if known is not None and code not in known:
            problems.add("unknown_unit", f"第{number}个要素的编码“{code}”不是单位文件中的编码。",
                         f"Feature {number}: the code “{code}” is not a code in the units file.",
                         row=number, column="code")
        if geometry is not None:
            check.geometries[code] = geometry
    if not problems.has_errors:
        check.edges = adjacency_from_polygons(check.geometries)
    return check


def _features(data: bytes, problems: ProblemList) -> list | None:
    """The features of a FeatureCollection, or None with a problem."""
    if not data.strip():
        problems.add("empty_file", "文件是空的，没有任何内容。", "The file is empty.")
        return None
    text = decode_text(data, problems)
    if text is None:
        return None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add("not_json", f"文件不是有效的GeoJSON（JSON格式错误，第{exc.lineno}行第{exc.colno}列："
                     f"{exc.msg})。", f"The file is not valid GeoJSON (a JSON error at line "
                     f"{exc.lineno}, column {exc.colno}: {exc.msg}).")
        return None
    kind = document.get("type") if isinstance(document, dict) else type(document).__name__
    features = document.get("features") if isinstance(document, dict) else None
    if kind != "FeatureCollection" or not isinstance(features, list):
        problems.add("not_feature_collection",
                     f"文件的类型是“{show(kind)}”，不是要素集合（FeatureCollection）。",
                     f"The file's type is “{show(kind)}”, not a FeatureCollection.")
        return None
    if not features:
        problems.add("empty_file", "文件中没有任何要素。", "The file has no features.")
        return None
    return features


def _feature(number: int, feature, problems: ProblemList) -> tuple[str | None, BaseGeometry | None]:
    """The code and polygon of one feature; problems are reported, None where missing."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    props = props if isinstance(props, dict) else {}
    key = next((k for k in CODE_PROPERTIES if not is_blank(props.get(k))), None)
    if key is None:
        problems.add("missing_value", f"第{number}个要素没有编码（属性“code”或“编码”）。",
                     f"Feature {number} has no code (property “code” or “编码”).",
                     row=number, column="code")
        return None, None
    code = parse_text(props[key])
    label_zh, label_en = f"第{number}个要素（编码“{code}”）", f"Feature {number} (code “{code}”)"
    raw = feature.get("geometry")
    try:
        geometry = boundary(raw if isinstance(raw, dict) else None)  # text is not GeoJSON here
    except BoundaryError as exc:
        problems.add(exc.kind, f"{label_zh}{exc.zh}。", f"{label_en} {exc.en}.",
                     row=number, column="geometry")
        return code, None
    return code, geometry
