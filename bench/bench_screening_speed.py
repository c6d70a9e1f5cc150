"""Screening speed at national scale: build the in-memory index from N synthetic listed people
(deterministic, multi-script: Han names with pinyin aliases, Hong Kong Cantonese and Taiwan
Wade-Giles spellings, Cyrillic with Latin transliterations, Arabic names in Latin letters),
then screen single queries (half of them variants of listed people, half unlisted people).

Per size: build time and RSS growth; single-query p50/p99 latency on one core; queries per
second on 2 cores (two forked workers sharing the index; steady state, after each worker's
first pass, which also pays the copy-on-write faults: see ``..._cold_fork``). Prints one JSON
line. The synthetic names come from small tables, so common names have many namesakes (as
real Chinese names do): most queries, listed or not, find someone.

    python bench/bench_screening_speed.py                     # 100,000 and 1,000,000 (~5 min)
    python bench/bench_screening_speed.py --sizes 20000 --queries 500   # quick
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import random
import statistics
import time
from collections.abc import Iterator
from datetime import date, timedelta

from guomen.demo.names import HK_GIVEN, HK_SURNAMES, TW_GIVEN, TW_SURNAMES
from guomen.screening.index import ScreeningIndex, build_from
from guomen.screening.matching import BirthDate, Query
from guomen.screening.model import (
    DateSpec,
    EntryName,
    EntrySource,
    ListType,
    NameKind,
    WatchlistEntry,
)


def _words(text: str) -> list[str]:
    return text.split()


HAN_SURNAMES = _words(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu "
    "胡hu 郭guo 何he 高gao 林lin 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng "
    "邓deng 曹cao 彭peng 曾zeng 肖xiao 田tian 董dong 袁yuan 潘pan 于yu 蒋jiang 蔡cai 余yu 杜du "
    "叶ye 程cheng 苏su 魏wei 吕lv 丁ding 任ren 沈shen 姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan "
    "陆lu 汪wang 范fan 金jin 石shi 廖liao 贾jia 夏xia 韦wei 付fu 方fang 白bai 邹zou 孟meng"
)
HAN_GIVEN = _words(
    "伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan "
    "涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 文wen 建jian 国guo 红hong "
    "玉yu 兰lan 志zhi 海hai 波bo 辉hui 鹏peng 宇yu 晨chen 浩hao 凯kai 俊jun 斌bin 峰feng 欣xin "
    "雪xue 梅mei 琳lin 婷ting 慧hui 颖ying 佳jia 思si 嘉jia 鑫xin 博bo 瑞rui 子zi 一yi 天tian "
    "东dong 春chun 永yong 德de 新xin 亮liang 成cheng 林lin 荣rong 光guang 宁ning 安an 庆qing"
)
RU_GIVEN = _words(
    "Александр Alexander Сергей Sergei Дмитрий Dmitry Андрей Andrei Алексей Alexei Иван Ivan "
    "Михаил Mikhail Николай Nikolai Владимир Vladimir Евгений Evgeny Павел Pavel Олег Oleg "
    "Юрий Yuri Виктор Viktor Игорь Igor Анна Anna Ольга Olga Елена Elena Татьяна Tatiana "
    "Наталья Natalia Ирина Irina Светлана Svetlana Мария Maria Екатерина Ekaterina"
)
RU_SURNAMES = _words(
    "Иванов Ivanov Смирнов Smirnov Кузнецов Kuznetsov Попов Popov Васильев Vasiliev Петров "
    "Petrov Соколов Sokolov Михайлов Mikhailov Новиков Novikov Фёдоров Fedorov Морозов Morozov "
    "Волков Volkov Алексеев Alekseev Лебедев Lebedev Семёнов Semenov Егоров Egorov Павлов "
    "Pavlov Козлов Kozlov Степанов Stepanov Николаев Nikolaev Орлов Orlov Андреев Andreev "
    "Макаров Makarov Никитин Nikitin Захаров Zakharov Зайцев Zaitsev Соловьёв Soloviev Борисов "
    "Borisov Яковлев Yakovlev Григорьев Grigoriev Романов Romanov Воробьёв Vorobiev Сергеев "
    "Sergeev Кузьмин Kuzmin Фролов Frolov Александров Alexandrov Дмитриев Dmitriev Королёв "
    "Korolev Гусев Gusev Киселёв Kiselev Ильин Ilyin Максимов Maximov Поляков Polyakov"
)
AR_NAMES = _words(
    "Mohammed Ahmed Ali Hassan Hussein Omar Khalid Abdullah Yusuf Ibrahim Mahmoud Mustafa "
    "Saeed Karim Tariq Faisal Hamza Bilal Nasser Jamal Rashid Salem Walid Ziad Adel Anwar "
    "Bashir Fadi Ghassan Hisham Imad Jalal Kamal Majid Nabil Osama Qasim Rami Samir Talal "
    "Wael Yasser Zaid Fatima Aisha Mariam Layla Noor Huda Amina Salma Rania Dalia"
)
AR_FAMILIES = _words(
    "Al-Rashid Al-Hashimi Al-Masri Haddad Khoury Nasser Saleh Mansour Hamdan Aziz Barakat "
    "Darwish Farouk Ghanem Habib Jaber Kassem Mahfouz Najjar Othman Qureshi Rahman Sabbagh "
    "Shaheen Tahir Yassin Zaher Al-Tamimi Al-Qahtani Al-Otaibi Al-Zahrani Al-Shammari Bakr"
)


def _han(words: list[str]) -> list[tuple[str, str]]:
    """ "王wang" → ("王", "WANG")."""
    return [(w[0], w[1:].upper()) for w in words]


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    return list(zip(words[::2], words[1::2], strict=True))


HAN_S, HAN_G = _han(HAN_SURNAMES), _han(HAN_GIVEN)
RU_G, RU_S = _pairs(RU_GIVEN), _pairs(RU_SURNAMES)


def person(rng: random.Random) -> tuple[tuple[str, ...], str]:
    """A listed person's names (primary first) and nationality."""
    kind = rng.random()
    if kind < 0.40:
        (sh, sp), given = rng.choice(HAN_S), [rng.choice(HAN_G) for _ in range(rng.choice((1, 2)))]
        return (sh + "".join(g for g, _ in given), f"{sp} {''.join(p for _, p in given)}"), "CHN"
    if kind < 0.50:
        (sh, sp), given = rng.choice(HK_SURNAMES), rng.sample(HK_GIVEN, 2)
        return (sh + "".join(g for g, _ in given), f"{sp} {' '.join(p for _, p in given)}"), "HKG"
    if kind < 0.55:
        (sh, sp), given = rng.choice(TW_SURNAMES), rng.sample(TW_GIVEN, 2)
        return (sh + "".join(g for g, _ in given), f"{sp} {'-'.join(p for _, p in given)}"), "TWN"
    if kind < 0.75:
        (gc_, gl), (sc, sl) = rng.choice(RU_G), rng.choice(RU_S)
        return (f"{gc_} {sc}", f"{gl.upper()} {sl.upper()}"), "RUS"
    words = [*rng.sample(AR_NAMES, rng.choice((2, 3))), rng.choice(AR_FAMILIES)]
    return (" ".join(words),), rng.choice(("SYR", "IRQ", "JOR", "EGY", "YEM"))


