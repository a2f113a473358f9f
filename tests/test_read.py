"""Read stage on generated inputs, with real pdfplumber, PDFium and Tesseract.

Inputs are drawn here (reportlab text PDFs with English and Chinese, their 300-dpi renderings
as "scans", rotated/skewed/photographed variants, a red seal) so that every expected box is
known. OCR is slow on a shared machine: scans are rendered once per session (fixtures) and
each OCR test reads one page.
"""

from __future__ import annotations

import io
import math
import os
import time
import zlib

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from docproc.config import Settings
from docproc.errors import BadInputError, EncryptedDocumentError, TooLargeError
from docproc.ingest import ingest
from docproc.model import ReadDocument, Word
from docproc.read import read_document

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
SETTINGS = Settings(home=__import__("pathlib").Path("/tmp/docproc-test-home"), workers=2)

# What the generated invoice says, top to bottom (x in points from the left, y from the top).
LINES = [
    (60, 70, 20, "COMMERCIAL INVOICE 商业发票"),
    (60, 120, 12, "Invoice No.: INV-2026-0042"),
    (330, 120, 12, "Date: 12 March 2026"),
    (60, 145, 12, "Seller: Shanghai Heavy Machinery Co., Ltd."),
    (60, 170, 12, "卖方：上海重型机械有限公司"),
    (60, 195, 12, "Buyer: Lagos Construction Supplies Ltd."),
    (60, 220, 12, "Port of Loading: SHANGHAI  Port of Discharge: LAGOS"),
    (60, 270, 11, "Description 货物名称"),
    (260, 270, 11, "Qty"),
    (330, 270, 11, "Unit Price"),
    (450, 270, 11, "Amount"),
    (60, 295, 11, "HYDRAULIC EXCAVATOR PC200-8"),
    (260, 295, 11, "2 SETS"),
    (330, 295, 11, "USD 45,000.00"),
    (450, 295, 11, "USD 90,000.00"),
    (60, 320, 11, "WHEEL LOADER 轮式装载机 ZL50G"),
    (260, 320, 11, "1 SET"),
    (330, 320, 11, "USD 28,500.00"),
    (450, 320, 11, "USD 28,500.00"),
    (60, 370, 12, "TOTAL: USD 118,500.00 (SAY US DOLLARS ONE HUNDRED EIGHTEEN THOUSAND"),
    (60, 395, 12, "Country of Origin: CHINA 原产国：中国"),
    (60, 420, 12, "Payment: T/T 30% in advance, balance before shipment"),
    (60, 700, 12, "Authorized Signature 授权签字人:"),
]


def _font() -> str:
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", FONT, subfontIndex=0))
    return "WQY"


def draw_invoice(c: canvas.Canvas, *, seal: bool = False, signature: bool = False) -> None:
    """Draw the invoice page on a reportlab canvas (A4), with an optional seal/signature."""
    font = _font()
    _, height = A4
    for x, y, size, text in LINES:
        c.setFont(font, size)
        c.drawString(x, height - y, text)
    c.setLineWidth(0.8)
    for y in (258, 282, 307, 332):
        c.line(55, height - y, 540, height - y)
    for x in (55, 255, 325, 445, 540):
        c.line(x, height - 258, x, height - 332)
    if seal:
        cx, cy, r = 420, height - 690, 55
        c.setStrokeColorRGB(0.85, 0.1, 0.1)
        c.setFillColorRGB(0.85, 0.1, 0.1)
        c.setLineWidth(3.5)
        c.circle(cx, cy, r, stroke=1, fill=0)
        star = [(cx + 16 * math.cos(math.pi / 2 + k * 4 * math.pi / 5),
                 cy + 16 * math.sin(math.pi / 2 + k * 4 * math.pi / 5)) for k in range(5)]
        p = c.beginPath()
        p.moveTo(*star[0])
        for pt in star[1:]:
            p.lineTo(*pt)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
        c.setFont(font, 11)
        for k, ch in enumerate("上海重型机械有限公司"):
            a = math.radians(200 - k * 22)
            c.drawCentredString(cx + 40 * math.cos(a), cy + 40 * math.sin(a) - 4, ch)
        c.setFillColorRGB(0, 0, 0)
        c.setStrokeColorRGB(0, 0, 0)
    if signature:
        c.setStrokeColorRGB(0.05, 0.1, 0.45)
        c.setLineWidth(1.6)
        p = c.beginPath()
        x0, y0 = 250, height - 705
        p.moveTo(x0, y0)
        for t in range(1, 120):
            x = x0 + t * 1.1
            y = y0 + 14 * math.sin(t / 5.0) * math.cos(t / 17.0) + 6 * math.sin(t / 2.3)
            p.lineTo(x, y)
        c.drawPath(p, stroke=1, fill=0)
        c.setStrokeColorRGB(0, 0, 0)


