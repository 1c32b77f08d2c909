"""Generated test instances with a planted plan that meets every target (SYNTHETIC).

Each parent (6–40 units by default) is a jittered grid of units: 4-neighbour adjacency plus
one diagonal per grid cell, so the graph is planar like real committee boundaries. The units
are first cut into connected *planted groups* of 1–4 units; each group gets households inside
the band and, on one member, an office of standard size (R4), and half the groups (rounded
up) a service facility and a plaza of standard size (R5). The planted plan thus has band
deviation 0 and meets every facility target, so the optimum of any instance is known to
be 0 for the first two terms. Neighbouring parents touch along their borders.

Coordinates are longitude/latitude degrees near Shenzhen (:func:`grid_parent`): units about
1 km apart, parents on a square grid of 0.1° (wider for parents of more than 121 units), so
instances of up to 400,000 parents stay inside ±180° × ±90° (the importer checks);
:func:`grid_parent` refuses a position beyond them rather than write an invalid point.

Shapes for the hardest subdistricts (issue 9): :func:`planted_instance` with
``parent_sizes=(150, 170)`` gives parents of 150–170 units (planted groups of 1–4 units,
about 2,500 households each: a few thousand connected groups, still enumerable), and with
``group_sizes=(4, 5, 6, 7, 8)`` as well, of about 1,300 households (far too many groups to
enumerate); :func:`tiny_grid_instance` gives a grid of tiny committees (default 12×10 of 150
households) whose planted plan cuts the grid into strips of whole columns, each inside the
band. All are deterministic by seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from yizhan.core.instance import Instance
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy

__all__ = ["planted_instance", "tiny_grid_instance", "grid_parent"]

#: Where the generated maps start (lon, lat) and the distance of two grid neighbours (degrees).
ORIGIN = (113.0, 22.0)
STEP = 0.009


def planted_instance(n_units: int, seed: int = 0, *, parent_sizes: tuple[int, int] = (6, 40),
                     policy: Policy | None = None,
                     group_sizes: tuple[int, ...] = (1, 2, 2, 3, 3, 4)) -> tuple[Instance, Plan]:
    """An instance of about ``n_units`` units and its planted plan.

    Each planted group draws its number of units from ``group_sizes`` (fewer if it runs out
    of free neighbours); larger groups mean smaller committees — ``(4, 5, 6, 7, 8)`` gives
    about 1,300 households each, too many connected groups to enumerate in a parent of 150.

    Examples
    --------
    >>> inst, plan = planted_instance(60, seed=1)
    >>> inst.n_units == 60 and plan.n_stations < 60
    True
    """
    policy = policy or Policy()
    rng = np.random.default_rng(seed)
    sizes = _parent_sizes(n_units, parent_sizes, rng)
    side = int(np.ceil(np.sqrt(len(sizes))))
    pitch = parent_pitch(max(sizes))
    rows, edges, groups = [], [], []
    border: dict[tuple[int, int], list[tuple[str, float, float]]] = {}
    for p, size in enumerate(sizes):
        px, py = p % side, p // side
        parent = f"P{p + 1:03d}"
        codes, xy, local_edges = grid_parent(size, rng, parent, px, py, pitch=pitch)
        edges += local_edges
        for members in _grow_groups(len(codes), local_edges, codes, rng, group_sizes):
            groups.append([codes[i] for i in members])
        for c, (x, y) in zip(codes, xy):
            rows.append(dict(code=c, name=c, parent=parent, x=x, y=y, station=c))
            border.setdefault((px, py), []).append((c, x, y))
    edges += _cross_edges(border, rng)
    units = pd.DataFrame(rows).set_index("code")
    _plant_attributes(units, groups, policy, rng)
    inst = Instance(units.reset_index(), edges, name=f"planted-{n_units}-s{seed}", synthetic=True)
    return inst, Plan.from_groups(groups, name="planted")


def tiny_grid_instance(rows: int = 12, cols: int = 10, households: int = 150, seed: int = 0, *,
                       policy: Policy | None = None) -> tuple[Instance, Plan]:
    """One parent: a ``rows``×``cols`` grid of committees of ``households`` each, and its plan.

    The planted plan cuts the grid into the fewest strips of whole columns whose households
    fit under the band maximum (12×10 of 150: two halves of 60 committees, 9,000 households);
    each strip must then be inside the band, else ValueError. Facilities are planted as in
    :func:`planted_instance` (an office of standard size on one member of each strip, service
    and plaza on half the strips), so the planted plan meets every target.

    Examples
    --------
    >>> inst, plan = tiny_grid_instance()
    >>> inst.n_units, sorted(len(m) for m in plan.stations().values())
    (120, [60, 60])
    """
    policy = policy or Policy()
    lo, hi = policy.band.min_households, policy.band.max_households
    rng = np.random.default_rng(seed)
    n_strips = max(1, -(-rows * cols * households // hi))
    while n_strips <= cols and -(-cols // n_strips) * rows * households > hi:
        n_strips += 1
    widths = [cols // n_strips + (k < cols % n_strips) for k in range(n_strips)]
    if n_strips > cols or any(not lo <= w * rows * households <= hi for w in widths):
        raise ValueError(f"no strips of whole columns fit the band: {rows}x{cols} of {households}")
    codes, xy, edges = grid_parent(rows * cols, rng, "G001", 0, 0, cols=cols)
    starts = np.cumsum([0] + widths)
    groups = [[codes[r * cols + c] for r in range(rows) for c in range(starts[k], starts[k + 1])]
              for k in range(n_strips)]
    units = pd.DataFrame([dict(code=c, name=c, parent="G001", x=x, y=y, station=c)
                          for c, (x, y) in zip(codes, xy)]).set_index("code")
    _plant_attributes(units, groups, policy, rng, unit_households=households)
    inst = Instance(units.reset_index(), edges, name=f"tiny-grid-{rows}x{cols}-s{seed}",
                    synthetic=True)
    return inst, Plan.from_groups(groups, name="planted")


def _parent_sizes(n, bounds, rng) -> list[int]:
    lo, hi = bounds
    sizes = []
    while sum(sizes) < n:
        left = n - sum(sizes)
        if left <= hi:
            sizes.append(left)
            break
        if min(hi, left - lo) < lo:  # no cut leaves both parts in [lo, hi]: equal parts
            k = -(-left // hi)
            sizes += [left // k + (j < left % k) for j in range(k)]
            break
        sizes.append(int(rng.integers(lo, min(hi, left - lo) + 1)))
    if len(sizes) > 1 and sizes[-1] < lo:  # fold a short tail into the previous parent
        tail = sizes.pop()
        sizes[-1] += tail
    return sizes


def parent_pitch(largest: int, cols: int | None = None) -> float:
    """Degrees between neighbouring parents' origins: 0.1°, or more when the largest parent's
    grid (``cols`` wide, default a square) is wider, so parents never overlap."""
    cols = cols or int(np.ceil(np.sqrt(largest)))
    return max(0.1, (cols + 1) * STEP)


def grid_parent(size, rng, parent, px, py, cols=None, pitch=0.1):
    """One parent as a jittered grid of ``size`` units (``cols`` wide, default square) at grid
    position (``px``, ``py``): codes ``{parent}U01…``, (lon, lat) points, and the planar
    adjacency (4-neighbours plus one diagonal per cell, at random)."""
    cols = cols or int(np.ceil(np.sqrt(size)))
    codes, xy, cell = [], [], {}
    jitter = 0.2 * STEP / 0.9
    for k in range(size):
        r, c = divmod(k, cols)
        code = f"{parent}U{k + 1:0{max(2, len(str(size)))}d}"
        codes.append(code)
        cell[(r, c)] = k
        xy.append((ORIGIN[0] + px * pitch + c * STEP + rng.uniform(-jitter, jitter),
                   ORIGIN[1] + py * pitch + r * STEP + rng.uniform(-jitter, jitter)))
    if xy[-1][0] > 179.9 or xy[-1][1] > 89.9:
        raise ValueError(f"parent {parent} at grid position ({px}, {py}) lies beyond ±180°/±90°")
    edges = []
    for (r, c), k in cell.items():
        for dr, dc in ((0, 1), (1, 0)):
            if (r + dr, c + dc) in cell:
                edges.append((codes[k], codes[cell[(r + dr, c + dc)]]))
        diag = ((1, 1), (1, -1))[int(rng.integers(2))]
        if (r + diag[0], c + diag[1]) in cell and ((r, c + diag[1]) in cell or (r + 1, c) in cell):
            edges.append((codes[k], codes[cell[(r + diag[0], c + diag[1])]]))
    return codes, xy, edges


def _grow_groups(n, edges, codes, rng, sizes) -> list[list[int]]:
    """Cut the parent into connected groups of ``sizes`` units (random region growing)."""
    index = {c: i for i, c in enumerate(codes)}
    nbr = [set() for _ in range(n)]
    for a, b in edges:
        nbr[index[a]].add(index[b])
        nbr[index[b]].add(index[a])
    free = set(range(n))
    groups = []
    for seed_unit in rng.permutation(n):
        if seed_unit not in free:
            continue
        target = int(rng.choice(list(sizes)))
        group = [int(seed_unit)]
        free.discard(seed_unit)
        while len(group) < target:
            options = sorted({v for u in group for v in nbr[u]} & free)
            if not options:
                break
            v = int(rng.choice(options))
            group.append(v)
            free.discard(v)
        groups.append(sorted(group))
    return groups


def _cross_edges(border, rng):
    """Join units of parents that sit next to each other (a few edges per pair)."""
    edges = []
    for (px, py), units in border.items():
        for dx, dy in ((1, 0), (0, 1)):
            other = border.get((px + dx, py + dy))
            if not other:
                continue
            a = max(units, key=lambda u: u[1] * dx + u[2] * dy)
            b = min(other, key=lambda u: u[1] * dx + u[2] * dy)
            edges.append((a[0], b[0]))
    return edges


def _plant_attributes(units, groups, policy, rng, unit_households=None) -> None:
    """Households (each group inside the band, or ``unit_households`` on every unit) and
    facilities (an office on one member per group, service and plaza on half the groups)."""
    lo, hi = policy.band.min_households, policy.band.max_households
    fac = policy.facilities
    hh, office, service, plaza = {}, {}, {}, {}
    n_rich = int(np.ceil(len(groups) * max(fac.service_target_share, fac.plaza_target_share)))
    rich = set(rng.permutation(len(groups))[:n_rich].tolist())
    for g, members in enumerate(groups):
        total = int(rng.integers(lo + (hi - lo) // 10, hi - (hi - lo) // 10 + 1))
        share = rng.dirichlet(np.full(len(members), 3.0))
        parts = np.maximum((share * total).astype(int), 1)
        parts[0] += total - parts.sum()
        anchor = members[int(rng.integers(len(members)))]
        for c, h in zip(members, parts):
            hh[c] = int(h) if unit_households is None else int(unit_households)
            spare = rng.random() < 0.2  # some other committees have an office of standard size
            office[c] = float(rng.uniform(1.0, 1.6) * fac.office_min_m2) if c == anchor or spare \
                else float(rng.uniform(0.2, 0.95) * fac.office_min_m2)
            full = c == anchor and g in rich
            service[c] = float(rng.uniform(1.0, 1.5) * fac.service_min_m2) if full \
                else float(rng.uniform(0.1, 0.9) * fac.service_min_m2)
            plaza[c] = float(rng.uniform(1.0, 1.5) * fac.plaza_min_m2) if full \
                else float(rng.uniform(0.1, 0.9) * fac.plaza_min_m2)
    units["households"] = pd.Series(hh)
    units["office_m2"] = pd.Series(office).round(1)
    units["service_m2"] = pd.Series(service).round(1)
    units["plaza_m2"] = pd.Series(plaza).round(1)
