"""Event types look different in shape as well as colour, and their colours read on white."""

from app.models.taxonomy import EventType
from app.web.palette import SHAPES, TYPE_STYLES


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_type_has_a_style() -> None:
    assert set(TYPE_STYLES) == {t.value for t in EventType}


def test_shapes_differ_so_colour_is_never_the_only_cue() -> None:
    shapes = [s.shape for s in TYPE_STYLES.values()]
    assert len(set(shapes)) == len(shapes)
    assert set(shapes) <= set(SHAPES)


def test_colours_meet_wcag_aa_on_white_and_behind_white_text() -> None:
    for style in TYPE_STYLES.values():
        assert contrast(style.colour, "#ffffff") >= 4.5, style
    assert len({s.colour for s in TYPE_STYLES.values()}) == len(TYPE_STYLES)


def test_the_stylesheet_text_colours_meet_aa() -> None:
    # --ink, --muted, --accent, --warn and --error on white and on the --wash background.
    for colour in ("#1b1f24", "#4a5561", "#0b5cad", "#8a4b00", "#a4161a"):
        assert contrast(colour, "#ffffff") >= 4.5
        assert contrast(colour, "#f4f6f8") >= 4.5
