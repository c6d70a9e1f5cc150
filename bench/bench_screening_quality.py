"""Screening quality on the yente benchmark: prints ONE JSON line of figures.

Watchlist: the clean (``untreated``) UN persons plus the OFAC SDN individuals (``sdn.csv`` with
the aliases of ``alt.csv``; birth dates, gender and nationality read from the remarks). The SDN
entities, vessels and aircraft are left out as the screening index leaves them out (travellers
are screened against persons only; ``--all-subjects`` keeps them, for comparison with older
figures). Queries: the
noisy (``treated``) UN persons, whose true match is the clean row of the same number, and the
1,000 multi-script negatives, which match nobody.

Counting, per query: a positive is a true positive when its own entry is decided ``match``; a
negative is a false positive when any entry is. Precision = TP / (TP + FP), recall = TP / 683,
FPR = FP / 1000. Three matchers see the same pairs:

* ``guomen``: ``GuomenLogicV1`` at the ``deny_entry`` thresholds, candidates from its own
  blocking keys (the blocking recall is reported);
* ``rapidfuzz_token_sort``: ``fuzz.token_sort_ratio`` over every entry name (brute force), its
  threshold set to the lowest value with FPR ≤ 1 %;
* ``nomenklatura``: OpenSanctions' ``LogicV2`` on FollowTheMoney entities over the guomen
  candidates, threshold 0.7 (its default cut-off) and at FPR ≤ 1 %; reported as unavailable
  when it cannot be imported (set ``GUOMEN_BENCH_EXTRA_PATH`` to a folder it was installed into
  with ``pip install --target``).

For an equal-FPR comparison every matcher is also scored at its own threshold with FPR ≤ 1 %:
the lowest such threshold (``at_equal_fpr``: the most recall it can have at that FPR) and the
one with the best F1 (``at_best_f1_within_fpr``: the operating point one would choose).
Run: ``.venv/bin/python bench/bench_screening_quality.py`` (about a minute without nomenklatura).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from guomen.people.model import Sex
from guomen.screening.matching import (
    BirthDate,
    BirthDateSpec,
    Decision,
    Entry,
    ListType,
    PreparedEntry,
    Query,
    candidate_keys,
    compare,
    parse_birth_date,
    prepare_entry,
    prepare_query,
    query_keys,
)
from guomen.shared.errors import ValidationFailed

REPO_ROOT = Path(__file__).resolve().parents[1]
TESTDATA = REPO_ROOT.parent / "shared" / "testdata" / "namematch"
YENTE = TESTDATA / "yente_benchmark"
OFAC = TESTDATA / "watchlists" / "ofac_un"
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
COUNTRY_ALIASES = {
    "korea, north": "PRK",
    "north korea": "PRK",
    "korea, south": "KOR",
    "south korea": "KOR",
    "russia": "RUS",
    "iran": "IRN",
    "syria": "SYR",
    "laos": "LAO",
    "vietnam": "VNM",
    "taiwan": "TWN",
    "burma": "MMR",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "moldova": "MDA",
    "democratic republic of the congo": "COD",
    "congo, democratic republic of the": "COD",
    "palestinian": "PSE",
    "west bank": "PSE",
    "turkey": "TUR",
}
MAX_FPR = 0.01


@dataclass(frozen=True)
class LabelledQuery:
    query: Query
    expected: str | None  # the entry id of the true match; None for a negative


@lru_cache(maxsize=2048)
def alpha3(country: str) -> str | None:
    """ISO alpha-3 for an alpha-2 code or an English country name (None if unknown)."""
    import pycountry  # the loader's concern only: the engine takes alpha-3 codes

    text = country.strip().rstrip(".")
    if not text:
        return None
    if text.lower() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[text.lower()]
    try:
        found: Any = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return str(found.alpha_3)


def lenient_date(text: str) -> BirthDateSpec | None:
    """Benchmark dates may be malformed (``1974-01-32``): keep what is valid."""
    text = text.strip()
    while text:
        try:
            return parse_birth_date(text)
        except ValidationFailed:
            text = text.rsplit("-", 1)[0] if "-" in text else ""
    return None


def load_un(name: str) -> list[dict[str, str]]:
    with (YENTE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def un_entries() -> list[Entry]:
    entries = []
    for row_number, row in enumerate(load_un("positives_un_untreated.csv"), 1):
        date = lenient_date(row["date_of_birth"])
        nationality = alpha3(row["nationality"]) if row["nationality"] else None
        entries.append(
            Entry(
                entry_id=f"UN-{row_number}",
                list_type=ListType.DENY_ENTRY,
                names=(row["full_name"],),
                birth_dates=(date,) if date else (),
                nationalities=(nationality,) if nationality else (),
            )
        )
    return entries


def _sdn_dates(remarks: str) -> tuple[BirthDateSpec, ...]:
    found: list[BirthDateSpec] = []
    for text in re.findall(r"DOB ([^;]*)", remarks):
        text = text.strip().rstrip(".").replace("circa ", "")
        parts = [_sdn_date(p) for p in text.split(" to ")]
        if len(parts) == 2 and parts[0] and parts[1]:
            found.append(parse_birth_date(f"{parts[0]}..{parts[1]}"))
        elif parts and parts[0]:
            found.append(parse_birth_date(parts[0]))
    return tuple(found)


def _sdn_date(text: str) -> str | None:
    match = re.fullmatch(r"(?:(\d{1,2}) )?(?:([A-Za-z]{3}) )?(\d{4})", text.strip())
    if not match:
        return None
    day, month, year = match.groups()
    if month and month.lower() in MONTHS:
        number = MONTHS[month.lower()]
        return f"{year}-{number:02d}-{int(day):02d}" if day else f"{year}-{number:02d}"
    return year


def sdn_entries(all_subjects: bool = False) -> list[Entry]:
    """The SDN individuals (``all_subjects``: also entities, vessels and aircraft, which the
    screening index leaves out: travellers are screened against persons only)."""
    aliases: dict[str, list[str]] = defaultdict(list)
    with (OFAC / "alt.csv").open(encoding="utf-8", errors="replace") as handle:
        for row in csv.reader(handle):
            if len(row) > 3 and row[3].strip() not in ("", "-0-"):
                aliases[row[0].strip()].append(row[3].strip())
    entries = []
    with (OFAC / "sdn.csv").open(encoding="utf-8", errors="replace") as handle:
        for row in csv.reader(handle):
            if len(row) < 12:
                continue
            if not all_subjects and row[2].strip() != "individual":
                continue
            remarks = row[11]
            gender = re.search(r"Gender (Male|Female)", remarks)
            nationalities = {alpha3(n) for n in re.findall(r"nationality ([^;]*)", remarks)}
            names = (row[1].strip(), *aliases[row[0].strip()])[:200]
            entries.append(
                Entry(
                    entry_id=f"SDN-{row[0].strip()}",
                    list_type=ListType.DENY_ENTRY,
                    names=tuple(n for n in names if n),
                    birth_dates=_sdn_dates(remarks),
                    sex=(Sex.MALE if gender.group(1) == "Male" else Sex.FEMALE) if gender else None,
                    nationalities=tuple(sorted(n for n in nationalities if n)),
                )
            )
    return entries


def _query(row: dict[str, str], country: str | None) -> Query:
    date = lenient_date(row["date_of_birth"])
    gender = row.get("gender", "")
    sex = {"male": Sex.MALE, "female": Sex.FEMALE}.get(gender)
    return Query(
        names=(row["full_name"],),
        birth_date=date if isinstance(date, BirthDate) else None,
        nationality=country,
        sex=sex,
    )


def labelled_queries() -> list[LabelledQuery]:
    queries = [
        LabelledQuery(_query(row, alpha3(row["nationality"])), f"UN-{number}")
        for number, row in enumerate(load_un("positives_un_treated.csv"), 1)
    ]
    with (YENTE / "negatives_global_1000.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            queries.append(LabelledQuery(_query(row, alpha3(row["nationality"])), None))
    return queries


def watchlist(all_subjects: bool = False) -> list[Entry]:
    return un_entries() + sdn_entries(all_subjects)


@dataclass
class Outcome:
    """Per query: the true entry's score and decision, and the best score on any other entry."""

    true_score: float = 0.0
    true_decision: Decision = Decision.NONE
    other_score: float = 0.0
    other_decision: Decision = Decision.NONE
    candidates: int = 0


