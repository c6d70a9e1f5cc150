from __future__ import annotations

from collections import Counter
from datetime import date

from guomen.demo.generator import SHANGHAI, day_factor, generate
from guomen.people.idcard import is_valid_id_number
from guomen.reference.seed import load_ports

END = date(2026, 11, 1)


def run(seed: int, people: int = 1500) -> list:
    return list(generate(seed, people, 3, END, load_ports(), batch=500))


def test_same_seed_same_data_and_another_seed_differs() -> None:
    a, b, c = run(7, 300), run(7, 300), run(8, 300)
    assert [p.surname for batch in a for p in batch.people] == [
        p.surname for batch in b for p in batch.people
    ]
    assert [m.occurred_at for batch in a for m in batch.movements] == [
        m.occurred_at for batch in b for m in batch.movements
    ]
    assert [p.id for batch in a for p in batch.people] != [
        p.id for batch in c for p in batch.people
    ]


def test_people_are_realistic() -> None:
    people = [p for batch in run(1) for p in batch.people]
    nationalities = Counter(p.nationality for p in people)
    assert 0.55 < nationalities["CHN"] / len(people) < 0.70
    assert nationalities["HKG"] > nationalities["USA"]
    mainland = [p for p in people if p.nationality == "CHN"]
    assert all(p.id_number and is_valid_id_number(p.id_number) for p in mainland)
    assert all(p.surname.isascii() and p.surname.replace(" ", "").isalpha() for p in people)
    assert all(p.given_names.replace(" ", "").replace("-", "").isalpha() for p in people)
    assert all(p.name_local for p in mainland)
    sexes = Counter(p.sex for p in people)
    assert 0.4 < sexes["F"] / len(people) < 0.6


def test_movements_follow_holidays_and_stay_in_the_window() -> None:
    moves = [m for batch in run(2, 4000) for m in batch.movements]
    days = Counter(m.occurred_at.astimezone(SHANGHAI).date() for m in moves)
    golden_week = sum(days[date(2026, 10, d)] for d in range(2, 7)) / 5
    ordinary = sum(days[date(2026, 9, d)] for d in (8, 9, 10, 15, 16)) / 5  # Tue-Thu
    assert golden_week > 1.5 * ordinary
    assert min(days) >= date(2026, 8, 3) and max(days) < END
    assert day_factor(date(2026, 10, 3)) > day_factor(date(2026, 9, 9))
