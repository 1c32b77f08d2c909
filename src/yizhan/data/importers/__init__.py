"""Importers: units CSV/XLSX, adjacency CSV and GeoJSON boundaries, checked before loading.

Every reader lists every problem (row, column, value; Chinese and English) and loads nothing
when there is an error (DESIGN.md "Bad input never half-writes"). The CLI's ``yizhan import``
and the web app's upload preview call the same functions.

>>> from yizhan.data.importers import Upload, read_units
>>> csv = "code,name,parent,households,office_m2,service_m2,plaza_m2\\nLH001,碧波,黄贝,4000,250,900,0\\n"
>>> read_units(Upload("units.csv", csv.encode("utf-8"))).frame.loc[0, "households"]
np.int64(4000)
"""

from yizhan.data.importers.adjacency import AdjacencyImport, read_adjacency
from yizhan.data.importers.geometry import GeometryImport, read_geometry
from yizhan.data.importers.loader import load_instance
from yizhan.data.importers.problems import KINDS, ImportFailed, ImportProblem
from yizhan.data.importers.sources import Upload
from yizhan.data.importers.units import UnitsImport, read_units

__all__ = ["ImportProblem", "ImportFailed", "KINDS", "Upload", "UnitsImport", "read_units",
           "AdjacencyImport", "read_adjacency", "GeometryImport", "read_geometry",
           "load_instance"]
