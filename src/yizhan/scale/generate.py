"""The SYNTHETIC national instance: every township unit of China with its real number of
committees, schematic maps and attributes drawn like the Luohu data.

What is real: the township units (parents), their names, codes, districts (county-level units)
and provinces, and how many committees each has (:mod:`.counts`). What is made up: each
committee. A parent's committees are a jittered grid with 4-neighbour adjacency plus one
diagonal per cell (:func:`yizhan.planner.synthetic.grid_parent`), a planar graph like real
committee maps; parents sit apart on a grid of longitude/latitude (parents do not border each
other here, so no committee is flagged as bordering another subdistrict). Households and the
three facility areas are drawn row by row from the bundled Luohu committees (jittered by a
factor e^N(0, 0.15)): the same band and facility targets then bind about as often as in Luohu.
Every committee's current station is itself.

A parent's data depend only on the seed and its own code (its random stream is seeded by
both, its map position by its place in the full list), so a ``--sample`` holds exactly the
same parents' data as the full instance.

Layout of ``DIR`` (every file says ``synthetic``: a column, and the Parquet metadata key
``yizhan.synthetic``)::

    instance.json                      what was generated, from what, the fingerprint
    parents.parquet                    parent, name, district, district_name, city, province, units
    units/province=NN/part-0.parquet   code, name, parent, district, households, office_m2,
                                       service_m2, plaza_m2, x, y, station, synthetic
    edges/province=NN/part-0.parquet   district, parent, a, b

Rows are sorted by district and parent, so a worker's read of a few districts touches only
their row groups.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from yizhan.planner.synthetic import grid_parent, parent_pitch
from yizhan.scale.counts import SOURCE, load_counts, sample_counts

__all__ = ["generate", "FORMAT", "META_KEY", "write_table"]

FORMAT = "yizhan-national-1"
META_KEY = b"yizhan.synthetic"
ROW_GROUP = 8192
_ATTRIBUTES = ("households", "office_m2", "service_m2", "plaza_m2")


def generate(out: str | Path, sample: int | None = None, seed: int = 0,
             only: tuple[str, ...] = ()) -> dict:
    """Write the instance to ``out`` and return its ``instance.json`` content: every township
    unit whose code starts with one of ``only`` (a province ``44``, a district ``440303``, a
    unit; default all), or a seeded sample of ``sample`` of those."""
    out = Path(out)
    full = load_counts()
    full["slot"] = np.arange(len(full))
    counts = full
    if only:
        counts = full[full["street_code"].str.startswith(tuple(only))]
        if counts.empty:
            raise ValueError(f"没有以此开头的乡级单位 / no township unit code starts with {only}")
    counts = counts if sample is None else sample_counts(counts, sample, seed)
    side = int(np.ceil(np.sqrt(len(full))))
    pitch = parent_pitch(int(full["committees"].max()))
    luohu = _luohu_rows()
    out.mkdir(parents=True, exist_ok=True)
    parents = counts.rename(columns={"street_code": "parent", "street_name": "name",
                                     "county_code": "district", "county_name": "district_name",
                                     "city_code": "city", "province_code": "province",
                                     "committees": "units"})
    parents = parents.sort_values(["district", "parent"], ignore_index=True)
    parents["synthetic"] = True
    for province, rows in parents.groupby("province", sort=True):
        units = {k: [] for k in _UNIT_COLUMNS}
        edges = {k: [] for k in _EDGE_COLUMNS}
        for row in rows.itertuples(index=False):
            _parent(row, seed, side, pitch, luohu, units, edges)
        write_table(_columns(units, _UNIT_SCHEMA), out / "units" / f"province={province}")
        write_table(_columns(edges, _EDGE_SCHEMA), out / "edges" / f"province={province}")
    write_table(pa.Table.from_pandas(parents.drop(columns=["slot"]), preserve_index=False), out,
                name="parents.parquet")
    meta = {"format": FORMAT, "synthetic": True,
            "name": "全国 2023 (合成) / national 2023 (SYNTHETIC)",
            "generator": f"yizhan scale generate --seed {seed}"
                         + (f" --sample {sample}" if sample is not None else "")
                         + "".join(f" --only {o}" for o in only),
            "seed": seed, "sample": sample, "parents": int(len(parents)),
            "units": int(parents["units"].sum()), "districts": int(parents["district"].nunique()),
            "provinces": int(parents["province"].nunique()), "source": SOURCE,
            "attributes": "households and facility areas drawn from the bundled Luohu committees, "
                          "jittered; schematic grid maps; not real data",
            "fingerprint": _fingerprint(parents, seed)}
    (out / "instance.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    return meta


def write_table(table: pa.Table, folder: Path, name: str = "part-0.parquet") -> Path:
    """``table`` as ``folder/name``, marked synthetic in its metadata, written to a temporary
    name and renamed (a reader never sees half a file)."""
    folder.mkdir(parents=True, exist_ok=True)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), META_KEY: b"true"})
    path = folder / name
    tmp = folder / f".{name}.tmp"
    pq.write_table(table, tmp, row_group_size=ROW_GROUP)
    tmp.replace(path)
    return path


_UNIT_SCHEMA = pa.schema([("code", pa.string()), ("name", pa.string()), ("parent", pa.string()),
                          ("district", pa.string()), ("households", pa.int64()),
                          ("office_m2", pa.float64()), ("service_m2", pa.float64()),
                          ("plaza_m2", pa.float64()), ("x", pa.float64()), ("y", pa.float64()),
                          ("station", pa.string()), ("synthetic", pa.bool_())])
_EDGE_SCHEMA = pa.schema([("district", pa.string()), ("parent", pa.string()),
                          ("a", pa.string()), ("b", pa.string())])
_UNIT_COLUMNS, _EDGE_COLUMNS = _UNIT_SCHEMA.names, _EDGE_SCHEMA.names


def _parent(row, seed: int, side: int, pitch: float, luohu: np.ndarray, units: dict,
            edges: dict) -> None:
    """Append one parent's units and edges to the column lists (its random stream: the seed
    and its code)."""
    rng = np.random.default_rng([seed, int(row.parent)])
    px, py = row.slot % side, row.slot // side
    codes, xy, pairs = grid_parent(int(row.units), rng, row.parent, px, py, pitch=pitch)
    n = len(codes)
    draw = luohu[rng.integers(len(luohu), size=n)] * np.exp(rng.normal(0.0, 0.15, size=(n, 4)))
    xy = np.asarray(xy)
    units["code"] += codes
    units["name"] += [f"{row.name}第{k + 1}社区" for k in range(n)]
    units["parent"] += [row.parent] * n
    units["district"] += [row.district] * n
    units["households"].append(np.maximum(draw[:, 0].round(), 1).astype(np.int64))
    for k, col in enumerate(("office_m2", "service_m2", "plaza_m2"), start=1):
        units[col].append(draw[:, k].round(1))
    units["x"].append(xy[:, 0].round(6))
    units["y"].append(xy[:, 1].round(6))
    units["station"] += codes
    units["synthetic"] += [True] * n
    edges["district"] += [row.district] * len(pairs)
    edges["parent"] += [row.parent] * len(pairs)
    edges["a"] += [a for a, _ in pairs]
    edges["b"] += [b for _, b in pairs]


def _columns(lists: dict, schema: pa.Schema) -> pa.Table:
    """A table of ``schema`` from column lists (values, or numpy arrays to join)."""
    return pa.table({k: np.concatenate(v) if v and isinstance(v[0], np.ndarray) else v
                     for k, v in lists.items()}, schema=schema)


def _luohu_rows() -> np.ndarray:
    from yizhan.data.bundled import read_bundled_csv

    units = read_bundled_csv("units.csv")
    return units[list(_ATTRIBUTES)].astype(float).to_numpy()


def _fingerprint(parents: pd.DataFrame, seed: int) -> str:
    """What identifies the instance's content: format, seed and every parent with its size."""
    h = hashlib.sha256(f"{FORMAT}|{seed}|".encode())
    for p, n in zip(parents["parent"], parents["units"]):
        h.update(f"{p}:{n};".encode())
    return h.hexdigest()[:16]
