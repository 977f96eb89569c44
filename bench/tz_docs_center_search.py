"""Benchmark of the Docs Center (tz_docs_center) person directory.

* pinyin-initials search on N persons (default 100,000): p50/p95 latency of
  the ORM search used by the list view (``pinyin_query ilike``, limit 80),
  compared in the same run with a plain ``name ilike`` search;
* xlsx export of the N persons: duration and peak RSS of the process.

Usage (PG* environment variables point at the database server)::

    python bench/tz_docs_center_search.py --db <db> [--scale 0.1] [--queries 200]

Data is generated inside the benchmark transaction and rolled back.
"""

import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _odoo_env import QueryCounter, odoo_env, parser

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤单"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文"
    "辉力国庆春晓东海波鹏宇浩然欣怡梓涵子轩佳琪思远志行长重乐和"
)


def percentile(values, pct):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 persons")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args()
    n = max(1000, int(100_000 * args.scale))
    rnd = random.Random(args.seed)

    with odoo_env(args) as env:
        from odoo.addons.tz_docs_center.lib import pinyin_search  # noqa: PLC0415

        cr = env.cr
        company_id = env.company.id
        uid = env.uid

        t0 = time.perf_counter()
        rows = []
        names = []
        for i in range(n):
            name = rnd.choice(SURNAMES) + "".join(
                rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2)))
            )
            names.append(name)
            rows.append(
                (
                    name,
                    f"+86138{i:08d}",
                    f"p{i}@example.cn",
                    f"p{i}@example.cn",
                    pinyin_search.search_text(name),
                    company_id,
                    uid,
                )
            )
        t_pinyin = time.perf_counter() - t0
        t0 = time.perf_counter()
        for start in range(0, n, 5000):
            chunk = rows[start : start + 5000]
            values = ",".join(
                cr.mogrify(
                    "(%s,%s,%s,%s,%s,%s,%s,%s,true,false,0,now(),now(),%s,%s)",
                    (*r, r[6], r[6], r[1]),
                ).decode()
                for r in chunk
            )
            cr.execute(
                "INSERT INTO tz_directory_person (name, mobile, email,"
                " email_normalized, pinyin_search, company_id, user_id, create_uid,"
                " active, is_private, message_bounce, create_date, write_date,"
                " write_uid, phone_sanitized) VALUES " + values
            )
        cr.execute("ANALYZE tz_directory_person")
        t_insert = time.perf_counter() - t0
        print(
            f"generated {n} persons: pinyin keys {t_pinyin:.1f}s, "
            f"insert {t_insert:.1f}s"
        )

        Person = env["tz.directory.person"]
        env.invalidate_all()
        samples = [rnd.choice(names) for _ in range(args.queries)]
        initials = [pinyin_search.pinyin_variants(name)[0][1] for name in samples]
        fragments = [name[:2] for name in samples]

        def run(domain_for, queries):
            timings = []
            found = 0
            for q in queries:
                env.invalidate_all()
                start = time.perf_counter()
                found += len(Person.search(domain_for(q), limit=80))
                timings.append((time.perf_counter() - start) * 1000)
            return timings, found

        # warm-up
        run(lambda q: [("pinyin_query", "ilike", q)], initials[:10])
        pin_t, pin_found = run(lambda q: [("pinyin_query", "ilike", q)], initials)
        ilike_t, ilike_found = run(lambda q: [("name", "ilike", q)], fragments)
        with QueryCounter(cr) as qc:
            Person.search([("pinyin_query", "ilike", initials[0])], limit=80)
        print(
            f"pinyin-initials search ({len(initials)} queries, e.g. {initials[0]!r}): "
            f"p50 {statistics.median(pin_t):.1f} ms, "
            f"p95 {percentile(pin_t, 95):.1f} ms, "
            f"max {max(pin_t):.1f} ms, {pin_found / len(initials):.0f} rows/query, "
            f"{qc.count} SQL queries/search"
        )
        print(
            f"name ilike search ({len(fragments)} queries, e.g. {fragments[0]!r}): "
            f"p50 {statistics.median(ilike_t):.1f} ms, "
            f"p95 {percentile(ilike_t, 95):.1f} ms, "
            f"max {max(ilike_t):.1f} ms, {ilike_found / len(fragments):.0f} rows/query"
        )
        print(
            f"ratio pinyin p95 / ilike p95 = "
            f"{percentile(pin_t, 95) / max(percentile(ilike_t, 95), 0.001):.2f} "
            f"(budget: pinyin p95 <= 50 ms)"
        )

        env.invalidate_all()
        rss_before = rss_mb()
        start = time.perf_counter()
        data, count = env["tz.docs.dashboard"]._tz_export_xlsx("tz.directory.person")
        export_s = time.perf_counter() - start
        print(
            f"xlsx export of {count} rows: {export_s:.1f} s, "
            f"{len(data) / 1e6:.1f} MB file, "
            f"peak RSS {rss_mb():.0f} MB (before export {rss_before:.0f} MB; "
            f"budget <= 30 s and <= 500 MB)"
        )


if __name__ == "__main__":
    main()
