"""The panels' Agg canvas (vpncost.present.canvas): cached text bitmaps draw what Agg draws."""
import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.transforms import IdentityTransform  # noqa: E402

from vpncost.present import canvas  # noqa: E402

TEXTS = [  # (x, y [pixels, whole]), string, size [pt], angle [deg], antialiased
    ((20, 300), "USD per month", 10, 0, True),
    ((40, 250), "VPN on TGW, 2 connections (ECMP)", 7, 0, True),
    ((60, 200), "fi ffl AV Wa 16k 1.2M", 12, 0, True),
    ((300, 40), "cumulative USD", 10, 90, True),
    ((360, 40), "rotated ticks", 8, 45, True),
    ((80, 120), "no antialiasing", 10, 0, False),
    ((80, 80), "Ünïcødé: Zürich → São Paulo", 9, 0, True),
    ((80, 40), "", 9, 0, True),
]


def _render(canvas_class, texts=TEXTS):
    fig = Figure(figsize=(4.5, 3.5), dpi=100)
    canvas_class(fig)
    for (x, y), s, size, angle, aa in texts:
        fig.text(x, y, s, transform=IdentityTransform(), fontsize=size, rotation=angle, antialiased=aa,
                 rotation_mode="anchor")
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).astype(int)


@pytest.mark.skipif(not canvas.SUPPORTED, reason="this Matplotlib draws text without the cache")
def test_cached_text_is_agg_text_at_whole_pixels():
    plain, cached = _render(FigureCanvasAgg), _render(canvas.PanelCanvas)
    assert (plain < 255).any()  # something was drawn
    assert np.abs(plain - cached).max() <= 1  # coverage composited once per line instead of once per glyph


@pytest.mark.skipif(not canvas.SUPPORTED, reason="this Matplotlib draws text without the cache")
def test_a_cached_string_drawn_elsewhere_is_the_same_bitmap_moved():
    canvas.TEXT_BITMAPS.clear()
    first = _render(canvas.PanelCanvas, [((50, 100), "break-even 60k", 9, 0, True)])
    assert len(canvas.TEXT_BITMAPS) == 1
    moved = _render(canvas.PanelCanvas, [((80, 130), "break-even 60k", 9, 0, True)])
    assert len(canvas.TEXT_BITMAPS) == 1  # drawn from the cache
    h = first.shape[0]
    assert np.array_equal(first[h - 160: h - 60, 40:200], moved[h - 190: h - 90, 70:230])


def test_half_pixel_positions_move_text_by_under_a_pixel():
    """Text at fractional positions (as ticks are) lands on the nearest whole pixel."""
    texts = [((50.4, 100.6), "16k", 10, 0, True)]
    cached = _render(canvas.PanelCanvas, texts)
    snapped = _render(FigureCanvasAgg, [((50, 101), "16k", 10, 0, True)])
    assert np.abs(cached - snapped).max() <= 1


def test_without_matplotlibs_glyph_api_text_is_drawn_as_agg_draws_it(monkeypatch):
    monkeypatch.setattr(canvas, "SUPPORTED", False)
    texts = [((50.4, 100.6), "16k", 10, 0, True)]
    assert np.array_equal(_render(canvas.PanelCanvas, texts), _render(FigureCanvasAgg, texts))


@pytest.mark.skipif(not canvas.SUPPORTED, reason="this Matplotlib draws text without the cache")
def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(canvas, "MAX_STRINGS", 3)
    canvas.TEXT_BITMAPS.clear()
    _render(canvas.PanelCanvas, [((20, 20 + 30 * k), f"label {k}", 9, 0, True) for k in range(7)])
    assert 1 <= len(canvas.TEXT_BITMAPS) <= 3


@pytest.mark.skipif(not canvas.SUPPORTED, reason="this Matplotlib draws text without the cache")
def test_text_is_laid_out_as_agg_lays_it_out():
    """The font heights the canvas remembers are the ones Text reads from the font (boxes equal to the pixel)."""
    canvas.FONT_HEIGHTS.clear()
    boxes = []
    for canvas_class in (FigureCanvasAgg, canvas.PanelCanvas):
        fig = Figure(figsize=(4, 3), dpi=100)
        canvas_class(fig)
        texts = [fig.text(0.1, 0.1 + 0.2 * k, s, fontsize=size, rotation=angle)
                 for k, (s, size, angle) in enumerate([("one line", 10, 0), ("two\nlines", 7, 0), ("USD", 12, 90)])]
        fig.canvas.draw()
        boxes.append([t.get_window_extent(fig.canvas.get_renderer()).bounds for t in texts])
    assert canvas.FONT_HEIGHTS  # the cached path was taken
    assert np.allclose(boxes[0], boxes[1], atol=1e-9)


def test_png_bytes_decode_to_the_same_pixels():
    import io

    from PIL import Image

    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    rgba[:10] = 255  # flat rows as charts have
    png = canvas.png_bytes(rgba)
    back = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    assert np.array_equal(back, rgba)
    with pytest.raises(ValueError, match="4 channels"):
        canvas.png_bytes(rgba[..., :3])


def _legend_figure():
    import matplotlib.pyplot as plt

    from vpncost.present.widgets import draw, panel_figure

    fig, ax = plt.subplots(figsize=(4, 3))
    panel_figure(fig)
    ax.plot([0, 1, 2], [0, 2, 1], label="VPN on TGW")
    ax.plot([0, 1, 2], [1, 1, 2], label="DX 10G dedicated")
    ax.legend()
    draw(fig, relayout=True)  # drawn as Agg draws it, then held
    return fig, ax, draw


@pytest.mark.skipif(not canvas.SUPPORTED, reason="this Matplotlib draws text without the cache")
def test_a_held_legend_is_drawn_from_its_bitmap_as_it_was_drawn():
    fig, ax, draw = _legend_figure()
    direct = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    assert isinstance(ax.get_legend().draw, canvas.LegendSnapshot)
    draw(fig)
    snapshot = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    assert np.abs(direct - snapshot).max() <= 8  # the same legend, composited (rounding of its translucent frame)
    assert np.abs(direct - snapshot).mean() < 0.05


@pytest.mark.skipif(not canvas.SUPPORTED, reason="this Matplotlib draws text without the cache")
def test_a_held_legend_with_new_text_is_drawn_anew():
    fig, ax, draw = _legend_figure()
    draw(fig)  # now from the bitmap
    before = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    ax.get_legend().get_texts()[0].set_text("VPN on VGW")
    draw(fig)
    after = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    ax.get_legend().draw = ax.get_legend().draw.draw_legend  # the legend as Agg draws it
    fig.canvas.draw()
    direct = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    assert np.abs(after - before).max() > 100  # the new text is there
    assert np.abs(after - direct).max() <= 8
