"""Generate the load-test database (issue #16) from a copy of ``tz_demo``.

Creates, in the Chinese company of the demo database (and a second one):

* role users (password = login): ``load_sales_NN`` (Sales / own documents +
  credit user), ``load_collector_NN`` (credit user), ``load_service_NN``
  (service user), ``load_docs_NN`` (Docs user), ``load_credit_mgr`` (credit
  manager + sales manager);
* >= 200 customers with credit limits; the first ``--hot`` ones are the shared
  "hot" customers of the salespeople: no overdue invoice, limit = exposure +
  10 x the standard order amount (1 000), so that they run out during the load;
  they belong to no company, so that the salespeople also sell to them in
  the second company;
* a second company ``对照公司（信用控制关闭）`` (CNY, chart ``cn``, the standard
  credit limit on but tz credit control off: ``tz_credit_block = False``, no
  overdue hold), the control side of the confirmation-time budget; the
  salespeople have access to both companies, the product (no taxes) is shared;
* ``--warm`` "warm" customers (no company, far from their limit in both
  companies): the orders of the credit on / off comparison;
* ``--bursts`` "burst" customers (limit 10 000, nothing open), one per run of
  the 20-at-once confirmation burst of run.py;
* >= 20 000 posted customer invoices (header + product line + receivable line,
  unreconciled, cloned by SQL from one invoice posted by the ORM, so the
  receivable balance / ``credit`` of the partners is consistent); for the
  other customers half of them are overdue (1-120 days) and get collection
  plans from the collection run;
* >= 20 000 published KB articles (jieba tokens, like bench/tz_service_search.py);
* >= 50 000 directory persons (pinyin keys, like bench/tz_docs_center_search.py).

Usage (Odoo's Python)::

    createdb -h 127.0.0.1 -U odoo -T tz_demo tzh_load
    python bench/load/make_db.py --db tzh_load [--scale 0.1]

Writes the users and customers it made to var/load/<db>_setup.json for the
locustfile and the invariants.
"""

import itertools
import json
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _odoo_env import ROOT, odoo_env, parser

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文辉鹏飞晓东海燕春梅宇航晨阳子涵欣怡浩然思远"  # noqa: E501
KB_WORDS = (
    "打印机 卡纸 墨盒 更换 网络 连接 无法 登录 密码 重置 发票 开具 退货 流程 "
    "安装 驱动 系统 升级 报错 蓝屏 电源 指示灯 闪烁 保修 期限 维修 上门 服务 "
    "扫描 复印 传真 无线 路由器 设置 账号 权限 审批 报销 合同 签署 物流 配送 "
    "延迟 客户 投诉 处理 库存 查询 订单 取消 修改 地址 价格 优惠 会员 积分 "
    "空调 制冷 漏水 噪音 清洗 滤网 显示器 黑屏 键盘 鼠标 失灵 电池 充电 发热"
).split()


def kb_terms():
    """What service agents type: 1 to 4 characters (search as you type:
    "打", "打印", "打印机", "网络连接"), and a longer phrase."""
    pairs = [a + b for a, b in itertools.pairwise(KB_WORDS) if len(a) == len(b) == 2]
    return sorted(
        {w[:n] for w in KB_WORDS for n in (1, 2)}
        | set(KB_WORDS)
        | {p[:3] for p in pairs}
        | set(pairs)
        | {"打印机卡纸"}
    )


