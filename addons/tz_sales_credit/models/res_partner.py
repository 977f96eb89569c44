from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang

from .tz_credit_lock import LOCK_WAIT_DEFAULT_MS, LOCK_WAIT_PARAM

CREDIT_MANAGER = "tz_sales_credit.group_tz_credit_manager"
CREDIT_USER = "tz_sales_credit.group_tz_credit_user"
# core fields that only credit managers may change
PROTECTED_CREDIT_FIELDS = {
    "credit_limit",
    "use_partner_credit_limit",
    "tz_credit_limit",
    "tz_overdue_block_days",
    "tz_collection_policy_id",
    "tz_collector_id",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    tz_overdue_block_days = fields.Integer(
        string="Overdue Hold after (days)",
        company_dependent=True,
        groups=CREDIT_USER,
        help="Hold confirmation when this customer has a posted invoice overdue by "
        "more than this number of days. 0 = use the company setting.",
        copy=False,
    )
    tz_credit_limit = fields.Float(
        string="Credit Limit (信用额度)",
        compute="_compute_tz_credit_limit",
        inverse="_inverse_tz_credit_limit",
        groups=CREDIT_USER,
        help="The standard credit limit of the customer (0 = no limit), in company "
        "currency. Only credit managers may change it.",
    )
    tz_credit_limit_temp_ids = fields.One2many(
        "tz.credit.limit.temp", "partner_id", string="Temporary Credit Limits"
    )
    tz_credit_approval_ids = fields.One2many(
        "tz.credit.approval", "partner_id", string="Credit Approvals"
    )
    tz_credit_temp_amount = fields.Monetary(
        string="Temporary Credit (临时额度)",
        compute="_compute_tz_credit_figures",
        currency_field="currency_id",
        groups=CREDIT_USER,
    )
    tz_credit_limit_total = fields.Monetary(
        string="Total Limit",
        compute="_compute_tz_credit_figures",
        currency_field="currency_id",
        groups=CREDIT_USER,
    )
    tz_credit_exposure = fields.Monetary(
        string="Credit Exposure (信用占用)",
        compute="_compute_tz_credit_figures",
        currency_field="currency_id",
        groups=CREDIT_USER,
        help="Receivable balance + confirmed orders not yet invoiced (+ draft "
        "invoices when the company counts them).",
    )
    tz_credit_available = fields.Monetary(
        string="Available Credit (可用额度)",
        compute="_compute_tz_credit_figures",
        currency_field="currency_id",
        groups=CREDIT_USER,
    )
    tz_credit_hold_message = fields.Text(
        string="Credit Hold",
        compute="_compute_tz_credit_figures",
        groups=CREDIT_USER,
    )
    tz_credit_approval_count = fields.Integer(
        string="Credit Approval Count",
        compute="_compute_tz_credit_approval_count",
        groups=CREDIT_USER,
    )

    def _compute_tz_credit_limit(self):
        for partner in self:
            partner.tz_credit_limit = partner.sudo().commercial_partner_id.credit_limit

    def _inverse_tz_credit_limit(self):
        self._tz_check_credit_manager()
        for partner in self:
            partner.sudo().commercial_partner_id.credit_limit = partner.tz_credit_limit

    @api.depends_context("company")
    def _compute_tz_credit_figures(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            check_data = commercial._tz_credit_check_data(
                figures=self.env.company.account_use_credit_limit,
                overdue_days=commercial._tz_overdue_days_effective(),
            )
            figures = commercial._tz_credit_figures(check_data=check_data)
            partner.tz_credit_temp_amount = figures["temp"]
            partner.tz_credit_limit_total = figures["limit_total"]
            partner.tz_credit_exposure = figures["exposure"]
            partner.tz_credit_available = (
                figures["limit_total"] - figures["exposure"]
                if figures["limit"]
                else 0.0
            )
            reasons = commercial.sudo()._tz_credit_hold_reasons(check_data=check_data)
            partner.tz_credit_hold_message = "\n".join(r["message"] for r in reasons)

    def _compute_tz_credit_approval_count(self):
        groups = self.env["tz.credit.approval"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.tz_credit_approval_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    @api.constrains("credit_limit")
    def _check_tz_credit_limit_positive(self):
        for partner in self.sudo():
            if partner.credit_limit < 0:
                raise ValidationError(
                    _(
                        "The credit limit of %(partner)s cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    @api.constrains("tz_overdue_block_days")
    def _check_tz_overdue_block_days(self):
        for partner in self.sudo():
            if partner.tz_overdue_block_days < 0:
                raise ValidationError(
                    _("The overdue hold days cannot be negative (0 = company setting).")
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(PROTECTED_CREDIT_FIELDS & set(vals) for vals in vals_list):
            self._tz_check_credit_manager()
        return super().create(vals_list)

    def write(self, vals):
        if PROTECTED_CREDIT_FIELDS & set(vals):
            self._tz_check_credit_manager()
        return super().write(vals)

    def action_tz_view_credit_approvals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_sales_credit.action_tz_credit_approval"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _tz_check_credit_manager(self):
        if self.env.su or self.env.user.has_group(CREDIT_MANAGER):
            return
        raise AccessError(
            _(
                "Only a Credit Manager can change credit limits and payment-term "
                "holds of customers."
            )
        )

    def _tz_overdue_days_effective(self):
        """Overdue hold days for this commercial partner in the current company."""
        self.ensure_one()
        days = self.sudo().tz_overdue_block_days
        return days if days > 0 else self.env.company.tz_overdue_block_days

    def _tz_credit_hold_reasons(self, order=None, check_data=None):
        """Reasons that hold new orders of this commercial partner.

        Returns a list of dicts ``{"code", "message", ...}`` evaluated in
        ``self.env.company``. ``check_data`` is the result of
        ``_tz_credit_check_data`` when the caller already has it. Other
        features extend it with ``super()`` (for example collection plans add
        their own credit hold).
        """
        self.ensure_one()
        reasons = []
        days = self._tz_overdue_days_effective()
        if days > 0:
            if not check_data or check_data["overdue_days"] != days:
                check_data = self._tz_credit_check_data(
                    figures=False, overdue_days=days
                )
            info = check_data["overdue"]
            if info["count"]:
                currency = self.env.company.currency_id
                reasons.append(
                    {
                        "code": "overdue",
                        "message": _(
                            "%(partner)s has %(count)s overdue invoice(s) "
                            "(%(names)s) for %(amount)s; the oldest is %(days)s days "
                            "past due (due %(due)s), more than the %(allowed)s days "
                            "allowed.",
                            partner=self.display_name,
                            count=info["count"],
                            names=", ".join(info["names"]),
                            amount=formatLang(
                                self.env, info["amount"], currency_obj=currency
                            ),
                            days=info["days"],
                            due=format_date(self.env, info["oldest_due"]),
                            allowed=days,
                        ),
                        **info,
                    }
                )
        return reasons

    def _tz_credit_check_data(self, figures=True, overdue_days=0, lock=False):
        """What the credit check needs from the database about this
        commercial partner in the current company, in ONE query (the
        ``tz_credit_check`` function, see ``tz_credit_lock.py``):

        * ``open_orders``: uninvoiced part of its confirmed orders less the
          posted down payments not deducted yet, ``temp``:
          approved temporary limits valid today, ``draft``: draft customer
          invoices minus draft credit notes (with ``figures``), all in company
          currency;
        * ``overdue``: its posted invoices overdue by more than
          ``overdue_days`` days (when ``overdue_days`` > 0);
        * with ``lock``, the customer is locked until the end of the
          transaction, so that concurrent confirmations are serialised. A
          second confirmation waits for the first one (at most
          ``tz_sales_credit.credit_lock_wait_ms``, 10 s by default, then a
          "try again" error); one whose snapshot predates another
          confirmation's commit gets a serialization failure, which Odoo's
          request retry runs again with a fresh snapshot.
        """
        self.ensure_one()
        company = self.env.company
        today = fields.Date.context_today(self)
        if figures:
            self.env["sale.order.line"].flush_model(
                [
                    "order_partner_id",
                    "order_id",
                    "company_id",
                    "state",
                    "product_uom_qty",
                    "qty_invoiced",
                    "price_reduce_taxinc",
                    "is_downpayment",
                    "display_type",
                    "invoice_lines",
                ]
            )
            self.env["sale.order"].flush_model(["currency_rate"])
            self.env["account.move.line"].flush_model(
                ["parent_state", "balance", "price_total", "price_subtotal"]
            )
            self.env["tz.credit.limit.temp"].flush_model(
                ["partner_id", "company_id", "state", "date_from", "date_to", "amount"]
            )
            self.env["account.move"].flush_model(
                [
                    "commercial_partner_id",
                    "company_id",
                    "state",
                    "move_type",
                    "amount_total_signed",
                ]
            )
            self.flush_model(["commercial_partner_id"])
        overdue_before = None
        if overdue_days > 0:
            overdue_before = today - timedelta(days=overdue_days)
            self.env["account.move.line"].flush_model(
                [
                    "partner_id",
                    "company_id",
                    "parent_state",
                    "account_id",
                    "reconciled",
                    "amount_residual",
                    "date_maturity",
                    "move_id",
                ]
            )
            self.env["account.move"].flush_model(["name", "move_type"])
        wait_ms = LOCK_WAIT_DEFAULT_MS
        if lock:
            wait_ms = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param(LOCK_WAIT_PARAM, LOCK_WAIT_DEFAULT_MS)
            )
        query = SQL(
            "SELECT * FROM tz_credit_check(%s, %s, %s, %s, %s, %s, %s)",
            self.id,
            company.id,
            today,
            bool(figures),
            overdue_before,
            bool(lock),
            wait_ms,
        )
        # read before the query: once the lock fails the transaction is
        # aborted and nothing more can be read for the error message
        partner_name = self.display_name
        self.env.flush_query(query)
        try:
            # Concurrency outcomes are not server errors: no "bad query"
            # ERROR line. A serialization failure (our snapshot predates
            # another confirmation of the customer) goes up to Odoo's retry.
            self.env.cr.execute(query, log_exceptions=False)
        except pg_errors.LockNotAvailable:
            # waited ``wait_ms`` for another confirmation of the customer
            if self.env.context.get("tz_credit_soft"):
                raise  # portal / payment: retried by the HTTP layer or cron
            raise UserError(
                _(
                    "Another order of %(partner)s is being confirmed right now. "
                    "Please try again in a moment.",
                    partner=partner_name,
                )
            ) from None
        rows = self.env.cr.fetchall()
        open_orders, temp, draft, count, amount, oldest, names = rows[0]
        return {
            "open_orders": company.currency_id.round(open_orders),
            "temp": temp,
            "draft": draft,
            "overdue_days": overdue_days,
            "overdue": {
                "count": count,
                "amount": amount,
                "oldest_due": oldest,
                "days": (today - oldest).days if oldest else 0,
                "names": names or [],
            },
        }

    def _tz_credit_figures(self, check_data=None):
        """Credit figures of this commercial partner in company currency.

        Reuses the core ``credit`` (receivable balance) and, on the standard
        basis, ``credit_to_invoice``; the rest comes from one grouped query
        (``check_data``, when the caller already has it with the figures).
        """
        self.ensure_one()
        company = self.env.company
        partner = self.sudo()
        limit = partner.credit_limit or 0.0
        figures = {
            "limit": limit,
            "temp": 0.0,
            "limit_total": limit,
            "credit": 0.0,
            "to_invoice": 0.0,
            "draft": 0.0,
            "exposure": 0.0,
        }
        if not company.account_use_credit_limit:
            return figures
        sql_figures = check_data or partner._tz_credit_check_data()
        figures["temp"] = sql_figures["temp"]
        figures["limit_total"] = limit + sql_figures["temp"]
        figures["credit"] = partner.credit
        if company.tz_credit_order_basis == "to_invoice":
            figures["to_invoice"] = partner.credit_to_invoice
        else:
            figures["to_invoice"] = sql_figures["open_orders"]
        if company.tz_credit_include_draft_invoices:
            figures["draft"] = sql_figures["draft"]
        figures["exposure"] = (
            figures["credit"] + figures["to_invoice"] + figures["draft"]
        )
        return figures