def invoice_pdf(*, pages: int = 1, seal: bool = False, signature: bool = False,
                scanned_page: np.ndarray | None = None) -> bytes:
    """A text PDF of ``pages`` invoice pages; optionally a scan image as an extra page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for _ in range(pages):
        draw_invoice(c, seal=seal, signature=signature)
        c.showPage()
    if scanned_page is not None:
        from reportlab.lib.utils import ImageReader

        png = io.BytesIO()
        Image.fromarray(scanned_page).save(png, "PNG")
        png.seek(0)
        c.drawImage(ImageReader(png), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return buf.getvalue()


def render_scan(pdf_bytes: bytes, dpi: int = 300, page: int = 0, noise: float = 6.0,
                seed: int = 0) -> np.ndarray:
    """A 'scan' of a PDF page: grayscale at ``dpi``, slight blur and sensor noise."""
    doc = pdfium.PdfDocument(pdf_bytes)
    img = doc[page].render(scale=dpi / 72, grayscale=True).to_numpy()
    doc.close()
    if img.ndim == 3:
        img = img[:, :, 0]
    img = cv2.GaussianBlur(img, (3, 3), 0.7)
    rng = np.random.default_rng(seed)
    noisy = img.astype(np.float32) + rng.normal(0, noise, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def render_color(pdf_bytes: bytes, dpi: int = 200) -> np.ndarray:
    doc = pdfium.PdfDocument(pdf_bytes)
    img = doc[0].render(scale=dpi / 72).to_numpy()[:, :, :3].copy()  # BGR
    doc.close()
    return img


def pdf_box(token: str) -> tuple[float, float, float, float]:
    """Where ``token`` was drawn, as page fractions: exact x, font-box y (ascent/descent)."""
    for x, y, size, text in LINES:
        if token in text:
            start = x + pdfmetrics.stringWidth(text[: text.index(token)], _font(), size)
            end = start + pdfmetrics.stringWidth(token, _font(), size)
            return (start / A4[0], (y - 0.85 * size) / A4[1], end / A4[0],
                    (y + 0.15 * size) / A4[1])
    raise KeyError(token)


def png_bytes(img: np.ndarray) -> bytes:
    ok, enc = cv2.imencode(".png", img)
    assert ok
    return enc.tobytes()


def read_bytes(data: bytes, name: str, settings: Settings = SETTINGS, **kw) -> ReadDocument:
    return read_document(ingest(data, name, settings), settings, **kw)


def find(words: list[Word], text: str) -> Word:
    """The word equal to ``text``, else the first word containing it."""
    for w in words:
        if w.text == text:
            return w
    for w in words:
        if text in w.text:
            return w
    raise AssertionError(f"{text!r} not read; got {' '.join(w.text for w in words)[:400]}")


def centre(w: Word) -> tuple[float, float]:
    """Centre of the word's box on the ORIGINAL image (not the layout frame)."""
    return (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2


def close(a: tuple, b: tuple, tol: float) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


# ---------------------------------------------------------------- fixtures (built once)

@pytest.fixture(scope="session")
def text_pdf() -> bytes:
    return invoice_pdf()


@pytest.fixture(scope="session")
def text_doc(text_pdf: bytes) -> ReadDocument:
    return read_bytes(text_pdf, "invoice.pdf")


@pytest.fixture(scope="session")
def scan(text_pdf: bytes) -> np.ndarray:
    return render_scan(text_pdf)


@pytest.fixture(scope="session")
def scan_doc(scan: np.ndarray) -> ReadDocument:
    return read_bytes(png_bytes(scan), "scan.png", parallel=False)


TOP = 1300  # rows of the 300-dpi scan kept for the geometry tests (header + table): faster OCR


def top_box(b: tuple[float, float, float, float], full_h: int) -> tuple[float, ...]:
    """A page-fraction box re-expressed in the cropped top part of the page."""
    f = full_h / TOP
    return (b[0], b[1] * f, b[2], b[3] * f)


# ---------------------------------------------------------------- text layer

def test_text_pdf_words_boxes_rules(text_doc: ReadDocument) -> None:
    page = text_doc.pages[0]
    assert page.source == "text" and text_doc.text_layer
    for token in ("INV-2026-0042", "12", "LAGOS", "PC200-8", "ZL50G"):
        w = find(page.words, token)
        assert w.text == token and close(w.bbox, pdf_box(token), 0.004), (w, pdf_box(token))
    zh = find(page.words, "上海重型机械有限公司")  # CJK run stays one word
    assert zh.text.startswith("卖方") or zh.text.startswith("上海")
    # line ids: words on one printed line share a line id, in reading order
    assert find(page.words, "Invoice").line == find(page.words, "Date:").line
    assert find(page.words, "Invoice").line < find(page.words, "Seller:").line
    horizontal = [r for r in page.rules if r.horizontal]
    vertical = [r for r in page.rules if not r.horizontal]
    assert len(horizontal) == 4 and len(vertical) == 5
    assert page.marks == [] and page.warnings == []


def test_text_pages_are_not_ocred() -> None:
    # Speed of text pages is a figure of benchmarks/bench_read.py (step a), not a timed test.
    doc = read_bytes(invoice_pdf(pages=3), "three.pdf")
    assert [p.source for p in doc.pages] == ["text"] * 3
    assert all(p.ocr_confidence is None for p in doc.pages)


def test_seal_found_on_text_pdf_and_not_on_plain(text_doc: ReadDocument) -> None:
    sealed = read_bytes(invoice_pdf(seal=True), "cert.pdf")
    seals = [m for m in sealed.pages[0].marks if m.kind == "seal"]
    assert len(seals) == 1
    x0, y0, x1, y1 = seals[0].bbox
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    assert abs(cx - 420 / A4[0]) < 0.02 and abs(cy - 690 / A4[1]) < 0.02
    assert not [m for m in text_doc.pages[0].marks if m.kind == "seal"]


def test_signature_found_near_label() -> None:
    doc = read_bytes(invoice_pdf(signature=True), "signed.pdf")
    sigs = [m for m in doc.pages[0].marks if m.kind == "signature"]
    assert len(sigs) == 1 and sigs[0].confidence > 0.7
    assert sigs[0].bbox[1] > 0.8


def test_over_page_cap_reads_first_pages_with_warning() -> None:
    capped = Settings(home=SETTINGS.home, max_pages=2)
    doc = read_bytes(invoice_pdf(pages=3), "long.pdf", capped)
    assert len(doc.pages) == 2
    assert any("has 3 pages; only the first 2" in w for w in doc.warnings)


# ---------------------------------------------------------------- OCR

@pytest.mark.ocr
def test_scan_words_and_boxes_match_pdf(scan: np.ndarray, scan_doc: ReadDocument,
                                        text_doc: ReadDocument) -> None:
    doc = scan_doc
    page = doc.pages[0]
    assert page.source == "ocr" and not doc.text_layer
    assert page.ocr_confidence and page.ocr_confidence > 0.8
    assert (page.width, page.height) == (scan.shape[1], scan.shape[0])
    for token in ("INV-2026-0042", "PC200-8", "118,500.00", "LAGOS"):
        assert close(find(page.words, token).bbox, find(text_doc.pages[0].words, token).bbox,
                     0.01)
    assert find(page.words, "商业发票")  # Chinese glyphs merged into one word
    assert page.rotation == 0 and page.skew == 0


@pytest.mark.ocr
@pytest.mark.parametrize("turn", [180, 90])
def test_rotated_scan_boxes_map_to_original(scan: np.ndarray, turn: int) -> None:
    code = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180}[turn]
    rotated = cv2.rotate(scan[:TOP], code)
    doc = read_bytes(png_bytes(rotated), f"rot{turn}.png", parallel=False)
    page = doc.pages[0]
    assert page.rotation == turn
    w = find(page.words, "INV-2026-0042")
    # expected box: the PDF box rotated the same way, in the rotated image's fractions
    x0, y0, x1, y1 = top_box(pdf_box("INV-2026-0042"), scan.shape[0])
    if turn == 180:
        exp = (1 - x1, 1 - y1, 1 - x0, 1 - y0)
    else:  # 90 clockwise: (x, y) -> (1 - y, x)
        exp = (1 - y1, x0, 1 - y0, x1)
    assert close(w.bbox, exp, 0.02), (w.bbox, exp)
    assert any(f"rotated {turn}" in x for x in page.warnings)


