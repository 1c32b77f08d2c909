"""National scale: the country's 41,352 subdistricts planned on Dask, resumable, bounded memory.

- :mod:`.counts` — the real number of committees under every township unit (NBS 2023), shipped
  with the package, and a seeded sample of them.
- :mod:`.generate` — the SYNTHETIC national instance on those counts, as Parquet by province.
- :mod:`.store` — reading one batch of districts of such an instance (what a worker reads).
- :mod:`.batches` — the work split into batches of whole districts, the manifest, atomic files.
- :mod:`.task` — one batch planned by the ordinary :class:`~yizhan.planner.Planner`, district by
  district (the pure per-parent step, then the district-wide facility step).
- :mod:`.run` — the client: batches on a Dask cluster, results written as they arrive, resume.
- :mod:`.summary` — what a finished run shows and writes.

docs/scale.md says how to run it on one machine and on several.
"""
