"""An Agg canvas for panels that redraw on every widget change: each text's glyphs are rasterised once.

Most of a panel redraw is text (tick labels, legends, titles: about 600 glyphs in the dashboard), and Agg lays
out and rasterises every glyph of every text on every draw. :class:`PanelCanvas` keeps the coverage bitmap of
each string it has drawn (keyed by the string, font, size, angle, resolution and hinting) and composites that
bitmap in one call. Text is placed on whole pixels so that one bitmap serves a label wherever it moves (Agg
would place it to 1/64 pixel; the shift is under half a pixel). Everything else is drawn as Agg draws it, but for
legends held in place (:class:`LegendSnapshot`), composited from their last drawing. :func:`png_bytes` writes
the drawn buffer as a PNG in a quarter of Pillow's time.

The cache uses Matplotlib's own glyph layout and rasteriser (``FT2Font._layout`` and ``_render_glyph``, as
:meth:`RendererAgg.draw_text` does since Matplotlib 3.11); with a Matplotlib without them, text is drawn as Agg
draws it, uncached.
"""
import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

# strings kept per process; a panel redraw uses about 100, so this bounds memory (about 1 kB each) not hits
MAX_STRINGS = 4096
TEXT_BITMAPS: dict = {}  # (string, font, size, angle, dpi, hinting, ...) -> (coverage, left, top)


def _supported() -> bool:
    from matplotlib import ft2font
    return (hasattr(ft2font.FT2Font, "_layout") and hasattr(ft2font.FT2Font, "_render_glyph")
            and hasattr(ft2font, "RenderMode") and hasattr(RendererAgg, "_prepare_font"))


SUPPORTED = _supported()


class CachedTextRenderer(RendererAgg):
    """:class:`RendererAgg` that draws each text line from a cached coverage bitmap (see the module's notes)."""

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or not SUPPORTED:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        from matplotlib.backends.backend_agg import get_hinting_flag

        features = mtext.get_fontfeatures() if mtext is not None and hasattr(mtext, "get_fontfeatures") else None
        language = mtext.get_language() if mtext is not None and hasattr(mtext, "get_language") else None
        key = (s, tuple(prop.__dict__.values()), float(angle), bool(gc.get_antialiased()), self.dpi,
               get_hinting_flag(), features if features is None else tuple(features), language)
        hit = TEXT_BITMAPS.get(key)
        if hit is None:
            if len(TEXT_BITMAPS) >= MAX_STRINGS:
                TEXT_BITMAPS.clear()
            hit = TEXT_BITMAPS[key] = self._coverage(s, prop, angle, gc.get_antialiased(), features, language)
        image, left, top = hit
        if image.size:
            # as Agg's own draw_text_image calls, for the whole line: y is downwards, at the bitmap's bottom
            self._renderer.draw_text_image(image, round(x) + left, round(y) - top + image.shape[0], 0, gc)

    def _get_font_height_metrics(self, prop):
        """(ascent, descent, line gap) [pixels] of ``prop``'s font, as ``Text`` reads them from the font's tables
        for every text on every draw (Matplotlib asks the renderer first: this one remembers them)."""
        if not SUPPORTED:
            return None, None, None  # Text reads the tables itself
        key = (tuple(prop.__dict__.values()), self.dpi)
        hit = FONT_HEIGHTS.get(key)
        if hit is None:
            hit = FONT_HEIGHTS[key] = _font_height(prop, self.dpi)
        return hit

    def _coverage(self, s, prop, angle, antialiased, features, language):
        """The line's glyphs rasterised at the origin, as Agg rasterises them for a whole-pixel position:
        (coverage [0-255], left, top [pixels from the origin, FreeType's y upwards])."""
        from matplotlib.backends.backend_agg import get_hinting_flag
        from matplotlib.ft2font import RenderMode

        flags = get_hinting_flag()
        font = self._prepare_font(prop)
        items = font._layout(s, flags=flags, features=features, language=language)
        size = prop.get_size_in_points()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        mode = RenderMode.NORMAL if antialiased else RenderMode.MONO
        glyphs = []
        for item in items:
            f = item.ft_object
            f.set_size(size, self.dpi)
            f._set_transform(matrix, [round(0x40 * (item.x * cos - item.y * sin)),
                                      round(0x40 * (item.x * sin + item.y * cos))])
            bitmap = f._render_glyph(item.glyph_index, flags, mode)
            buf = np.array(bitmap.buffer, dtype=np.uint16)  # a copy: the glyph slot is reused
            if not antialiased:
                buf *= 0xff
            if buf.size:
                glyphs.append((bitmap.left, bitmap.top, buf))
        if not glyphs:
            return np.zeros((0, 0), np.uint8), 0, 0
        left = min(g[0] for g in glyphs)
        top = max(g[1] for g in glyphs)
        right = max(g[0] + g[2].shape[1] for g in glyphs)
        bottom = min(g[1] - g[2].shape[0] for g in glyphs)
        cov = np.zeros((top - bottom, right - left), np.uint16)
        for gl, gt, buf in glyphs:
            part = cov[top - gt: top - gt + buf.shape[0], gl - left: gl - left + buf.shape[1]]
            part += buf - (part * buf + 127) // 255  # overlapping glyph edges composite as drawn one by one
        return np.ascontiguousarray(cov.astype(np.uint8)), left, top


