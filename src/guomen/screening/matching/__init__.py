"""Watchlist name matching: a pure engine (standard library, rapidfuzz, anyascii, pypinyin).

Typical use by an index or a screening service::

    prepared = prepare_entry(entry)            # once per listed person, at index build
    keys = candidate_keys(prepared)            # put the entry under each key
    result = compare(query, prepared)          # for each candidate sharing a query_keys() key

``compare`` returns a :class:`MatchResult`: score, decision (match / possible / none) under the
thresholds of the entry's list type, every feature's score and reason, and the algorithm's name
and version to store with the hit.
"""

from guomen.screening.matching.blocking import candidate_keys, name_keys, query_keys
from guomen.screening.matching.chinese import ChineseName, parse_chinese_name
from guomen.screening.matching.logic import (
    GUOMEN_LOGIC_V1,
    Algorithm,
    Matcher,
    Thresholds,
    compare,
)
from guomen.screening.matching.model import (
    BirthDate,
    BirthDateRange,
    BirthDateSpec,
    Decision,
    Entry,
    FeatureResult,
    ListType,
    MatchResult,
    Query,
    parse_birth_date,
)
from guomen.screening.matching.names import PreparedName, prepare_name
from guomen.screening.matching.prepared import (
    PreparedEntry,
    PreparedQuery,
    prepare_entry,
    prepare_query,
)

__all__ = [
    "GUOMEN_LOGIC_V1",
    "Algorithm",
    "BirthDate",
    "BirthDateRange",
    "BirthDateSpec",
    "ChineseName",
    "Decision",
    "Entry",
    "FeatureResult",
    "ListType",
    "MatchResult",
    "Matcher",
    "PreparedEntry",
    "PreparedName",
    "PreparedQuery",
    "Query",
    "Thresholds",
    "candidate_keys",
    "compare",
    "name_keys",
    "parse_birth_date",
    "parse_chinese_name",
    "prepare_entry",
    "prepare_name",
    "prepare_query",
    "query_keys",
]
