"""Speed-up of a tz run split into queue_job jobs: 2 job workers vs 1.

On a copy of the demo database (every tz module, demo data), installs
``tz_queue`` (and so OCA ``queue_job``), adds N knowledge articles, then
rebuilds the full-text search index (jieba segmentation, CPU bound in Python):

1. inline, in this process, as the weekly cron does without queue_job
   (rolled back);
2. split into jobs (``tz_queue.chunk_size`` articles each) executed by the
   queue_job runner of a prefork Odoo (``--workers=3 --load=base,web,queue_job``)
   with channel capacity 1;
3. the same with channel capacity 2.

Prints the three times (job runs: median of ``--rounds`` rounds after one
that warms the workers up), the ratio capacity 1 / capacity 2 (the speed-up) and the job
counts (none may fail). The machine has 2 cores: 2 is the most that
can help; other processes on the machine (other sessions' tests) take cores
too, so the ratio is a lower bound of what an idle machine gives.

    /work/main/var/venv/bin/python bench/tz_queue_speedup.py --db tzh_queue \
        [--articles 3000] [--chunk 250] [--port 18961]
"""

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import time
from pathlib import Path

from _odoo_env import ROOT, odoo_env, parser

WORDS = (
    "打印机 复印机 扫描仪 路由器 交换机 硒鼓 墨盒 墨粉 卡纸 进纸 搓纸轮 定影器 感光鼓 "
    "驱动程序 固件 升级 安装 故障 报错 维修 上门 远程 保修 发票 合同 售后 工程师 "
    "客户 反馈 处理 步骤 检查 更换 清洁 重启 网络 连接 设置 参数 型号 批次"
).split()
PG = {"PGPASSWORD": "odoo"}


def odoo_cmd(args, *extra):
    import odoo  # noqa: PLC0415  (only importable in the Python that runs Odoo)

    core = Path(odoo.__file__).resolve().parent.parent / "addons"
    return [
        "odoo",
        "-c",
        str(ROOT / "odoo.conf"),
        f"--addons-path={ROOT / 'addons'},{core}",
        "--db_host=127.0.0.1",
        "--db_user=odoo",
        "--db_password=odoo",
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
        f"--http-port={args.port}",
        f"--gevent-port={args.port + 1}",
        "--max-cron-threads=0",
        *extra,
    ]


_REGISTRY = {}


@contextlib.contextmanager
def env_of(args, commit=False):
    """An environment on a new cursor (Odoo's configuration is parsed once
    per process: ``odoo_env`` opens the registry the first time)."""
    if "registry" not in _REGISTRY:
        with odoo_env(args) as env:
            _REGISTRY["registry"] = env.registry
    import odoo  # noqa: PLC0415

    with _REGISTRY["registry"].cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            yield env
        finally:
            if commit:
                cr.commit()
            else:
                cr.rollback()


def make_db(args):
    env = dict(os.environ, **PG)
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "odoo", "--if-exists", args.db],
        check=True,
        env=env,
    )
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "odoo", "-T", "tz_demo", args.db],
        check=True,
        env=env,
    )
    store = Path.home() / ".local/share/Odoo/filestore"
    shutil.rmtree(store / args.db, ignore_errors=True)
    if (store / "tz_demo").is_dir():
        shutil.copytree(store / "tz_demo", store / args.db)
    log = Path(f"/tmp/{args.db}_install.log")
    with log.open("w") as out:
        subprocess.run(
            odoo_cmd(args, "-i", "tz_queue", "--stop-after-init"),
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )


def add_articles(args):
    import random  # noqa: PLC0415

    rnd = random.Random(16)
    with env_of(args, commit=True) as env:
        vals = []
        for i in range(args.articles):
            body = "，".join(
                "".join(rnd.choice(WORDS) for _w in range(6)) for _s in range(30)
            )
            vals.append(
                {
                    "name": f"{rnd.choice(WORDS)}{rnd.choice(WORDS)}问题 {i}",
                    "body": f"<p>{body}。</p>",
                }
            )
        Article = env["tz.kb.article"].with_context(tracking_disable=True)
        for start in range(0, len(vals), 500):
            Article.create(vals[start : start + 500])
        return env["tz.kb.article"].search_count([])


