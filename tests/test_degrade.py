"""Tests for the scan / photo degrader of the test corpus (tests/corpus/degrade.py)."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.corpus.degrade import map_point, render_photo, render_scan

PAGE_W, PAGE_H = A4  # points
DPI = 100
# Two solid squares of different sizes (points, origin top-left): a big one near the top
# left and a small one lower right, so a wrong rotation or flip puts the wrong one where
# the transform predicts.
BIG = (70.0, 90.0, 40.0)  # x, y, side
SMALL = (420.0, 640.0, 24.0)


def _frac_centre(sq: tuple[float, float, float]) -> tuple[float, float]:
    x, y, side = sq
    return (x + side / 2) / PAGE_W, (y + side / 2) / PAGE_H


def _make_pdf(path: Path, pages: int = 1) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(pages):
        for x, y, side in (BIG, SMALL):
            c.rect(x, PAGE_H - y - side, side, side, stroke=0, fill=1)
        c.setFont("Helvetica", 11)
        c.drawString(72, PAGE_H - 300, f"COMMERCIAL INVOICE page {i + 1}")
        c.drawString(72, PAGE_H - 320, "TOTAL: USD 1,250.00")
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def pdf1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_pdf(tmp_path_factory.mktemp("pdf") / "one.pdf")


@pytest.fixture(scope="module")
def pdf2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_pdf(tmp_path_factory.mktemp("pdf") / "two.pdf", pages=2)


def _load(path: str | Path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB"))


def _dark_blob_centre(img: np.ndarray, near: tuple[float, float], radius: int,
                      min_area: float) -> tuple[float, float] | None:
    """Centroid of the largest dark blob in a window around ``near`` (pixel coords)."""
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    x0, y0 = max(int(near[0]) - radius, 0), max(int(near[1]) - radius, 0)
    win = grey[y0:int(near[1]) + radius, x0:int(near[0]) + radius]
    dark = (win < 100).astype(np.uint8)
    n, _, stats, cents = cv2.connectedComponentsWithStats(dark, connectivity=8)
    if n <= 1:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[best, cv2.CC_STAT_AREA] < min_area:
        return None
    cx, cy = cents[best]
    return x0 + cx + 0.5, y0 + cy + 0.5  # centroid of pixel centres -> continuous coords


def _assert_squares_map(img: np.ndarray, matrix: object, tol: float = 3.0) -> None:
    for sq in (BIG, SMALL):
        side_px = sq[2] / 72 * DPI
        want = map_point(matrix, *_frac_centre(sq))
        got = _dark_blob_centre(img, want, int(side_px * 1.2), 0.5 * side_px ** 2)
        assert got is not None, f"no square near {want}"
        assert abs(got[0] - want[0]) <= tol and abs(got[1] - want[1]) <= tol, (got, want)


@pytest.mark.parametrize("severity", ["mild", "strong"])
def test_scan_png_size_mode_and_mapping(pdf1: Path, tmp_path: Path, severity: str) -> None:
    out = tmp_path / "scan.png"
    info = render_scan(pdf1, out, dpi=DPI, severity=severity, seed=3)  # type: ignore[arg-type]
    img = Image.open(out)
    assert img.mode == "RGB"
    assert img.size == (math.ceil(PAGE_W / 72 * DPI), math.ceil(PAGE_H / 72 * DPI))
    page = info["pages"][0]
    assert info["files"] == [str(out)] and page["file"] == str(out)
    limit = 1.5 if severity == "mild" else 4.0
    assert abs(page["skew"]) <= limit and page["rotation"] == 0
    assert 70 <= page["jpeg_quality"] <= 90 if severity == "mild" else 40 <= page["jpeg_quality"]
    arr = np.asarray(img)
    # grey paper, not pure white; not blank either
    assert 180 < float(np.median(arr)) < 250
    _assert_squares_map(arr, page["matrix"])


def test_scan_strong_is_worse_than_mild(pdf1: Path, tmp_path: Path) -> None:
    clean = _load(render_scan(pdf1, tmp_path / "c.png", dpi=DPI, seed=1)["files"][0])
    strong = _load(render_scan(pdf1, tmp_path / "s.png", dpi=DPI, severity="strong",
                               seed=1)["files"][0])
    # noise level measured in a flat paper area (bottom-right corner, away from content)
    def flat_std(a: np.ndarray) -> float:
        h, w = a.shape[:2]
        return float(a[int(h * 0.9):int(h * 0.97), int(w * 0.6):int(w * 0.9)].std())
    assert flat_std(strong) > flat_std(clean) + 2


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_scan_rotation(pdf1: Path, tmp_path: Path, rotate: int) -> None:
    info = render_scan(pdf1, tmp_path / "r.png", dpi=DPI, seed=5, rotate=rotate)
    page = info["pages"][0]
    img = _load(info["files"][0])
    w, h = math.ceil(PAGE_W / 72 * DPI), math.ceil(PAGE_H / 72 * DPI)
    assert img.shape[:2] == ((w, h) if rotate in (90, 270) else (h, w))
    assert page["rotation"] == rotate
    _assert_squares_map(img, page["matrix"])
    # a clockwise quarter turn puts the top-left square at the top right
    x, y = map_point(page["matrix"], *_frac_centre(BIG))
    if rotate == 90:
        assert x > img.shape[1] / 2 and y < img.shape[0] / 2
    if rotate == 270:
        assert x < img.shape[1] / 2 and y > img.shape[0] / 2


def test_scan_is_deterministic(pdf1: Path, tmp_path: Path) -> None:
    a = render_scan(pdf1, tmp_path / "a.png", dpi=DPI, severity="strong", seed=7)
    b = render_scan(pdf1, tmp_path / "b.png", dpi=DPI, severity="strong", seed=7)
    c = render_scan(pdf1, tmp_path / "c.png", dpi=DPI, severity="strong", seed=8)
    assert np.array_equal(_load(tmp_path / "a.png"), _load(tmp_path / "b.png"))
    assert a["pages"][0]["matrix"] == b["pages"][0]["matrix"]
    assert not np.array_equal(_load(tmp_path / "a.png"), _load(tmp_path / "c.png"))
    assert a["pages"][0]["skew"] != c["pages"][0]["skew"]


def test_scan_multipage_tiff(pdf2: Path, tmp_path: Path) -> None:
    out = tmp_path / "scan.tif"
    info = render_scan(pdf2, out, dpi=DPI, seed=2)
    assert info["files"] == [str(out)] and len(info["pages"]) == 2
    with Image.open(out) as tif:
        assert tif.n_frames == 2
        for i in range(2):
            tif.seek(i)
            assert tif.mode == "RGB"
            frame = np.asarray(tif.convert("RGB"))
            _assert_squares_map(frame, info["pages"][i]["matrix"])
    # pages draw their own randomness
    assert info["pages"][0]["skew"] != info["pages"][1]["skew"]


def test_scan_image_only_pdf(pdf2: Path, tmp_path: Path) -> None:
    out = tmp_path / "scan.pdf"
    info = render_scan(pdf2, out, dpi=DPI, seed=4)
    pdf = pdfium.PdfDocument(str(out))
    try:
        assert len(pdf) == 2
        for i, page in enumerate(pdf):
            w, h = page.get_size()
            assert abs(w - PAGE_W) < 2 and abs(h - PAGE_H) < 2
            assert page.get_textpage().get_text_range().strip() == ""
            img = np.asarray(page.render(scale=DPI / 72).to_pil().convert("RGB"))
            _assert_squares_map(img, info["pages"][i]["matrix"], tol=4.0)
    finally:
        pdf.close()


def test_scan_jpg_and_page_pattern(pdf2: Path, tmp_path: Path) -> None:
    info = render_scan(pdf2, tmp_path / "s.jpg", dpi=DPI, seed=1)
    assert len(info["files"]) == 1 and Image.open(info["files"][0]).format == "JPEG"
    info = render_scan(pdf2, tmp_path / "s-{page}.png", dpi=DPI, seed=1)
    assert info["files"] == [str(tmp_path / "s-1.png"), str(tmp_path / "s-2.png")]
    assert all(Path(f).exists() for f in info["files"])


def test_scan_rejects_bad_arguments(pdf1: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_scan(pdf1, tmp_path / "x.png", dpi=DPI, rotate=45)
    with pytest.raises(ValueError):
        render_scan(pdf1, tmp_path / "x.png", dpi=DPI, severity="awful")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        render_scan(pdf1, tmp_path / "x.bmp", dpi=DPI)


def test_photo_geometry_and_look(pdf1: Path, tmp_path: Path) -> None:
    out = tmp_path / "photo.jpg"
    info = render_photo(pdf1, out, dpi=DPI, seed=11)
    page = info["pages"][0]
    with Image.open(out) as im:
        assert im.format == "JPEG" and im.mode == "RGB"
        img = np.asarray(im)
    ch, cw = img.shape[:2]
    pw, ph = PAGE_W / 72 * DPI, PAGE_H / 72 * DPI
    assert cw > pw and ch > ph  # the desk shows around the page
    assert 72 <= page["jpeg_quality"] <= 80
    # page corners: inside the frame, and where the homography says
    corners = [map_point(page["homography"], fx, fy) for fx, fy in
               ((0, 0), (1, 0), (1, 1), (0, 1))]
    assert np.allclose(corners, page["corners"], atol=1e-6)
    for x, y in corners:
        assert 0 <= x <= cw and 0 <= y <= ch
    # it is really in perspective, not an axis-aligned rectangle
    assert abs(corners[0][1] - corners[1][1]) > 1 or abs(corners[0][0] - corners[3][0]) > 1
    _assert_squares_map(img, page["homography"], tol=4.0)
    # the desk is darker than the page
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    cx, cy = map_point(page["homography"], 0.5, 0.85)
    assert float(grey[: int(ch * 0.03), : int(cw * 0.03)].mean()) < float(
        grey[int(cy) - 5:int(cy) + 5, int(cx) - 5:int(cx) + 5].mean()) - 40


def test_photo_deterministic_and_pages(pdf2: Path, tmp_path: Path) -> None:
    a = render_photo(pdf2, tmp_path / "a.jpg", dpi=DPI, seed=5)
    b = render_photo(pdf2, tmp_path / "b.jpg", dpi=DPI, seed=5)
    assert len(a["files"]) == 1  # no {page}: first page only
    assert np.array_equal(_load(a["files"][0]), _load(b["files"][0]))
    assert a["pages"][0]["homography"] == b["pages"][0]["homography"]
    c = render_photo(pdf2, tmp_path / "c.jpg", dpi=DPI, seed=6)
    assert c["pages"][0]["homography"] != a["pages"][0]["homography"]
    many = render_photo(pdf2, tmp_path / "p{page}.png", dpi=DPI, seed=5)
    assert many["files"] == [str(tmp_path / "p1.png"), str(tmp_path / "p2.png")]
    img2 = _load(many["files"][1])
    _assert_squares_map(img2, many["pages"][1]["homography"], tol=4.0)
    # a .pdf holds every page's photo, one per page, as a phone's scanning app sends them
    bundle = render_photo(pdf2, tmp_path / "both.pdf", dpi=DPI, seed=5)
    assert bundle["files"] == [str(tmp_path / "both.pdf")] and len(bundle["pages"]) == 2
    pdf = pdfium.PdfDocument(str(tmp_path / "both.pdf"))
    try:
        assert len(pdf) == 2
        img2 = np.asarray(pdf[1].render(scale=DPI / 72).to_pil().convert("RGB"))
    finally:
        pdf.close()
    assert img2.shape[:2] == _load(many["files"][1]).shape[:2]
