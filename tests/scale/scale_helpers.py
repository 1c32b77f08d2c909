"""Reading a national run's outputs for comparison."""

import pandas as pd


def plan_of(out) -> pd.DataFrame:
    """Every row of ``OUT/plan/``, sorted by code."""
    frame = pd.read_parquet(out / "plan")
    return frame.sort_values("code", ignore_index=True)


def parents_of(out) -> pd.DataFrame:
    """``OUT/parents.parquet`` without the timings, sorted by parent."""
    frame = pd.read_parquet(out / "parents.parquet").drop(columns=["seconds"])
    return frame.sort_values("parent", ignore_index=True)
