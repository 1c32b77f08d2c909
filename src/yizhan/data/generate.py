"""Deterministic generator of the bundled Luohu 2006 dataset (SYNTHETIC attributes).

Run ``python -m yizhan.data.generate --seed 2006 --out DIR``; the same seed gives byte-identical
files. The committed ``luohu2006/`` files are seed 2006.

What is real: committee names, subdistricts and the official plan (the 2006 document, via
:mod:`yizhan.data.document`), the 2023 codes (:mod:`yizhan.data.reconcile`). What is
synthetic: every attribute, person and polygon, drawn so that *every* count of the document's
part 五 (SPEC.md §4) comes out exactly: each count is a multiset of labels
(24 × ``mid_high_end`` …) shuffled over the committees by ``numpy.random.default_rng(seed)``,
and values are drawn inside the label's bracket. The assumptions (household sizes, party
membership, open bracket bounds, the population/plan correlation) are constants below and are
explained in docs/data.md.
"""

from __future__ import annotations

import argparse
import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from shapely.geometry import shape

from yizhan.core.instance import Instance
from yizhan.core.metrics import evaluate
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.data.baseline import (AREA_BRACKETS, DOCUMENT_COUNTS, POPULATION_BRACKETS,
                                  baseline_stats, compare_with_document,
                                  facility_status_mismatches)
from yizhan.data.bundled import DATASET_NAME, data_dir
from yizhan.data.document import SUBDISTRICT_PLANS, committees
from yizhan.data.layout import schematic_polygons
from yizhan.data.people import people_and_posts
from yizhan.data.readme import dataset_readme
from yizhan.data.reconcile import reconcile, strip_street_suffix
from yizhan.geo.adjacency import adjacency_from_polygons

__all__ = ["DEFAULT_SEED", "HOUSEHOLD_SIZE", "PARTY_MEMBER_RATE", "POPULATION_DRAW_RANGE",
           "AREA_DRAW_RANGE", "PLAN_EFFECT", "Dataset", "generate", "validate", "write_dataset",
           "main"]

DEFAULT_SEED = 2006

#: Persons per household by community type (our assumption, docs/data.md): urban villages are
#: rented rooms of migrant workers living alone or in pairs; estates hold families. The mean
#: (about 2.3) puts the district near 83 stations × 8,000 households, the middle of the band
#: the document planned its 83 stations for.
HOUSEHOLD_SIZE = {"mid_high_end": 2.6, "old_residential": 2.4, "urban_village": 2.0,
                  "enclave": 2.2}
#: ± spread of the household size around the type's value (uniform).
HOUSEHOLD_SIZE_SPREAD = 0.2
#: Party members per resident by type (our assumption; old estates have many retired members).
PARTY_MEMBER_RATE = {"mid_high_end": 0.003, "old_residential": 0.004, "urban_village": 0.002,
                     "enclave": 0.0025}
MIN_PARTY_MEMBERS = 10
#: Bounds the open brackets are drawn within: population ≥ 20,000 up to 45,000; < 5,000 from
#: 1,500. Area ≥ 2 km² up to 5 km² (梧桐山's hills); < 0.2 km² from 0.05 km².
POPULATION_DRAW_RANGE = {"ge_20000": (20000, 45000), "lt_5000": (1500, 5000)}
AREA_DRAW_RANGE = {"ge_2": (2.0, 5.0), "lt_0.2": (0.05, 0.2)}
#: Population rank score = effect + N(0, 1): kept-alone committees tend to be larger, merged
#: ones smaller (the document merged "mainly by population", 二(二)), with real noise.
PLAN_EFFECT = {"kept": 0.8, "merged": -0.8}
#: Facility area as a multiple of the policy standard, per survey status.
FACILITY_FACTOR = {"meets": (1.0, 2.5), "this_year": (0.6, 0.95), "hard": (0.1, 0.5)}

UNIT_COLUMNS = ["code", "name", "parent", "households", "office_m2", "service_m2", "plaza_m2",
                "population", "area_km2", "type", "station", "self_contained", "office_status",
                "service_status", "plaza_status", "party_members", "nbs_code", "x", "y"]


@dataclass
class Dataset:
    """Everything the generator writes, in memory."""

    seed: int
    units: pd.DataFrame
    official_plan: Plan
    geojson: dict
    adjacency: list[tuple[str, str]]
    subdistricts: pd.DataFrame
    people: pd.DataFrame
    posts: pd.DataFrame
    nbs2023: bytes
    confirmed: bytes

    def instance(self) -> Instance:
        return Instance(self.units, self.adjacency, name=DATASET_NAME, synthetic=True)


def _shuffled_labels(counts: dict[str, int], rng: np.random.Generator) -> np.ndarray:
    labels = np.array([k for k, v in counts.items() for _ in range(v)], dtype=object)
    return labels[rng.permutation(len(labels))]


