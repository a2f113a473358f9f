"""Tesseract OCR of one prepared page image into :class:`Word` objects.

Tesseract's ``image_to_data`` gives word boxes and confidences; Chinese comes out one glyph per
"word", so adjacent CJK glyphs on one line are merged back into the phrases a label lexicon
can match. Boxes are mapped through the preprocessing homography to the original image.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from dataclasses import dataclass

import cv2
import numpy as np
import pytesseract

from docproc.model import Word
from docproc.read._config import limit_tesseract_threads, section
from docproc.read.preprocess import Prepared, box_to_original


class OcrTimeout(Exception):
    """Tesseract did not finish within the page time-out."""


@dataclass
class _Raw:
    text: str
    box: tuple[float, float, float, float]  # processed-image pixels
    conf: float
    block: int
    line: int
    unit: bool = False  # a lone Han glyph read right after a number (1 套)


def is_cjk(ch: str) -> bool:
    """True for Han ideographs, CJK punctuation and full-width forms."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFFEF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x2A6DF
    )


def is_han(ch: str) -> bool:
    """True for Han ideographs only (not CJK punctuation or full-width forms)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF \
        or 0x20000 <= o <= 0x2A6DF


def tesseract_options(photo: bool) -> str:
    """Extra Tesseract options for the page: photos are binarised with Sauvola's local
    threshold (``ocr.photo_options``), which copes with their noisy, unevenly lit paper
    better than the default global Otsu; scans keep Otsu, which reads them better."""
    return section("ocr")["photo_options"] if photo else ""


def run_tesseract(
    image: np.ndarray, languages: str, timeout: float, psm: int | None = None,
    options: str = "",
) -> dict[str, list]:
    """Run Tesseract on a grayscale image, returning ``image_to_data`` as a dict.

    The image goes through an uncompressed PGM file: PNG-encoding a 300-dpi page costs
    a tenth of a second for nothing.
    """
    fd, path = tempfile.mkstemp(suffix=".pgm", prefix="docproc-")
    os.close(fd)
    try:
        cv2.imwrite(path, image)
        return _image_to_data(path, languages, timeout, psm or section("ocr")["psm"], options)
    finally:
        os.unlink(path)


def _image_to_data(
    path: str, languages: str, timeout: float, psm: int, options: str,
) -> dict[str, list]:
    """``image_to_data`` of an image file (or a list file of images), its time-out raised as
    :class:`OcrTimeout`."""
    limit_tesseract_threads()
    try:
        return pytesseract.image_to_data(
            path,
            lang=languages,
            config=f"--psm {psm} --oem {section('ocr')['oem']} {options}".strip(),
            output_type=pytesseract.Output.DICT,
            timeout=timeout,
        )
    except RuntimeError as exc:  # pytesseract signals its time-out this way
        if "timeout" in str(exc).lower():
            raise OcrTimeout(str(exc)) from exc
        raise


def _raw_words(data: dict[str, list], min_conf: float) -> list[_Raw]:
    """Non-empty words with their (block, paragraph, line) turned into line ids."""
    out: list[_Raw] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        conf /= 100.0
        if conf < min_conf and len(text) <= 2 and not is_cjk(text[0]):
            continue  # speck noise read as "|" or "."
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lid = line_ids.setdefault(key, len(line_ids))
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        out.append(_Raw(text, (x, y, x + w, y + h), conf, int(data["block_num"][i]), lid))
    return out


def merge_cjk(words: list[_Raw], max_gap: float, overlapping: bool = False) -> list[_Raw]:
    """Join adjacent CJK glyphs on a line when the gap is small relative to glyph height.

    ``overlapping`` also joins glyphs whose boxes overlap: the Chinese model alone often
    gives the first glyph of a phrase a box spanning the whole phrase.
    """
    out: list[_Raw] = []
    for w in words:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.line == w.line
            and is_cjk(prev.text[-1])
            and is_cjk(w.text[0])
        ):
            height = max(prev.box[3] - prev.box[1], w.box[3] - w.box[1], 1)
            gap = w.box[0] - prev.box[2]
            if (overlapping or -0.2 * height <= gap) and gap <= max_gap * height:
                n_prev, n_w = len(prev.text), len(w.text)
                prev.conf = (prev.conf * n_prev + w.conf * n_w) / (n_prev + n_w)
                prev.text += w.text
                prev.box = (
                    min(prev.box[0], w.box[0]),
                    min(prev.box[1], w.box[1]),
                    max(prev.box[2], w.box[2]),
                    max(prev.box[3], w.box[3]),
                )
                continue
        out.append(_Raw(w.text, w.box, w.conf, w.block, w.line))
    return out


def _missed_ink_share(image: np.ndarray, raw: list[_Raw]) -> tuple[float, np.ndarray]:
    """Share of the page's ink that no recognised word covers, and the page with the
    recognised words painted white (what a second pass should look at)."""
    _, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # specks
    total = cv2.countNonZero(ink)
    if not total:
        return 0.0, image
    rest = image.copy()
    pad = 3
    for r in raw:
        x0, y0, x1, y1 = (int(v) for v in r.box)
        rest[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 255
        ink[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 0
    # Only glyph-sized ink counts as missed text: a seal's ring, a signature or a logo is
    # one big shape, and reading it again would only cost time.
    h, w = image.shape[:2]
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    glyphs = stats[1:n]
    small = (glyphs[:, cv2.CC_STAT_HEIGHT] <= 0.03 * h) & (glyphs[:, cv2.CC_STAT_WIDTH] <= 0.2 * w)
    missed = int(glyphs[small, cv2.CC_STAT_AREA].sum())
    return missed / total, rest


def _recover_missed(
    image: np.ndarray, raw: list[_Raw], languages: str, timeout: float, cfg: dict,
    options: str = "",
) -> list[_Raw]:
    """Read again what Tesseract's page segmentation dropped.

    On sparse pages (a goods list on a page of its own, bold Chinese headings) the automatic
    segmentation (psm 3) sometimes throws whole blocks of text away as non-text. When much of
    the ink is left uncovered by words, the page is read once more as one block (psm 6) with
    the words already found painted out, and the confident new words are added.
    """
    share, rest = _missed_ink_share(image, raw)
    if share < cfg["recover_min_missed_ink"]:
        return []
    data = run_tesseract(rest, languages, timeout, psm=6, options=options)
    first_block = max((r.block for r in raw), default=0) + 1
    first_line = max((r.line for r in raw), default=-1) + 1
    extra = merge_cjk(_raw_words(data, cfg["min_word_conf"]), cfg["cjk_merge_gap"])
    out = []
    for r in extra:
        if r.conf < cfg["recover_min_conf"]:
            continue  # a seal or a signature read as letters
        out.append(_Raw(r.text, r.box, r.conf, r.block + first_block, r.line + first_line))
    return out


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Boxes on the same line that share most of the narrower one's width."""
    dy = min(a[3], b[3]) - max(a[1], b[1])
    if dy < 0.4 * min(a[3] - a[1], b[3] - b[1]):
        return False
    dx = min(a[2], b[2]) - max(a[0], b[0])
    return dx > 0.4 * max(1.0, min(a[2] - a[0], b[2] - b[0]))


