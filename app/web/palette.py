"""How each event type looks: a name, a colour and a shape, so colour is never the only cue.

Every colour has at least 4.5:1 contrast on white (WCAG AA for text, so it also works behind the
white text of a type badge and as a mark on the chart); every type has its own shape. Shapes are
SVG paths in a 12 × 12 box centred on 0, drawn once per page as <symbol>s (web/_shapes.html)
and reused by the chart, the map, the legend and the badges. Tests check both properties.
"""

import math
from dataclasses import dataclass

from app.models.taxonomy import EVENT_TYPE_DEFINITIONS, EventType

SHAPE_BOX = 12  # the symbols' viewBox is -6 -6 12 12


def _polygon(points: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{x:.2f},{y:.2f}" for x, y in points) + " Z"


def _regular(sides: int, radius: float, rotation: float = -90.0) -> str:
    step = 2 * math.pi / sides
    start = math.radians(rotation)
    return _polygon(
        [
            (radius * math.cos(start + i * step), radius * math.sin(start + i * step))
            for i in range(sides)
        ]
    )


def _star(points: int, outer: float, inner: float) -> str:
    corners = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(-90 + i * 180 / points)
        corners.append((radius * math.cos(angle), radius * math.sin(angle)))
    return _polygon(corners)


def _cross(arm: float, half_width: float, rotation: float = 0.0) -> str:
    a, w = arm, half_width
    corners = [(-w, -a), (w, -a), (w, -w), (a, -w), (a, w), (w, w), (w, a), (-w, a), (-w, w)]
    corners += [(-a, w), (-a, -w), (-w, -w)]
    turn = math.radians(rotation)
    return _polygon(
        [
            (x * math.cos(turn) - y * math.sin(turn), x * math.sin(turn) + y * math.cos(turn))
            for x, y in corners
        ]
    )


SHAPES: dict[str, str] = {
    "circle": "M-5,0 A5,5 0 1,0 5,0 A5,5 0 1,0 -5,0 Z",
    "ring": "M-5.4,0 A5.4,5.4 0 1,0 5.4,0 A5.4,5.4 0 1,0 -5.4,0 Z "
    "M-2.6,0 A2.6,2.6 0 1,1 2.6,0 A2.6,2.6 0 1,1 -2.6,0 Z",
    "square": "M-4.4,-4.4 L4.4,-4.4 L4.4,4.4 L-4.4,4.4 Z",
    "diamond": _regular(4, 5.8),
    "triangle": _polygon([(0, -5.6), (5.4, 4.4), (-5.4, 4.4)]),
    "triangle-down": _polygon([(0, 5.6), (5.4, -4.4), (-5.4, -4.4)]),
    "pentagon": _regular(5, 5.4),
    "hexagon": _regular(6, 5.4, 0),
    "star": _star(5, 6.0, 2.6),
    "plus": _cross(5.4, 1.9),
    "cross": _cross(5.6, 1.8, 45),
    "hourglass": _polygon([(-5, -5), (5, -5), (0, 0), (5, 5), (-5, 5), (0, 0)]),
    "bar": "M-5.6,-2.6 L5.6,-2.6 L5.6,2.6 L-5.6,2.6 Z",
}


@dataclass(frozen=True)
class TypeStyle:
    value: str  # the event type, as in the API
    label: str  # its human name
    colour: str  # #rrggbb, at least 4.5:1 on white
    shape: str  # a key of SHAPES
    definition: str

    @property
    def symbol(self) -> str:
        """The id of its <symbol> in web/_shapes.html."""
        return f"shape-{self.value}"


def _style(kind: EventType, colour: str, shape: str) -> TypeStyle:
    label = kind.value.replace("_", " ").capitalize()
    return TypeStyle(kind.value, label, colour, shape, EVENT_TYPE_DEFINITIONS[kind])


TYPE_STYLES: dict[str, TypeStyle] = {
    s.value: s
    for s in (
        _style(EventType.COUP, "#b3261e", "star"),
        _style(EventType.BORDER_INCIDENT, "#9a4300", "diamond"),
        _style(EventType.TROOP_WITHDRAWAL, "#6a3d9a", "triangle-down"),
        _style(EventType.TREATY, "#1b6b3a", "square"),
        _style(EventType.DEPLOYMENT, "#1f5fa8", "triangle"),
        _style(EventType.ARMED_VIOLENCE, "#8e1b3a", "circle"),
        _style(EventType.MILITARY_EXERCISE, "#586100", "hexagon"),
        _style(EventType.ARMS_TRANSFER, "#7a4b1e", "plus"),
        _style(EventType.DIPLOMACY, "#00707a", "ring"),
        _style(EventType.PROTEST, "#a0267a", "pentagon"),
        _style(EventType.SANCTIONS, "#3f3f3f", "cross"),
        _style(EventType.POLITICAL_TRANSITION, "#3b47a0", "hourglass"),
        _style(EventType.INSTITUTIONAL, "#4d5966", "bar"),
    )
}
UNKNOWN_STYLE = TypeStyle("unknown", "Other", "#4a5561", "circle", "")


def type_style(value: str) -> TypeStyle:
    """The style of an event type; a neutral one for a type the taxonomy no longer has."""
    return TYPE_STYLES.get(value, UNKNOWN_STYLE)


def type_label(value: str) -> str:
    return type_style(value).label
