"""Keeps the running app's screening index in step with the database.

The snapshot is rebuilt when a list version is approved (the newest approval time changes) or
the day changes (entries expire by themselves). The first screening builds it synchronously;
later rebuilds run in a thread while requests keep using the previous snapshot, then swap it
in whole — no request ever sees half a list."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select

from guomen.adapters.db.tables import watchlist_versions
from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.screening.index import IndexHolder, build_from
from guomen.screening.queries import active_entries
from guomen.shared.clock import Clock

log = logging.getLogger("guomen.screening")


class LiveScreeningIndex:
    def __init__(self, uow_factory: Callable[[], SqlUnitOfWork], clock: Clock, tz: Any) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._tz = tz
        self._lock = threading.Lock()
        self._holder: IndexHolder | None = None
        self._marker: tuple[object, date] | None = None
        self._rebuilding = False

    def _today(self) -> date:
        return self._clock.now().astimezone(self._tz).date()

    def _current_marker(self) -> tuple[object, date]:
        with self._uow() as uow:
            newest = uow.conn.execute(
                select(func.max(watchlist_versions.c.decided_at)).where(
                    watchlist_versions.c.status == "approved"
                )
            ).scalar_one()
        return (newest, self._today())

    def _build(self, marker: tuple[object, date]) -> IndexHolder:
        with self._uow() as uow:
            index = build_from(active_entries(uow, self._clock, marker[1]))
        if self._holder is None:
            return IndexHolder(index)
        self._holder.swap(index)
        return self._holder

    def holder(self) -> IndexHolder:
        """The index in force; starts a background rebuild when the lists have changed."""
        marker = self._current_marker()
        with self._lock:
            if self._holder is None:
                self._holder, self._marker = self._build(marker), marker
                return self._holder
            if marker == self._marker or self._rebuilding:
                return self._holder
            self._rebuilding = True
        threading.Thread(target=self._rebuild, args=(marker,), daemon=True).start()
        return self._holder

    def _rebuild(self, marker: tuple[object, date]) -> None:
        try:
            self._build(marker)
            with self._lock:
                self._marker = marker
        except Exception:  # the previous snapshot stays in force; the next request retries
            log.exception("rebuilding the screening index failed")
        finally:
            with self._lock:
                self._rebuilding = False

    def rebuild_now(self) -> IndexHolder:
        """Rebuild synchronously (after an approval in this process, and in tests)."""
        marker = self._current_marker()
        with self._lock:
            self._holder, self._marker = self._build(marker), marker
            return self._holder
