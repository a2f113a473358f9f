"""Drawing toolkit for the corpus renderer: a reportlab canvas with top-down coordinates,
mixed Latin/CJK text, wrapping, boxed cells, tables that break across pages, official seals
(raster, like a scanned stamp, so their text never leaks into the text layer) and scribbled
signatures.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CJK_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"
_BASE_FONTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold"),
    "Times": ("Times-Roman", "Times-Bold"),
    "Courier": ("Courier", "Courier-Bold"),
    "DejaVu": ("DejaVuSans", "DejaVuSans-Bold"),
    "WQY": ("WQY", "WQY"),
}


@cache
def register_fonts() -> None:
    """Register the TrueType fonts once per process."""
    pdfmetrics.registerFont(TTFont("WQY", CJK_FONT_PATH, subfontIndex=0))
    pdfmetrics.registerFont(TTFont("DejaVuSans", f"{DEJAVU_DIR}/DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", f"{DEJAVU_DIR}/DejaVuSans-Bold.ttf"))


def _latin(text: str, family: str) -> bool:
    if family == "DejaVu":
        return all(ord(ch) < 0x2E80 for ch in text)
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


_NO_LINE_START = set("）」』，。、；：！？)]}%,.;:")


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


@dataclass
class Col:
    """One table column: key into the row dict, header text, width (pt), alignment."""

    key: str
    header: str
    width: float
    align: str = "left"


class Sheet:
    """A multi-page document being drawn; ``y`` runs downwards from the top edge."""

    def __init__(self, target: Any, style: dict[str, Any], *, total_pages: int | None = None):
        register_fonts()
        self.style = style
        self.size = A4 if style.get("page_size", "A4") == "A4" else LETTER
        if style.get("orientation") == "landscape":
            self.size = landscape(self.size)
        self.W, self.H = self.size
        self.c = canvas.Canvas(target, pagesize=self.size, pageCompression=1)
        self.c.setTitle(style.get("title", "document"))
        self.family = style.get("font", "Helvetica")
        self.fonts = _BASE_FONTS[self.family]
        self.rng = random.Random(style.get("render_seed", 0))
        self.margin = self.rng.choice([36, 42, 48, 54])
        self.left = self.margin
        self.right = self.W - self.margin
        self.top = self.margin - 6
        self.bottom = self.H - self.margin - 24
        self.y = self.top
        self.page = 1
        self.total_pages = total_pages
        self.accent = HexColor(style.get("accent", "#000000"))
        self.on_new_page: Callable[[Sheet], None] | None = None

    # ------------------------------------------------------------------ text
    def font(self, text: str, bold: bool = False) -> str:
        """The font that can print ``text`` (CJK falls back to WenQuanYi)."""
        if self.family != "WQY" and _latin(text, self.family):
            return self.fonts[1 if bold else 0]
        return "WQY"

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Printed width of ``text`` in points."""
        return pdfmetrics.stringWidth(text, self.font(text, bold), size)

    def text(self, x: float, y: float, s: str, size: float = 9, *, bold: bool = False,
             align: str = "left", color: Any = black) -> None:
        """Draw one line of text with its baseline at top-down ``y``."""
        if not s:
            return
        fn = self.font(s, bold)
        self.c.setFillColor(color)
        yy = self.H - y
        if align == "center":
            x -= pdfmetrics.stringWidth(s, fn, size) / 2
        elif align == "right":
            x -= pdfmetrics.stringWidth(s, fn, size)
        t = self.c.beginText(x, yy)
        t.setFont(fn, size)
        if bold and fn == "WQY":  # the CJK font has one weight: fill + stroke fakes bold
            self.c.setStrokeColor(color)
            self.c.setLineWidth(size * 0.04)
            t.setTextRenderMode(2)
        t.textOut(s)
        self.c.drawText(t)
        self.c.setStrokeColor(black)
        self.c.setFillColor(black)

    def wrap(self, s: str, width: float, size: float, bold: bool = False) -> list[str]:
        """Break ``s`` into lines that fit ``width``; spaces break Latin, any char breaks CJK."""
        out: list[str] = []
        for para in s.split("\n"):
            line = ""
            tokens: list[str] = []
            buf = ""
            for ch in para:
                if ch in _NO_LINE_START and tokens and not buf:
                    tokens[-1] += ch  # never start a line with closing punctuation
                elif _is_cjk(ch):
                    if buf:
                        tokens.append(buf)
                        buf = ""
                    tokens.append(ch)
                elif ch == " ":
                    buf += ch
                    tokens.append(buf)
                    buf = ""
                else:
                    buf += ch
            if buf:
                tokens.append(buf)
            tokens = [piece for tok in tokens for piece in self._split_long(tok, width, size, bold)]
            for tok in tokens:
                if line and self.width((line + tok).rstrip(), size, bold) > width:
                    out.append(line.rstrip())
                    line = tok.lstrip()
                else:
                    line += tok
            out.append(line.rstrip())
        return out

    def _split_long(self, tok: str, width: float, size: float, bold: bool) -> list[str]:
        """Cut a token wider than the column (a VIN in a narrow cell) into pieces that fit."""
        if self.width(tok.rstrip(), size, bold) <= width or len(tok) < 2:
            return [tok]
        pieces, cur = [], ""
        for ch in tok:
            if cur and self.width(cur + ch, size, bold) > width:
                pieces.append(cur)
                cur = ""
            cur += ch
        return [*pieces, cur]

    def para(self, x: float, s: str, width: float, size: float = 9, *, bold: bool = False,
             leading: float | None = None, align: str = "left") -> float:
        """Draw a wrapped paragraph at the cursor and advance it."""
        lead = leading or size * 1.3
        for ln in self.wrap(s, width, size, bold):
            self.ensure(lead)
            self.y += lead
            xx = x + width / 2 if align == "center" else x
            self.text(xx, self.y, ln, size, bold=bold, align=align)
        return self.y

    def kv(self, x: float, label: str, value: str, *, label_w: float, width: float,
           size: float = 9, sep: str = ":", bold_value: bool = False,
           bold_label: bool = False) -> None:
        """A ``Label: value`` row; long values wrap under themselves, stacked labels stay."""
        lab_lines = label.split("\n")
        lab_lines[0] = lab_lines[0] + sep if sep else lab_lines[0]
        lines = self.wrap(value, width - label_w, size, bold_value)
        lead = size * 1.35
        n = max(len(lines), len(lab_lines))
        self.ensure(lead * n + 2)
        for i in range(n):
            self.y += lead
            if i < len(lab_lines):
                self.text(x, self.y, lab_lines[i], size if i == 0 else size * 0.8,
                          bold=bold_label)
            if i < len(lines):
                self.text(x + label_w, self.y, lines[i], size, bold=bold_value)
        self.y += 2

    # ------------------------------------------------------------------ graphics
    def hline(self, x0: float, x1: float, y: float, w: float = 0.6, color: Any = black) -> None:
        """Horizontal rule at top-down ``y``."""
        self.c.setStrokeColor(color)
        self.c.setLineWidth(w)
        self.c.line(x0, self.H - y, x1, self.H - y)
        self.c.setStrokeColor(black)

    def vline(self, x: float, y0: float, y1: float, w: float = 0.6) -> None:
        """Vertical rule between top-down ``y0`` and ``y1``."""
        self.c.setLineWidth(w)
        self.c.line(x, self.H - y0, x, self.H - y1)

    def rect(self, x: float, y: float, w: float, h: float, *, lw: float = 0.6,
             fill: Any = None) -> None:
        """Rectangle with top-left corner at (x, y)."""
        self.c.setLineWidth(lw)
        if fill is not None:
            self.c.setFillColor(fill)
        self.c.rect(x, self.H - y - h, w, h, stroke=1, fill=1 if fill is not None else 0)
        self.c.setFillColor(black)

    def box(self, x: float, y: float, w: float, h: float, label: str, lines: Sequence[str], *,
            label_size: float = 6.5, size: float = 8.5, bold: bool = False) -> None:
        """B/L-style cell: small label in the corner, values below, border around."""
        self.rect(x, y, w, h, lw=0.7)
        yy = y + label_size + 1
        for i, ln in enumerate(label.split("\n")):
            if i:
                yy += label_size + 1
            self.text(x + 3, yy, ln, label_size, color=self.accent)
        yy += 1.5
        for raw in lines:
            for ln in self.wrap(raw, w - 8, size, bold):
                yy += size * 1.18
                if yy > y + h:
                    return
                self.text(x + 5, yy, ln, size, bold=bold)

    # ------------------------------------------------------------------ pages
    def ensure(self, space: float) -> None:
        """Start a new page when ``space`` points do not fit any more."""
        if self.y + space > self.bottom:
            self.new_page()

    def footer(self) -> None:
        """Page-number and boilerplate noise at the bottom of the page."""
        fy = self.H - self.margin + 10
        notes = self.style.get("footer", [])
        for i, note in enumerate(notes):
            self.text(self.left, fy - 10 * (len(notes) - i), note, 6.5, color=HexColor("#555555"))
        pn = self.style.get("page_numbers", "none")
        if pn == "page_n":
            self.text(self.W / 2, fy + 4, f"Page {self.page}", 7, align="center")
        elif pn == "page_n_of_m" and self.total_pages:
            self.text(self.W / 2, fy + 4, f"Page {self.page} of {self.total_pages}", 7,
                      align="center")

    def new_page(self) -> None:
        """Finish this page and open the next one."""
        self.footer()
        self.c.showPage()
        self.page += 1
        self.y = self.top
        if self.on_new_page:
            self.on_new_page(self)

    def finish(self) -> int:
        """Write the file; returns the page count."""
        self.footer()
        self.c.showPage()
        self.c.save()
        return self.page

    # ------------------------------------------------------------------ tables
    def table(self, x: float, cols: list[Col], rows: list[dict[str, str]], *, ruled: bool,
              size: float = 8, header_fill: bool = False, total_row: dict[str, str] | None = None
              ) -> None:
        """Items table; cells wrap, rows never split, the header repeats on a new page."""
        pad = 3
        width = sum(c.width for c in cols)
        lead = size * 1.25

        def header() -> None:
            hl = [self.wrap(c.header, c.width - 2 * pad, size, True) for c in cols]
            h = max(len(h_) for h_ in hl) * lead + 2 * pad
            self.ensure(h + 3 * lead)
            top = self.y
            if header_fill:
                self.rect(x, top, width, h, lw=0.6 if ruled else 0, fill=HexColor("#e6e9ef"))
            elif ruled:
                self.rect(x, top, width, h, lw=0.7)
            xx = x
            for c, lines in zip(cols, hl, strict=True):
                for i, ln in enumerate(lines):
                    self._cell_text(xx, top + pad + (i + 1) * lead - 2, c, ln, size, True, pad)
                if ruled:
                    self.vline(xx, top, top + h)
                xx += c.width
            if ruled:
                self.vline(xx, top, top + h)
            else:
                self.hline(x, x + width, top + h, 0.8)
            self.y = top + h

        header()
        body = list(rows) + ([total_row] if total_row else [])
        for r_i, row in enumerate(body):
            is_total = total_row is not None and r_i == len(body) - 1
            cells = [self.wrap(row.get(c.key, ""), c.width - 2 * pad, size, is_total)
                     for c in cols]
            h = max(len(cl) for cl in cells) * lead + 2 * pad
            if self.y + h > self.bottom:
                self.new_page()
                header()
            top = self.y
            xx = x
            for c, lines in zip(cols, cells, strict=True):
                for i, ln in enumerate(lines):
                    self._cell_text(xx, top + pad + (i + 1) * lead - 2, c, ln, size, is_total,
                                    pad)
                if ruled:
                    self.vline(xx, top, top + h)
                xx += c.width
            if ruled:
                self.vline(xx, top, top + h)
                self.hline(x, x + width, top + h)
            elif is_total:
                self.hline(x, x + width, top, 0.6)
            self.y = top + h
        if not ruled:
            self.hline(x, x + width, self.y + 1, 0.8)
        self.y += 4

    def _cell_text(self, x: float, y: float, c: Col, s: str, size: float, bold: bool,
                   pad: float) -> None:
        if c.align == "right":
            self.text(x + c.width - pad, y, s, size, bold=bold, align="right")
        elif c.align == "center":
            self.text(x + c.width / 2, y, s, size, bold=bold, align="center")
        else:
            self.text(x + pad, y, s, size, bold=bold)

    # ------------------------------------------------------------------ marks
    def seal(self, cx: float, cy: float, diameter: float, ring_text: str, centre_text: str = "",
             *, shape: str = "round") -> None:
        """Red official seal centred at (cx, cy); drawn as an image like a real stamp."""
        img = seal_image(ring_text, centre_text, self.rng.randint(0, 10**6), shape=shape)
        h = diameter * (img.height / img.width)
        self.c.drawImage(ImageReader(img), cx - diameter / 2, self.H - cy - h / 2, diameter, h,
                         mask="auto")

    def signature(self, x: float, y: float, w: float = 90, h: float = 26) -> None:
        """A handwritten-looking scribble of random Bézier strokes in dark ink."""
        rng = self.rng
        ink = rng.choice(["#0b1f5c", "#111111", "#1a237e", "#0d2a6b"])
        self.c.setStrokeColor(HexColor(ink))
        self.c.setLineCap(1)
        self.c.setLineJoin(1)
        base = self.H - y
        px, py = x, base + rng.uniform(0, h * 0.4)
        for _ in range(rng.randint(2, 4)):
            p = self.c.beginPath()
            p.moveTo(px, py)
            for _ in range(rng.randint(3, 6)):
                nx = min(x + w, px + rng.uniform(6, w / 3))
                ny = base + rng.uniform(-0.1 * h, h)
                p.curveTo(px + rng.uniform(-8, 14), base + rng.uniform(-0.2 * h, 1.2 * h),
                          nx + rng.uniform(-14, 8), base + rng.uniform(-0.2 * h, 1.2 * h), nx, ny)
                px, py = nx, ny
            self.c.setLineWidth(rng.uniform(0.7, 1.4))
            self.c.drawPath(p, stroke=1, fill=0)
            px = x + rng.uniform(0, w * 0.5)
            py = base + rng.uniform(0, h * 0.5)
        p = self.c.beginPath()  # the closing flourish underneath
        p.moveTo(x + rng.uniform(0, 10), base - rng.uniform(1, 4))
        p.curveTo(x + w * 0.3, base - 8, x + w * 0.7, base + 2, x + w * rng.uniform(0.8, 1.0),
                  base - rng.uniform(0, 5))
        self.c.setLineWidth(0.8)
        self.c.drawPath(p, stroke=1, fill=0)
        self.c.setStrokeColor(black)