def _draw_range(brackets, key: str, overrides: dict) -> tuple[float, float]:
    if key in overrides:
        return overrides[key]
    low, high = next((lo, hi) for k, lo, hi, _, _ in brackets if k == key)
    return low, high


def _attributes(frame: pd.DataFrame, rng: np.random.Generator, policy: Policy) -> pd.DataFrame:
    """Type, population, households, area, facilities, party members, self_contained."""
    n = len(frame)
    frame["type"] = _shuffled_labels(DOCUMENT_COUNTS["types"], rng)
    kept = frame.groupby("station")["code"].transform("size").to_numpy() == 1
    score = np.where(kept, PLAN_EFFECT["kept"], PLAN_EFFECT["merged"]) + rng.normal(size=n)
    ranked = np.array([k for k, _, _, _, _ in POPULATION_BRACKETS
                       for _ in range(DOCUMENT_COUNTS["population"][k])], dtype=object)
    bracket = np.empty(n, dtype=object)
    bracket[np.argsort(-score, kind="stable")] = ranked
    population = []
    for key in bracket:
        low, high = _draw_range(POPULATION_BRACKETS, key, POPULATION_DRAW_RANGE)
        population.append(int(rng.integers(low, high + (key == "ge_20000"))))
    frame["population"] = population
    size = (frame["type"].map(HOUSEHOLD_SIZE).to_numpy(dtype=float)
            + rng.uniform(-HOUSEHOLD_SIZE_SPREAD, HOUSEHOLD_SIZE_SPREAD, n))
    frame["households"] = np.rint(frame["population"] / size).astype(int)
    areas = []
    for key in _shuffled_labels(DOCUMENT_COUNTS["area"], rng):
        low, high = _draw_range(AREA_BRACKETS, key, AREA_DRAW_RANGE)
        value = float(np.exp(rng.uniform(np.log(low), np.log(high))))
        areas.append(max(low, np.floor(value * 1000) / 1000))  # floor keeps it under ``high``
    frame["area_km2"] = areas
    for key in ("office", "service", "plaza"):
        standard = getattr(policy.facilities, f"{key}_min_m2")
        status = _shuffled_labels(DOCUMENT_COUNTS["facilities"][key], rng)
        low = np.array([FACILITY_FACTOR[s][0] for s in status])
        high = np.array([FACILITY_FACTOR[s][1] for s in status])
        area = standard * rng.uniform(low, high)
        frame[f"{key}_status"] = status
        frame[f"{key}_m2"] = np.where(status == "meets", np.ceil(area), np.floor(area)).astype(int)
    rate = frame["type"].map(PARTY_MEMBER_RATE).to_numpy(dtype=float) * rng.uniform(0.75, 1.25, n)
    frame["party_members"] = np.maximum(np.rint(frame["population"] * rate),
                                        MIN_PARTY_MEMBERS).astype(int)
    frame["self_contained"] = (frame["type"] == "mid_high_end") & (frame["population"] >= 20000)
    return frame


