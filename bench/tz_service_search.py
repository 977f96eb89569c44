"""Benchmark of the tz_service Chinese full-text search against ``ilike``.

Generates N Chinese knowledge articles from a word list (default 100,000),
indexes them exactly like the module does (jieba search-mode tokens + CJK
unigrams/bigrams in token columns, tsvector filled by the module's trigger,
GIN index), then for the same random 2-character queries measures:

* p50/p95 latency of the module's ranked search ``_fts_search`` (top 20),
* p50/p95 latency of the full match set through the index,
* p50/p95 latency of ``ilike`` (name or body) on the same rows,
* precision / recall of the index against ``ilike`` (2-character terms and
  whole 2-4 character words),
* the index build time (segmentation, insert + tsvector trigger, GIN build).

Optionally (``--with-trgm``) the same queries with a pg_trgm GIN index.

Everything runs in one transaction that is rolled back.

    python bench/tz_service_search.py --db t_tz_service_bench [--scale 0.1]
"""

import itertools
import os
import random
import re
import statistics
import time

from _odoo_env import odoo_env, parser

SERVICE_WORDS = (
    "打印机 复印机 扫描仪 路由器 交换机 硒鼓 墨盒 墨粉 卡纸 进纸 搓纸轮 定影器 感光鼓 "
    "驱动程序 固件 升级 安装 故障 报错 维修 上门 远程 保修 发票 合同 售后 工程师"
).split()
MODELS = ["LJ-M1136", "DC-2020", "ER-3200G", "HP-1020", "CF388A", "E-02", "X-100"]
PUNCT = "\uff0c\u3002\uff1b\u3001"  # full-width comma, full stop, semicolon, enum
CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def load_words(size):
    """The ``size`` most frequent 2-4 character words of jieba's dictionary
    (a real Chinese word list with frequencies) plus service words."""
    import jieba  # noqa: PLC0415

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    entries = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and CJK_WORD.match(parts[0]):
                entries.append((int(parts[1]), parts[0]))
    entries.sort(reverse=True)
    words = [w for _f, w in entries[:size]]
    freqs = [f for f, _w in entries[:size]]
    for word in SERVICE_WORDS:
        if word not in words:
            words.append(word)
            freqs.append(freqs[len(freqs) // 10])
    return words, list(itertools.accumulate(freqs))


def generate(rng, n, words, cum_weights):
    for _ in range(n):
        title = "".join(
            rng.choices(words, cum_weights=cum_weights, k=rng.randint(2, 4))
        )
        parts = []
        for word in rng.choices(words, cum_weights=cum_weights, k=rng.randint(15, 30)):
            parts.append(word)
            if rng.random() < 0.2:
                parts.append(rng.choice(PUNCT))
        if rng.random() < 0.1:
            parts.append(rng.choice(MODELS))
        yield title, "".join(parts)


def pct(values, q):
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(q / 100 * len(values)) - 1))
    return values[index]