_RANK = {Decision.NONE: 0, Decision.POSSIBLE: 1, Decision.MATCH: 2}


class GuomenScreen:
    """Our engine with a plain in-memory inverted index over its blocking keys."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.prepared: list[PreparedEntry] = [prepare_entry(e) for e in entries]
        self.index: dict[str, list[int]] = defaultdict(list)
        for position, entry in enumerate(self.prepared):
            for key in candidate_keys(entry):
                self.index[key].append(position)

    def candidates(self, query: Query) -> list[PreparedEntry]:
        found: set[int] = set()
        for key in query_keys(prepare_query(query)):
            found.update(self.index.get(key, ()))
        return [self.prepared[i] for i in sorted(found)]

    def screen(self, labelled: LabelledQuery) -> Outcome:
        prepared = prepare_query(labelled.query)
        outcome = Outcome()
        candidates = self.candidates(labelled.query)
        outcome.candidates = len(candidates)
        for entry in candidates:
            result = compare(prepared, entry)
            if entry.entry.entry_id == labelled.expected:
                outcome.true_score, outcome.true_decision = result.score, result.decision
            elif result.score > outcome.other_score:
                outcome.other_score, outcome.other_decision = result.score, result.decision
        return outcome


def metrics(
    outcomes: list[tuple[LabelledQuery, Outcome]], hit: Callable[[Outcome, bool], bool]
) -> dict[str, float]:
    positives = [o for q, o in outcomes if q.expected is not None]
    negatives = [o for q, o in outcomes if q.expected is None]
    tp = sum(1 for o in positives if hit(o, True))
    fp = sum(1 for o in negatives if hit(o, False))
    recall = tp / len(positives)
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "fpr": round(fp / len(negatives), 4),
        "tp": tp,
        "fp": fp,
    }


def at_threshold(
    outcomes: list[tuple[LabelledQuery, Outcome]], threshold: float
) -> dict[str, float]:
    def hit(o: Outcome, positive: bool) -> bool:
        return (o.true_score if positive else max(o.true_score, o.other_score)) >= threshold

    return metrics(outcomes, hit) | {"threshold": round(threshold, 4)}


def equal_fpr(
    outcomes: list[tuple[LabelledQuery, Outcome]], max_fpr: float = MAX_FPR
) -> dict[str, float]:
    """The lowest threshold whose false-positive rate stays within ``max_fpr``."""
    negatives = sorted(
        (max(o.true_score, o.other_score) for q, o in outcomes if q.expected is None), reverse=True
    )
    allowed = int(max_fpr * len(negatives))
    threshold = negatives[allowed] + 1e-6 if allowed < len(negatives) else 0.0
    return at_threshold(outcomes, max(threshold, 1e-6))


def best_f1_within(
    outcomes: list[tuple[LabelledQuery, Outcome]], max_fpr: float = MAX_FPR
) -> dict[str, float]:
    """The threshold with the best F1 among those whose false-positive rate stays within
    ``max_fpr`` (each matcher at its own best operating point under the same constraint)."""
    positives = sorted(o.true_score for q, o in outcomes if q.expected is not None)
    negatives = sorted(max(o.true_score, o.other_score) for q, o in outcomes if q.expected is None)
    best: tuple[float, int, float] = (-1.0, 0, 1.0)
    for threshold in sorted({*positives, *negatives, 1.0}):
        threshold = max(threshold, 1e-6)
        fp = len(negatives) - bisect_left(negatives, threshold)
        if fp > max_fpr * len(negatives):
            continue
        tp = len(positives) - bisect_left(positives, threshold)
        f1 = 2 * tp / (2 * tp + fp + (len(positives) - tp))
        if (f1, tp) > best[:2]:
            best = (f1, tp, threshold)
    return at_threshold(outcomes, best[2])


def single_name_speed(screen: GuomenScreen, queries: list[LabelledQuery]) -> int:
    """Compares per second of prepared queries against one-name entries (the UN rows)."""
    prepared = [prepare_query(q.query) for q in queries[:200]]
    entries = [e for e in screen.prepared if len(e.names) == 1][:150]
    started = time.perf_counter()
    for query in prepared:
        for entry in entries:
            compare(query, entry)
    return round(len(prepared) * len(entries) / (time.perf_counter() - started))


def run_guomen(
    entries: list[Entry], queries: list[LabelledQuery]
) -> tuple[dict[str, Any], list[tuple[LabelledQuery, Outcome]]]:
    started = time.perf_counter()
    screen = GuomenScreen(entries)
    built = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = [(q, screen.screen(q)) for q in queries]
    elapsed = time.perf_counter() - started

    def match(o: Outcome, positive: bool) -> bool:
        if positive:
            return o.true_decision is Decision.MATCH
        return Decision.MATCH in (o.true_decision, o.other_decision)

    def possible(o: Outcome, positive: bool) -> bool:
        decisions = (o.true_decision,) if positive else (o.true_decision, o.other_decision)
        return any(_RANK[d] >= 1 for d in decisions)

    positives = [o for q, o in outcomes if q.expected is not None]
    figures: dict[str, Any] = metrics(outcomes, match)
    figures |= {
        "at_possible": metrics(outcomes, possible),
        "at_equal_fpr": equal_fpr(outcomes),
        "at_best_f1_within_fpr": best_f1_within(outcomes),
        "at_zero_fpr": equal_fpr(outcomes, 0.0),
        "queries_per_s": round(len(queries) / elapsed, 1),
        "compares_per_s": round(sum(o.candidates for _, o in outcomes) / elapsed),
        "single_name_compares_per_s": single_name_speed(screen, queries),
        "blocking_recall": round(
            sum(1 for o in positives if o.candidates and o.true_score > 0) / len(positives), 4
        ),
        "mean_candidates": round(sum(o.candidates for _, o in outcomes) / len(outcomes), 1),
        "index_build_s": round(built, 2),
    }
    return figures, outcomes


def run_token_sort(entries: list[Entry], queries: list[LabelledQuery]) -> dict[str, Any]:
    from rapidfuzz import fuzz, process, utils

    names = [(i, n) for i, e in enumerate(entries) for n in e.names]
    owners = [i for i, _ in names]
    choices = [n for _, n in names]
    ids = [e.entry_id for e in entries]
    started = time.perf_counter()
    outcomes = []
    for labelled in queries:
        scores = process.cdist(
            list(labelled.query.names),
            choices,
            scorer=fuzz.token_sort_ratio,
            processor=utils.default_process,
            workers=1,
        ).max(axis=0)
        best: dict[int, float] = {}
        for owner, score in zip(owners, scores, strict=True):
            if score > best.get(owner, -1.0):
                best[owner] = float(score) / 100
        outcome = Outcome()
        for owner, score in best.items():
            if ids[owner] == labelled.expected:
                outcome.true_score = score
            elif score > outcome.other_score:
                outcome.other_score = score
        outcomes.append((labelled, outcome))
    elapsed = time.perf_counter() - started
    return at_threshold(outcomes, 0.85) | {
        "at_equal_fpr": equal_fpr(outcomes),
        "at_best_f1_within_fpr": best_f1_within(outcomes),
        "at_zero_fpr": equal_fpr(outcomes, 0.0),
        "queries_per_s": round(len(queries) / elapsed, 1),
        "candidates": "brute force over all names",
    }


def run_nomenklatura(entries: list[Entry], queries: list[LabelledQuery]) -> dict[str, Any]:
    extra = os.environ.get("GUOMEN_BENCH_EXTRA_PATH")
    if extra:
        sys.path.append(extra)
    try:
        scorer = _nomenklatura_scorer()
    except Exception as error:
        return {"available": False, "reason": f"{type(error).__name__}: {error}"[:300]}
    screen = GuomenScreen(entries)
    started = time.perf_counter()
    outcomes = []
    for labelled in queries:
        outcome = Outcome()
        for entry in screen.candidates(labelled.query):
            score = scorer(labelled.query, entry.entry)
            if entry.entry.entry_id == labelled.expected:
                outcome.true_score = score
            elif score > outcome.other_score:
                outcome.other_score = score
        outcomes.append((labelled, outcome))
    elapsed = time.perf_counter() - started
    return at_threshold(outcomes, 0.7) | {
        "available": True,
        "at_equal_fpr": equal_fpr(outcomes),
        "at_best_f1_within_fpr": best_f1_within(outcomes),
        "at_zero_fpr": equal_fpr(outcomes, 0.0),
        "queries_per_s": round(len(queries) / elapsed, 1),
        "candidates": "guomen blocking keys",
    }


def _alpha2(code: str | None) -> str | None:
    import pycountry

    found: Any = pycountry.countries.get(alpha_3=code) if code else None
    return str(found.alpha_2).lower() if found else None


def _nomenklatura_scorer() -> Callable[[Query, Entry], float]:
    from followthemoney import model  # type: ignore[import-not-found,unused-ignore]
    from nomenklatura.matching import LogicV2  # type: ignore[import-not-found,unused-ignore]
    from nomenklatura.matching.types import (  # type: ignore[import-not-found,unused-ignore]
        ScoringConfig,
    )

    config = ScoringConfig.defaults()
    cache: dict[int, Any] = {}
    genders = {Sex.MALE: "male", Sex.FEMALE: "female"}

    def person(
        key: int,
        names: Iterable[str],
        dates: list[str],
        countries: Iterable[str | None],
        sex: Sex | None,
    ) -> Any:
        if key not in cache:
            proxy = model.make_entity("Person")
            proxy.id = f"p{key}"
            proxy.add("name", list(names))
            proxy.add("birthDate", dates)
            proxy.add("nationality", [c for c in (_alpha2(x) for x in countries) if c])
            if sex in genders:
                proxy.add("gender", genders[sex])
            cache[key] = proxy
        return cache[key]

    def score(query: Query, entry: Entry) -> float:
        dates = [str(query.birth_date)] if query.birth_date else []
        q = person(id(query), query.names, dates, [query.nationality], query.sex)
        listed = [str(d) for d in entry.birth_dates if isinstance(d, BirthDate)]
        e = person(id(entry), entry.names, listed, entry.nationalities, entry.sex)
        return float(LogicV2.compare(q, e, config).score)

    return score


def main() -> None:
    if not YENTE.exists():
        print(json.dumps({"error": f"test data not found at {YENTE}"}))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--all-subjects",
        action="store_true",
        help="also list SDN entities, vessels and aircraft (the index screens persons only)",
    )
    args = parser.parse_args()
    entries = watchlist(args.all_subjects)
    queries = labelled_queries()
    guomen, _ = run_guomen(entries, queries)
    figures = {
        "benchmark": "yente UN treated vs untreated + 1000 negatives; watchlist UN + OFAC SDN",
        "sdn_subjects": "all" if args.all_subjects else "individuals (as the index screens)",
        "watchlist_entries": len(entries),
        "queries": len(queries),
        "guomen": guomen,
        "rapidfuzz_token_sort": run_token_sort(entries, queries),
        "nomenklatura": run_nomenklatura(entries, queries),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
