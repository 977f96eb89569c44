"""Locust users for the tz load test (issue #16): real Odoo users over JSON-RPC,
the way the web client calls Odoo (/web/session/authenticate, /web/dataset/call_kw).

Reads var/load/<db>_setup.json written by make_db.py (env LOAD_SETUP).
Business refusals (credit limit) are successes with their own name; a request
fails when Odoo answers an error the user did not cause (server error,
serialization/deadlock, "try again", access error...).

Salespeople take in turn, order by order: a warm customer (far from its
limit) in the company with tz credit control ("sale: confirm"), the same
customers in the control company with the credit policy off ("sale: confirm
(credit off)"), so that run.py compares the confirmation times of both sides
under the same load; and a hot customer near its limit ("sale: confirm (near
the limit)", refusals and approval requests).
"""

import itertools
import json
import os
import random
from datetime import date, timedelta

from locust import HttpUser, between, events, task

SETUP = json.loads(open(os.environ["LOAD_SETUP"], encoding="utf-8").read())
DB = SETUP["db"]
_counters = {role: itertools.count() for role in SETUP["users"]}
BUSINESS_ERRORS = ("odoo.exceptions.RedirectWarning",)


class OdooRpcError(Exception):
    pass


KB_TERMS = {
    n: [t for t in SETUP["kb_terms"] if min(len(t), 4) == n] for n in range(1, 5)
}
NEAR_THE_LIMIT = " (near the limit)"
# seconds a user thinks between two actions (run.py --think)
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "3,10").split(","))


class OdooUser(HttpUser):
    abstract = True
    role = None
    wait_time = between(*THINK)

    def on_start(self):
        users = SETUP["users"][self.role]
        self.login_info = users[next(_counters[self.role]) % len(users)]
        self.uid = self.login_info["id"]
        self._id = 0
        res = self.rpc(
            "/web/session/authenticate",
            {
                "db": DB,
                "login": self.login_info["login"],
                "password": self.login_info["password"],
            },
            name="login",
        )
        self.odoo_ctx = (res or {}).get("user_context", {})

    def rpc(self, url, params, name, business=BUSINESS_ERRORS, business_name=None):
        """POST a JSON-RPC call; returns result, or raises OdooRpcError
        (reported as failure unless its exception class is in ``business``;
        then under ``business_name`` when given)."""
        self._id += 1
        with self.client.post(
            url,
            json={"jsonrpc": "2.0", "method": "call", "id": self._id, "params": params},
            name=name,
            catch_response=True,
        ) as resp:
            try:
                body = resp.json()
            except ValueError:
                resp.failure(f"HTTP {resp.status_code}")
                raise OdooRpcError(f"HTTP {resp.status_code}") from None
            if "error" in body:
                data = body["error"].get("data", {})
                exc_name = data.get("name", "")
                msg = data.get("message", "")
                if exc_name in business:
                    if business_name:
                        resp.request_meta["name"] = business_name
                    resp.success()
                else:
                    resp.failure(f"{exc_name}: {msg[:200]}")
                raise OdooRpcError(exc_name, msg)
            resp.success()
            return body.get("result")

    def call(self, model, method, args=(), kwargs=None, name=None, **kw):
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", self.odoo_ctx)
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
            name=name or f"{model}.{method}",
            **kw,
        )


