"""Screen one person against every watchlist in force (back office; the clearance pipeline
calls the same service in-process)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.screening.screen import BatchRow, parse_query, screen_person
from guomen.web.auth import authenticate, container_of

router = APIRouter(prefix="/api/v1/screening", tags=["screening"])
Caller = Annotated[Principal, Depends(authenticate)]


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=500)
    birth_date: str = Field(default="", max_length=10, examples=["1970", "1970-05-03"])
    nationality: str = Field(default="", max_length=3)
    document_number: str = Field(default="", max_length=30)
    sex: str = Field(default="", max_length=1)
    limit: int = Field(default=10, ge=1, le=50)


@router.post("/screen")
async def screen(
    request: Request,
    body: ScreenRequest,
    principal: Caller,
    purpose: Annotated[str, Header(alias="X-Purpose", max_length=500)] = "",
) -> dict[str, Any]:
    """Hits with list type, score, decision, explanation and algorithm version, best first."""
    authorize(principal, Action.READ_WATCHLIST, purpose=purpose)
    query = parse_query(
        BatchRow(
            0, "api", body.name, body.birth_date, body.nationality, body.document_number, body.sex
        )
    )
    c = container_of(request)

    def work() -> dict[str, Any]:
        holder = c.screening()
        with c.uow() as uow:
            outcome = screen_person(
                holder, c.clock, uow.audit, principal, query, purpose=purpose, limit=body.limit
            )
            uow.commit()
        return {
            "decision": outcome.decision.value,
            "algorithm": outcome.algorithm,
            "algorithm_version": outcome.algorithm_version,
            "candidates": outcome.candidates,
            "index_entries": outcome.index_entries,
            "hits": [
                {
                    "list_id": h.list_id,
                    "entry_id": h.entry_id,
                    "list_type": h.list_type,
                    "entry_name": h.entry_name,
                    "score": round(h.score, 4),
                    "decision": h.decision.value,
                    "explanation": h.explanation,
                }
                for h in outcome.hits
            ],
        }

    return await run_in_threadpool(work)