def synthetic(n: int, seed: int = 7) -> Iterator[WatchlistEntry]:
    rng = random.Random(seed)
    types = (ListType.DENY_EXIT, ListType.DENY_ENTRY, ListType.WANTED, ListType.WATCH)
    for i in range(n):
        names, nationality = person(rng)
        kinds = (NameKind.PRIMARY,) + (NameKind.ALIAS,) * (len(names) - 1)
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(65 * 365))
        yield WatchlistEntry(
            entry_id=f"S{i:07d}",
            list_id="SYN",
            list_type=types[i % 4],
            names=tuple(EntryName(n, k) for n, k in zip(names, kinds, strict=True)),
            source=EntrySource.CSV,
            source_id=f"S{i:07d}",
            birth_dates=(DateSpec.exact(born),),
            nationalities=(nationality,),
        )


def kept(
    entries: Iterator[WatchlistEntry], wanted: set[int], into: list[WatchlistEntry]
) -> Iterator[WatchlistEntry]:
    """Pass ``entries`` on, keeping those at the positions in ``wanted`` (to query them)."""
    for i, entry in enumerate(entries):
        if i in wanted:
            into.append(entry)
        yield entry


def queries(n: int, listed: list[WatchlistEntry], seed: int = 11) -> list[Query]:
    """The ``listed`` people as a passport would print them (Latin, order sometimes swapped),
    and as many people who are not listed (another seed)."""
    rng = random.Random(seed)
    found: list[Query] = []
    for entry in listed:
        latin = entry.names[-1].text.split()
        if rng.random() < 0.3:
            latin.reverse()
        born = entry.birth_dates[0].earliest
        found.append(Query((" ".join(latin),), BirthDate(born.year, born.month, born.day)))
    stranger = random.Random(seed + 1)
    for _ in range(n - len(found)):
        names, _ = person(stranger)
        found.append(Query((names[-1],), BirthDate(stranger.randrange(1940, 2005), 6, 1)))
    rng.shuffle(found)
    return found


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