class Salesperson(OdooUser):
    """Creates and confirms 1 000 orders for the shared hot customers,
    alternately in the credit-controlled company and in the control company
    (credit policy off)."""

    role = "sales"
    weight = 12

    def on_start(self):
        super().on_start()
        # (company, customers, name suffix), taken in turn: an order for a
        # warm customer (far from its limit) with the credit policy on, the
        # same with it off, and one for a hot customer (near its limit)
        on, off = SETUP["company_id"], SETUP.get("control_company_id")
        warm = SETUP.get("warm_partner_ids")
        sides = [(on, SETUP["hot_partner_ids"], NEAR_THE_LIMIT)]
        if off and warm:
            sides += [(on, warm, ""), (off, warm, " (credit off)")]
        sides = sides[self.uid % len(sides) :] + sides[: self.uid % len(sides)]
        self.sides = itertools.cycle(sides)
        # the web client's company switcher: the active company first
        self.company_ctx = {
            cid: dict(self.odoo_ctx, allowed_company_ids=[cid]) for cid in (on, off)
        }

    @task(5)
    def create_and_confirm(self):
        company_id, customers, suffix = next(self.sides)
        ctx = self.company_ctx[company_id]
        partner = random.choice(customers)
        oid = self.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": partner,
                    "company_id": company_id,
                    # else the customer's salesperson (own-documents rule)
                    "user_id": self.uid,
                    "order_line": [
                        [
                            0,
                            0,
                            {
                                "product_id": SETUP["product_id"],
                                "product_uom_qty": 1,
                                "price_unit": SETUP["order_amount"],
                            },
                        ]
                    ],
                }
            ],
            {"context": ctx},
            name=f"sale: create order{suffix}",
        )
        near = suffix == NEAR_THE_LIMIT
        try:
            # near the limit, a refusal is an outcome with its own row (the
            # confirm rows time orders that got confirmed); elsewhere (far
            # from the limit, credit policy off) a refusal is a failure
            self.call(
                "sale.order",
                "action_confirm",
                [[oid]],
                {"context": ctx},
                name=f"sale: confirm{suffix}",
                **(
                    {"business_name": "sale: confirm refused (credit limit)"}
                    if near
                    else {"business": ()}
                ),
            )
        except OdooRpcError as exc:
            if not near or exc.args[0] not in BUSINESS_ERRORS:
                return
            # refused for the limit: ask for an approval like the form's button
            try:
                aid = self.call(
                    "tz.credit.approval",
                    "create",
                    [{"sale_order_id": oid, "request_note": "压测：客户急需"}],
                    {"context": ctx},
                    name="sale: request approval",
                )
                self.call(
                    "tz.credit.approval",
                    "action_submit",
                    [[aid]],
                    {"context": ctx},
                    name="sale: submit approval",
                )
            except OdooRpcError:
                pass

    @task(1)
    def confirm_approved(self):
        rows = self.call(
            "tz.credit.approval",
            "search_read",
            [
                [
                    ("state", "=", "approved"),
                    ("consumed_date", "=", False),
                    ("requested_by_id", "=", self.uid),
                ]
            ],
            {"fields": ["sale_order_id"], "limit": 3},
            name="sale: approved requests",
        )
        for row in rows or []:
            try:
                self.call(
                    "sale.order",
                    "action_confirm",
                    [[row["sale_order_id"][0]]],
                    name="sale: confirm approved",
                )
            except OdooRpcError:
                pass


class Collector(OdooUser):
    role = "collector"
    weight = 6

    @task
    def desk(self):
        res = self.call(
            "tz.collection.plan",
            "web_search_read",
            [],
            {
                "domain": [
                    ("user_id", "=", self.uid),
                    ("state", "in", ("open", "promised")),
                ],
                "specification": {
                    "name": {},
                    "partner_id": {"fields": {"display_name": {}}},
                    "date_due": {},
                    "amount_residual": {},
                    "state": {},
                    "level_id": {"fields": {"display_name": {}}},
                    "next_action_date": {},
                },
                "limit": 80,
            },
            name="collector: desk",
        )
        records = (res or {}).get("records") or []
        if not records:
            return
        plan = random.choice(records)
        promised = random.random() < 0.4
        vals = {
            "plan_id": plan["id"],
            "result": "promised" if promised else "reached",
            "note": "压测电话",
        }
        if promised:
            vals["promised_date"] = str(date.today() + timedelta(days=7))
            vals["promised_amount"] = max(1.0, (plan.get("amount_residual") or 100) / 2)
        try:
            wid = self.call(
                "tz.collection.call.wizard",
                "create",
                [vals],
                name="collector: call wizard",
            )
            self.call(
                "tz.collection.call.wizard",
                "action_confirm",
                [[wid]],
                name="collector: promise" if promised else "collector: log call",
            )
        except OdooRpcError:
            pass


