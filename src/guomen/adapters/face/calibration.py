"""The shipped decision threshold for the dlib model, and how it was derived.

Derivation (re-run with ``bench/bench_faces.py --calibrate``): every photo under
``../shared/testdata/faces/face_recognition`` with one detected face was encoded (22 distinct
photos of 6 people, duplicates by content removed; group photos left out). Impostor pairs are
pairs of different people, leaving out pairs whose two photos both appear in ``pairs.csv`` so
that the conformance test stays held out: 129 pairs. Their highest cosine similarity was
0.8948; at a 0.1 % target no impostor may reach the threshold, so it sits just above that,
rounded up to 0.90. Genuine pairs scored 0.936 and above.

This sample is far too small to *show* a 0.1 % false-match rate: with 129 impostor pairs and
none matching, the 95 % upper bound on the rate is 3/129 ≈ 2.3 %. Recalibrate with
:func:`guomen.biometrics.rules.calibrate_threshold` on at least 3/FMR impostor pairs (3,000 for
0.1 %; pairs of distinct enrolled identities serve) before relying on the figure.

Widened check (``bench/bench_faces_impostors.py``, 2026-11-22): the same 22 photos *with* the
``pairs.csv`` ones plus 26 document portraits from ``../shared/testdata/mrz/images`` (each
against the 22 photos) give 740 impostor pairs: none reached 0.90 (highest 0.8948; 95 % upper
bound on the FMR 0.40 %); 63 genuine pairs, none below 0.90 (lowest 0.9364). The threshold
stays 0.90.
"""

from __future__ import annotations

from guomen.adapters.face.engine import MODEL_NAME
from guomen.biometrics.model import ModelInfo
from guomen.biometrics.rules import Threshold, calibrate_threshold
from guomen.shared.errors import ValidationFailed

SHIPPED_MODEL = ModelInfo(MODEL_NAME, "sha256:55533b28a958", 128)
SHIPPED_VALUE = 0.90
SHIPPED_IMPOSTOR_PAIRS = 129
SHIPPED_MAX_IMPOSTOR = 0.8948
DEFAULT_TARGET_FMR = 0.001
_DERIVATION = (
    "max cosine similarity of 129 impostor pairs (22 test photos, 6 people; pairs.csv held out) "
    "was 0.8948; threshold set just above it, rounded up to 0.90. Small sample: the 95% upper "
    "bound on FMR is 2.3%; recalibrate on >= 3/FMR impostor pairs"
)


def shipped_threshold(target_fmr: float = DEFAULT_TARGET_FMR) -> Threshold:
    """The shipped threshold reported against ``target_fmr``. Below 1/129 every target gives the
    same value (no impostor of the sample may reach it); above, the value is conservative
    (stricter than needed): calibrate on a bigger impostor set to relax it."""
    if not 0.0 < target_fmr < 1.0:
        raise ValidationFailed("the target false-match rate must be between 0 and 1")
    return Threshold(
        SHIPPED_VALUE, target_fmr, SHIPPED_MODEL.key, SHIPPED_IMPOSTOR_PAIRS, _DERIVATION
    )


def threshold_from_scores(impostor_scores: list[float], target_fmr: float) -> Threshold:
    """A site calibration for the shipped model (e.g. from distinct enrolled identities)."""
    return calibrate_threshold(
        impostor_scores, target_fmr, SHIPPED_MODEL.key, source="site impostor pairs"
    )


def shipped_search_threshold(target_fmr: float = DEFAULT_TARGET_FMR) -> Threshold:
    """The 1:N threshold for duplicate-identity search. A gallery of N gives a probe N chances
    to match, so 1:N wants a stricter value than 1:1; the shipped sample (129 impostor pairs)
    cannot calibrate one, so the 1:1 value is used, which already sits above every impostor of
    the sample. Recalibrate on enrolled identities (``bench/bench_faces.py --calibrate``)."""
    base = shipped_threshold(target_fmr)
    return Threshold(
        base.value,
        target_fmr,
        base.model_key,
        base.impostor_pairs,
        "1:N: same as the 1:1 threshold (no 1:N calibration data yet); " + base.derivation,
    )