def _star(cx: float, cy: float, r: float, rot: float = -math.pi / 2) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.382
        a = rot + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


@cache
def _pil_font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(CJK_FONT_PATH, size, index=0)


def seal_image(ring_text: str, centre_text: str, seed: int, *, shape: str = "round"
               ) -> Image.Image:
    """An RGBA stamp: double ring, star, text around the upper arc, uneven ink."""
    rng = random.Random(seed)
    n = 420
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (rng.randint(200, 235), rng.randint(10, 45), rng.randint(25, 55))
    alpha = rng.randint(190, 235)
    col = (*red, alpha)
    c = n / 2
    r = n / 2 - 8
    if shape == "oval":
        d.ellipse([8, n * 0.18, n - 8, n * 0.82], outline=col, width=12)
    else:
        d.ellipse([c - r, c - r, c + r, c + r], outline=col, width=13)
        if rng.random() < 0.5:
            d.ellipse([c - r + 20, c - r + 20, c + r - 20, c + r - 20], outline=col, width=2)
    d.polygon(_star(c, c * (1.0 if shape == "oval" else 0.98), n * 0.13), fill=col)
    # Characters around the arc, each rotated to face the centre.
    chars = list(ring_text)
    if chars and shape != "oval":
        span = min(math.radians(250), math.radians(22) * len(chars))
        fs = int(max(26, min(52, 1.35 * (r - 40) * span / len(chars))))
        font = _pil_font(fs)
        rad = r - 16 - fs / 2
        start = -math.pi / 2 - span / 2
        for i, ch in enumerate(chars):
            a = start + span * (i + 0.5) / len(chars)
            tile = Image.new("RGBA", (fs * 2, fs * 2), (0, 0, 0, 0))
            ImageDraw.Draw(tile).text((fs, fs), ch, font=font, fill=col, anchor="mm")
            tile = tile.rotate(-math.degrees(a + math.pi / 2), resample=Image.BICUBIC)
            px = c + rad * math.cos(a)
            py = c + rad * math.sin(a)
            img.alpha_composite(tile, (int(px - fs), int(py - fs)))
    elif chars:
        font = _pil_font(34)
        d.text((c, n * 0.33), ring_text[:12], font=font, fill=col, anchor="mm")
    if centre_text:
        font = _pil_font(34)
        d.text((c, c + n * 0.22), centre_text, font=font, fill=col, anchor="mm")
    # Uneven ink: knock random specks out of the stamp.
    px = img.load()
    for _ in range(2600):
        x, y = rng.randrange(n), rng.randrange(n)
        p = px[x, y]
        if p[3]:
            px[x, y] = (p[0], p[1], p[2], int(p[3] * rng.uniform(0.0, 0.7)))
    img = img.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
    return img


