"""The stations' areas of responsibility (R7 §2(4)) as GIS files: GeoJSON and GeoPackage.

One feature per station of the plan: the dissolved committee polygons (as the web map draws
them) with the station's figures. Written with pyogrio (GDAL), longitude/latitude (EPSG:4326,
the coordinates the records carry), every geometry a MultiPolygon so the layer has one type.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon

from yizhan.geo.dissolve import dissolve
from yizhan.reports.figures import Figures
from yizhan.reports.maps import NoGeometry

__all__ = ["DRIVERS", "station_layer", "write_stations", "stations_bytes"]

DRIVERS = {"geojson": "GeoJSON", "gpkg": "GPKG"}
#: (field, station row key); names short enough for any GIS
FIELDS = (("station", "station"), ("parent", "parent"), ("units", "units"),
          ("names", "label"), ("households", "households"), ("band", "band"),
          ("band_dev", "band_deviation"), ("office_m2", "office_m2"),
          ("service_m2", "service_m2"), ("plaza_m2", "plaza_m2"), ("office_ok", "office_ok"),
          ("service_ok", "service_ok"), ("plaza_ok", "plaza_ok"),
          ("contiguous", "contiguous"), ("party", "party_members"), ("party_org", "party_label"))


def _multi(geom):
    return geom if geom.geom_type == "MultiPolygon" else MultiPolygon(
        [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"])


def station_layer(figures: Figures) -> tuple[list, dict[str, np.ndarray]]:
    """(MultiPolygons, field arrays) of the stations that have a boundary."""
    inputs = figures.inputs
    if not inputs.geometries:
        raise NoGeometry("没有居委会边界数据，无法生成地理文件 / no committee boundaries")
    shapes = dissolve(inputs.geometries, inputs.plan.assignment, snap=1e-7)
    rows = [s for s in figures.stations if s["station"] in shapes]
    if not rows:
        raise NoGeometry("没有一个工作站有边界数据 / no station has a boundary")
    geoms = [_multi(shapes[s["station"]]) for s in rows]
    fields = {}
    for name, key in FIELDS:
        values = [s[key] for s in rows]
        if isinstance(values[0], bool):
            fields[name] = np.array(values, dtype=np.int32)  # GDAL writes 0/1 for booleans
        elif isinstance(values[0], (int, float)):
            fields[name] = np.array(values)
        else:
            fields[name] = np.array(values, dtype=object)
    return geoms, fields


def write_stations(figures: Figures, path: Path, fmt: str) -> None:
    """Write the station layer to ``path`` (``fmt`` geojson or gpkg)."""
    from pyogrio.raw import write

    geoms, fields = station_layer(figures)
    path = Path(path)
    if path.exists():
        path.unlink()
    write(path, shapely.to_wkb(geoms), list(fields.values()), fields=list(fields),
          crs="EPSG:4326", geometry_type="MultiPolygon", driver=DRIVERS[fmt],
          layer="stations", encoding="UTF-8")


def stations_bytes(figures: Figures, fmt: str) -> bytes:
    """The layer as file content (for downloads)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"stations.{fmt}"
        write_stations(figures, path, fmt)
        return path.read_bytes()
