"""Synthetic face templates for the demo, with one planted duplicate identity.

The demo has no face photos (test photos are for tests only and may be absent on a user's
machine), so a subset of demo people (at most :data:`DEMO_FACE_LIMIT`) get a random unit vector
in the engine's 128-dimensional space as their enrolled template (source ``synthetic_demo``).
Random directions in 128 dimensions are nearly orthogonal (cosine about 0 ± 0.09), far below
the match threshold. One pair of *different* demo identities (different names, birth dates and
documents) is given the same face: the second template is the first plus a little noise
(cosine about 0.97, well above the threshold). ``guomen face duplicates`` must find exactly
that pair — the classic "one face behind two passports" fraud. The loader's audit entry
(``demo.load_faces``) names the planted pair, so a demonstration can point at it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.adapters.face.calibration import SHIPPED_MODEL
from guomen.audit.model import AuditEvent
from guomen.biometrics.enrolment import DEFAULT_TEMPLATE_RETENTION
from guomen.biometrics.model import EnrolledTemplate, Template, TemplateSource
from guomen.shared.clock import Clock
from guomen.shared.ids import new_id

DEMO_FACE_LIMIT = 2000
NOISE = 0.02  # per component: cosine with the original about 1 / sqrt(1 + 128 * 0.02²) ≈ 0.975
ENROLLED_BY = "demo:loader"


@dataclass(frozen=True, slots=True)
class DemoFacePlan:
    person_ids: tuple[str, ...]  # who gets a synthetic template
    planted: tuple[str, str] | None  # the two identities sharing one face


def plan_demo_faces(uow: SqlUnitOfWork, seed: int, limit: int = DEMO_FACE_LIMIT) -> DemoFacePlan:
    """Which people get a template and which two share one; the same people and seed give the
    same plan."""
    ids = sorted(r[0] for r in uow.conn.exec_driver_sql("SELECT id FROM persons").all())
    rng = random.Random(f"demo-faces-{seed}")
    chosen = sorted(rng.sample(ids, min(limit, len(ids))))
    if len(chosen) < 2:
        return DemoFacePlan(tuple(chosen), None)
    order = chosen[:]
    rng.shuffle(order)
    first = uow.people.get(order[0])
    for other_id in order[1:]:
        other = uow.people.get(other_id)
        if (
            first is not None
            and other is not None
            and other.birth_date != first.birth_date
            and other.full_name != first.full_name
        ):
            return DemoFacePlan(tuple(chosen), (first.id, other.id))
    return DemoFacePlan(tuple(chosen), None)


def demo_templates(plan: DemoFacePlan, seed: int) -> dict[str, Template]:
    """One random unit vector per planned person; the planted pair share one face."""
    rng = np.random.default_rng(seed)
    dim = SHIPPED_MODEL.dimension
    vectors = rng.standard_normal((len(plan.person_ids), dim)).astype(np.float32)
    row = {pid: i for i, pid in enumerate(plan.person_ids)}
    if plan.planted is not None:
        a, b = row[plan.planted[0]], row[plan.planted[1]]
        base = vectors[a] / np.linalg.norm(vectors[a])
        vectors[b] = base + NOISE * rng.standard_normal(dim).astype(np.float32)
    return {pid: Template(SHIPPED_MODEL.key, vectors[i].tolist()) for pid, i in row.items()}


def enrol_demo_faces(
    uow_factory: Callable[[], SqlUnitOfWork],
    clock: Clock,
    seed: int,
    limit: int = DEMO_FACE_LIMIT,
) -> DemoFacePlan | None:
    """Enrol the synthetic templates; does nothing (None) when templates exist already."""
    with uow_factory() as uow:
        if uow.face_templates.count():
            return None
        plan = plan_demo_faces(uow, seed, limit)
        now = clock.now()
        templates = demo_templates(plan, seed)
        uow.face_templates.add_many(
            [_enrolled(pid, template, now) for pid, template in templates.items()]
        )
        uow.audit.append(
            AuditEvent(
                "cli:operator",
                "operator",
                "demo.load_faces",
                detail={
                    "templates": str(len(templates)),
                    "source": "synthetic_demo",
                    "planted_duplicate": ",".join(plan.planted or ()),
                },
            ),
            now,
        )
        uow.commit()
    return plan


def _enrolled(person_id: str, template: Template, now: datetime) -> EnrolledTemplate:
    return EnrolledTemplate(
        id=new_id(),
        person_id=person_id,
        template=template,
        quality_codes=("synthetic",),
        source=TemplateSource.SYNTHETIC_DEMO,
        enrolled_at=now,
        enrolled_by=ENROLLED_BY,
        retain_until=now + DEFAULT_TEMPLATE_RETENTION,
    )


def planted_duplicate(uow: SqlUnitOfWork) -> tuple[str, str] | None:
    """The pair the demo loader planted, as its audit entry recorded it."""
    for entry in uow.audit.iterate():
        if entry.event.action == "demo.load_faces":
            ids = entry.event.detail.get("planted_duplicate", "").split(",")
            return (ids[0], ids[1]) if len(ids) == 2 else None
    return None
