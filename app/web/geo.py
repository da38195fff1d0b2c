"""The map's geometry: a projection of the region, and the countries as SVG paths.

Pure apart from reading the committed boundaries (app/static/map, built by
scripts/build_map.py from Natural Earth via world-atlas). The projection is equirectangular,
with longitudes shrunk by the cosine of the region's middle latitude so that shapes keep their
proportions around the Sahel; it is exact enough at this scale and keeps every point a simple
linear function of its coordinates.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.mapdata import BOUNDS
from app.templating import STATIC_DIR

BOUNDARIES = "map/sahel-countries-2.0.2.geojson"
WIDTH = 1000.0


@dataclass(frozen=True)
class Projection:
    west: float
    south: float
    east: float
    north: float

    @property
    def scale(self) -> float:
        """SVG units per degree of latitude."""
        middle = math.radians((self.south + self.north) / 2)
        return WIDTH / ((self.east - self.west) * math.cos(middle))

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.scale, 1)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        middle = math.radians((self.south + self.north) / 2)
        x = (lon - self.west) * math.cos(middle) * self.scale
        y = (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north


PROJECTION = Projection(*BOUNDS)


@dataclass(frozen=True)
class CountryShape:
    code: str
    name: str
    path: str  # SVG path data
    label: tuple[float, float]  # where its name goes


def _path(polygons: list[list[list[list[float]]]], projection: Projection) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            points = [projection.point(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)


@lru_cache(maxsize=1)
def country_shapes() -> tuple[CountryShape, ...]:
    """Every country of the committed boundaries, projected (read once per process)."""
    collection: dict[str, Any] = json.loads((STATIC_DIR / BOUNDARIES).read_text("utf-8"))
    shapes = []
    for feature in collection["features"]:
        props = feature["properties"]
        lon, lat = props["label"]
        shapes.append(
            CountryShape(
                code=props["code"],
                name=props["name"],
                path=_path(feature["geometry"]["coordinates"], PROJECTION),
                label=PROJECTION.point(lon, lat),
            )
        )
    return tuple(shapes)
