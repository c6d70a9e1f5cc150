"""Finding the machine-readable zone in a grey image with morphology (OpenCV).

An MRZ is two or three long, parallel lines of evenly spaced dark characters, as wide as the
document. The search:

1. scales the image to a fixed working width;
2. a black-hat transform keeps dark strokes smaller than a character cell and drops the
   background, Otsu's threshold makes it binary;
3. a wide horizontal closing joins the characters of each text line into one blob;
4. blobs that are long (>= 30 % of the width), thin and nearly horizontal are text lines;
5. 2 or 3 neighbouring lines of similar length and angle form a band; bands are ranked by line
   count, width and closeness to the bottom (where MRZs sit).

Each band comes back as a rotated rectangle in the input's coordinates, padded by a line height,
with its angle so that :func:`crop_band` can deskew it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from cv2.typing import MatLike
from numpy.typing import NDArray

GrayImage = NDArray[np.uint8]

WORK_WIDTH = 1000
MIN_LINE_SHARE = 0.3  # a text line spans at least this share of the image width
MIN_ASPECT = 8.0
MAX_ANGLE = 30.0


@dataclass(frozen=True, slots=True)
class TextLine:
    cx: float
    cy: float
    width: float
    height: float
    angle: float


@dataclass(frozen=True, slots=True)
class Band:
    """A rotated rectangle around 2-3 MRZ-like lines, in input pixels."""

    cx: float
    cy: float
    width: float
    height: float
    angle: float
    lines: int
    line_height: float


def find_bands(gray: GrayImage, limit: int = 3) -> list[Band]:
    """Up to ``limit`` candidate MRZ bands, most likely first."""
    height, width = gray.shape
    if width < 16 or height < 16:
        return []
    scale = WORK_WIDTH / width
    work_height = max(16, round(height * scale))
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    small = cv2.resize(gray, (WORK_WIDTH, work_height), interpolation=interpolation)
    lines = _text_lines(np.asarray(small, dtype=np.uint8))
    groups = _groups(lines)
    groups.sort(key=lambda group: _rank(group, work_height), reverse=True)
    return [_band(group, scale) for group in groups[:limit]]


def _text_lines(small: GrayImage) -> list[TextLine]:
    height, width = small.shape
    cell = cv2.getStructuringElement(cv2.MORPH_RECT, (max(9, width // 50), max(5, height // 40)))
    blackhat = cv2.morphologyEx(small, cv2.MORPH_BLACKHAT, cell)
    _, mask = cv2.threshold(blackhat, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    join = cv2.getStructuringElement(cv2.MORPH_RECT, (max(7, width // 35), 1))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, join)
    speck = cv2.getStructuringElement(cv2.MORPH_RECT, (max(5, width // 100), 2))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, speck)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    lines = [line for line in map(_as_line, contours) if _is_text_line(line, width)]
    return sorted(lines, key=lambda line: line.cy)


def _as_line(contour: MatLike) -> TextLine:
    (cx, cy), (width, height), angle = cv2.minAreaRect(contour)
    if width < height:
        width, height, angle = height, width, angle - 90
    angle = (angle + 90) % 180 - 90
    return TextLine(float(cx), float(cy), float(width), float(height), float(angle))


def _is_text_line(line: TextLine, image_width: int) -> bool:
    return (
        line.width >= MIN_LINE_SHARE * image_width
        and line.height >= 4
        and line.width / line.height >= MIN_ASPECT
        and abs(line.angle) <= MAX_ANGLE
    )


def _groups(lines: list[TextLine]) -> list[list[TextLine]]:
    """Runs of up to 3 lines, each close below the previous, of similar length and angle."""
    groups: list[list[TextLine]] = []
    for first, line in enumerate(lines):
        group = [line]
        for other in lines[first + 1 :]:
            last = group[-1]
            if other.cy - last.cy > 3.0 * max(last.height, other.height):
                break
            similar = abs(other.width - last.width) <= 0.3 * max(other.width, last.width)
            if similar and abs(other.angle - last.angle) <= 5:
                group.append(other)
                if len(group) == 3:
                    break
        groups.append(group)
    return groups


def _rank(group: list[TextLine], work_height: int) -> tuple[bool, float]:
    """Groups of 2-3 lines first; then wide and low bands, a 3-line band slightly ahead of
    the 2-line band at its foot (it holds both, and a TD1 MRZ has three lines)."""
    mean_width = sum(line.width for line in group) / len(group)
    lowness = 0.5 + group[-1].cy / work_height
    lines = 1.1 if len(group) == 3 else 1.0
    return len(group) >= 2, mean_width * lowness * lines


def _band(group: list[TextLine], scale: float) -> Band:
    corners = np.concatenate(
        [cv2.boxPoints(((ln.cx, ln.cy), (ln.width, ln.height), ln.angle)) for ln in group]
    )
    line = _as_line(corners.astype(np.float32).reshape(-1, 1, 2))
    line_height = float(np.median([ln.height for ln in group]))
    return Band(
        cx=line.cx / scale,
        cy=line.cy / scale,
        width=(line.width + 2.0 * line_height) / scale,
        height=(line.height + 1.6 * line_height) / scale,
        angle=line.angle,
        lines=len(group),
        line_height=line_height / scale,
    )


def crop_band(gray: GrayImage, band: Band) -> GrayImage:
    """The band cut out of the image and turned level (replicated border outside the image)."""
    centre = (band.cx, band.cy)
    matrix = cv2.getRotationMatrix2D(centre, band.angle, 1.0)
    matrix[0, 2] += band.width / 2 - band.cx
    matrix[1, 2] += band.height / 2 - band.cy
    size = (max(1, round(band.width)), max(1, round(band.height)))
    crop = cv2.warpAffine(
        gray, matrix, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(crop, dtype=np.uint8)