FONT_HEIGHTS: dict = {}  # (font, dpi) -> (ascent, descent, line gap) [pixels]


def _font_height(prop, dpi: float) -> tuple:
    """What ``matplotlib.text.Text._get_layout`` computes from the font's OS/2 or hhea table (None: it measures)."""
    from matplotlib.font_manager import fontManager, get_font

    font = get_font(fontManager.findfont(prop))  # the first font of the list Text uses: its tables
    for name, gap, ascent, descent in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                       ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(name)
        if table is not None:
            scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
            return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


class LegendSnapshot:
    """A legend's ``draw`` that composites the bitmap of its last drawing while its texts, its anchor box, its
    axes' box and the canvas are unchanged (laying out a legend's entries is a quarter of a dashboard draw). For
    legends whose place is fixed (:func:`vpncost.present.widgets.pin_legends` holds them once drawn), whose
    entries are not restyled in place (the charts make a new legend for new labels).

    Parameters
    ----------
    legend : matplotlib.legend.Legend
        A legend of a figure on a :class:`PanelCanvas`.
    """

    def __init__(self, legend):
        self.legend, self.draw_legend = legend, legend.draw
        self.key = self.image = self.origin = None

    def __call__(self, renderer):
        lg = self.legend
        if not isinstance(renderer, CachedTextRenderer) or not lg.get_visible():
            return self.draw_legend(renderer)
        key = (tuple(t.get_text() for t in lg.get_texts()), tuple(lg.get_bbox_to_anchor().bounds),
               tuple(lg.axes.bbox.bounds) if lg.axes is not None else None, renderer.width, renderer.height,
               renderer.dpi)
        if key != self.key:
            self.image, self.origin = self._render(renderer)
            self.key = key
        gc = renderer.new_gc()
        renderer.draw_image(gc, *self.origin, self.image)
        gc.restore()

    def _render(self, renderer):
        """The legend drawn alone on a transparent canvas of the same size, cut to its box (plus a pixel for
        antialiased edges): (RGBA rows bottom up, as Agg's draw_image takes them; (left, bottom) [pixels])."""
        scratch = CachedTextRenderer(renderer.width, renderer.height, renderer.dpi)
        self.draw_legend(scratch)
        box = self.legend.get_window_extent(scratch)
        h, w = int(renderer.height), int(renderer.width)
        c0, c1 = max(math.floor(box.x0) - 1, 0), min(math.ceil(box.x1) + 1, w)
        r0, r1 = max(h - math.ceil(box.y1) - 1, 0), min(h - math.floor(box.y0) + 1, h)
        return np.array(np.asarray(scratch.buffer_rgba())[r0:r1, c0:c1][::-1]), (c0, h - r1)


class PanelCanvas(FigureCanvasAgg):
    """:class:`FigureCanvasAgg` whose renderer caches text bitmaps (:class:`CachedTextRenderer`)."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if getattr(self, "_lastKey", None) != key or not isinstance(getattr(self, "renderer", None),
                                                                     CachedTextRenderer):
            self.renderer = CachedTextRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def png_bytes(rgba, level: int = 1) -> bytes:
    """``rgba`` as a PNG file: 8-bit RGBA, no row filter, zlib at ``level`` (charts are mostly flat colour, so
    unfiltered rows compress nearly as well as Pillow's filtered ones: about 115 kB against 110 kB for a dashboard,
    in a quarter of the time).

    Parameters
    ----------
    rgba : numpy.ndarray
        Pixels, rows top down: shape (height, width, 4), uint8 [0-255].
    level : int
        zlib compression level [0-9].

    Returns
    -------
    bytes
        The PNG file (signature, IHDR, one IDAT, IEND).
    """
    import struct
    import zlib

    rgba = np.asarray(rgba, dtype=np.uint8)
    h, w, channels = rgba.shape
    if channels != 4:
        raise ValueError(f"png_bytes: rgba must have 4 channels, not {channels}")
    raw = np.empty((h, w * 4 + 1), np.uint8)
    raw[:, 0] = 0  # filter type None on every row
    raw[:, 1:] = rgba.reshape(h, w * 4)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)  # 8 bits, colour type 6 (RGBA), deflate, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw.tobytes(), level))
            + chunk(b"IEND", b""))

