"""The work of a national run, split into batches, and the files that make it resumable.

A **batch** is a run of whole districts (county-level units) of one province, at least
``batch_units`` committees together (a district larger than that is a batch alone). Whole
districts, because the facility shares (R4/R5 §2(3)) are district-wide: the district step
needs all the district's parents. Batches of many small districts keep the scheduler's
overhead per task (about a millisecond) small beside the solving (seconds per batch).

``OUT/manifest.json`` fixes the batches, the instance (its fingerprint) and the settings when
a run starts; a later run with the same ``--out`` reads it back and refuses other inputs. A
batch's results are three files, each written to a temporary name and renamed (atomic on one
file system): ``plan/batch-NNNNN.parquet``, ``parents/batch-NNNNN.parquet``, and last the
commit mark ``done/batch-NNNNN.json``. A batch is finished exactly when its mark exists; one
stopped before its mark is solved again and its files replaced, so no batch is lost or written
twice, whatever stops the run.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

__all__ = ["Batch", "make_batches", "Manifest", "ManifestError", "atomic_write_bytes"]

MANIFEST_FORMAT = "yizhan-national-run-1"


@dataclass(frozen=True)
class Batch:
    """Districts of one province planned by one task."""

    id: int
    province: str
    districts: tuple[str, ...]
    parents: int
    units: int

    @property
    def name(self) -> str:
        return f"batch-{self.id:05d}"


def make_batches(parents: pd.DataFrame, batch_units: int) -> list[Batch]:
    """Whole districts in order, one province at a time, cut when a batch has
    ``batch_units`` committees.

    Examples
    --------
    >>> frame = pd.DataFrame(dict(province=["11", "11", "11", "12"], district=["a", "a", "b", "c"],
    ...                           units=[30, 40, 5, 9]))
    >>> [(b.districts, b.units) for b in make_batches(frame, 50)]
    [(('a',), 70), (('b',), 5), (('c',), 9)]
    """
    per = (parents.groupby(["province", "district"], sort=True)["units"]
           .agg(["size", "sum"]).reset_index())
    batches: list[Batch] = []
    cur: list = []

    def close():
        if cur:
            batches.append(Batch(len(batches), cur[0][0], tuple(d for _, d, _, _ in cur),
                                 sum(n for _, _, n, _ in cur), sum(u for _, _, _, u in cur)))
            cur.clear()

    for province, district, n, u in per.itertuples(index=False):
        if cur and cur[0][0] != province:
            close()
        cur.append((str(province), str(district), int(n), int(u)))
        if sum(x[3] for x in cur) >= batch_units:
            close()
    close()
    return batches


class ManifestError(ValueError):
    """``--out`` holds a run of another instance or other settings."""


class Manifest:
    """The run's plan of work in ``OUT/manifest.json`` and the batches finished so far."""

    def __init__(self, out: Path, data: dict):
        self.out, self.data = out, data
        self.batches = [Batch(b["id"], b["province"], tuple(b["districts"]), b["parents"],
                              b["units"]) for b in data["batches"]]

    @classmethod
    def open(cls, out: str | Path, identity: dict, make) -> Manifest:
        """The manifest of ``out``: read back (and checked against ``identity``: instance
        fingerprint and settings) or, on a first run, created with the batches ``make()``."""
        out = Path(out)
        path = out / "manifest.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != MANIFEST_FORMAT or data.get("identity") != identity:
                raise ManifestError(
                    f"{out} 中已有另一实例或其他设置的运行，请换一个 --out / {out} holds a run of "
                    f"another instance or other settings: use another --out "
                    f"(theirs: {data.get('identity')}, this: {identity})")
            return cls(out, data)
        for sub in ("plan", "parents", "done"):
            (out / sub).mkdir(parents=True, exist_ok=True)
        data = {"format": MANIFEST_FORMAT, "identity": identity,
                "batches": [asdict(b) for b in make()]}
        atomic_write_bytes(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        return cls(out, data)

    def done_ids(self) -> set[int]:
        """Batches with their commit mark (finished)."""
        return {int(p.stem.split("-")[1]) for p in (self.out / "done").glob("batch-*.json")}

    def todo(self) -> list[Batch]:
        done = self.done_ids()
        return [b for b in self.batches if b.id not in done]

    def commit(self, batch: Batch, plan: bytes, parents: bytes, mark: dict) -> None:
        """A batch's files, the commit mark last (see the module notes)."""
        atomic_write_bytes(self.out / "plan" / f"{batch.name}.parquet", plan)
        atomic_write_bytes(self.out / "parents" / f"{batch.name}.parquet", parents)
        atomic_write_bytes(self.out / "done" / f"{batch.name}.json",
                           json.dumps(mark, ensure_ascii=False).encode("utf-8"))

    def marks(self):
        """Every commit mark, in batch order (one at a time)."""
        for b in self.batches:
            path = self.out / "done" / f"{b.name}.json"
            if path.exists():
                yield json.loads(path.read_text(encoding="utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to ``.name.tmp`` beside ``path``, flush to disk, then rename over ``path``."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
