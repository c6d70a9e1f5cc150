"""Protection of biometric data: sealed templates and image retention.

A template is stored only sealed by the platform's field cipher (AES-256-GCM, key ring from
settings). The field name given to the cipher names the subject, so a sealed template copied
onto another person's record fails to open instead of quietly matching the wrong person.
Raw images may be kept only for a configured time; :class:`ImageRetention` says when one must go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from guomen.biometrics.model import Template
from guomen.biometrics.ports import TemplateCipher
from guomen.shared.errors import ValidationFailed

TEMPLATE_FIELD = "biometrics.face_template"
IMAGE_FIELD = "biometrics.face_image"


def template_field(subject_id: str) -> str:
    if not subject_id or "\x1f" in subject_id:
        raise ValidationFailed("a sealed template needs the id of the subject it belongs to")
    return f"{TEMPLATE_FIELD}\x1f{subject_id}"


def seal_template(cipher: TemplateCipher, subject_id: str, template: Template) -> str:
    """The template as sealed text, bound to ``subject_id``."""
    sealed = cipher.seal_bytes(template_field(subject_id), template.to_bytes())
    if sealed is None:
        raise ValueError("the cipher returned nothing for a template")
    return sealed


def open_template(cipher: TemplateCipher, subject_id: str, sealed: str) -> Template:
    """Open a template sealed for ``subject_id``; the cipher's error if it was altered or moved."""
    raw = cipher.open_bytes(template_field(subject_id), sealed)
    if raw is None:
        raise ValueError("the cipher returned nothing for a sealed template")
    return Template.from_bytes(raw)


def seal_image(cipher: TemplateCipher, subject_id: str, image: bytes) -> str:
    """A raw capture, sealed for the time the retention policy allows keeping it."""
    sealed = cipher.seal_bytes(f"{IMAGE_FIELD}\x1f{subject_id}", image)
    if sealed is None:
        raise ValueError("the cipher returned nothing for an image")
    return sealed


def open_image(cipher: TemplateCipher, subject_id: str, sealed: str) -> bytes:
    raw = cipher.open_bytes(f"{IMAGE_FIELD}\x1f{subject_id}", sealed)
    if raw is None:
        raise ValueError("the cipher returned nothing for a sealed image")
    return raw


@dataclass(frozen=True, slots=True)
class ImageRetention:
    """How long raw face images may be kept after capture. Zero: discard once the template and
    the decision are made (the default at gates)."""

    keep_for: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.keep_for < timedelta(0):
            raise ValidationFailed("the image retention period cannot be negative")

    def may_store(self) -> bool:
        return self.keep_for > timedelta(0)

    def expired(self, captured_at: datetime, now: datetime) -> bool:
        return now >= captured_at + self.keep_for

    def purge_before(self, now: datetime) -> datetime:
        """Images captured before this instant must be deleted now."""
        return now - self.keep_for


_SUBJECT_SEPARATOR = b"\x1f"


def bind_to_subject(subject_id: str, template: Template) -> bytes:
    """Plaintext for a sealed column whose cipher field is fixed (``table.column``, as key
    rotation needs): the subject's id travels inside the sealed value, so a value copied onto
    another person's row fails :func:`unbind_from_subject` instead of matching them."""
    template_field(subject_id)  # same rules for the id
    return subject_id.encode() + _SUBJECT_SEPARATOR + template.to_bytes()


def unbind_from_subject(subject_id: str, raw: bytes) -> Template:
    owner, sep, body = raw.partition(_SUBJECT_SEPARATOR)
    if not sep or owner != subject_id.encode():
        raise ValidationFailed(
            "a sealed face template belongs to another person", code="template_subject_mismatch"
        )
    return Template.from_bytes(body)
