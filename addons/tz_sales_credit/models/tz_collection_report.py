import base64

from odoo import _, api, fields, models, tools
from odoo.tools import SQL

from ..lib import collection

BUCKET_SELECTION = [
    ("not_due", "Not Due"),
    ("1_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("90_plus", "90+ Days"),
]


class TzCollectionAgingReport(models.Model):
    _name = "tz.collection.aging.report"
    _description = "Receivable Aging (账龄分析)"
    _auto = False
    _order = "date_due"
    # flushed before the view is read
    _depends = {
        "account.move": [
            "state",
            "move_type",
            "payment_state",
            "commercial_partner_id",
            "invoice_user_id",
            "team_id",
            "company_id",
            "invoice_date_due",
            "amount_residual_signed",
        ],
        "tz.collection.plan": ["invoice_id"],
    }

    invoice_id = fields.Many2one("account.move", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    days_overdue = fields.Integer(readonly=True, aggregator="max")
    bucket = fields.Selection(BUCKET_SELECTION, string="Aging Bucket", readonly=True)
    amount_residual = fields.Monetary(string="Open Amount", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue Amount", readonly=True)
    plan_id = fields.Many2one("tz.collection.plan", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
              SELECT m.id AS id,
                     m.id AS invoice_id,
                     m.commercial_partner_id AS partner_id,
                     m.invoice_user_id AS user_id,
                     m.team_id AS team_id,
                     m.company_id AS company_id,
                     c.currency_id AS currency_id,
                     m.invoice_date_due AS date_due,
                     CURRENT_DATE - m.invoice_date_due AS days_overdue,
                     CASE WHEN CURRENT_DATE - m.invoice_date_due <= 0 THEN 'not_due'
                          WHEN CURRENT_DATE - m.invoice_date_due <= 30 THEN '1_30'
                          WHEN CURRENT_DATE - m.invoice_date_due <= 60 THEN '31_60'
                          WHEN CURRENT_DATE - m.invoice_date_due <= 90 THEN '61_90'
                          ELSE '90_plus' END AS bucket,
                     m.amount_residual_signed AS amount_residual,
                     CASE WHEN m.invoice_date_due < CURRENT_DATE
                          THEN m.amount_residual_signed ELSE 0 END AS amount_overdue,
                     p.id AS plan_id
                FROM account_move m
                JOIN res_company c ON c.id = m.company_id
           LEFT JOIN tz_collection_plan p ON p.invoice_id = m.id
               WHERE m.state = 'posted'
                 AND m.move_type IN ('out_invoice', 'out_refund')
                 AND m.payment_state NOT IN ('paid', 'in_payment', 'reversed')
                 AND m.amount_residual_signed != 0
            )
            """,
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _read_group_orderby(self, order, groupby_terms, query):
        """Aging buckets in aging order (Not Due, 1-30 ... 90+), not in the
        alphabetical order of their keys, in pivot, graph and grouped lists."""
        if "bucket" in groupby_terms:
            groupby_terms = dict(
                groupby_terms, bucket=self._tz_bucket_rank(groupby_terms["bucket"])
            )
        return super()._read_group_orderby(order, groupby_terms, query)

    @api.model
    def _tz_bucket_rank(self, column):
        """SQL rank of a bucket column: its position in BUCKET_SELECTION."""
        whens = SQL(" ").join(
            SQL("WHEN %s THEN %s", key, rank)
            for rank, (key, _label) in enumerate(BUCKET_SELECTION)
        )
        return SQL("CASE %s %s END", column, whens)

    @api.model
    def _tz_aging_lines(self, domain=None):
        """(customer, salesperson, days overdue, amount) of the open receivables
        visible to the user, days counted from today in the user's timezone."""
        today = fields.Date.context_today(self)
        lines = []
        for row in self.search_fetch(
            domain or [], ["partner_id", "user_id", "date_due", "amount_residual"]
        ):
            days = (today - row.date_due).days if row.date_due else 0
            lines.append(
                (
                    row.partner_id.display_name,
                    row.user_id.name or "",
                    days,
                    row.amount_residual,
                )
            )
        return lines

    @api.model
    def _tz_aging_xlsx(self, domain=None):
        lang = self.env.lang or self.env.user.lang or "en_US"
        return collection.aging_xlsx(
            self._tz_aging_lines(domain), lang=lang, title=_("Aging")
        )

    @api.model
    def action_export_xlsx(self, domain=None):
        data = self._tz_aging_xlsx(domain)
        name = _("Receivable Aging %(date)s.xlsx", date=fields.Date.context_today(self))
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "datas": base64.b64encode(data),
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
                "res_model": self._name,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }


class TzCollectionMonthReport(models.Model):
    _name = "tz.collection.month.report"
    _description = "Collected vs Planned (回款计划与实际)"
    _auto = False
    _order = "date desc"
    # flushed before the view is read
    _depends = {
        "tz.collection.plan": [
            "promised_date",
            "promised_amount",
            "state",
            "partner_id",
            "user_id",
            "company_id",
            "invoice_id",
        ],
        "account.move.line": ["move_id"],
        "account.partial.reconcile": [
            "debit_move_id",
            "credit_move_id",
            "amount",
            "max_date",
        ],
        "account.move": ["move_type"],
    }

    kind = fields.Selection(
        [("planned", "Planned (Promised)"), ("collected", "Collected")],
        string="Type",
        readonly=True,
    )
    date = fields.Date(readonly=True)
    plan_id = fields.Many2one("tz.collection.plan", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Collector", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
              SELECT row_number() OVER (ORDER BY u.kind, u.date, u.plan_id) AS id,
                     u.*
                FROM (
                  SELECT 'planned' AS kind, p.promised_date AS date, p.id AS plan_id,
                         p.partner_id, p.user_id, p.company_id,
                         c.currency_id, p.promised_amount AS amount
                    FROM tz_collection_plan p
                    JOIN res_company c ON c.id = p.company_id
                   WHERE p.promised_date IS NOT NULL AND p.state != 'cancel'
                  UNION ALL
                  SELECT 'collected', apr.max_date, p.id, p.partner_id, p.user_id,
                         p.company_id, c.currency_id, apr.amount
                    FROM tz_collection_plan p
                    JOIN res_company c ON c.id = p.company_id
                    JOIN account_move_line dl ON dl.move_id = p.invoice_id
                    JOIN account_partial_reconcile apr ON apr.debit_move_id = dl.id
                    JOIN account_move_line cl ON cl.id = apr.credit_move_id
                    JOIN account_move cm ON cm.id = cl.move_id
                   WHERE cm.move_type = 'entry'
                ) u
            )
            """,
                SQL.identifier(self._table),
            )
        )