_JUNK_EDGE = "\"'“”‘’。·`_—-|"


def _uncovered_text_runs(
    image: np.ndarray, raw: list[_Raw], cfg: dict, min_width: float = 1.5,
) -> list[tuple[int, int, int, int]]:
    """Boxes of text-like ink no word covers: marks no taller than the page's words (bold
    glyphs of a phrase may touch: up to 12 heights wide), run together along a line into a
    run at least ``min_width`` word heights wide (a phrase; a lone digit is narrower)."""
    if not raw:
        return []
    hs = sorted(r.box[3] - r.box[1] for r in raw)
    med = max(4.0, hs[len(hs) // 2])
    _, ink = cv2.threshold(image, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    pad = 3
    for r in raw:
        x0, y0, x1, y1 = (int(v) for v in r.box)
        ink[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 0
    n, labels, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    bw, bh, area = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT], \
        stats[:, cv2.CC_STAT_AREA]
    keep = (bh <= cfg["uncovered_max_height"] * med) & (bw <= 12 * med) & (area >= 12)
    keep[0] = False  # the background
    marks = np.where(keep[labels], 255, 0).astype(np.uint8)
    k = max(3, int(med * 0.6))
    joined = cv2.dilate(marks, np.ones((max(3, k // 3), k), np.uint8))
    n2, _l2, runs, _c2 = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out = []
    ih, iw = image.shape[:2]
    for i in range(1, n2):
        x, y, bw, bh, _a = runs[i]
        if not (cfg["uncovered_min_height"] * med <= bh <= 2.2 * med) or bw < min_width * med:
            continue
        out.append((max(0, x - pad), max(0, y - pad), min(iw, x + bw + pad),
                    min(ih, y + bh + pad)))
    return out


def run_tesseract_crops(
    image: np.ndarray, boxes: list[tuple[int, int, int, int]], languages: str,
    timeout: float, psm: int, options: str = "",
) -> list[_Raw]:
    """Read each box of ``image`` as an image of its own, all in one Tesseract run (a list
    file: the models load once), and return the words in page pixels.

    Alone in a small image a line reads as printed where the same pixels on a white page
    of full size may read as nothing at all (a bold serif line, for one).
    """
    with tempfile.TemporaryDirectory(prefix="docproc-") as tmp:
        paths = []
        for k, (x0, y0, x1, y1) in enumerate(boxes):
            path = os.path.join(tmp, f"{k:04d}.pgm")
            cv2.imwrite(path, image[y0:y1, x0:x1])
            paths.append(path)
        listing = os.path.join(tmp, "list.txt")
        with open(listing, "w", encoding="utf-8") as fh:
            fh.write("\n".join(paths) + "\n")
        try:
            data = _image_to_data(listing, languages, timeout, psm, options)
        except pytesseract.TesseractError:
            # A re-read is a bonus: a crop Tesseract refuses must not cost the page the
            # words its first pass read.
            return []
    out: list[_Raw] = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        k = int(data["page_num"][i]) - 1
        if not 0 <= k < len(boxes):
            continue
        bx, by = boxes[k][0], boxes[k][1]
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        out.append(_Raw(text, (bx + x, by + y, bx + x + w, by + y + h), conf / 100.0, k,
                        k * 1000 + int(data["line_num"][i])))
    return out


def _reread_uncovered(
    image: np.ndarray, raw: list[_Raw], languages: str, timeout: float, cfg: dict,
    options: str = "",
) -> list[_Raw]:
    """Read the text-like ink no word covers, each run as an image of its own (psm 6).

    The page segmentation (psm 3) drops small cells of a ruled or shaded table (a whole
    'Q'ty' / 'Unit' column, a '1 台' cell) and now and then a bold line (a party's name
    under its label). Read on their own they come out clean; lone digits count too (a
    quantity '1' is narrower than a phrase). The confident new words are added; nothing
    already read is replaced.
    """
    runs = _uncovered_text_runs(image, raw, cfg, cfg["uncovered_reread_min_width"])
    if not runs:
        return []
    hs = sorted(r.box[3] - r.box[1] for r in raw)
    grow = int(cfg["uncovered_reread_grow"] * hs[len(hs) // 2])
    ih, iw = image.shape[:2]
    # The runs were found on ink with the words read painted out: a descender under a
    # word box is not in the run, but the glyph needs it.
    boxes = [(max(0, x0 - grow), max(0, y0 - grow), min(iw, x1 + grow), min(ih, y1 + grow))
             for x0, y0, x1, y1 in runs]
    words = merge_cjk(run_tesseract_crops(image, boxes, languages, timeout, 6, options),
                      cfg["cjk_merge_gap"])
    han = sum(is_han(c) for r in raw for c in r.text)
    if "chi_sim" in languages.split("+") and han >= cfg["chinese_reread_min_glyphs"]:
        words = _chinese_cells(image, boxes, words, timeout, cfg, options)
    first_block = max((r.block for r in raw), default=0) + 1
    first_line = max((r.line for r in raw), default=-1) + 1
    out: list[_Raw] = []
    for r in words:
        r.text = r.text.strip(_JUNK_EDGE)
        floor = _han_floor(r, cfg)
        if not r.text or r.conf < (cfg["uncovered_reread_min_conf"] if floor is None else floor):
            continue
        if any(_overlap(r.box, q.box) or _adjoins(r.box, q.box) for q in raw):
            continue  # the edge of a word already read ('DIAMOND' + 'D:')
        out.append(_Raw(r.text, r.box, r.conf, r.block + first_block, r.line + first_line))
    return out


def _chinese_cells(
    image: np.ndarray, boxes: list[tuple[int, int, int, int]], words: list[_Raw],
    timeout: float, cfg: dict, options: str,
) -> list[_Raw]:
    """The uncovered runs of a Chinese page read by the Chinese model as well:
    ``eng+chi_sim`` reads '1台' as '14' and '1套' as '1%'. A run in which the Chinese model
    finds a Han glyph takes its reading; a lone glyph after a number there is a unit and
    counts from a lower confidence. Runs the first reading read confidently as Latin text
    (a 'Q'ty' heading, a 'SET' cell) are not read again."""
    by_run: dict[int, list[_Raw]] = {}
    for w in words:
        by_run.setdefault(w.block, []).append(w)

    def doubtful(k: int) -> bool:
        got = by_run.get(k, [])
        return not got or any(
            w.conf < cfg["chinese_cells_sure_conf"] or any(is_han(c) for c in w.text)
            or _SHORT_NUMBER.fullmatch(w.text.rstrip("%"))
            for w in got)

    picked = [k for k in range(len(boxes)) if doubtful(k)]
    if not picked:
        return words
    read = run_tesseract_crops(image, [boxes[k] for k in picked],
                               cfg["chinese_reread_languages"], timeout, 6, options)
    for w in read:
        w.block, w.line = picked[w.block], picked[w.block] * 1000 + w.line % 1000
    chi = merge_cjk(read, cfg["cjk_merge_gap"])
    for a, b in zip(chi, chi[1:], strict=False):
        if a.block == b.block and a.text.isdigit() and b.text in _han_units():
            # A measure word after a number: the Chinese model reads a bold '套' there at a
            # confidence near zero, but nothing else is printed after a quantity.
            b.unit = True
            if b.box[0] > a.box[0]:  # the model's digit box runs under the glyph after it
                a.box = (a.box[0], a.box[1], min(a.box[2], b.box[0] - 1), a.box[3])
    chinese = {w.block for w in chi
               if (floor := _han_floor(w, cfg)) is not None and w.conf >= floor}
    return [w for w in words if w.block not in chinese] + \
        [w for w in chi if w.block in chinese]


@functools.cache
def _han_units() -> frozenset[str]:
    """The one-glyph Chinese measure words of the unit table (套, 台, 件, ...)."""
    from docproc import data

    return frozenset(a for aliases in data.load("units.yaml")["quantity"].values()
                     for a in aliases if len(a) == 1 and is_han(a))


def _han_floor(w: _Raw, cfg: dict) -> float | None:
    """The confidence a Chinese re-read word needs: none for a measure word after a number,
    ``chinese_reread_min_conf`` for other Han words (the Chinese model's confidences run
    low); None for a word without Han glyphs (the Latin floor judges it)."""
    if w.unit:
        return 0.0
    if any(is_han(c) for c in w.text):
        return cfg["chinese_reread_min_conf"]
    return None


def _adjoins(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Boxes on one line less than about a third of their height apart: one word (or a
    word and the edge of it a second reading found), not two cells."""
    h = max(a[3] - a[1], b[3] - b[1])
    if min(a[3], b[3]) - max(a[1], b[1]) < 0.4 * min(a[3] - a[1], b[3] - b[1]):
        return False
    gap = max(a[0], b[0]) - min(a[2], b[2])
    return gap < 0.35 * h


def _reread_chinese(
    image: np.ndarray, raw: list[_Raw], timeout: float, cfg: dict, options: str = "",
) -> list[_Raw]:
    """Read the Chinese lines of a page again with the Chinese model alone.

    With ``eng+chi_sim`` Tesseract reads Chinese glyphs on a scan as Latin letters ('买受人'
    as 'RRA'), a quantity '1台' as '14' and a bold '1' beside Chinese cells as '4'; the
    Chinese model alone reads those lines far better, but it spoils English punctuation and
    digit groups ('59,.000.00'). So the lines that show Han glyphs or read poorly are read
    once more, alone on a white page (positions kept), and only its words that contain Han
    glyphs replace the words they cover.
    """
    han = sum(is_han(c) for r in raw for c in r.text)
    if han < cfg["chinese_reread_min_glyphs"]:
        return raw
    by_line: dict[int, list[_Raw]] = {}
    for r in raw:
        by_line.setdefault(r.line, []).append(r)
    canvas = np.full_like(image, 255)
    pad = 4
    picked: set[int] = set()
    for lid, words in by_line.items():
        if not any(is_han(c) for w in words for c in w.text) and \
                min(w.conf for w in words) >= cfg["chinese_reread_line_conf"]:
            continue
        x0 = int(min(w.box[0] for w in words)) - pad
        y0 = int(min(w.box[1] for w in words)) - pad
        x1 = int(max(w.box[2] for w in words)) + pad
        y1 = int(max(w.box[3] for w in words)) + pad
        canvas[max(0, y0):y1, max(0, x0):x1] = image[max(0, y0):y1, max(0, x0):x1]
        picked.add(lid)
    # Text no pass read at all (a Chinese goods name alone in its cell of a row the first
    # pass read as Latin cells): its ink goes on the page too, and what the Chinese model
    # reads there is added below.
    for x0, y0, x1, y1 in _uncovered_text_runs(image, raw, cfg):
        canvas[y0:y1, x0:x1] = image[y0:y1, x0:x1]
        picked.add(-1)
    if not picked:
        return raw
    data = run_tesseract(canvas, cfg["chinese_reread_languages"], timeout, psm=6,
                         options=options)
    fresh = [w for w in merge_cjk(_raw_words(data, cfg["min_word_conf"]),
                                  cfg["cjk_merge_gap"], True)
             if w.text.strip(_JUNK_EDGE)]
    for w in fresh:
        w.text = w.text.strip(_JUNK_EDGE)

    units = {id(b) for a, b in zip(fresh, fresh[1:], strict=False)
             if a.text.isdigit() and len(b.text) == 1 and is_han(b.text) and a.line == b.line
             and b.box[0] - a.box[2] < 2 * (b.box[3] - b.box[1])}

    def han(w: _Raw) -> bool:
        floor = cfg["chinese_reread_unit_min_conf" if id(w) in units else "chinese_reread_min_conf"]
        return w.conf >= floor and any(is_han(c) for c in w.text)

    covers = [[i for i, w in enumerate(fresh) if _overlap(r.box, w.box)] for r in raw]
    def replaced_by_han(r: _Raw, cover: list[int]) -> bool:
        """A word the Chinese reading replaces: Chinese itself, poorly read, or mostly
        under Chinese glyphs (not a confident number a glyph box merely grazes)."""
        hans = [fresh[i] for i in cover if han(fresh[i])]
        if r.line not in picked or not hans:
            return False
        if any(is_han(c) for c in r.text) or r.conf < cfg["chinese_reread_line_conf"]:
            return True
        under = sum(max(0.0, min(r.box[2], w.box[2]) - max(r.box[0], w.box[0])) for w in hans)
        return under >= 0.34 * max(1.0, r.box[2] - r.box[0])

    replaced = [replaced_by_han(r, cover) for r, cover in zip(raw, covers, strict=True)]
    kept_boxes = [r.box for r, rep in zip(raw, replaced, strict=True) if not rep]
    out = [r for r, rep in zip(raw, replaced, strict=True) if not rep]
    taken: set[int] = set()  # fresh words placed
    for r, cover, rep in zip(raw, covers, replaced, strict=True):
        if not rep:
            continue
        for i in cover:  # the Chinese model's reading of this word's place
            w = fresh[i]
            if i in taken or (not han(w) and any(_overlap(b, w.box) for b in kept_boxes)):
                continue
            taken.add(i)
            # the Chinese model's glyph boxes run tall: keep the first pass's line height
            y0, y1 = max(w.box[1], r.box[1]), min(w.box[3], r.box[3])
            box = (w.box[0], y0, w.box[2], y1) if y1 > y0 else w.box
            out.append(_Raw(w.text, box, w.conf, r.block, r.line))
    for i, w in enumerate(fresh):  # Chinese text the first pass dropped altogether
        if i in taken or not han(w) or any(_overlap(r.box, w.box) for r in raw):
            continue
        home = next((r for r in raw if r.line in picked and
                     min(r.box[3], w.box[3]) - max(r.box[1], w.box[1])
                     > 0.5 * (w.box[3] - w.box[1])), None)
        out.append(_Raw(w.text, w.box, w.conf, home.block if home else w.block + 1000,
                        home.line if home else w.line + 100000))
    # restore reading order: by line, then left to right
    order: dict[int, float] = {}
    for r in out:
        order[r.line] = min(order.get(r.line, r.box[1]), r.box[1])
    out.sort(key=lambda r: (order[r.line], r.line, r.box[0]))
    return merge_cjk(out, cfg["cjk_merge_gap"])


_SHORT_NUMBER = re.compile(r"\d{1,3}")


def _reread_numbers(
    image: np.ndarray, raw: list[_Raw], timeout: float, cfg: dict, options: str = "",
) -> list[_Raw]:
    """Read short numbers again with the text after them, alone on a white page, psm 6.

    The page-level reading (psm 3) cuts a ruled table into cell-sized blocks, and alone in
    its block a bold '1' before 'UNIT' reads as '4' (conf 0.81); the same row read as one
    line says '1' (0.96). Quantities and item numbers are those short numbers, and one wrong
    digit there is a finding in every case that carries the document. A number is replaced
    only by another number read with clearly more confidence.
    """
    cands = [r for r in raw if _SHORT_NUMBER.fullmatch(r.text)
             and r.conf < cfg["number_reread_max_conf"]]
    if not cands:
        return raw
    canvas = np.full_like(image, 255)
    pad = cfg["number_reread_pad"]
    for r in cands:
        h = r.box[3] - r.box[1]
        y0, y1 = int(r.box[1] - pad * h), int(r.box[3] + pad * h) + 1
        # the number and what follows it ("1 UNIT"): enough line for Tesseract's context
        x0, x1 = int(r.box[0] - 2 * h), int(r.box[2] + cfg["number_reread_context"] * h)
        canvas[max(0, y0):y1, max(0, x0):x1] = image[max(0, y0):y1, max(0, x0):x1]
    data = run_tesseract(canvas, cfg["number_reread_languages"], timeout, psm=6,
                         options=options)
    fresh = [w for w in _raw_words(data, cfg["min_word_conf"]) if _SHORT_NUMBER.fullmatch(w.text)]
    picked = {id(r) for r in cands}
    out = []
    for r in raw:
        if id(r) in picked:
            over = [w for w in fresh if _overlap(r.box, w.box)]
            if (
                len(over) == 1
                and over[0].text != r.text
                and over[0].conf >= r.conf + cfg["number_reread_min_gain"]
                # a number that reaches over the next word took that word in: the unit
                # '台' after a '1' read by the English model as '14'
                and not any(_overlap(o.box, over[0].box) for o in raw if o is not r)
            ):
                r = _Raw(over[0].text, r.box, over[0].conf, r.block, r.line)
        out.append(r)
    return out


def _alone(image: np.ndarray, boxes: list[list[float]]) -> np.ndarray:
    """A white page with only ``boxes`` of ``image`` on it, where they were (positions kept,
    so what Tesseract reads there maps back without offsets)."""
    canvas = np.full_like(image, 255)
    ih, iw = image.shape[:2]
    for x0, y0, x1, y1 in boxes:
        a, b = max(0, int(y0)), min(ih, int(y1) + 1)
        c, d = max(0, int(x0)), min(iw, int(x1) + 1)
        canvas[a:b, c:d] = image[a:b, c:d]
    return canvas


def _centre_in(r: _Raw, box: list[float]) -> bool:
    cx, cy = (r.box[0] + r.box[2]) / 2, (r.box[1] + r.box[3]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _poor_regions(raw: list[_Raw], cfg: dict) -> list[list[float]]:
    """Boxes around the poorly read Latin words of a page, each grown to the phrase it sits
    in (the words whose centre it holds, a little blank margin) and kept off the words
    around it, so that a re-read sees whole words only."""
    poor = [
        r for r in raw
        if r.conf < cfg["poor_reread_max_conf"] and len(r.text) >= 2
        and not any(is_han(c) for c in r.text)
    ]
    if not poor:
        return []
    hs = sorted(r.box[3] - r.box[1] for r in raw)
    med = hs[len(hs) // 2]
    grow = cfg["poor_reread_margin"] * med
    regions: list[list[float]] = []
    for r in poor:
        box = [r.box[0] - grow, r.box[1], r.box[2] + grow, r.box[3]]
        for reg in [g for g in regions if g[0] < box[2] and box[0] < g[2]
                    and g[1] < box[3] and box[1] < g[3]]:
            regions.remove(reg)
            box = [min(box[0], reg[0]), min(box[1], reg[1]), max(box[2], reg[2]),
                   max(box[3], reg[3])]
        regions.append(box)
    out = []
    for box in regions:
        inside = [r for r in raw if _centre_in(r, box)]
        ids = {id(r) for r in inside}
        x0 = min(r.box[0] for r in inside) - grow
        x1 = max(r.box[2] for r in inside) + grow
        y0 = min(r.box[1] for r in inside) - 0.3 * med
        y1 = max(r.box[3] for r in inside) + 0.3 * med
        for r in raw:
            if id(r) in ids or r.box[1] >= y1 or r.box[3] <= y0:
                continue
            if r.box[2] <= (x0 + x1) / 2:
                x0 = max(x0, r.box[2] + 1)
            else:
                x1 = min(x1, r.box[0] - 1)
        out.append([x0, y0, x1, y1])
    return out


def _reread_poor_phrases(
    image: np.ndarray, raw: list[_Raw], languages: str, timeout: float, cfg: dict,
    options: str = "",
) -> list[_Raw]:
    """Read the phrases around poorly read Latin words again, alone on a white page, psm 6.

    The page-level reading sometimes takes two close lines in bold for one ("The Buyer:"
    over "Gulf Auto Traders FZE" read as 'ihe ulf Auto naka Traders aie', confidences
    0.0-0.23). Alone, the same phrase reads as its two lines. A region's words are replaced
    only when the new reading is clearly more confident over the same region.
    """
    regions = _poor_regions(raw, cfg)
    if not regions:
        return raw
    data = run_tesseract(_alone(image, regions), languages, timeout, psm=6, options=options)
    fresh = merge_cjk(_raw_words(data, cfg["min_word_conf"]), cfg["cjk_merge_gap"])
    next_line = max((r.line for r in raw), default=-1) + 1

    def mean(words: list[_Raw]) -> float:
        n = sum(len(w.text) for w in words)
        return sum(w.conf * len(w.text) for w in words) / n if n else 0.0

    out = list(raw)
    for box in regions:
        old = [r for r in out if _centre_in(r, box)]
        new = [w for w in fresh if _centre_in(w, box)]
        if not new or mean(new) < mean(old) + cfg["poor_reread_min_gain"]:
            continue
        if sum(len(w.text) for w in new) < 0.6 * sum(len(w.text) for w in old):
            continue  # a confident fragment is not a better reading of the whole
        if any(
            r.conf >= cfg["poor_reread_keep_conf"]
            and not any(r.text in w.text and _overlap(r.box, w.box) for w in new)
            for r in old
        ):
            continue  # it lost or changed a word the first reading was sure of
        block = old[0].block if old else 0
        lines = {w.line: next_line + k for k, w in enumerate(new)}
        next_line += len(lines)
        out = [r for r in out if not any(r is o for o in old)]
        out += [_Raw(w.text, w.box, w.conf, block, lines[w.line]) for w in new]
    return out


# A Chinese date as printed ("2025年8月8日"), and the hints of one read badly: a date glyph
# beside a digit, or the Latin model's reading of 年 after a year ("20254F8").
_HAN_DATE = re.compile(r"(19|20)\d{2}年\d{1,2}月\d{1,2}日")
_DATE_HINT = re.compile(r"\d\s*[年月日]|[年月日]\s*\d|(19|20)\d{2}4F")


def _date_regions(raw: list[_Raw]) -> list[tuple[list[float], list[_Raw]]]:
    """Boxes of the runs of words on a line that hint at a Chinese date not read whole.

    Runs are found by position: the Chinese re-read gives the words it replaced line ids of
    their own."""
    runs: list[list[_Raw]] = []
    for r in sorted(raw, key=lambda r: r.box[0]):
        h = r.box[3] - r.box[1]
        for run in runs:
            last = run[-1]
            lh = last.box[3] - last.box[1]
            v = min(r.box[3], last.box[3]) - max(r.box[1], last.box[1])
            if v >= 0.5 * min(h, lh) and -0.2 * h <= r.box[0] - last.box[2] < 1.5 * max(h, lh):
                run.append(r)
                break
        else:
            runs.append([r])
    out = []
    for run in runs:
        text = "".join(r.text for r in run)
        if not _DATE_HINT.search(text) or _HAN_DATE.search(text):
            continue
        h = max(r.box[3] - r.box[1] for r in run)
        box = [run[0].box[0] - 3 * h, min(r.box[1] for r in run) - 0.3 * h,
               run[-1].box[2] + 1.5 * h, max(r.box[3] for r in run) + 0.3 * h]
        for r in raw:
            if any(r is x for x in run) or r.box[1] >= box[3] or r.box[3] <= box[1]:
                continue
            if r.box[2] <= run[0].box[0]:
                box[0] = max(box[0], r.box[2] + 1)
            elif r.box[0] >= run[-1].box[2]:
                box[2] = min(box[2], r.box[0] - 1)
        out.append((box, run))
    return out


def _reread_dates(
    image: np.ndarray, raw: list[_Raw], timeout: float, cfg: dict, options: str = "",
) -> list[_Raw]:
    """Read Chinese dates that came out broken again, alone on a white page, Chinese only.

    In bold print the page-level reading gives '2025年8月8日' as '20254F8A8H' and the
    Chinese re-read of whole lines as '20254F8 月绅'; the date cells alone, read by the
    Chinese model, say '2025年8月8日'. A run is replaced only by a reading that is a whole
    date where the first was not.
    """
    regions = _date_regions(raw)
    if not regions:
        return raw
    data = run_tesseract(_alone(image, [box for box, _run in regions]),
                         cfg["chinese_reread_languages"], timeout, psm=6, options=options)
    fresh = merge_cjk(_raw_words(data, cfg["min_word_conf"]), cfg["cjk_merge_gap"])
    drop: set[int] = set()
    add: list[_Raw] = []
    for box, run in regions:
        new = sorted((w for w in fresh if _centre_in(w, box)), key=lambda w: w.box[0])
        text = "".join(w.text for w in new)
        if not _HAN_DATE.fullmatch(text):
            continue
        drop.update(id(r) for r in raw if _centre_in(r, box))
        n = len(text)
        conf = sum(w.conf * len(w.text) for w in new) / n
        add.append(_Raw(text, (new[0].box[0], min(w.box[1] for w in new), new[-1].box[2],
                               max(w.box[3] for w in new)), conf, run[0].block, run[0].line))
    return [r for r in raw if id(r) not in drop] + add


def ocr_words(
    prepared: Prepared, languages: str, timeout: float
) -> tuple[list[Word], float | None]:
    """OCR a prepared page: words with boxes in original-page fractions, and mean confidence.

    Raises :class:`OcrTimeout` when Tesseract runs past ``timeout`` seconds.
    """
    cfg = section("ocr")
    options = tesseract_options(prepared.perspective)
    data = run_tesseract(prepared.image, languages, timeout, options=options)
    raw = merge_cjk(_raw_words(data, cfg["min_word_conf"]), cfg["cjk_merge_gap"])
    raw += _recover_missed(prepared.image, raw, languages, timeout, cfg, options)
    raw += _reread_uncovered(prepared.image, raw, languages, timeout, cfg, options)
    if "chi_sim" in languages.split("+"):
        raw = _reread_chinese(prepared.image, raw, timeout, cfg, options)
        raw = _reread_dates(prepared.image, raw, timeout, cfg, options)
    raw = _reread_poor_phrases(prepared.image, raw, languages, timeout, cfg, options)
    raw = _reread_numbers(prepared.image, raw, timeout, cfg, options)
    h_inv = np.linalg.inv(prepared.homography)
    ph, pw = prepared.image.shape[:2]
    straight = np.allclose(prepared.homography, np.eye(3))
    words = [
        Word(
            r.text, box_to_original(r.box, h_inv, prepared.orig_size), round(r.conf, 3),
            r.block, r.line,
            None if straight else (r.box[0] / pw, r.box[1] / ph, r.box[2] / pw, r.box[3] / ph),
        )
        for r in raw
    ]
    if not words:
        return [], None
    total = sum(len(w.text) for w in words)
    mean = sum(w.conf * len(w.text) for w in words) / total
    return words, mean


def blur_score(gray: np.ndarray) -> float:
    """Variance of the Laplacian: low on a blurred scan."""
    h, w = gray.shape
    s = min(1.0, 1600.0 / max(h, w))
    img = cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s < 1 else gray
    return float(cv2.Laplacian(img, cv2.CV_64F).var())
