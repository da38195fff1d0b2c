"""Country boundaries for the map: from world-atlas TopoJSON to the small GeoJSON the app ships.

Pure: JSON in, JSON out; no network, database or HTTP (scripts/build_map.py downloads the
package with npm and writes the file). world-atlas 2 packages Natural Earth's 1:50m admin-0
countries as TopoJSON with ISO 3166-1 numeric ids; `reduce_countries` keeps the countries of the
region (by alpha-3 code), decodes their arcs, simplifies each ring (Douglas–Peucker) and rounds
coordinates, and records a label point (the centre of each country's largest polygon).
"""

import math
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

# The countries drawn: West and North Africa, the Sahel, and the neighbours that frame them.
REGION: dict[str, str] = {
    "012": "DZA",
    "148": "TCD",
    "120": "CMR",
    "140": "CAF",
    "204": "BEN",
    "226": "GNQ",
    "270": "GMB",
    "288": "GHA",
    "324": "GIN",
    "384": "CIV",
    "430": "LBR",
    "434": "LBY",
    "466": "MLI",
    "478": "MRT",
    "504": "MAR",
    "562": "NER",
    "566": "NGA",
    "620": "PRT",
    "624": "GNB",
    "686": "SEN",
    "694": "SLE",
    "724": "ESP",
    "728": "SSD",
    "729": "SDN",
    "732": "ESH",
    "768": "TGO",
    "854": "BFA",
    "788": "TUN",
    "818": "EGY",
    "380": "ITA",
    "470": "MLT",
    "266": "GAB",
}
# What the map shows (west, south, east, north), in degrees; shapes are clipped to it.
BOUNDS = (-18.5, 3.5, 25.5, 37.5)


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Every arc of `topology` as absolute longitude/latitude points."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        points: list[Point] = []
        x = y = 0.0
        for position in arc:
            if transform:
                x, y = x + position[0], y + position[1]
                (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
                points.append((x * sx + tx, y * sy + ty))
            else:
                points.append((float(position[0]), float(position[1])))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc if not ring else arc[1:])
    return ring


def _polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [[_ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def _distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker: the points of `ring` that keep it within `tolerance` degrees."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(ring[i], ring[first], ring[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(ring, keep, strict=True) if kept]


def _edges(ring: Ring) -> list[tuple[Point, Point]]:
    return list(zip(ring, ring[1:] + ring[:1], strict=True))


def _area(ring: Ring) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in _edges(ring))


def _centre(ring: Ring) -> Point:
    area = _area(ring)
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return (sum(xs) / len(xs), sum(ys) / len(ys))
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in _edges(ring):
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return (cx / (6 * area), cy / (6 * area))


def _near_bounds(ring: Ring, margin: float = 3.0) -> bool:
    west, south, east, north = BOUNDS
    return any(
        west - margin <= x <= east + margin and south - margin <= y <= north + margin
        for x, y in ring
    )


def reduce_countries(
    topology: dict[str, Any], *, tolerance: float = 0.03, digits: int = 3
) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the REGION's countries from world-atlas `topology`, each
    with properties `code` (alpha-3), `name` and `label` ([lon, lat] of its largest polygon's
    centre). Polygons far from BOUNDS (Spain's mainland stays, distant islands go) are dropped.
    Raises KeyError when the topology has no `countries` object."""
    arcs = decode_arcs(topology)
    features: list[dict[str, Any]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = REGION.get(str(geometry.get("id", "")).zfill(3))
        if code is None:
            continue
        polygons = []
        for polygon in _polygons(geometry, arcs):
            if not polygon or not _near_bounds(polygon[0]):
                continue
            rings = [simplify(ring, tolerance) for ring in polygon]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                polygons.append(rings)
        if not polygons:
            continue
        largest = max(polygons, key=lambda p: abs(_area(p[0])))
        label = _centre(largest[0])
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {
                    "code": code,
                    "name": geometry.get("properties", {}).get("name", code),
                    "label": [round(label[0], 2), round(label[1], 2)],
                },
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [
                        [[[round(x, digits), round(y, digits)] for x, y in ring] for ring in p]
                        for p in polygons
                    ],
                },
            }
        )
    features.sort(key=lambda f: str(f["id"]))
    return {"type": "FeatureCollection", "bbox": list(BOUNDS), "features": features}
