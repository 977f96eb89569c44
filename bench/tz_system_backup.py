"""Benchmark: backup and restore-drill time of tz_system.

On a COPY of a demo database with every tz module (as ``tzctl up`` makes it)
and tz_system installed, this

1. optionally grows the database to ``--invoices`` posted customer invoices by
   copying the existing posted invoices and their lines in SQL (real rows:
   what a backup and a restore have to carry);
2. runs the daily backup configuration (``db.backup.action_backup``: pg_dump
   + filestore into a zip, record counts next to it) and times it;
3. runs a restore drill on that backup (restore into a throw-away database,
   open it with the ORM, count, check attachments, drop) and times it;
4. prints sizes, times, and the drill's result line, with the plain
   ``pg_dump`` of the same database as the baseline in the same run.

It COMMITS (a backup reads committed data): run it on a copy.

    createdb -T tz_demo tz_bench_sys
    python bench/tz_system_backup.py --db tz_bench_sys [--invoices 100000]
"""

import os
import subprocess
import tempfile
import time

from _odoo_env import odoo_env, parser

POSTED_INVOICES = (
    "SELECT count(*) FROM account_move"
    " WHERE move_type = 'out_invoice' AND state = 'posted'"
)


def grow_invoices(env, target):
    cr = env.cr
    cr.execute(POSTED_INVOICES)
    have = cr.fetchone()[0]
    if have >= target or not have:
        return have
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'account_move' AND column_name NOT IN ('id', 'name', 'ref')"
    )
    move_cols = [r[0] for r in cr.fetchall()]
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'account_move_line'"
        " AND column_name NOT IN ('id', 'move_id')"
    )
    line_cols = [r[0] for r in cr.fetchall()]
    mcols = ", ".join(f'"{c}"' for c in move_cols)
    lcols = ", ".join(f'"{c}"' for c in line_cols)
    rounds = 0
    while have < target:
        rounds += 1
        batch = min(have, target - have)
        cr.execute(
            f"""
            WITH src AS (
                SELECT id FROM account_move
                 WHERE move_type = 'out_invoice' AND state = 'posted'
                   AND (ref IS NULL OR ref NOT LIKE 'tzbench:%%')
                 ORDER BY id LIMIT %s
            ), copies AS (
                SELECT src.id AS src_id, g
                  FROM src, generate_series(
                       1, CEIL(%s::float / (SELECT count(*) FROM src))::int) g
                 LIMIT %s
            )
            INSERT INTO account_move ({mcols}, name, ref)
            SELECT {", ".join(f'm."{c}"' for c in move_cols)},
                   m.name || '/B{rounds}-' || c.g,
                   'tzbench:' || m.id || ':{rounds}-' || c.g
              FROM copies c JOIN account_move m ON m.id = c.src_id
            """,
            (have, batch, batch),
        )
        cr.execute(
            f"""
            INSERT INTO account_move_line ({lcols}, move_id)
            SELECT {", ".join(f'l."{c}"' for c in line_cols)}, nm.id
              FROM account_move nm
              JOIN account_move_line l
                ON l.move_id = split_part(nm.ref, ':', 2)::int
             WHERE nm.ref LIKE 'tzbench:%%:{rounds}-%%'
            """
        )
        cr.execute(POSTED_INVOICES)
        have = cr.fetchone()[0]
    cr.commit()
    return have


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument(
        "--invoices",
        type=int,
        default=0,
        help="grow to this many posted customer invoices first",
    )
    args = p.parse_args()
    with odoo_env(args, commit=True) as env:
        invoices = grow_invoices(env, args.invoices) if args.invoices else None
        env.cr.execute(POSTED_INVOICES)
        invoices = env.cr.fetchone()[0]
        env.cr.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = env.cr.fetchone()[0]
        folder = tempfile.mkdtemp(prefix="tz_bench_backup_")
        backup = env["db.backup"].create({"folder": folder, "days_to_keep": 0})
        env.cr.commit()

        from odoo.tools.misc import exec_pg_environ  # noqa: PLC0415

        t0 = time.perf_counter()
        subprocess.run(
            ["pg_dump", "--no-owner", "-f", os.path.join(folder, "plain.sql"), args.db],
            check=True,
            env=exec_pg_environ(),
        )
        t_dump = time.perf_counter() - t0
        os.unlink(os.path.join(folder, "plain.sql"))

        t0 = time.perf_counter()
        backup.action_backup()
        t_backup = time.perf_counter() - t0
        path = backup._tz_backup_files()[-1]
        size = os.path.getsize(path) / 1024**2

        drill = env["tz.backup.drill"]._tz_drill(path)
        env.cr.commit()

        print(f"database {args.db}: {db_size}, {invoices} posted customer invoices")
        print(f"plain pg_dump (baseline): {t_dump:.1f} s")
        print(
            f"backup (zip + filestore + counts): {t_backup:.1f} s, {size:.1f} MB "
            f"(x{t_backup / t_dump:.2f} the plain dump)"
        )
        print(
            f"restore drill: {drill.duration:.1f} s "
            f"(x{drill.duration / t_dump:.2f} the plain dump) -> {drill.result}"
            f"{': ' + drill.error if drill.error else ''}"
        )
        counts = drill.counts_found or {}
        print(
            "drill counts: "
            + ", ".join(
                f"{k}={v}"
                for k, v in sorted(counts.items())
                if k
                in (
                    "account.move",
                    "res.partner",
                    "tz.collection.plan",
                    "tz.kb.article",
                    "tz.directory.company",
                    "ir.attachment",
                    "__attachments_with_file__",
                )
            )
        )
        os.unlink(path)
        os.unlink(path + ".tz.json")
        os.rmdir(folder)


if __name__ == "__main__":
    main()