class ServiceAgent(OdooUser):
    role = "service"
    weight = 8

    @task(4)
    def kb_search(self):
        # as many 1, 2, 3 and 4 character searches (4: four or more)
        length = random.randint(1, 4)
        term = random.choice(KB_TERMS[length] or SETUP["kb_terms"])
        self.call(
            "tz.kb.article",
            "web_search_read",
            [],
            {
                "domain": [("fts_query", "ilike", term)],
                "specification": {"name": {}, "state": {}, "article_type": {}},
                "limit": 20,
            },
            name="service: KB search",
        )

    @task(1)
    def open_request(self):
        if not SETUP["service_request_ids"]:
            return
        rid = random.choice(SETUP["service_request_ids"])
        try:
            self.call(
                "tz.service.request",
                "web_read",
                [[rid]],
                {
                    "specification": {
                        "name": {},
                        "partner_id": {"fields": {"display_name": {}}},
                        "stage_id": {"fields": {"display_name": {}}},
                    }
                },
                name="service: open request",
            )
        except OdooRpcError:
            pass


class DocsUser(OdooUser):
    role = "docs"
    weight = 6

    @task(4)
    def pinyin_search(self):
        self.last = self.call(
            "tz.directory.person",
            "web_search_read",
            [],
            {
                "domain": [
                    ("pinyin_query", "ilike", random.choice(SETUP["pinyin_initials"]))
                ],
                "specification": {"name": {}, "mobile": {}, "email": {}},
                "limit": 80,
            },
            name="docs: pinyin search",
        )

    @task(1)
    def export(self):
        res = self.call(
            "tz.directory.person",
            "web_search_read",
            [],
            {
                "domain": [
                    ("pinyin_query", "ilike", random.choice(SETUP["pinyin_initials"]))
                ],
                "specification": {"name": {}},
                "limit": 80,
            },
            name="docs: pinyin search",
        )
        ids = [r["id"] for r in (res or {}).get("records", [])]
        if not ids:
            return
        # like the web client's download: POST to the read-only route (served
        # by the replica) with the csrf token of the web client page
        # (odoo.csrf_token, valid as long as the session)
        if not getattr(self, "csrf_token", None):
            page = self.client.get("/odoo", name="docs: web client (csrf token)")
            self.csrf_token = page.text.partition('csrf_token: "')[2].partition('"')[0]
        with self.client.post(
            "/tz_docs_center/export/xlsx",
            data={
                "model": "tz.directory.person",
                "ids": json.dumps(ids),
                "context": json.dumps(self.odoo_ctx),
                "csrf_token": self.csrf_token,
            },
            name="docs: export xlsx",
            catch_response=True,
        ) as resp:
            if resp.status_code == 200 and resp.content[:2] == b"PK":
                resp.success()
            else:
                self.csrf_token = None
                resp.failure(f"HTTP {resp.status_code}: {resp.text[:200]}")


class CreditManager(OdooUser):
    role = "credit_mgr"
    weight = 1
    fixed_count = 1
    wait_time = between(1, 3)

    @task
    def approve(self):
        rows = self.call(
            "tz.credit.approval",
            "search_read",
            [[("state", "=", "pending")]],
            {"fields": ["id"], "limit": 5},
            name="manager: pending approvals",
        )
        for row in rows or []:
            try:
                self.call(
                    "tz.credit.approval",
                    "action_approve",
                    [[row["id"]]],
                    name="manager: approve",
                )
            except OdooRpcError:
                pass


@events.init_command_line_parser.add_listener
def _(parser):
    parser.add_argument("--odoo-db", default=DB, help="informational")
