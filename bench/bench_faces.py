"""Benchmark of the face engine and the 1:N index: prints ONE JSON line of figures.

* ``encode_s`` / ``detect_s`` / ``capture_s``: seconds per face encoding (landmarks + ResNet
  descriptor), per HOG detection, and per full capture (decode, detect, quality, encode) over
  the test photos (or a synthetic picture when ../shared/testdata is absent);
* ``search``: exact 1:N search over 100,000 and 1,000,000 synthetic unit templates (128 float32):
  one query's time (median), the time per query in a batch of 64, the index's bytes and the
  process's peak resident memory; a planted near-duplicate must come out first;
* ``pairs``: false match / false non-match counts on ../shared/testdata/faces/pairs.csv at the
  shipped threshold (39 pairs: far too few to estimate error rates);
* ``calibration``: the impostor set behind the shipped threshold, recomputed (see
  guomen.adapters.face.calibration).

Run: ``.venv/bin/python bench/bench_faces.py`` (about a minute; ~1.5 GB of memory at peak).
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import os
import platform
import resource
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from guomen.adapters.face import DlibFaceEngine, PillowFaceImages
from guomen.adapters.face.calibration import shipped_threshold
from guomen.biometrics.index import ExactTemplateIndex
from guomen.biometrics.model import Template
from guomen.biometrics.rules import LIVE_CAPTURE, calibrate_threshold
from guomen.biometrics.services import capture_face

FACES = Path(__file__).resolve().parents[1].parent / "shared" / "testdata" / "faces"
PHOTOS = FACES / "face_recognition"
SIZES = (100_000, 1_000_000)
DIM = 128
CHUNK = 100_000
GROUP_PHOTOS = ("two_people", "obama_and_biden", "kit_with_rose")


def _photos() -> list[Path]:
    if not PHOTOS.is_dir():
        return []
    found = [p for p in sorted(PHOTOS.rglob("*")) if p.suffix.lower() in {".jpg", ".jpeg", ".png"}]
    return [p for p in found if not p.stem.startswith(GROUP_PHOTOS)]


def time_engine(engine: DlibFaceEngine, images: PillowFaceImages) -> dict[str, Any]:
    photos = [p.read_bytes() for p in _photos()] or [_synthetic_photo()]
    detect, encode, capture = [], [], []
    for data in photos:
        image = images.decode(data)
        start = time.perf_counter()
        faces = engine.detect(image)
        detect.append(time.perf_counter() - start)
        for face in faces[:1]:
            start = time.perf_counter()
            engine.encode(image, face)
            encode.append(time.perf_counter() - start)
        start = time.perf_counter()
        capture_face(data, LIVE_CAPTURE, images, engine)
        capture.append(time.perf_counter() - start)
    return {
        "photos": len(photos),
        "encode_s": round(statistics.median(encode), 4) if encode else None,
        "detect_s": round(statistics.median(detect), 4),
        "capture_s": round(statistics.median(capture), 4),
    }


def _synthetic_photo() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((640, 480), 40).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def _unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    rows = rng.standard_normal((n, DIM), dtype=np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


def time_search(size: int, seed: int = 1) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    index = ExactTemplateIndex("bench@1", DIM, capacity=size)
    planted, target = size // 2, np.empty(DIM, dtype=np.float32)
    for start in range(0, size, CHUNK):
        rows = _unit_rows(rng, min(CHUNK, size - start))
        index.add_matrix([f"S{start + i:07d}" for i in range(len(rows))], rows)
        if start <= planted < start + len(rows):
            target = rows[planted - start] + 0.05 * _unit_rows(rng, 1)[0]
    probe = Template("bench@1", target.tolist())
    singles = []
    for _ in range(15):
        start = time.perf_counter()
        hits = index.search(probe, 10)
        singles.append(time.perf_counter() - start)
    batch = _unit_rows(rng, 64)
    start = time.perf_counter()
    index.search_many(batch, 10)
    per_query = (time.perf_counter() - start) / len(batch)
    return {
        "templates": size,
        "search_one_s": round(statistics.median(singles), 4),
        "search_batch_per_query_s": round(per_query, 4),
        "index_mb": round(index.nbytes / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "planted_found_first": hits[0].subject_id == f"S{planted:07d}",
    }


def _templates(
    engine: DlibFaceEngine, images: PillowFaceImages, paths: list[Path]
) -> dict[Path, Template]:
    out = {}
    for path in paths:
        capture = capture_face(path.read_bytes(), LIVE_CAPTURE, images, engine)
        if capture.template is not None:
            out[path] = capture.template
    return out


def pair_counts(engine: DlibFaceEngine, images: PillowFaceImages) -> dict[str, Any] | None:
    table = FACES / "pairs.csv"
    if not table.is_file():
        return None
    with table.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    paths = sorted({FACES / r[k] for r in rows for k in ("image_a", "image_b")})
    templates = _templates(engine, images, paths)
    threshold = shipped_threshold()
    fm = fnm = 0
    for r in rows:
        score = templates[FACES / r["image_a"]].similarity(templates[FACES / r["image_b"]])
        same = r["same_person"] == "True"
        fm += int(not same and score >= threshold.value)
        fnm += int(same and score < threshold.value)
    genuine = sum(r["same_person"] == "True" for r in rows)
    return {
        "pairs": len(rows),
        "genuine": genuine,
        "impostor": len(rows) - genuine,
        "threshold": threshold.value,
        "false_match": fm,
        "false_non_match": fnm,
    }


def _identity(path: Path) -> str | None:
    if path.parent.parent.name == "train":
        return path.parent.name
    stem = path.stem.lower()
    names = {"obama": "obama", "biden": "biden", "alex": "alex_lacamoire", "lin": "lin"}
    names |= {"johnsnow": "kit_harington", "john": "kit_harington", "rose": "rose_leslie"}
    return next((who for key, who in names.items() if stem.startswith(key)), None)


def calibration(engine: DlibFaceEngine, images: PillowFaceImages) -> dict[str, Any] | None:
    """Recompute the shipped threshold's impostor set: distinct photos (by content) of known
    people, every pair of different people except pairs whose both photos are in pairs.csv."""
    if not PHOTOS.is_dir():
        return None
    unique: dict[str, Path] = {}
    for path in _photos():
        if _identity(path):
            unique.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
    templates = _templates(engine, images, list(unique.values()))
    with (FACES / "pairs.csv").open(encoding="utf-8") as handle:
        listed = {FACES / r[k] for r in csv.DictReader(handle) for k in ("image_a", "image_b")}
    listed_digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in listed}
    digest = {p: d for d, p in unique.items()}
    impostors, genuine = [], []
    for a, b in itertools.combinations(templates, 2):
        held = digest[a] in listed_digests and digest[b] in listed_digests
        score = templates[a].similarity(templates[b])
        if _identity(a) == _identity(b):
            genuine.append(score)
        elif not held:
            impostors.append(score)
    fitted = calibrate_threshold(impostors, 0.001, engine.model.key)
    return {
        "photos": len(templates),
        "people": len({_identity(p) for p in templates}),
        "impostor_pairs": len(impostors),
        "max_impostor": round(max(impostors), 4),
        "min_genuine": round(min(genuine), 4),
        "threshold_at_0.1pct": round(fitted.value, 4),
        "fmr_upper_bound_95": round(fitted.fmr_upper_bound, 4),
    }


def main() -> None:
    engine, images = DlibFaceEngine(), PillowFaceImages()
    figures: dict[str, Any] = {
        "benchmark": "faces",
        "model": engine.model.key,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "engine": time_engine(engine, images),
        "pairs": pair_counts(engine, images),
        "calibration": calibration(engine, images),
    }
    figures["search"] = [time_search(size) for size in SIZES]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
