"""The shipped face threshold against the widest impostor set the test data allows: prints ONE
JSON line.

Identities: every distinct photo (by content) of the six named people under
``../shared/testdata/faces/face_recognition`` (group photos left out), *including* the photos of
``pairs.csv`` (the first calibration held them out), plus the portrait found on each document
scan under ``../shared/testdata/mrz/images`` (specimen and real documents). Impostor pairs:
every pair of two different named people, and every document portrait against every named
person's photo. Pairs of two document portraits are *not* counted: several specimen documents
show the same model (e.g. the ICAO "UTO" specimens), so their identities are not known.

Reported at the shipped threshold: false matches / impostor pairs (FMR) with the 95 % upper
bound, false non-matches / genuine pairs (FNMR), the highest impostor scores, and the threshold
a 0.1 % target would give on this set. Run: ``.venv/bin/python bench/bench_faces_impostors.py``
(about a minute: each photo is encoded once).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from pathlib import Path
from typing import Any

from guomen.adapters.face import DlibFaceEngine, PillowFaceImages
from guomen.adapters.face.calibration import shipped_threshold
from guomen.biometrics.model import Template
from guomen.biometrics.rules import LIVE_CAPTURE, calibrate_threshold
from guomen.biometrics.services import capture_face
from guomen.shared.errors import ValidationFailed

TESTDATA = Path(__file__).resolve().parents[1].parent / "shared" / "testdata"
PHOTOS = TESTDATA / "faces" / "face_recognition"
DOCUMENTS = TESTDATA / "mrz" / "images"
GROUP_PHOTOS = ("two_people", "obama_and_biden", "kit_with_rose")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"}


def identity(path: Path) -> str | None:
    if path.parent.parent.name == "train":
        return path.parent.name
    stem = path.stem.lower()
    names = {"obama": "obama", "biden": "biden", "alex": "alex_lacamoire", "lin": "lin"}
    names |= {"johnsnow": "kit_harington", "john": "kit_harington", "rose": "rose_leslie"}
    return next((who for key, who in names.items() if stem.startswith(key)), None)


def encode_all(
    engine: DlibFaceEngine, images: PillowFaceImages, paths: list[Path]
) -> dict[Path, Template]:
    seen: set[str] = set()
    out: dict[Path, Template] = {}
    for path in paths:
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        try:
            capture = capture_face(data, LIVE_CAPTURE, images, engine)
        except ValidationFailed:
            continue
        if capture.template is not None:
            out[path] = capture.template
    return out


def upper_bound_95(errors: int, trials: int) -> float:
    """One-sided 95 % Clopper-Pearson upper bound on a rate (bisection on the binomial CDF)."""
    if trials == 0:
        return 1.0
    if errors == 0:
        return 1 - 0.05 ** (1 / trials)

    def cdf(p: float) -> float:
        return math.fsum(
            math.comb(trials, k) * p**k * (1 - p) ** (trials - k) for k in range(errors + 1)
        )

    low, high = errors / trials, 1.0
    for _ in range(60):
        mid = (low + high) / 2
        low, high = (mid, high) if cdf(mid) > 0.05 else (low, mid)
    return high


def main() -> None:
    engine, images = DlibFaceEngine(), PillowFaceImages()
    people_paths = [
        p
        for p in sorted(PHOTOS.rglob("*"))
        if p.suffix.lower() in IMAGE_SUFFIXES
        and not p.stem.startswith(GROUP_PHOTOS)
        and identity(p)
    ]
    doc_paths = [p for p in sorted(DOCUMENTS.glob("*")) if p.suffix.lower() in IMAGE_SUFFIXES]
    people = encode_all(engine, images, people_paths)
    documents = encode_all(engine, images, doc_paths)
    genuine: list[float] = []
    impostor: list[tuple[float, str, str]] = []
    for a, b in itertools.combinations(people, 2):
        score = people[a].similarity(people[b])
        if identity(a) == identity(b):
            genuine.append(score)
        else:
            impostor.append((score, a.name, b.name))
    cross = 0
    for d, p in itertools.product(documents, people):
        impostor.append((documents[d].similarity(people[p]), d.name, p.name))
        cross += 1
    threshold = shipped_threshold()
    scores = [s for s, _, _ in impostor]
    false_match = sum(s >= threshold.value for s in scores)
    false_non_match = sum(s < threshold.value for s in genuine)
    fitted = calibrate_threshold(scores, 0.001, engine.model.key)
    top = sorted(impostor, reverse=True)[:5]
    figures: dict[str, Any] = {
        "benchmark": "faces_impostors",
        "model": engine.model.key,
        "people_photos": len(people),
        "people": len({identity(p) for p in people}),
        "document_portraits": len(documents),
        "documents_without_face": len(doc_paths) - len(documents),
        "threshold": threshold.value,
        "impostor_pairs": len(scores),
        "impostor_pairs_people": len(scores) - cross,
        "impostor_pairs_document_vs_people": cross,
        "false_match": false_match,
        "fmr": round(false_match / len(scores), 6),
        "fmr_upper_bound_95": round(upper_bound_95(false_match, len(scores)), 6),
        "max_impostor": round(max(scores), 4),
        "top_impostors": [[round(s, 4), a, b] for s, a, b in top],
        "genuine_pairs": len(genuine),
        "false_non_match": false_non_match,
        "fnmr": round(false_non_match / len(genuine), 4) if genuine else None,
        "fnmr_upper_bound_95": round(upper_bound_95(false_non_match, len(genuine)), 4),
        "min_genuine": round(min(genuine), 4) if genuine else None,
        "threshold_at_0.1pct_on_this_set": round(fitted.value, 4),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