@pytest.mark.ocr
def test_skewed_scan(scan: np.ndarray) -> None:
    part = scan[:TOP]
    h, w = part.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -3.0, 1.0)  # 3 degrees clockwise
    skewed = cv2.warpAffine(part, m, (w, h), borderValue=255)
    doc = read_bytes(png_bytes(skewed), "skew.png", parallel=False)
    page = doc.pages[0]
    assert abs(page.skew - 3.0) < 0.4
    word = find(page.words, "PC200-8")
    # where the word's centre went in the skewed image
    b = top_box(pdf_box("PC200-8"), scan.shape[0])
    px, py = m @ np.array([(b[0] + b[2]) / 2 * w, (b[1] + b[3]) / 2 * h, 1.0])
    wx, wy = centre(word)
    assert abs(wx - px / w) < 0.01 and abs(wy - py / h) < 0.01


@pytest.mark.ocr
def test_photo_perspective_corrected(text_pdf: bytes) -> None:
    page = render_color(text_pdf, dpi=200)
    ph, pw = page.shape[:2]
    W, H = 2400, 3000
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    dst = np.float32([[260, 180], [2150, 300], [2250, 2850], [140, 2700]])
    hom = cv2.getPerspectiveTransform(src, dst)
    desk = np.full((H, W, 3), (70, 90, 110), np.uint8)
    warped = cv2.warpPerspective(page, hom, (W, H), borderMode=cv2.BORDER_TRANSPARENT, dst=desk)
    doc = read_bytes(png_bytes(warped), "photo.jpg", parallel=False)
    p = doc.pages[0]
    word = find(p.words, "INV-2026-0042")
    # the word's centre in the PDF, pushed through the photo's homography
    b = pdf_box("INV-2026-0042")
    c = np.array([[[(b[0] + b[2]) / 2 * pw, (b[1] + b[3]) / 2 * ph]]], np.float64)
    ex, ey = cv2.perspectiveTransform(c, hom)[0, 0]
    wx, wy = centre(word)
    assert abs(wx - ex / W) < 0.01 and abs(wy - ey / H) < 0.01
    assert p.ocr_confidence and p.ocr_confidence > 0.75


@pytest.mark.ocr
def test_scanned_page_inside_text_pdf_is_ocrd(scan: np.ndarray) -> None:
    half = np.full_like(scan, 255)
    half[:TOP] = scan[:TOP]  # a real page size, but only the top holds text: faster OCR
    data = invoice_pdf(scanned_page=half)
    doc = read_bytes(data, "mixed.pdf", parallel=False)
    assert [p.source for p in doc.pages] == ["text", "ocr"]
    assert find(doc.pages[1].words, "INV-2026-0042")
    assert doc.pages[1].width == pytest.approx(A4[0])


