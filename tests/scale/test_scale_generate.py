"""The synthetic national instance: real counts, valid maps and coordinates, marked synthetic,
a sample that keeps the size distribution and the full instance's data."""

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from yizhan.planner.synthetic import planted_instance
from yizhan.scale.counts import load_counts, sample_counts
from yizhan.scale.generate import META_KEY, generate
from yizhan.scale.store import Store


def test_the_shipped_counts_are_the_countrys():
    counts = load_counts()
    sizes = counts["committees"]
    assert (len(counts), int(sizes.sum())) == (41352, 620573)
    assert (int(sizes.median()), int(sizes.quantile(0.9)), int(sizes.quantile(0.99))) == (12, 28, 59)
    assert ((sizes > 40).sum(), (sizes > 100).sum(), sizes.max()) == (1501, 36, 170)
    assert counts["street_code"].is_unique


def test_a_sample_keeps_the_size_distribution_and_is_seeded():
    counts = load_counts()
    a = sample_counts(counts, 2000, seed=4)
    assert len(a) == 2000 and a["street_code"].is_unique
    for q in (0.1, 0.5, 0.9, 0.99):
        assert abs(a["committees"].quantile(q) - counts["committees"].quantile(q)) <= 1
    assert a.equals(sample_counts(counts, 2000, seed=4))
    assert not a.equals(sample_counts(counts, 2000, seed=5))
    with pytest.raises(ValueError):
        sample_counts(counts, 0)


def test_every_output_is_marked_synthetic_and_valid(sample_dir):
    meta = json.loads((sample_dir / "instance.json").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and "SYNTHETIC" in meta["name"]
    files = sorted(sample_dir.rglob("*.parquet"))
    assert len(files) >= 3
    for path in files:
        assert pq.read_schema(path).metadata[META_KEY] == b"true", path
    units = pd.read_parquet(sample_dir / "units")
    assert units["synthetic"].all()
    assert units["x"].between(-180, 180).all() and units["y"].between(-90, 90).all()
    parents = Store(sample_dir).parents()
    assert units.groupby("parent").size().sort_index().tolist() == \
        parents.set_index("parent")["units"].sort_index().tolist()
    real = load_counts().set_index("street_code")["committees"]
    assert all(real[p] == n for p, n in zip(parents["parent"], parents["units"]))


def test_each_parent_map_is_connected_and_planar_sized(sample_dir):
    store = Store(sample_dir)
    parents = store.parents()
    for province, rows in parents.groupby("province"):
        for district, inst in store.instances(province, sorted(rows["district"].unique())):
            for parent, codes in inst.by_parent().items():
                sub = inst.subset(codes)
                n, e = sub.n_units, len(sub.edges)
                assert e <= max(3 * n - 6, n - 1)  # a planar graph's most edges
                seen, todo = set(), [codes[0]]
                while todo:
                    c = todo.pop()
                    if c not in seen:
                        seen.add(c)
                        todo += sub.neighbours[c]
                assert len(seen) == n


def test_a_parent_has_the_same_data_in_a_sample_and_in_any_other_selection(tmp_path, sample_dir):
    small = Store(sample_dir).parents()
    picked = small["parent"].iloc[[0, len(small) - 1]].tolist()
    other = tmp_path / "picked"
    generate(other, seed=5, only=tuple(picked))  # only these two, not a sample
    a = pd.read_parquet(sample_dir / "units").set_index("code")
    b = pd.read_parquet(other / "units").set_index("code")
    assert sorted(b["parent"].unique()) == sorted(picked)
    for parent in picked:
        pd.testing.assert_frame_equal(a[a["parent"] == parent].drop(columns=["province"]),
                                      b[b["parent"] == parent].drop(columns=["province"]))
    with pytest.raises(ValueError):
        generate(tmp_path / "none", only=("99",))


def test_planted_instances_keep_longitude_and_latitude_valid_at_any_size():
    inst, _ = planted_instance(3000, seed=0, parent_sizes=(6, 8))  # ~430 parents: x once passed 180
    units = inst.units
    assert units["x"].between(-180, 180).all() and units["y"].between(-90, 90).all()
    big, _ = planted_instance(340, seed=0, parent_sizes=(150, 170))
    assert big.units["x"].between(-180, 180).all()
    # parents do not overlap: each parent's points lie in its own box
    boxes = big.units.groupby("parent").agg(x0=("x", "min"), x1=("x", "max"))
    spans = boxes.sort_values("x0").to_numpy()
    assert all(spans[k][1] < spans[k + 1][0] for k in range(len(spans) - 1))
    assert np.isfinite(units[["x", "y"]].to_numpy()).all()