_INDEX: ScreeningIndex | None = None


def _timed(batch: list[Query]) -> list[float]:
    assert _INDEX is not None
    times = []
    for query in batch:
        start = time.perf_counter()
        _INDEX.screen(query)
        times.append(time.perf_counter() - start)
    return times


def _steady(batch: list[Query]) -> float:
    """Wall time of a second pass: the first pays the copy-on-write faults of a fresh fork."""
    _timed(batch)
    start = time.perf_counter()
    _timed(batch)
    return time.perf_counter() - start


def measure(size: int, n_queries: int, workers: int) -> dict[str, float | int]:
    global _INDEX
    gc.collect()
    before, start = rss_mib(), time.perf_counter()
    picked: list[WatchlistEntry] = []
    wanted = set(random.Random(size).sample(range(size), n_queries // 2))
    _INDEX = build_from(kept(synthetic(size), wanted, picked))
    build_s = time.perf_counter() - start
    gc.collect()
    grown = rss_mib() - before
    batch = queries(n_queries, picked)
    _timed(batch[:20])  # warm caches
    single = sorted(_timed(batch))
    gc.freeze()  # forked workers share the index without copying it on first touch
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        start = time.perf_counter()
        walls = pool.map(_steady, [batch[i::workers] for i in range(workers)])
        cold_s = time.perf_counter() - start
    hits = sum(bool(_INDEX.screen(q).hits) for q in batch[:200])
    figures = {
        "entries": len(_INDEX),
        "keys": _INDEX.stats.keys,
        "build_s": round(build_s, 1),
        "build_us_per_entry": round(build_s / size * 1e6),
        "rss_mib": round(grown),
        "rss_bytes_per_entry": round(grown * 1024 * 1024 / size),
        "p50_ms": round(statistics.median(single) * 1000, 2),
        "p99_ms": round(single[int(len(single) * 0.99) - 1] * 1000, 2),
        "qps_1_core": round(len(single) / sum(single)),
        f"qps_{workers}_cores": round(len(batch) / max(walls)),
        f"qps_{workers}_cores_cold_fork": round(2 * len(batch) / cold_s),
        "share_with_hit_of_200": round(hits / 200, 2),
    }
    _INDEX = None
    gc.unfreeze()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated entry counts")
    parser.add_argument("--queries", type=int, default=1000, help="single queries per size")
    parser.add_argument("--workers", type=int, default=2, help="cores for the throughput run")
    args = parser.parse_args()
    result: dict[str, object] = {
        "bench": "screening_speed",
        "cpus": os.cpu_count(),
        "goal": ">= 1000 q/s and p99 <= 20 ms at 1,000,000 on 2 cores",
    }
    for size in (int(s) for s in args.sizes.split(",")):
        result[str(size)] = measure(size, args.queries, args.workers)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