def test_scanned_pdf_page_rendered_at_its_images_density(scan: np.ndarray) -> None:
    """A 150-dpi photo inside a PDF (a phone scanning app's output) is read from its own
    pixels, as the JPEG would be, not from pdfium's enlargement of it to the OCR dpi; a
    denser image is rendered at the OCR dpi."""
    from docproc.config import settings
    from docproc.read import _plan_pdf

    small = cv2.resize(scan, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    for img, dpi, want in ((small, 150, 150.0), (scan, 300, 300.0), (scan, 600, 300.0)):
        buf = io.BytesIO()
        Image.fromarray(img).convert("RGB").save(buf, "PDF", resolution=dpi)
        _pages, jobs = _plan_pdf(ingest(buf.getvalue(), "photo.pdf"), settings(), [])
        assert [j.dpi for j in jobs] == [pytest.approx(want)], dpi


@pytest.mark.ocr
def test_seal_on_scanned_certificate_and_none_on_plain_scan(scan_doc: ReadDocument) -> None:
    sealed = render_color(invoice_pdf(seal=True), dpi=150)
    bottom = sealed[sealed.shape[0] // 2:]  # the certificate's lower half, with the seal
    doc = read_bytes(png_bytes(bottom), "cert.png", parallel=False)
    seals = [m for m in doc.pages[0].marks if m.kind == "seal"]
    assert len(seals) == 1
    cy = (seals[0].bbox[1] + seals[0].bbox[3]) / 2
    assert abs(cy - (690 / A4[1] - 0.5) * 2) < 0.03
    assert not scan_doc.pages[0].marks


@pytest.mark.ocr
def test_blank_and_bad_pages_degrade_not_fail(scan: np.ndarray) -> None:
    rng = np.random.default_rng(1)
    blank = np.clip(rng.normal(245, 4, (1754, 1240)), 0, 255).astype(np.uint8)
    frames = [Image.fromarray(blank), Image.fromarray(cv2.resize(scan, (1240, 1754)))]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    doc = read_bytes(buf.getvalue(), "two.tiff")  # through the process pool
    assert [p.source for p in doc.pages] == ["empty", "ocr"]
    assert "page 1: blank page" in doc.warnings
    assert find(doc.pages[1].words, "INVOICE")


@pytest.mark.ocr
def test_blurred_scan_warns_low_confidence(scan: np.ndarray) -> None:
    part = scan[: scan.shape[0] // 3]
    small = cv2.resize(part, None, fx=0.3, fy=0.3, interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(small, (0, 0), 1.6)
    doc = read_bytes(png_bytes(blurred), "blurred.png", parallel=False)
    page = doc.pages[0]
    assert page.ocr_confidence is not None and page.ocr_confidence < 0.6
    assert any(w.startswith("page 1: OCR confidence ") and w.endswith("(blurred scan)")
               for w in doc.warnings), doc.warnings


def test_truncated_image_degrades_page(scan: np.ndarray) -> None:
    data = png_bytes(scan[:600])
    doc = read_bytes(data[: len(data) // 2], "cut.png", parallel=False)
    assert doc.pages[0].source == "empty"
    assert doc.warnings and doc.warnings[0].startswith("page 1: could not be decoded")


@pytest.mark.ocr
def test_ocr_timeout_gives_empty_page_with_warning(scan: np.ndarray) -> None:
    fast = Settings(home=SETTINGS.home, ocr_timeout_s=0.5)
    doc = read_bytes(png_bytes(scan), "slow.png", fast, parallel=False)
    assert doc.pages[0].source == "empty"
    assert any("timed out" in w for w in doc.warnings)


# ---------------------------------------------------------------- bad input

def _png_header_only(w: int, h: int, bits: int = 1) -> bytes:
    """A valid PNG of w x h zeros: tiny on disk, huge once decoded (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (len(body).to_bytes(4, "big") + kind + body
                + zlib.crc32(kind + body).to_bytes(4, "big"))
    ihdr = w.to_bytes(4, "big") + h.to_bytes(4, "big") + bytes([bits, 0, 0, 0, 0])
    comp = zlib.compressobj(9)
    row = bytes(1 + (w * bits + 7) // 8)
    body = b"".join(comp.compress(row) for _ in range(h)) + comp.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_huge_image_refused_fast() -> None:
    data = _png_header_only(20000, 20000)
    t0 = time.perf_counter()
    with pytest.raises(TooLargeError, match=r"huge.png: image .*400 MP"):
        read_bytes(data, "huge.png")
    assert time.perf_counter() - t0 < 1.0


def test_decompression_bomb_jpeg_refused() -> None:
    buf = io.BytesIO()
    Image.new("L", (16, 16), 255).save(buf, "JPEG")
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = (60000).to_bytes(2, "big") + (60000).to_bytes(2, "big")
    with pytest.raises(TooLargeError) as exc:
        read_bytes(bytes(data), "bomb.jpg")
    assert "\n" not in str(exc.value)


def test_truncated_and_corrupt_pdf(text_pdf: bytes) -> None:
    with pytest.raises(BadInputError, match="x.pdf: corrupt or truncated PDF"):
        read_bytes(text_pdf[: len(text_pdf) // 3], "x.pdf")
    garbage = b"%PDF-1.7\n" + bytes(range(256)) * 40
    with pytest.raises(BadInputError, match="corrupt or truncated PDF"):
        read_bytes(garbage, "y.pdf")


def test_encrypted_pdf() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt="secret")
    draw_invoice(c)
    c.showPage()
    c.save()
    with pytest.raises(EncryptedDocumentError, match="locked.pdf is password-protected"):
        read_bytes(buf.getvalue(), "locked.pdf")


def test_zero_page_pdf() -> None:
    buf = io.BytesIO()
    pdfium.PdfDocument.new().save(buf)
    data = buf.getvalue()
    with pytest.raises(BadInputError, match="no pages"):
        read_bytes(data, "empty.pdf")


def test_contrast_stretch_keeps_the_darkest_ink_black() -> None:
    """Ink darker than the stretch point must stay black: a stretch that folds it back
    (absolute value) turns the middle of bold strokes grey and the letters hollow."""
    from docproc.read._config import section
    from docproc.read.preprocess import enhance

    page = np.full((600, 600), 200, np.uint8)
    page[100:500, 100:110] = 90  # a thin grey stroke sets the stretch's dark point ...
    page[250:350, 300:310] = 5  # ... a short black stroke is darker still
    out = enhance(page, section("preprocess"))
    assert int(out[300, 305]) <= 10
    assert int(out[300, 105]) < int(out[50, 50]) - 100


def _shaken(img: np.ndarray, length: int, angle: float) -> np.ndarray:
    """A straight camera shake: the page convolved with a ``length`` px line at ``angle``."""
    k = np.zeros((length, length), np.float32)
    k[length // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), angle, 1.0)
    k = cv2.warpAffine(k, rot, (length, length))
    return cv2.filter2D(img, -1, k / k.sum())


def test_motion_blur_found_only_when_there() -> None:
    from docproc.read._config import section
    from docproc.read.deblur import estimate_motion

    page = render_scan(invoice_pdf(), dpi=150, noise=3.0)
    cfg = section("deblur")
    assert estimate_motion(page, cfg) is None  # a sharp page is left alone
    found = estimate_motion(_shaken(page, 7, 30.0), cfg)
    assert found is not None
    length, angle = found
    assert 5.5 <= length <= 8.5
    assert abs(((angle - 30.0 + 90) % 180) - 90) <= 12


@pytest.mark.ocr
def test_shaken_low_resolution_page_is_read() -> None:
    """A 150-dpi page smeared by a 7-px shake reads as garbage unless the blur is undone."""
    page = _shaken(render_scan(invoice_pdf(), dpi=150, noise=3.0), 7, 30.0)
    doc = read_bytes(png_bytes(page), "shaken.png", parallel=False)
    words = doc.pages[0].words
    assert find(words, "INV-2026-0042")
    assert find(words, "HYDRAULIC")
    b = pdf_box("INV-2026-0042")
    assert close(centre(find(words, "INV-2026-0042")), ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2),
                 0.01)


def test_chinese_lines_reread_with_the_chinese_model(tmp_path) -> None:  # noqa: ANN001
    """On a 300-dpi scan of a Chinese contract, ``eng+chi_sim`` alone reads the party
    label 买受人 as Latin letters ('RRA:'); the Chinese re-read must restore it, with a
    box on its own line (not spanning the value below), and keep the English address."""
    from tests.corpus import make_shipment, render_pdf
    from tests.corpus.degrade import render_scan
    from tests.corpus.documents import make_document

    doc = make_document(make_shipment(7302), "contract", family="contract_cn")
    pdf, scan_pdf = tmp_path / "c.pdf", tmp_path / "c.scan.pdf"
    render_pdf(doc, pdf)
    render_scan(pdf, scan_pdf, dpi=300, severity="mild", seed=7302)
    read = read_document(ingest(scan_pdf.read_bytes(), "c.scan.pdf"), parallel=False)
    words = read.pages[0].words
    labels = [w for w in words if w.text.startswith(("买受人", "出卖人"))]
    assert {w.text[:3] for w in labels} == {"买受人", "出卖人"}, [w.text for w in words[:40]]
    for w in labels:
        assert w.bbox[3] - w.bbox[1] < 0.018, w  # one line high (about 0.011 of the page)
    text = " ".join(w.text for w in words)
    assert "Industrieweg 21, 9000 Gent, Belgium" in text


def test_find_rules_erases_only_what_it_keeps_as_rules() -> None:
    """A thin line is a rule and is erased; a thick dark run (the merged strokes of a bold,
    blurred word on a photo) is neither a rule nor erased, so the word stays readable."""
    from docproc.read.preprocess import find_rules

    page = np.full((1200, 900), 255, np.uint8)
    cv2.line(page, (100, 300), (800, 300), 0, 2)  # a table rule
    cv2.rectangle(page, (200, 608), (500, 622), 0, -1)  # 15 px thick: a bold word's body
    rules, cleaned = find_rules(page)
    assert any(r.horizontal and abs(r.y0 - 300 / 1200) < 0.005 for r in rules)
    assert cleaned[300, 450] == 255  # the rule is gone
    assert not any(abs(r.y0 - 615 / 1200) < 0.02 for r in rules)
    assert cleaned[615, 350] == 0  # the bold run is kept


def test_short_numbers_reread_as_whole_lines(tmp_path) -> None:  # noqa: ANN001
    """On this 300-dpi scan the page-level reading cuts the ruled goods table into cells and
    reads the bold quantity '1 UNIT' as '4 UNIT' (so the invoice disagreed with every other
    document of the shipment); read again as part of its row, the number is '1'."""
    from tests.corpus import documents, make_shipment, render_pdf
    from tests.corpus.degrade import render_scan

    doc = next(d for d in documents(make_shipment(23000, used_car=True))
               if d.doc_type == "invoice")
    pdf, scan_pdf = tmp_path / "i.pdf", tmp_path / "i.scan.pdf"
    render_pdf(doc, pdf)
    render_scan(pdf, scan_pdf, dpi=300, severity="mild", seed=23000 * 16 + 1)
    read = read_document(ingest(scan_pdf.read_bytes(), "i.scan.pdf"), parallel=False)
    words = read.pages[0].words
    before_unit = [a.text for a, b in zip(words, words[1:], strict=False) if b.text == "UNIT"]
    assert before_unit and set(before_unit) == {"1"}, before_unit


def test_poorly_read_phrase_reread_alone(tmp_path) -> None:  # noqa: ANN001
    """On this 300-dpi scan the page-level reading takes the bold "The Buyer:" and the
    buyer's name under it for one line ('ihe ulf Auto naka Traders aie', confidences
    0.0-0.23), and reads the date beside it as '10-11 2029'; read again alone, each phrase
    is what is printed."""
    from tests.corpus import documents, make_shipment, render_pdf
    from tests.corpus.degrade import render_scan

    doc = next(d for d in documents(make_shipment(24000, used_car=True))
               if d.doc_type == "invoice")
    pdf, scan_pdf = tmp_path / "i.pdf", tmp_path / "i.scan.pdf"
    render_pdf(doc, pdf)
    render_scan(pdf, scan_pdf, dpi=300, severity="mild", seed=24000 * 16 + 1)
    read = read_document(ingest(scan_pdf.read_bytes(), "i.scan.pdf"), parallel=False)
    text = " ".join(w.text for w in read.pages[0].words)
    assert "Gulf Auto Traders FZE" in text
    assert "10.11.2025" in text


def test_number_reread_does_not_swallow_the_han_unit(tmp_path) -> None:  # noqa: ANN001
    """On this 300-dpi scan of a Chinese contract the Chinese re-read gives the quantity
    '1 台'; the number re-read's English model took '1台' for '14' (0.88 over 0.79) and,
    though '台' was a word of its own, replaced the right reading. Its units are read too."""
    from docproc.pipeline import extract_read
    from tests.corpus import documents, make_shipment, render_pdf
    from tests.corpus.degrade import render_scan

    doc = next(d for d in documents(make_shipment(26000)) if d.doc_type == "contract")
    pdf, scan_pdf = tmp_path / "c.pdf", tmp_path / "c.scan.pdf"
    render_pdf(doc, pdf)
    render_scan(pdf, scan_pdf, dpi=300, severity="mild", seed=26000 * 16)
    read = read_document(ingest(scan_pdf.read_bytes(), "c.scan.pdf"), parallel=False)
    items = extract_read(read, "contract")["line_items"]
    want = [it["quantity"] for it in doc.truth["line_items"]]
    assert [it["quantity"]["value"] for it in items] == want
    # '1 套' of the first row had come out as '1%' (the re-read's 套 at 0.35): the lone glyph
    # after a number is the unit
    units = [it["unit"] for it in doc.truth["line_items"]]
    assert [it.get("unit", {}).get("value") for it in items] == units


def test_broken_chinese_dates_reread_alone(tmp_path) -> None:  # noqa: ANN001
    """On this 300-dpi scan of a vehicle registration certificate the bold dates came out
    as '20254F8 月绅' and '2025 年 8 月绅'; the date cells alone, read by the Chinese
    model, are the dates printed."""
    from docproc.pipeline import extract_read
    from tests.corpus import documents, make_shipment, render_pdf
    from tests.corpus.degrade import render_scan

    doc = next(d for d in documents(make_shipment(24000, used_car=True))
               if d.doc_type == "vehicle_registration")
    pdf, scan_pdf = tmp_path / "v.pdf", tmp_path / "v.scan.pdf"
    render_pdf(doc, pdf)
    render_scan(pdf, scan_pdf, dpi=300, severity="mild", seed=24000 * 16 + 5)
    read = read_document(ingest(scan_pdf.read_bytes(), "v.scan.pdf"), parallel=False)
    fields = extract_read(read, "vehicle_registration")["fields"]
    assert fields["registration_date"]["value"] == "2025-08-08"
    assert fields["transfer_registration_date"]["value"] == "2025-09-16"


@pytest.mark.ocr
def test_photo_certificate_remark_and_signatory_label_are_no_values(tmp_path) -> None:  # noqa: ANN001
    """A 150-dpi phone photo of a bilingual certificate: the conclusion under the goods table
    ("检怠结论 t Conctusion" / "符合要求，准予装运", label misread) came out as a fourth item
    holding only a description, and the English half of "授权签字人 Authorized Signatory",
    with a scribble read onto it, as the signatory."""
    from docproc.pipeline import extract_read
    from tests.corpus import make_document, make_shipment, render_pdf
    from tests.corpus.degrade import render_photo

    doc = make_document(make_shipment(7304), "inspection_certificate", family="cert_bilingual")
    pdf, photo = tmp_path / "c.pdf", tmp_path / "c.jpg"
    render_pdf(doc, pdf)
    render_photo(pdf, photo, dpi=150, seed=7304)
    read = read_document(ingest(photo.read_bytes(), "c.jpg"), parallel=False)
    out = extract_read(read, "inspection_certificate")
    assert len(out["line_items"]) == 3
    assert all(set(it) != {"description"} for it in out["line_items"])
    signatory = out["fields"].get("authorized_signatory", {}).get("value") or ""
    assert "Signatory" not in signatory


@pytest.mark.ocr
def test_chinese_date_whose_year_was_not_read(tmp_path) -> None:  # noqa: ANN001
    """On this 300-dpi scan of a bilingual certificate the inspection date came out as
    '年 12 月 3 日' (the year not read at all) and the validity as '2026 年 11 月日'; the
    date cells re-read with room for what is missing on either side are whole dates."""
    from docproc.pipeline import extract_read
    from tests.corpus import documents, make_shipment, render_pdf
    from tests.corpus.degrade import render_scan

    doc = next(d for d in documents(make_shipment(23000))
               if d.doc_type == "inspection_certificate")
    pdf, scan_pdf = tmp_path / "c.pdf", tmp_path / "c.scan.pdf"
    render_pdf(doc, pdf)
    render_scan(pdf, scan_pdf, dpi=300, severity="mild", seed=23000 * 16 + 4)
    read = read_document(ingest(scan_pdf.read_bytes(), "c.scan.pdf"), parallel=False)
    fields = extract_read(read, "inspection_certificate")["fields"]
    assert fields["inspection_date"]["value"] == "2025-12-03"
    assert fields["valid_until"]["value"] == "2026-11-16"


def sealed_signatory_png() -> bytes:
    """A certificate's last third at 200 dpi, the red seal stamped over the signatory's name."""
    from PIL import ImageChops, ImageDraw, ImageFont

    from tests.corpus.sheet import seal_image

    page = Image.new("RGB", (1654, 1100), "white")
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 34, index=0)
    d.text((160, 140), "证书有效期：2027/07/12", font=font, fill="black")
    d.text((160, 200), "发证日期：2026/09/17", font=font, fill="black")
    d.text((960, 260), "授权签字人：刘洋", font=font, fill="black")
    d.text((980, 470), "（检验机构盖章）", font=font, fill="black")
    seal = seal_image("上海检验认证有限公司", "检验专用章", 7).resize((380, 380))
    stamp = Image.new("RGB", page.size, "white")
    stamp.paste(seal, (1060, 150), seal)
    page = ImageChops.multiply(page, stamp)  # ink on ink, as a stamp prints
    buf = io.BytesIO()
    page.save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.ocr
def test_name_under_a_red_seal_is_read() -> None:
    # Plain grey turns the seal's ring and characters as dark as the print; the name under the
    # seal was not read at all. Inside the seal's box the page is read from its red channel.
    doc = read_bytes(sealed_signatory_png(), "cert.png", parallel=False)
    text = "".join(w.text for w in doc.pages[0].words)
    assert "刘洋" in text
    assert "检验专用章" not in text  # the seal's own characters are not print
    assert [m.kind for m in doc.pages[0].marks].count("seal") == 1


def test_uncovered_text_runs_find_an_unread_phrase_not_a_scribble() -> None:
    """Ink no word covers goes to the Chinese re-read when it looks like text: a bold
    Chinese goods name the first pass skipped, not a signature's tall strokes."""
    from PIL import ImageDraw, ImageFont

    from docproc.read._config import section
    from docproc.read.ocr import _Raw, _uncovered_text_runs

    page = Image.new("L", (1600, 500), 255)
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 40, index=0)
    d.text((100, 100), "1", font=font, fill=0)
    d.text((200, 100), "履带式起重机", font=font, fill=0, stroke_width=1, stroke_fill=0)
    d.text((700, 100), "8426491000", font=font, fill=0)
    d.line([(900, 420), (960, 260), (1010, 430), (1080, 250)], fill=0, width=4)  # scribble
    img = np.array(page)
    raw = [_Raw("1", (100, 100, 124, 145), 0.8, 1, 1),
           _Raw("8426491000", (700, 100, 930, 145), 0.9, 1, 2),
           _Raw("Page", (100, 300, 200, 345), 0.9, 2, 3)]
    runs = _uncovered_text_runs(img, raw, section("ocr"))
    assert len(runs) == 1, runs
    x0, y0, x1, y1 = runs[0]
    assert x0 <= 205 and x1 >= 430 and y0 <= 110 and y1 >= 135


def _scan_items(tmp_path, seed: int, doc_type: str, family: str, scan_seed: int):  # noqa: ANN001, ANN202
    """A generated document of ``family`` as a 300-dpi scan, extracted: (items, truth)."""
    from docproc.pipeline import extract_read
    from tests.corpus import make_document, make_shipment, render_pdf
    from tests.corpus.degrade import render_scan

    doc = make_document(make_shipment(seed), doc_type, family=family)
    pdf, scan_pdf = tmp_path / "d.pdf", tmp_path / "d.scan.pdf"
    render_pdf(doc, pdf)
    render_scan(pdf, scan_pdf, dpi=300, severity="mild", seed=scan_seed)
    read = read_document(ingest(scan_pdf.read_bytes(), "d.scan.pdf"), parallel=False)
    return extract_read(read, doc_type)["line_items"], doc.truth["line_items"]


def _values(items: list[dict], key: str) -> list:
    return [it.get(key, {}).get("value") for it in items]


def test_table_cells_the_page_segmentation_dropped_are_read(tmp_path) -> None:  # noqa: ANN001
    """On this scan Tesseract's page segmentation threw away the whole shaded Q'ty and Unit
    columns (heading and cells: 'Q'ty', '1', 'SET', ...); read alone, they are clean."""
    items, truth = _scan_items(tmp_path, 61008, "invoice", "invoice_letterhead", 61081)
    assert _values(items, "quantity") == [t["quantity"] for t in truth]
    assert _values(items, "unit") == [t["unit"] for t in truth]


def test_dropped_chinese_quantity_cells_are_read_by_the_chinese_model(tmp_path) -> None:  # noqa: ANN001
    """The '1 台' / '1 套' cells of this scanned Chinese contract were dropped by the page
    segmentation; the English model reads them alone as '14' and '1%', the Chinese model
    as the quantity and its unit."""
    items, truth = _scan_items(tmp_path, 61002, "contract", "contract_cn", 61020)
    assert _values(items, "quantity") == [t["quantity"] for t in truth]
    assert _values(items, "unit") == [t["unit"] for t in truth]


def test_wrapped_english_heading_under_a_chinese_one_names_its_column(tmp_path) -> None:  # noqa: ANN001
    """'产地' (read '六地') over 'Country of' / 'Origin': the wrapped English wording names
    the column, though the misread Chinese heading sits on top of it; the countries had
    been read onto the serial numbers beside them."""
    items, truth = _scan_items(tmp_path, 61002, "invoice", "invoice_bilingual", 61021)
    assert _values(items, "origin") == [t["origin"] for t in truth]
    assert _values(items, "serial_number") == [t["serial_number"] for t in truth]


def test_bold_lines_the_page_segmentation_dropped_are_read(tmp_path) -> None:  # noqa: ANN001
    """On this scan the page segmentation dropped the seller's bold name and the contract
    number under their labels; on a white page of full size the same pixels read as
    nothing, alone in an image of their own as printed."""
    from docproc.pipeline import extract_read
    from tests.corpus import make_document, make_shipment, render_pdf
    from tests.corpus.degrade import render_scan

    doc = make_document(make_shipment(61009), "contract", family="contract_grid_bilingual")
    pdf, scan_pdf = tmp_path / "d.pdf", tmp_path / "d.scan.pdf"
    render_pdf(doc, pdf)
    render_scan(pdf, scan_pdf, dpi=300, severity="mild", seed=61090)
    read = read_document(ingest(scan_pdf.read_bytes(), "d.scan.pdf"), parallel=False)
    fields = extract_read(read, "contract")["fields"]
    for name in ("seller", "seller_address", "document_number"):
        assert fields[name]["value"] == doc.truth["fields"][name], name


def test_crops_tesseract_cannot_read_cost_nothing() -> None:
    """A re-read of uncovered runs is a bonus: a one-pixel crop or a blank one gives no
    words and no error, so the page keeps what its first pass read."""
    from docproc.read.ocr import run_tesseract_crops

    img = np.full((200, 400), 255, np.uint8)
    assert run_tesseract_crops(img, [(10, 10, 11, 11), (0, 0, 400, 200)], "eng", 30, 6) == []


def test_tesseract_threads_capped_unless_the_user_chose(monkeypatch) -> None:
    """Tesseract's OpenMP threads spin against each other on a small machine (a page took
    4.7 s with them, 0.9 s with one): docproc caps them, but a limit already set wins."""
    from docproc.read._config import limit_tesseract_threads, section

    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    limit_tesseract_threads.cache_clear()
    limit_tesseract_threads()
    assert os.environ["OMP_THREAD_LIMIT"] == str(section("ocr")["omp_thread_limit"]) == "1"
    monkeypatch.setenv("OMP_THREAD_LIMIT", "2")
    limit_tesseract_threads.cache_clear()
    limit_tesseract_threads()
    assert os.environ["OMP_THREAD_LIMIT"] == "2"
    limit_tesseract_threads.cache_clear()


@pytest.mark.ocr
def test_a_signature_ocr_read_as_a_big_glyph_is_still_a_signature(tmp_path) -> None:  # noqa: ANN001
    """On this 300-dpi scan of a certificate the signatory's pen loop, half under the seal,
    was read as '人' (conf 0.70, twice the height of the print): masked as a word, the
    signature was gone, and every case carrying the certificate got a false
    certificate.no_signature."""
    from tests.corpus import make_document, make_shipment, render_pdf
    from tests.corpus.degrade import render_scan as degrade_scan

    doc = make_document(make_shipment(28000, used_car=False), "inspection_certificate",
                        family="cert_item_blocks")
    pdf, scan = tmp_path / "c.pdf", tmp_path / "c.scan.pdf"
    render_pdf(doc, pdf)
    degrade_scan(pdf, scan, dpi=300, severity="mild", seed=28000)
    read = read_document(ingest(scan.read_bytes(), "c.pdf"), parallel=False)
    assert doc.truth["fields"]["has_signature"] is True
    assert any(m.kind == "signature" for m in read.pages[0].marks)