def _geometry(frame: pd.DataFrame, rng: np.random.Generator):
    """GeoJSON of schematic polygons, their adjacency and representative points."""
    blocks = {}
    for parent, group in frame.groupby("parent", sort=False):
        stations = list(group.groupby("station", sort=False)["code"].apply(list))
        blocks[parent] = [stations[k] for k in rng.permutation(len(stations))]
    polygons = schematic_polygons(blocks, rng)
    features = []
    for row in frame.itertuples():
        ring = [[round(x, 6), round(y, 6)] for x, y in polygons[row.code].exterior.coords]
        features.append({"type": "Feature",
                         "properties": {"code": row.code, "name": row.name, "parent": row.parent},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    geojson = {"type": "FeatureCollection", "name": "luohu2006_committees",
               "description": "SYNTHETIC schematic polygons (not real boundaries) / 示意图形，非真实边界",
               "features": features}
    shapes = {f["properties"]["code"]: shape(f["geometry"]) for f in features}
    points = {c: g.representative_point() for c, g in shapes.items()}
    return geojson, adjacency_from_polygons(shapes), points


def _read_text_csv(raw: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8-sig")


def generate(seed: int = DEFAULT_SEED, nbs2023: bytes | None = None,
             confirmed: bytes | None = None, policy: Policy | None = None) -> Dataset:
    """Build the dataset for ``seed`` in memory (nothing is written).

    ``nbs2023`` and ``confirmed`` (CSV bytes) default to the bundled ``nbs2023_luohu.csv`` and
    the reviewed ``reconcile_confirmed.csv``: curated inputs, copied byte for byte.
    """
    policy = policy or Policy()
    if nbs2023 is None:
        nbs2023 = data_dir().joinpath("nbs2023_luohu.csv").read_bytes()
    if confirmed is None:
        confirmed = data_dir().joinpath("reconcile_confirmed.csv").read_bytes()
    registry = _read_text_csv(nbs2023)
    attrs_rng, layout_rng, people_rng = np.random.default_rng(seed).spawn(3)
    frame = pd.DataFrame([vars(c) for c in committees()])
    frame = _attributes(frame, attrs_rng, policy)
    codes = reconcile(frame[["code", "name", "parent"]], registry, _read_text_csv(confirmed)).codes()
    frame["nbs_code"] = [codes.get((n, p), "") for n, p in zip(frame["name"], frame["parent"])]
    geojson, adjacency, points = _geometry(frame, layout_rng)
    frame["x"] = [round(points[c].x, 6) for c in frame["code"]]
    frame["y"] = [round(points[c].y, 6) for c in frame["code"]]
    official = Plan(dict(zip(frame["code"], frame["station"])), name="official 2006")
    frame["station"] = frame["name"]  # before the reform: one station per committee
    people, posts = people_and_posts(list(frame["code"]), list(frame["households"]),
                                     DOCUMENT_COUNTS, people_rng,
                                     policy.staffing.min_staff_per_station)
    streets = (registry.assign(name=registry["street_name"].map(strip_street_suffix))
               .drop_duplicates("name").set_index("name")["street_code"])
    subdistricts = pd.DataFrame({"name": [p for p, _, _ in SUBDISTRICT_PLANS]})
    subdistricts["street_code"] = subdistricts["name"].map(streets).fillna("")
    return Dataset(seed, frame[UNIT_COLUMNS], official, geojson, adjacency, subdistricts,
                   people, posts, nbs2023, confirmed)


def validate(data: Dataset, policy: Policy | None = None) -> list[str]:
    """Every way ``data`` fails its promises (empty when it keeps them all)."""
    problems = []
    stats = baseline_stats(data.units, data.people, data.posts)
    problems += [f"{r['name']}: document {r['document']}, computed {r['computed']}"
                 for r in compare_with_document(stats) if not r["equal"]]
    problems += [f"{m['code']} {m['facility']}: {m['status']} with {m['area_m2']} m²"
                 for m in facility_status_mismatches(data.units, policy)]
    metrics = evaluate(data.instance(), data.official_plan, policy)
    expected = {p: len(groups) + len(kept) for p, groups, kept in SUBDISTRICT_PLANS}
    if metrics.stations != 83 or not metrics.contiguous or metrics.crosses_parent:
        problems.append(f"official plan: {metrics.stations} stations, contiguous "
                        f"{metrics.contiguous}, crosses parent {metrics.crosses_parent}")
    if metrics.per_parent["after"].to_dict() != expected:
        problems.append(f"official plan per subdistrict: {metrics.per_parent['after'].to_dict()}")
    if (data.subdistricts["street_code"] == "").any():
        problems.append("a subdistrict has no 2023 street code")
    return problems


def _geojson_text(collection: dict) -> str:
    """GeoJSON with one feature per line: small, and a regenerated file diffs readably."""
    head = {k: v for k, v in collection.items() if k != "features"}
    features = ",\n".join(json.dumps(f, ensure_ascii=False) for f in collection["features"])
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + features + "\n]}\n"


def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def write_dataset(data: Dataset, out: str | Path) -> list[Path]:
    """Write every file of the dataset into ``out`` (created if needed); returns the paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "units.csv": lambda p: _csv(data.units, p),
        "adjacency.csv": lambda p: _csv(pd.DataFrame(data.adjacency, columns=["a", "b"]), p),
        "official_plan.csv": data.official_plan.write_csv,
        "subdistricts.csv": lambda p: _csv(data.subdistricts, p),
        "people.csv": lambda p: _csv(data.people, p),
        "posts.csv": lambda p: _csv(data.posts, p),
        "nbs2023_luohu.csv": lambda p: p.write_bytes(data.nbs2023),
        "reconcile_confirmed.csv": lambda p: p.write_bytes(data.confirmed),
        "committees.geojson": lambda p: p.write_text(_geojson_text(data.geojson),
                                                     encoding="utf-8"),
        "README.md": lambda p: p.write_text(dataset_readme(data.seed), encoding="utf-8"),
    }
    paths = []
    for name, write in files.items():
        write(out / name)
        paths.append(out / name)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: generate, validate, write."""
    parser = argparse.ArgumentParser(
        prog="python -m yizhan.data.generate",
        description="生成罗湖2006示例数据(属性为合成) / generate the Luohu 2006 dataset "
                    "(synthetic attributes)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="随机种子 / seed")
    parser.add_argument("--out", type=Path, required=True, help="输出目录 / output directory")
    args = parser.parse_args(argv)
    data = generate(args.seed)
    problems = validate(data)
    if problems:
        print("生成的数据不符合文件 / generated data breaks its promises:\n  "
              + "\n  ".join(problems))
        return 1
    for path in write_dataset(data, args.out):
        print(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