def clone_rows(cr, table, override, where, extra_from="", params=None):
    """INSERT INTO table SELECT <columns with overrides> FROM table t ... ."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name != 'id'",
        (table,),
    )
    columns = [r[0] for r in cr.fetchall()]
    select = [override.get(c, f't."{c}"') for c in columns]
    cr.execute(
        f"""INSERT INTO {table} ({", ".join(f'"{c}"' for c in columns)})
            SELECT {", ".join(select)} FROM {table} t {extra_from} WHERE {where}
            RETURNING id""",
        params or {},
    )
    return [r[0] for r in cr.fetchall()]


CONTROL_COMPANY = "对照公司（信用控制关闭）"


def make_control_company(env, main):
    """The company with the tz credit policy off (see
    ``sale.order._tz_credit_evaluate``: without ``tz_credit_block`` a
    confirmation takes no figures and no lock), otherwise set up like ``main``."""
    company = env["res.company"].search([("name", "=", CONTROL_COMPANY)])
    if not company:
        company = env["res.company"].create(
            {
                "name": CONTROL_COMPANY,
                "currency_id": main.currency_id.id,
                "country_id": main.country_id.id,
            }
        )
        if main.chart_template:
            env["account.chart.template"].try_loading(
                main.chart_template, company, install_demo=False
            )
    Warehouse = env["stock.warehouse"].sudo()
    if not Warehouse.search([("company_id", "=", company.id)]):
        # stock makes a company's warehouse in tests only: as in main, the
        # confirmation makes a delivery
        main_wh = Warehouse.search([("company_id", "=", main.id)], limit=1)
        Warehouse.create(
            {
                "name": "对照仓库",
                "code": "DZ",
                "company_id": company.id,
                "partner_id": company.partner_id.id,
                "delivery_steps": main_wh.delivery_steps or "ship_only",
            }
        )
    company.write(
        {
            "account_use_credit_limit": main.account_use_credit_limit,
            "tz_credit_order_basis": main.tz_credit_order_basis,
            "tz_credit_include_draft_invoices": main.tz_credit_include_draft_invoices,
            "tz_credit_block": False,
            "tz_overdue_block_days": 0,
        }
    )
    return company


def make_users(env, n_sales, n_coll, n_service, n_docs):
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    company = env.ref("base.main_company")
    g = env.ref
    roles = {
        "sales": [g("base.group_user"), g("sales_team.group_sale_salesman")],
        "collector": [g("base.group_user"), g("tz_sales_credit.group_tz_credit_user")],
        "service": [g("base.group_user"), g("tz_service.group_tz_service_user")],
        "docs": [g("base.group_user"), g("tz_docs_center.group_docs_user")],
        "credit_mgr": [
            g("base.group_user"),
            g("tz_sales_credit.group_tz_credit_manager"),
            g("sales_team.group_sale_manager"),
        ],
    }
    counts = {
        "sales": n_sales,
        "collector": n_coll,
        "service": n_service,
        "docs": n_docs,
        "credit_mgr": 1,
    }
    out = {}
    for role, n in counts.items():
        out[role] = []
        for i in range(n):
            login = f"load_{role}_{i:02d}"
            user = Users.search([("login", "=", login)])
            if not user:
                user = Users.create(
                    {
                        "name": f"压测{role}{i:02d}",
                        "login": login,
                        "password": login,
                        # chatter messages need a sender address
                        "email": f"{login}@example.cn",
                        "company_id": company.id,
                        "company_ids": [(6, 0, [company.id])],
                        "groups_id": [(6, 0, [x.id for x in roles[role]])],
                        "lang": "zh_CN"
                        if env["res.lang"]._lang_get("zh_CN")
                        else "en_US",
                        "tz": "Asia/Shanghai",
                    }
                )
            out[role].append({"id": user.id, "login": login, "password": login})
    return out


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument(
        "--hot", type=int, default=10, help="shared customers near their limit"
    )
    p.add_argument(
        "--warm",
        type=int,
        default=10,
        help="shared customers far from their limit (credit on / off comparison)",
    )
    p.add_argument(
        "--bursts",
        type=int,
        default=5,
        help="customers for the 20-at-once burst (one per run.py run)",
    )
    p.add_argument("--seed", type=int, default=16)
    args = p.parse_args()
    s = args.scale
    n_cust = max(50, int(200 * s)) if s < 1 else 200
    n_inv = max(500, int(20000 * s))
    n_kb = max(500, int(20000 * s))
    n_dir = max(1000, int(50000 * s))
    rng = random.Random(args.seed)
    from odoo import Command, fields  # noqa: PLC0415

    with odoo_env(args, commit=True) as env:
        env = env(
            context={
                "tracking_disable": True,
                "mail_create_nolog": True,
                "mail_notrack": True,
            }
        )
        company = env.ref("base.main_company")
        env = env(context=dict(env.context, allowed_company_ids=[company.id]))
        cr = env.cr
        today = fields.Date.context_today(env["res.partner"])
        t0 = time.perf_counter()
        # 20 salespeople: the burst needs 20 different ones
        users = make_users(env, 20, 6, 8, 6)
        control = make_control_company(env, company)
        env["res.users"].browse([u["id"] for u in users["sales"]]).write(
            {"company_ids": [Command.link(control.id)]}
        )
        # load users must not depend on a mail server / OdooBot onboarding
        env["res.users"].browse([u["id"] for r in users.values() for u in r]).write(
            {"notification_type": "inbox"}
        )
        print(
            f"users: {sum(len(v) for v in users.values())}"
            f" ({time.perf_counter() - t0:.1f}s)"
        )

        # ---------------------------------------------------------- customers
        t0 = time.perf_counter()
        collectors = [u["id"] for u in users["collector"]]
        sales = [u["id"] for u in users["sales"]]
        partners = env["res.partner"].create(
            [
                {
                    "name": f"压测客户{i:04d}{rng.choice(SURNAMES)}"
                    f"{rng.choice(GIVEN)}贸易有限公司",
                    "is_company": True,
                    "customer_rank": 1,
                    "company_id": company.id,
                    "email": f"load{i}@example.cn",
                    "user_id": sales[i % len(sales)],
                }
                for i in range(n_cust)
            ]
        )
        for i, partner in enumerate(partners):
            partner.with_company(company).tz_collector_id = collectors[
                i % len(collectors)
            ]
        # the hot customers are shared accounts (no salesperson): every
        # salesperson may sell to them (tz_crm_ext's own-customers rule)
        # they belong to no company: sold in the control company too
        partners[: args.hot].write({"user_id": False, "company_id": False})
        # burst customers: shared accounts too, nothing open, limit 10 000
        burst = env["res.partner"].create(
            [
                {
                    "name": f"压测并发客户{i:02d}{rng.choice(SURNAMES)}"
                    f"{rng.choice(GIVEN)}商贸有限公司",
                    "is_company": True,
                    "customer_rank": 1,
                    "company_id": company.id,
                    "email": f"load-burst{i}@example.cn",
                }
                for i in range(args.bursts)
            ]
        )
        # "warm" customers: shared, no company, far from their limit in
        # both companies: the orders compared with the credit policy on and
        # off (the same customers, the same work but the credit check)
        warm = env["res.partner"].create(
            [
                {
                    "name": f"压测常规客户{i:02d}{rng.choice(SURNAMES)}"
                    f"{rng.choice(GIVEN)}贸易有限公司",
                    "is_company": True,
                    "customer_rank": 1,
                    "email": f"load-warm{i}@example.cn",
                }
                for i in range(args.warm)
            ]
        )
        # one product in both companies, without taxes in either
        product = env["product.product"].create(
            {
                "name": "压测办公椅",
                "type": "consu",
                "list_price": 1000.0,
                "taxes_id": [Command.clear()],
                "company_id": False,
            }
        )
        # account gives a product of no company the default taxes of the
        # other companies at creation: take them off again
        product.sudo().write({"taxes_id": [Command.clear()]})
        assert not product.sudo().taxes_id, "the load product must carry no taxes"

        print(f"customers: {n_cust} ({time.perf_counter() - t0:.1f}s)")

        # ---------------------------------------------------------- invoices
        t0 = time.perf_counter()
        template = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partners[-1].id,
                "company_id": company.id,
                "invoice_date": today - timedelta(days=40),
                "invoice_date_due": today + timedelta(days=30),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        template.action_post()
        env.flush_all()
        hot = partners[: args.hot]
        cold = partners[args.hot :]
        # hot customers: invoices never overdue; cold: half overdue
        pids = cold.ids
        pid_arr = [hot.ids[i % len(hot)] for i in range(n_inv // 10)] + [
            pids[i % len(pids)] for i in range(n_inv - n_inv // 10)
        ]
        coll_of = {
            p.id: collectors[i % len(collectors)] for i, p in enumerate(partners)
        }
        user_arr = [coll_of[pid] for pid in pid_arr]
        hot_set = set(hot.ids)
        # due offset: hot -> +5..+60 days;
        # cold -> alternately overdue 1..120 / due later
        due_arr = [
            (5 + g % 55)
            if pid in hot_set
            else (-(1 + g % 120) if g % 2 else 5 + g % 55)
            for g, pid in enumerate(pid_arr, start=1)
        ]
        params = {
            "pids": pid_arr,
            "uids": user_arr,
            "dues": due_arr,
            "n": n_inv,
            "tid": template.id,
            "today": today,
        }
        move_ids = clone_rows(
            cr,
            "account_move",
            {
                "name": "'LOAD/' || lpad(g::text, 6, '0')",
                "partner_id": "(%(pids)s::int[])[g]",
                "commercial_partner_id": "(%(pids)s::int[])[g]",
                "invoice_user_id": "(%(uids)s::int[])[g]",
                "invoice_date_due": "%(today)s::date + (%(dues)s::int[])[g]",
                "invoice_date": "%(today)s::date + (%(dues)s::int[])[g] - 30",
                "date": "%(today)s::date + (%(dues)s::int[])[g] - 30",
                "sequence_prefix": "'LOAD/'",
                "sequence_number": "g",
                "payment_reference": "'LOAD/' || lpad(g::text, 6, '0')",
                "ref": "'load-' || g",
            },
            "t.id = %(tid)s",
            ", generate_series(1, %(n)s) g",
            params,
        )
        params["mids"] = move_ids
        clone_rows(
            cr,
            "account_move_line",
            {
                "move_id": "(%(mids)s::int[])[g]",
                "move_name": "'LOAD/' || lpad(g::text, 6, '0')",
                "partner_id": "(%(pids)s::int[])[g]",
                "date": "%(today)s::date + (%(dues)s::int[])[g] - 30",
                "invoice_date": "%(today)s::date + (%(dues)s::int[])[g] - 30",
                "date_maturity": "CASE WHEN t.date_maturity IS NULL THEN NULL"
                " ELSE %(today)s::date + (%(dues)s::int[])[g] END",
                "ref": "'load-' || g",
            },
            "t.move_id = %(tid)s",
            ", generate_series(1, %(n)s) g",
            params,
        )
        # invoice line <-> sale line links are not cloned (no such table rows)
        cr.execute("ANALYZE account_move; ANALYZE account_move_line")
        env.invalidate_all()
        print(
            f"invoices: {n_inv} posted, lines cloned ({time.perf_counter() - t0:.1f}s)"
        )

        # ---------------------------------------------------------- credit limits
        t0 = time.perf_counter()
        order_amount = 1000.0
        limits = {}
        for partner in partners:
            exposure = partner.with_company(company)._tz_credit_figures()["exposure"]
            room = 10 * order_amount if partner.id in hot_set else 50 * order_amount
            limits[partner.id] = round(exposure + room, 2)
            partner.credit_limit = limits[partner.id]
        for partner in hot:
            # same figures in the control company (not enforced there)
            partner.with_company(control).credit_limit = limits[partner.id]
        for partner in warm:
            limits[partner.id] = 10_000_000.0
            partner.credit_limit = limits[partner.id]
            partner.with_company(control).credit_limit = limits[partner.id]
        for partner in burst:
            limits[partner.id] = 10 * order_amount
            partner.credit_limit = limits[partner.id]
        env.flush_all()
        print(f"credit limits set ({time.perf_counter() - t0:.1f}s)")

        # ---------------------------------------------------------- KB articles
        t0 = time.perf_counter()
        from psycopg2.extras import execute_values  # noqa: PLC0415

        from odoo.addons.tz_service.lib import zh_search  # noqa: PLC0415

        rows = []
        for i in range(n_kb):
            title = "".join(rng.sample(KB_WORDS, 3)) + f"问题{i}"
            body = "，".join("".join(rng.sample(KB_WORDS, 4)) for _ in range(6)) + "。"
            rows.append(
                (
                    title,
                    f"<p>{body}</p>",
                    zh_search.index_tokens(title),
                    "",
                    zh_search.index_tokens(body),
                    company.id,
                )
            )
        execute_values(
            cr._obj,
            """INSERT INTO tz_kb_article (name, body, fts_title, fts_keywords, fts_body,
                   company_id, article_type, state, state_sequence, visibility, active,
                   version, view_count, helpful_count, unhelpful_count,
                   create_uid, write_uid, create_date, write_date)
               VALUES %s""",
            rows,
            template="(%s, %s, %s, %s, %s, %s, 'faq', 'published', 0, 'internal', true,"
            " 1, 0, 0, 0, 1, 1, now(), now())",
            page_size=2000,
        )
        cr.execute("ANALYZE tz_kb_article")
        print(f"KB articles: {n_kb} ({time.perf_counter() - t0:.1f}s)")

        # ---------------------------------------------------------- directory
        t0 = time.perf_counter()
        from odoo.addons.tz_docs_center.lib import pinyin_search  # noqa: PLC0415

        names = []
        dir_rows = []
        for i in range(n_dir):
            name = rng.choice(SURNAMES) + "".join(
                rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2)))
            )
            names.append(name)
            dir_rows.append(
                (
                    name,
                    f"+86139{i:08d}",
                    f"d{i}@example.cn",
                    f"d{i}@example.cn",
                    pinyin_search.search_text(name),
                    company.id,
                    1,
                    1,
                    f"+86139{i:08d}",
                )
            )
        execute_values(
            cr._obj,
            """INSERT INTO tz_directory_person (name, mobile, email, email_normalized,
                   pinyin_search, company_id, user_id, create_uid, phone_sanitized,
                   active, is_private, message_bounce, create_date, write_date,
                   write_uid)
               VALUES %s""",
            dir_rows,
            template="(%s,%s,%s,%s,%s,%s,%s,%s,%s,true,false,0,now(),now(),1)",
            page_size=5000,
        )
        cr.execute("ANALYZE tz_directory_person")
        initials = sorted(
            {pinyin_search.pinyin_variants(n)[0][1] for n in rng.sample(names, 300)}
        )
        print(f"directory persons: {n_dir} ({time.perf_counter() - t0:.1f}s)")

        # ---------------------------------------------------------- service requests
        reqs = env["tz.service.request"].search([], limit=50).ids
        setup = {
            "db": args.db,
            "scale": s,
            "company_id": company.id,
            "control_company_id": control.id,
            "users": users,
            "hot_partner_ids": hot.ids,
            "burst_partner_ids": burst.ids,
            "warm_partner_ids": warm.ids,
            "partner_ids": partners.ids,
            "limits": {str(k): v for k, v in limits.items()},
            "product_id": product.id,
            "order_amount": order_amount,
            "kb_terms": kb_terms(),
            "pinyin_initials": initials,
            "service_request_ids": reqs,
            "counts": {
                "customers": n_cust,
                "invoices": n_inv,
                "kb": n_kb,
                "directory": n_dir,
            },
        }
        out = ROOT / "var" / "load"
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{args.db}_setup.json").write_text(
            json.dumps(setup, ensure_ascii=False, indent=1)
        )
        print(f"setup written to {out / (args.db + '_setup.json')}")


if __name__ == "__main__":
    main()