def inline_run(args):
    with env_of(args) as env:
        t0 = time.perf_counter()
        count = (
            env["tz.service.request"]
            .with_context(tz_queue_inline=True)
            ._cron_rebuild_search_index()
        )
        env.flush_all()
        return time.perf_counter() - t0, count


def job_run(args, capacity):
    env = dict(
        os.environ,
        ODOO_QUEUE_JOB_CHANNELS=f"root:{capacity},root.tz:{capacity}",
        ODOO_QUEUE_JOB_HOST="127.0.0.1",
        ODOO_QUEUE_JOB_PORT=str(args.port),
    )
    log = Path(f"/tmp/{args.db}_jobs_{capacity}.log")
    out = log.open("w")
    server = subprocess.Popen(
        odoo_cmd(
            args,
            "--workers=3",
            "--load=base,web,queue_job",
            "--limit-time-real=1800",
            "--limit-time-cpu=1800",
            "--limit-memory-soft=4294967296",
            "--limit-memory-hard=5368709120",
        ),
        stdout=out,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 180
        while "queue job runner ready for db" not in log.read_text():
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError(f"the job runner did not start, see {log}")
            time.sleep(1)
        # round 1 warms the workers up (each loads jieba's dictionary on its
        # first segmentation, ~3 s); the median of the next rounds is kept
        wait_jobs(args)
        rounds = [wait_jobs(args) for _round in range(args.rounds)]
        seconds = statistics.median(r[0] for r in rounds)
        states = rounds[-1][1]
        with env_of(args) as odoo:
            odoo.cr.execute(
                "SELECT count(DISTINCT worker_pid) FROM queue_job"
                " WHERE channel = 'root.tz'"
            )
            pids = odoo.cr.fetchone()[0]
        return seconds, states, pids
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)
        out.close()


def wait_jobs(args):
    """Enqueue the rebuild, wait until every job is done or failed."""
    with env_of(args, commit=True) as odoo:
        odoo["queue.job"].search([]).unlink()
        odoo.cr.commit()
        t0 = time.perf_counter()
        # this script does not load queue_job server-wide: force the split
        odoo["tz.service.request"].with_context(
            tz_queue_force=True
        )._cron_rebuild_search_index()
    with env_of(args) as odoo:
        while True:
            odoo.cr.execute(
                "SELECT state, count(*) FROM queue_job"
                " WHERE channel = 'root.tz' GROUP BY state"
            )
            states = dict(odoo.cr.fetchall())
            odoo.cr.rollback()
            if not set(states) - {"done", "failed"}:
                return time.perf_counter() - t0, states
            if time.perf_counter() - t0 > 1800:
                raise RuntimeError(f"jobs still running: {states}")
            time.sleep(0.1)


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=3000)
    p.add_argument("--chunk", type=int, default=250)
    p.add_argument("--port", type=int, default=18961)
    p.add_argument("--rounds", type=int, default=3, help="measured rounds")
    p.add_argument("--skip-setup", action="store_true")
    args = p.parse_args()
    if not args.skip_setup:
        t0 = time.perf_counter()
        make_db(args)
        total = add_articles(args)
        print(f"set-up: {total} articles in {time.perf_counter() - t0:.0f} s")
    with env_of(args, commit=True) as env:
        env["ir.config_parameter"].set_param("tz_queue.chunk_size", str(args.chunk))
    inline, count = inline_run(args)
    print(f"inline rebuild (no queue)      : {inline:7.1f} s  ({count} records)")
    one, states1, pids1 = job_run(args, 1)
    print(
        f"jobs, capacity 1               : {one:7.1f} s  {states1} on {pids1} workers"
    )
    two, states2, pids2 = job_run(args, 2)
    print(
        f"jobs, capacity 2               : {two:7.1f} s  {states2} on {pids2} workers"
    )
    print(f"speed-up 2 job workers vs 1    : {one / two:.2f}x")
    print(f"capacity 2 vs inline           : {inline / two:.2f}x")
    print(f"load average now: {os.getloadavg()}  (2 cores; other sessions share it)")


if __name__ == "__main__":
    main()
