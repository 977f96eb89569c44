import logging
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.addons.tz_base.models.tz_single_run import quiet_sql_errors
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import split_every

from ..lib import periods

_logger = logging.getLogger(__name__)

COMMISSION_MANAGER = "sales_team.group_sale_manager"
# one catch-up run at a time per database (session advisory lock key)
CATCH_UP_LOCK_KEY = "tz_commission.catch_up"


class AccountMove(models.Model):
    _inherit = "account.move"

    tz_commission_line_ids = fields.One2many(
        "tz.commission.line", "move_id", string="Commission Lines", readonly=True
    )
    tz_commission_synced_at = fields.Datetime(
        string="Commission Booked At",
        readonly=True,
        copy=False,
        help="Last time commission lines were booked on this invoice.",
    )

    def _tz_commission_sync(self, event_date=None, catch_up=False):
        customer = self.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))
        if customer:
            return self.env["tz.commission.line"]._sync_moves(
                customer, event_date, catch_up=catch_up
            )
        return self.env["tz.commission.line"]

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        customer = posted.filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund")
        )
        # the cost of the sale is taken now, whether commissions are in use yet
        customer.invoice_line_ids._tz_freeze_cost()
        for move in customer:
            move._tz_commission_sync(move.invoice_date or move.date)
        return posted

    def write(self, vals):
        res = super().write(vals)
        if {"invoice_user_id", "team_id"} & set(vals):
            self.filtered(lambda m: m.state == "posted")._tz_commission_sync()
        return res

    def button_draft(self):
        res = super().button_draft()
        self._tz_commission_sync()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._tz_commission_sync()
        return res

    @api.model
    def _tz_commission_sync_all(self):
        """Book commissions for every posted customer invoice (demo, setup)."""
        moves = self.search(
            [
                ("move_type", "in", ("out_invoice", "out_refund")),
                ("state", "=", "posted"),
            ]
        )
        for move in moves:
            move._tz_commission_sync(move.invoice_date or move.date)
        return True

    # ------------------------------------------------------------------
    # catch-up run (佣金补记)
    # ------------------------------------------------------------------
    def action_tz_commission_catch_up(self):
        """Book Missing Commissions: of the selected invoices, or of the
        invoices of the open plan periods when none is selected."""
        if not (self.env.su or self.env.user.has_group(COMMISSION_MANAGER)):
            raise AccessError(
                self.env._("Only sales managers can book missing commissions.")
            )
        booked = self.sudo()._tz_commission_catch_up(self.sudo() or None)
        if booked is False:
            return self._tz_commission_notify(
                "warning",
                self.env._(
                    "Missing commissions are being booked by another run right "
                    "now; its lines show when it finishes."
                ),
            )
        return self._tz_commission_notify(
            "success",
            self.env._("%(count)s commission line(s) booked.", count=booked),
        )

    def _tz_commission_notify(self, kind, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": kind,
                "title": self.env._("Book Missing Commissions"),
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _cron_tz_commission_catch_up(self):
        return self.sudo()._tz_commission_catch_up()

    @api.model
    def _tz_commission_catch_up(self, moves=None, batch_size=200):
        """Book the commission missing on ``moves`` (default: the customer
        invoices and credit notes of the open plan periods), committed batch
        by batch. One run at a time: a second runner skips (``False``);
        else the number of lines booked."""
        Run = self.env["tz.single.run"]
        if not Run._tz_try_run_lock(CATCH_UP_LOCK_KEY, session=True):
            _logger.info("Commission catch-up already running elsewhere: skipped.")
            return False
        booked = 0
        try:
            ids = moves.ids if moves is not None else self._tz_commission_catch_up_ids()
            for batch in split_every(batch_size, ids):
                booked += self.browse(batch)._tz_commission_catch_up_batch()
                Run._tz_commit_batch("tz_commission_no_commit")
                # the batch is in the database: keep the cache small
                self.env.invalidate_all()
        finally:
            Run._tz_run_unlock(CATCH_UP_LOCK_KEY)
        _logger.info("Commission catch-up: %s line(s) booked.", booked)
        return booked

    def _tz_commission_catch_up_batch(self):
        """Book these invoices in a savepoint; when another transaction booked
        one of them since this one began, the batch is left to it."""
        try:
            with self.env.cr.savepoint(), quiet_sql_errors():
                return len(self._tz_commission_sync(catch_up=True))
        except (pg_errors.SerializationFailure, pg_errors.DeadlockDetected) as exc:
            self.env.invalidate_all()
            _logger.info(
                "Commission catch-up: %s invoice(s) booked by another "
                "transaction meanwhile (%s): skipped.",
                len(self),
                exc.pgcode,
            )
            return 0

    @api.model
    def _tz_commission_catch_up_ids(self):
        """The invoices and credit notes of the open plan periods: those of
        each assigned salesperson or team dated in the current or previous
        period of its plan (still being earned and settled) and within the
        assignment, and those already booked in these periods (reset,
        cancelled or moved to another salesperson since)."""
        today = fields.Date.context_today(self)
        assignments = self.env["tz.commission.assignment"].search(
            [
                ("plan_id.active", "=", True),
                ("date_from", "<=", today),
                "|",
                ("date_to", "=", False),
                # no open period starts before the previous year
                ("date_to", ">=", self._tz_commission_open_start(today, "year")),
            ]
        )
        if not assignments:
            return []
        windows = [self._tz_commission_catch_up_window(a, today) for a in assignments]
        start = min(
            self._tz_commission_open_start(today, a.plan_id.target_period)
            for a in assignments
        )
        booked = [
            ("tz_commission_line_ids", "!=", False),
            ("invoice_date", ">=", start),
        ]
        return self.search(
            expression.AND(
                [
                    [("move_type", "in", ("out_invoice", "out_refund"))],
                    expression.OR([*windows, booked]),
                ]
            ),
            order="invoice_date, id",
        ).ids

    @api.model
    def _tz_commission_open_start(self, today, period_type):
        """First day of the period before the one of ``today``."""
        current = periods.period_start(today, period_type)
        return periods.period_start(current - timedelta(days=1), period_type)

    @api.model
    def _tz_commission_catch_up_window(self, assignment, today):
        start = self._tz_commission_open_start(today, assignment.plan_id.target_period)
        domain = [
            ("state", "=", "posted"),
            ("company_id", "=", assignment.company_id.id),
            ("invoice_date", ">=", max(start, assignment.date_from)),
        ]
        if assignment.date_to:
            domain.append(("invoice_date", "<=", assignment.date_to))
        if assignment.user_id:
            return [*domain, ("invoice_user_id", "=", assignment.user_id.id)]
        return [*domain, ("team_id", "=", assignment.team_id.id)]
