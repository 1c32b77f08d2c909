"""Reading a national instance written by :mod:`.generate`: the index of parents, and the
units and edges of a few districts (what one worker reads for its batch, never the whole)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from yizhan.core.instance import Instance
from yizhan.scale.generate import FORMAT

__all__ = ["Store", "StoreError"]


class StoreError(ValueError):
    """The folder is not a national instance this version can read."""


class Store:
    """A national instance folder (``instance.json``, ``parents.parquet``, ``units/``,
    ``edges/``)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).resolve()
        try:
            self.meta = json.loads((self.folder / "instance.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"不是全国实例目录 / not a national instance folder: {self.folder} "
                             f"({exc})") from exc
        if self.meta.get("format") != FORMAT:
            raise StoreError(f"实例格式不符 / unknown instance format: {self.meta.get('format')}")

    @property
    def fingerprint(self) -> str:
        return self.meta["fingerprint"]

    def parents(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The index of parents (one row each, sorted by district and parent)."""
        return pd.read_parquet(self.folder / "parents.parquet", columns=columns)

    def read(self, province: str, districts: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Units and edges of ``districts`` (all in ``province``): only their row groups."""
        where = [("district", "in", list(districts))]
        units = pq.read_table(self.folder / "units" / f"province={province}", filters=where)
        edges = pq.read_table(self.folder / "edges" / f"province={province}", filters=where)
        return units.to_pandas(), edges.to_pandas()

    def instances(self, province: str, districts: list[str]):
        """``(district, Instance)`` for each of ``districts``, in order."""
        units, edges = self.read(province, districts)
        unit_groups = dict(tuple(units.groupby("district", sort=False)))
        edge_groups = dict(tuple(edges.groupby("district", sort=False)))
        for district in districts:
            du = unit_groups[district].drop(columns=["district", "synthetic"])
            de = edge_groups.get(district)
            pairs = [] if de is None else list(zip(de["a"], de["b"]))
            yield district, Instance(du, pairs, name=district, synthetic=True)