def png_bytes(img: Image.Image) -> bytes:
    """PNG encoding (handy for tests and debugging)."""
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def weighted_cols(sh: Sheet, keys: list[str], heads: dict[str, str], rows: list[dict[str, str]],
                  width: float, size: float, weights: dict[str, float], right: set[str],
                  center: set[str], flex: str = "description") -> list[Col]:
    """Column widths by weight, widened so that codes never break inside a word; ``right`` and
    ``center`` name the columns aligned so, the ``flex`` column gives up the room."""
    total = sum(weights[k] for k in keys)
    widths = {k: width * weights[k] / total for k in keys}

    def need_of(texts: list[str]) -> float:
        return max([sh.width(t, size, True) + 8 for s in texts for t in s.split()] or [0])

    need = {k: need_of([r.get(k, "") for r in rows]) for k in keys if k != flex}
    # Header words fit too when there is room; codes in the cells come first.
    soft = {k: max(need[k], need_of([heads[k]])) for k in need}
    if sum(soft.values()) + width * 0.2 <= width:
        need = soft
    deficit = sum(max(0.0, need[k] - widths[k]) for k in need)
    for k in need:
        widths[k] = max(widths[k], need[k])
    if flex in widths:
        widths[flex] = max(widths[flex] - deficit, width * 0.14)
    over = sum(widths.values()) - width
    floor = {k: need.get(k, width * 0.14) for k in keys}
    slack = {k: max(0.0, widths[k] - floor[k]) for k in keys}
    if over > 0 and sum(slack.values()) > 0:  # take the excess from the columns with room
        cut = min(1.0, over / sum(slack.values()))
        widths = {k: widths[k] - slack[k] * cut for k in keys}
    scale = width / sum(widths.values())
    return [Col(k, heads[k], widths[k] * scale,
                "right" if k in right else ("center" if k in center else "left"))
            for k in keys]


def fit_size(sh: Sheet, keys: list[str], rows: list[dict[str, str]], width: float, size: float,
             flex: str = "description") -> float:
    """The largest font size (at most ``size``) at which no cell code has to break."""
    while size > 5.6:
        need = sum(max([sh.width(t, size, True) + 8 for r in rows for t in r.get(k, "").split()]
                       or [0]) for k in keys if k != flex)
        if need + width * 0.14 <= width:
            break
        size -= 0.2
    return size