def timed(fn, repeat=1):
    best = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - t0) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000, help="number of articles")
    p.add_argument("--scale", type=float, default=1.0, help="multiply --n")
    p.add_argument("--queries", type=int, default=60, help="2-character queries")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--vocabulary", type=int, default=20000, help="word list size")
    p.add_argument("--with-trgm", action="store_true", help="also measure pg_trgm")
    args = p.parse_args()
    n = max(100, int(args.n * args.scale))
    rng = random.Random(args.seed)

    with odoo_env(args) as env:
        from psycopg2.extras import execute_values  # noqa: PLC0415

        from odoo.addons.tz_service.lib import zh_search  # noqa: PLC0415

        cr = env.cr
        Article = env["tz.kb.article"]
        cr.execute("SELECT coalesce(max(id), 0) FROM tz_kb_article")
        first_id = cr.fetchone()[0] + 1
        words, cum_weights = load_words(args.vocabulary)
        print(
            f"articles: {n} (generated from a word list of {len(words)} words:"
            " jieba dictionary by frequency)"
        )

        # ---------------------------------------------------------- build
        t0 = time.perf_counter()
        rows = []
        for title, body in generate(rng, n, words, cum_weights):
            rows.append(
                (
                    title,
                    f"<p>{body}</p>",
                    zh_search.index_tokens(title),
                    "",
                    zh_search.index_tokens(body),
                )
            )
        t_segment = time.perf_counter() - t0

        cr.execute("DROP INDEX IF EXISTS tz_kb_article_fts_vector_idx")
        t0 = time.perf_counter()
        execute_values(
            cr._obj,
            """INSERT INTO tz_kb_article (name, body, fts_title, fts_keywords, fts_body,
                   article_type, state, state_sequence, visibility, active, company_id,
                   version, view_count, helpful_count, unhelpful_count,
                   create_uid, write_uid, create_date, write_date)
               VALUES %s""",
            rows,
            template="(%s, %s, %s, %s, %s, 'faq', 'published', 0, 'internal', true,"
            " NULL, 1, 0, 0, 0, 1, 1, now(), now())",
            page_size=2000,
        )
        t_insert = time.perf_counter() - t0
        t0 = time.perf_counter()
        cr.execute(
            "CREATE INDEX tz_kb_article_fts_vector_idx ON tz_kb_article"
            " USING gin (fts_vector)"
        )
        t_gin = time.perf_counter() - t0
        cr.execute("ANALYZE tz_kb_article")
        env.invalidate_all()
        total = t_segment + t_insert + t_gin
        print(
            f"index build: {total:.1f} s total = jieba segmentation {t_segment:.1f} s"
            f" + insert with tsvector trigger {t_insert:.1f} s"
            f" + GIN index {t_gin:.1f} s"
        )
        cr.execute(
            "SELECT pg_size_pretty(pg_relation_size('tz_kb_article_fts_vector_idx'))"
        )
        print(f"GIN index size: {cr.fetchone()[0]}")

        t_trgm = None
        if args.with_trgm:
            t0 = time.perf_counter()
            cr.execute(
                "CREATE INDEX tz_bench_trgm_idx ON tz_kb_article USING gin"
                " ((name || ' ' || body) gin_trgm_ops)"
            )
            t_trgm = time.perf_counter() - t0
            cr.execute("ANALYZE tz_kb_article")
            print(f"pg_trgm GIN index build: {t_trgm:.1f} s")

        # ---------------------------------------------------------- queries
        # 2-character queries: common 2-character words (what users type)
        two_char = [w for w in words[:3000] if len(w) == 2]
        queries = rng.sample(two_char, min(args.queries, len(two_char)))
        longer = rng.sample([w for w in words[:3000] if len(w) >= 3], 20)
        domain_new = [("id", ">=", first_id)]

        def ilike_ids(q):
            cr.execute(
                "SELECT id FROM tz_kb_article WHERE id >= %s"
                " AND (name ILIKE %s OR body ILIKE %s)",
                [first_id, f"%{q}%", f"%{q}%"],
            )
            return {r[0] for r in cr.fetchall()}

        def fts_ids(q):
            cr.execute(
                "SELECT id FROM tz_kb_article WHERE id >= %s"
                " AND fts_vector @@ %s::tsquery",
                [first_id, zh_search.build_tsquery(q)],
            )
            return {r[0] for r in cr.fetchall()}

        def trgm_ids(q):
            cr.execute(
                "SELECT id FROM tz_kb_article WHERE id >= %s"
                " AND (name || ' ' || body) ILIKE %s",
                [first_id, f"%{q}%"],
            )
            return {r[0] for r in cr.fetchall()}

        # warm-up (jieba dictionary, caches)
        Article._fts_search(queries[0], domain=domain_new)
        ilike_ids(queries[0])

        lat_rank, lat_set, lat_ilike, lat_trgm = [], [], [], []
        precisions, recalls, sizes = [], [], []
        for q in queries:
            ms, _res = timed(
                lambda q=q: Article._fts_search(q, domain=domain_new, limit=20)
            )
            lat_rank.append(ms)
            ms, found = timed(lambda q=q: fts_ids(q))
            lat_set.append(ms)
            ms, expected = timed(lambda q=q: ilike_ids(q))
            lat_ilike.append(ms)
            if args.with_trgm:
                ms, _res = timed(lambda q=q: trgm_ids(q))
                lat_trgm.append(ms)
            inter = len(found & expected)
            precisions.append(inter / len(found) if found else 1.0)
            recalls.append(inter / len(expected) if expected else 1.0)
            sizes.append(len(expected))

        w_prec, w_rec = [], []
        for q in longer + queries[:10]:
            found, expected = fts_ids(q), ilike_ids(q)
            inter = len(found & expected)
            w_prec.append(inter / len(found) if found else 1.0)
            w_rec.append(inter / len(expected) if expected else 1.0)

        p95_rank, p95_ilike = pct(lat_rank, 95), pct(lat_ilike, 95)
        print(
            f"2-char queries: {len(queries)}, matches per query: "
            f"median {statistics.median(sizes):.0f}, max {max(sizes)}"
        )
        print(
            f"fts ranked top-20 (_fts_search): p50 {pct(lat_rank, 50):.1f} ms,"
            f" p95 {p95_rank:.1f} ms"
        )
        print(
            f"fts full match set:              p50 {pct(lat_set, 50):.1f} ms,"
            f" p95 {pct(lat_set, 95):.1f} ms"
        )
        print(
            f"ilike full match set (baseline): p50 {pct(lat_ilike, 50):.1f} ms,"
            f" p95 {p95_ilike:.1f} ms"
        )
        if args.with_trgm:
            print(
                f"pg_trgm ilike (GIN trgm index):  p50 {pct(lat_trgm, 50):.1f} ms,"
                f" p95 {pct(lat_trgm, 95):.1f} ms"
            )
        met = p95_rank <= 50 and p95_ilike / p95_rank >= 10
        print(
            f"speed-up p95 ilike / fts ranked: {p95_ilike / p95_rank:.1f}x"
            f" (budget: p95 <= 50 ms and >= 10x) -> {'OK' if met else 'NOT MET'}"
        )
        print(
            f"2-char terms vs ilike: precision {statistics.mean(precisions):.4f},"
            f" recall {statistics.mean(recalls):.4f} (min {min(recalls):.4f})"
        )
        print(
            f"2-4 char words vs ilike: precision {statistics.mean(w_prec):.4f},"
            f" recall {statistics.mean(w_rec):.4f} (min {min(w_rec):.4f})"
        )


if __name__ == "__main__":
    main()
