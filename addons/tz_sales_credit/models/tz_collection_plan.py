import logging
from collections import defaultdict
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.addons.tz_base.lib import rmb
from odoo.addons.tz_base.models.tz_single_run import quiet_sql_errors
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date, formatLang, split_every
from odoo.tools.misc import OrderedSet

from ..lib import collection

_logger = logging.getLogger(__name__)

CLOSED_PAYMENT_STATES = ("paid", "in_payment", "reversed")
CREDIT_MANAGER = "tz_sales_credit.group_tz_credit_manager"
# fields the mail features may write on a collector's own plan
COLLECTOR_WRITABLE = {"message_main_attachment_id"}
ACTIVE_STATES = ("open", "promised")
# one collection run at a time per database (session advisory lock key)
RUN_LOCK_KEY = "tz_sales_credit.collection_run"


class TzCollectionPlan(models.Model):
    _name = "tz.collection.plan"
    _description = "Collection Plan (催收计划)"
    _inherit = ["mail.thread", "mail.activity.mixin", "tz.guarded.mixin"]
    _order = "next_action_date, date_due, id"
    _check_company_auto = True
    _rec_name = "name"
    # written only by the collection run and the plan's actions (promise,
    # print letter, cancel); credit managers may still reassign the collector
    _tz_workflow_fields = (
        "state",
        "close_code",
        "close_reason",
        "credit_hold",
        "letter_pending",
        "level_id",
        "next_action_date",
        "promised_date",
        "promised_amount",
        "invoice_id",
        "partner_id",
        "policy_id",
        "company_id",
    )
    _tz_evidence_manager_group = CREDIT_MANAGER

    name = fields.Char(related="invoice_id.name", store=True, string="Invoice No.")
    company_id = fields.Many2one("res.company", required=True, index=True)
    invoice_id = fields.Many2one(
        "account.move",
        required=True,
        ondelete="restrict",
        check_company=True,
        domain=[("move_type", "=", "out_invoice"), ("state", "=", "posted")],
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users", string="Collector", index=True, tracking=True, check_company=True
    )
    policy_id = fields.Many2one(
        "tz.collection.policy", required=True, check_company=True, ondelete="restrict"
    )
    level_id = fields.Many2one(
        "tz.collection.level",
        tracking=True,
        ondelete="restrict",
        domain="[('policy_id', '=', policy_id)]",
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id")
    amount_total = fields.Monetary(
        related="invoice_id.amount_total", string="Invoice Amount"
    )
    amount_residual = fields.Monetary(
        related="invoice_id.amount_residual", string="Amount Due"
    )
    payment_state = fields.Selection(
        related="invoice_id.payment_state", string="Payment Status"
    )
    date_due = fields.Date(
        related="invoice_id.invoice_date_due", store=True, string="Due Date"
    )
    days_overdue = fields.Integer(compute="_compute_days_overdue")
    promised_date = fields.Date(string="Promised Date (承诺付款日)", tracking=True)
    promised_amount = fields.Monetary(tracking=True)
    next_action_date = fields.Date(index=True, tracking=True)
    state = fields.Selection(
        [
            ("open", "Open"),
            ("promised", "Promised"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="open",
        required=True,
        index=True,
        tracking=True,
    )
    close_code = fields.Selection(
        [
            ("paid", "Paid"),
            ("reversed", "Reversed"),
            ("invoice_cancel", "Invoice Cancelled"),
            ("manual", "Cancelled by User"),
        ],
        readonly=True,
    )
    close_reason = fields.Text(readonly=True, tracking=True)
    credit_hold = fields.Boolean(
        readonly=True,
        help="A level put the customer on credit hold until this invoice is paid.",
    )
    letter_pending = fields.Boolean(
        string="Letter to Print",
        help="A level asked for a printed collection letter that was not printed yet.",
    )
    log_ids = fields.One2many("tz.collection.log", "plan_id", string="Action Log")

    _sql_constraints = [
        ("invoice_uniq", "unique(invoice_id)", "An invoice has one collection plan.")
    ]

    @api.depends("date_due")
    @api.depends_context("tz_today")
    def _compute_days_overdue(self):
        today = self._tz_today()
        for plan in self:
            plan.days_overdue = (today - plan.date_due).days if plan.date_due else 0

    @api.constrains("promised_date", "promised_amount")
    def _check_promise(self):
        today = self._tz_today()
        for plan in self:
            if plan.promised_amount < 0:
                raise ValidationError(_("The promised amount cannot be negative."))
            if plan.promised_date and plan.promised_date < today:
                raise ValidationError(
                    _(
                        "The promised date %(date)s is in the past.",
                        date=format_date(self.env, plan.promised_date),
                    )
                )

    def write(self, vals):
        if (
            not self._tz_in_workflow()
            and set(vals) - COLLECTOR_WRITABLE
            and not self.env.user.has_group(CREDIT_MANAGER)
        ):
            raise AccessError(
                _(
                    "Collectors change collection plans through their actions (log "
                    "a call, promise, print the letter); ask a Credit Manager."
                )
            )
        return super().write(vals)

    def copy_data(self, default=None):
        raise UserError(
            _(
                "Collection plans are created by the collection run, one per "
                "invoice: they cannot be duplicated."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            raise UserError(
                _("Collection plans cannot be deleted: cancel them with a reason.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_log_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Log Call Result"),
            "res_model": "tz.collection.call.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_cancel_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Cancel Collection Plan"),
            "res_model": "tz.collection.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_ids": self.ids},
        }

    def action_print_letter(self):
        self.check_access("read")
        pending = self.filtered("letter_pending")
        self.env["tz.single.run"]._tz_lock_rows(pending)
        pending._tz_workflow().write({"letter_pending": False})
        return self.env.ref(
            "tz_sales_credit.action_report_tz_collection_letter"
        ).report_action(self)

    @api.model
    def action_run_now(self):
        if not self.env.user.has_group("tz_sales_credit.group_tz_credit_manager"):
            raise AccessError(_("Only a Credit Manager can run the collection."))
        self.sudo()._cron_run()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Collection run finished"),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _tz_promise(self, date, amount, note=False):
        for plan in self:
            if plan.state not in ACTIVE_STATES:
                raise UserError(
                    _("Only open collection plans can receive a payment promise.")
                )
            if not date or amount <= 0:
                raise ValidationError(
                    _("A payment promise needs a date and a positive amount.")
                )
        self.check_access("write")
        self.env["tz.single.run"]._tz_lock_rows(self)
        self._tz_workflow().write(
            {
                "promised_date": date,
                "promised_amount": amount,
                "state": "promised",
                "next_action_date": date + timedelta(days=1),
            }
        )
        self._tz_log(
            "promise",
            _(
                "Promised %(amount)s on %(date)s. %(note)s",
                amount=formatLang(self.env, amount),
                date=format_date(self.env, date),
                note=note or "",
            ),
        )

    def _tz_cancel(self, reason):
        if not self.env.su and not self.env.user.has_group(CREDIT_MANAGER):
            raise AccessError(_("Only a Credit Manager can cancel collection plans."))
        if not reason:
            raise UserError(_("Give the reason of the cancellation."))
        done = self.filtered(lambda p: p.state == "cancel")
        if done:
            raise UserError(_("The collection plan is already cancelled."))
        self.env["tz.single.run"]._tz_lock_rows(self)
        self._tz_workflow().write(
            {"state": "cancel", "close_code": "manual", "close_reason": reason}
        )
        self._tz_log("cancel", reason)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _tz_today(self):
        return self.env.context.get("tz_today") or fields.Date.context_today(self)

    def _tz_amount_upper(self, amount=None):
        """The open balance in words for the letter: 人民币大写 for CNY (in
        any language: it is what a Chinese letter of demand carries), Odoo's
        own amount in words for other currencies."""
        self.ensure_one()
        amount = self.amount_residual if amount is None else amount
        if self.currency_id.name == "CNY":
            return rmb.rmb_upper(amount)
        return self.currency_id.amount_to_text(amount)

    def _tz_log(self, action, result, level=False):
        self.env["tz.collection.log"]._tz_workflow().create(
            [
                {
                    "plan_id": plan.id,
                    "action": action,
                    "result": result,
                    "level_id": level.id if level else False,
                }
                for plan in self
            ]
        )

    @api.model
    def _tz_commit(self):
        """Commit a finished batch of the run (not in tests)."""
        self.env["tz.single.run"]._tz_commit_batch("tz_collection_no_commit")

    @api.model
    def _cron_run(self, batch_size=500):
        """Daily collection run (idempotent, committed batch by batch).

        One run at a time: a run started while another one is in progress
        (a second cron runner, a manual "run now") skips, and the result is
        the same as one run. The steps are split so that a chunk can run on
        its own (e.g. as a queued job): ``_tz_plan_candidates`` /
        ``_tz_create_plan_batch`` create the missing plans,
        ``_tz_plan_ids_to_process`` / ``_tz_process_chunk`` move them."""
        if not self._tz_run_lock():
            _logger.info("Collection run already in progress elsewhere: skipped.")
            return False
        try:
            today = self._tz_today()
            # the run is the plans' workflow: it alone moves levels and states
            self = self.with_context(
                tz_today=today, tracking_disable=True
            )._tz_workflow()
            self._tz_sync_invoice_states()
            self._tz_commit()
            self._tz_create_plans(today, batch_size)
            ids = self._tz_plan_ids_to_process(today)
            for batch in split_every(batch_size, ids):
                self.browse(batch)._tz_process_chunk(today)
                self._tz_commit()
                # the batch is in the database: drop it from the cache, which
                # would otherwise grow with the run (and every later batch,
                # and Python's garbage collector, would walk it)
                self.env.invalidate_all()
        finally:
            self._tz_run_unlock()
        return True

    @api.model
    def _tz_run_lock(self):
        """Session-level run lock (kept across the run's batch commits,
        released at its end or when the connection closes)."""
        return self.env["tz.single.run"]._tz_try_run_lock(RUN_LOCK_KEY, session=True)

    @api.model
    def _tz_run_unlock(self):
        self.env["tz.single.run"]._tz_run_unlock(RUN_LOCK_KEY)

    def _tz_process_chunk(self, today):
        """Process these plans in a savepoint. If another runner processed
        them at the same time (one plan per invoice and one log per plan,
        level and action are unique in the database), the chunk is left to
        it: nothing is done twice and nothing fails."""
        plans = self.with_context(tz_today=today, tracking_disable=True)._tz_workflow()
        if not plans:
            return True
        try:
            with self.env.cr.savepoint():
                # the plans another runner is processing right now are its
                # own; one it processed since our snapshot began raises a
                # serialization failure (no "bad query" log: an outcome)
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM tz_collection_plan WHERE id IN %s "
                        "ORDER BY id FOR NO KEY UPDATE SKIP LOCKED",
                        tuple(plans.ids),
                    ),
                    log_exceptions=False,
                )
                plans = plans.browse([r[0] for r in self.env.cr.fetchall()])
                if plans:
                    plans._tz_process(today)
        except (pg_errors.UniqueViolation, pg_errors.SerializationFailure) as exc:
            self.env.invalidate_all()
            _logger.info(
                "Collection run: %s plan(s) processed by another runner (%s): skipped.",
                len(self),
                exc.pgcode,
            )
            return False
        return True

    def _tz_flush_for_sql(self):
        self.env["account.move"].flush_model(
            [
                "state",
                "payment_state",
                "move_type",
                "invoice_date_due",
                "company_id",
                "commercial_partner_id",
                "invoice_user_id",
            ]
        )
        self.flush_model()

    @api.model
    def _tz_sync_invoice_states(self):
        """Close plans whose invoice is paid / reversed / cancelled and reopen
        those whose payment was undone."""
        self._tz_flush_for_sql()
        rows = self.env.execute_query(
            SQL(
                """
            SELECT p.id, m.state, m.payment_state
              FROM tz_collection_plan p
              JOIN account_move m ON m.id = p.invoice_id
             WHERE (p.state IN ('open', 'promised')
                    AND (m.state != 'posted' OR m.payment_state IN %(closed)s))
                OR (p.state = 'done'
                    AND m.state = 'posted'
                    AND m.payment_state NOT IN %(closed)s)
            """,
                closed=CLOSED_PAYMENT_STATES,
            )
        )
        by_code = defaultdict(list)
        reopen = []
        for plan_id, move_state, payment_state in rows:
            if move_state == "posted" and payment_state not in CLOSED_PAYMENT_STATES:
                reopen.append(plan_id)
            elif move_state != "posted":
                by_code["invoice_cancel"].append(plan_id)
            elif payment_state == "reversed":
                by_code["reversed"].append(plan_id)
            else:
                by_code["paid"].append(plan_id)
        reasons = {
            "paid": _("The invoice is paid."),
            "reversed": _("The invoice was fully reversed by a credit note."),
            "invoice_cancel": _("The invoice is no longer posted."),
        }
        for code, plan_ids in by_code.items():
            plans = self.browse(plan_ids)
            plans.write(
                {
                    "state": "done",
                    "close_code": code,
                    "close_reason": reasons[code],
                    "next_action_date": False,
                    "letter_pending": False,
                }
            )
            plans._tz_log("close", reasons[code])
            for plan in plans:
                plan.message_post(body=reasons[code])
        if by_code:
            self._tz_release_holds()
        if reopen:
            plans = self.browse(reopen)
            today = self._tz_today()
            plans.write(
                {
                    "state": "open",
                    "close_code": False,
                    "close_reason": False,
                    "next_action_date": today,
                }
            )
            held = plans.filtered("credit_hold")
            for company, company_plans in held.grouped("company_id").items():
                company_plans.partner_id.with_company(
                    company
                ).sudo().tz_collection_hold = True
            message = _("The payment of the invoice was undone: plan reopened.")
            plans._tz_log("reopen", message)
            for plan in plans:
                plan.message_post(body=message)

    @api.model
    def _tz_release_holds(self):
        """Clear the hold flag of customers without a held plan left."""
        Partner = self.env["res.partner"].sudo()
        for company in self.env["res.company"].sudo().search([]):
            held = Partner.with_company(company).search(
                [("tz_collection_hold", "=", True)]
            )
            if not held:
                continue
            still = self.sudo()._read_group(
                [
                    ("partner_id", "in", held.ids),
                    ("company_id", "=", company.id),
                    ("credit_hold", "=", True),
                    ("state", "in", ACTIVE_STATES),
                ],
                ["partner_id"],
            )
            released = held - self.env["res.partner"].union(*[p for (p,) in still])
            released.with_company(company).tz_collection_hold = False

    @api.model
    def _tz_create_plans(self, today, batch_size=500):
        """Create a plan for each open customer invoice that reached the first
        level of its policy (one grouped query per company)."""
        vals_list = self._tz_plan_candidates(today)
        for batch in split_every(batch_size, vals_list):
            self._tz_create_plan_batch(list(batch))
            self._tz_commit()
            self.env.invalidate_all()

    @api.model
    def _tz_plan_candidates(self, today):
        """Values of the plans to create today (invoices without a plan)."""
        Policy = self.env["tz.collection.policy"].sudo()
        policies = Policy.search([])
        if not policies:
            return []
        self._tz_flush_for_sql()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        min_offset = min(policies.level_ids.mapped("day_offset") or [0])
        rows = self.env.execute_query(
            SQL(
                """
            SELECT m.id, m.company_id, m.commercial_partner_id, m.invoice_user_id,
                   m.invoice_date_due
              FROM account_move m
             WHERE m.move_type = 'out_invoice'
               AND m.state = 'posted'
               AND m.payment_state IN ('not_paid', 'partial')
               AND m.invoice_date_due <= %(limit)s
               AND NOT EXISTS (SELECT 1 FROM tz_collection_plan p
                                WHERE p.invoice_id = m.id)
             ORDER BY m.id
            """,
                limit=today - timedelta(days=min_offset),
            )
        )
        if not rows:
            return []
        partners = self.env["res.partner"].browse({r[2] for r in rows})
        overrides = {}
        for partner in partners.sudo():
            overrides[partner.id] = {
                "policy": partner.tz_collection_policy_id,
                "collector": partner.tz_collector_id.id,
            }
        defaults = {}
        offsets = {}
        for policy in policies:
            offsets[policy.id] = policy.level_ids.mapped("day_offset")
            defaults.setdefault(policy.company_id.id, policy)
        vals_list = []
        for move_id, company_id, partner_id, user_id, due in rows:
            override = overrides.get(partner_id, {})
            policy = override.get("policy")
            if not policy or policy.company_id.id != company_id:
                policy = defaults.get(company_id)
            if not policy:
                continue
            days = (today - due).days
            if collection.select_offset(offsets[policy.id], days) is None:
                continue
            vals_list.append(
                {
                    "invoice_id": move_id,
                    "company_id": company_id,
                    "partner_id": partner_id,
                    "user_id": override.get("collector") or user_id,
                    "policy_id": policy.id,
                    "next_action_date": today,
                }
            )
        return vals_list

    @api.model
    def _tz_create_plan_batch(self, vals_list):
        """Create these plans; an invoice that got its plan from another
        runner meanwhile (unique in the database) is skipped."""
        ctx = {"mail_create_nolog": True, "mail_create_nosubscribe": True}
        Plan = self.sudo().with_context(**ctx)
        try:
            with self.env.cr.savepoint(), quiet_sql_errors():
                return Plan.create(vals_list)
        except pg_errors.UniqueViolation:
            self.env.invalidate_all()
        # one by one: keep those still missing
        plans = self.browse()
        for vals in vals_list:
            try:
                with self.env.cr.savepoint(), quiet_sql_errors():
                    plans |= Plan.create(vals)
            except pg_errors.UniqueViolation:
                self.env.invalidate_all()
                _logger.info(
                    "Collection run: invoice %s got its plan from another runner.",
                    vals["invoice_id"],
                )
        return plans

    @api.model
    def _tz_plan_ids_to_process(self, today):
        self._tz_flush_for_sql()
        rows = self.env.execute_query(
            SQL(
                """
            SELECT id FROM tz_collection_plan
             WHERE state IN ('open', 'promised')
               AND next_action_date <= %(today)s
             ORDER BY id
            """,
                today=today,
            )
        )
        return [r[0] for r in rows]

    def _tz_process(self, today):
        """Move the plans of one batch to their level and perform the level's
        actions once (the log is the memory of what was done)."""
        plans = self.sudo()
        done = set(
            self.env["tz.collection.log"]
            .sudo()
            ._read_group(
                [("plan_id", "in", plans.ids), ("level_id", "!=", False)],
                ["plan_id", "level_id", "action"],
            )
        )
        done = {(p.id, lvl.id, action) for p, lvl, action in done}
        todo = defaultdict(OrderedSet)  # (level, action) -> plan ids
        broken = []
        levels_cache = {}
        for plan in plans:
            policy = plan.policy_id
            if policy.id not in levels_cache:
                levels_cache[policy.id] = {
                    lvl.day_offset: lvl for lvl in policy.level_ids
                }
            levels = levels_cache[policy.id]
            if plan.state == "promised":
                if plan.promised_date and plan.promised_date >= today:
                    plan.next_action_date = plan.promised_date + timedelta(days=1)
                    continue
                broken.append(plan.id)
            days = (today - plan.date_due).days
            offset = collection.select_offset(list(levels), days)
            current = plan.level_id
            if offset is not None and (not current or offset > current.day_offset):
                current = levels[offset]
                plan.level_id = current
            if current:
                for action in current._tz_actions():
                    if (plan.id, current.id, action) not in done:
                        todo[(current, action)].add(plan.id)
            nxt = collection.next_offset(
                list(levels), current.day_offset if current else None
            )
            plan.next_action_date = (
                plan.date_due + timedelta(days=nxt) if (nxt is not None) else False
            )
        if broken:
            self.browse(broken)._tz_broken_promise()
        for (level, action), plan_ids in todo.items():
            level_plans = self.browse(plan_ids)
            getattr(level_plans, f"_tz_action_{action}")(level)
            level_plans._tz_log_level(level, action)

    def _tz_log_level(self, level, action):
        labels = dict(
            self.env["tz.collection.log"]
            ._fields["action"]
            ._description_selection(self.env)
        )
        self.env["tz.collection.log"].sudo().create(
            [
                {
                    "plan_id": plan.id,
                    "level_id": level.id,
                    "action": action,
                    "result": self.env._(
                        "%(action)s (level %(level)s)",
                        action=labels[action],
                        level=level.name,
                    ),
                    "user_id": self.env.user.id,
                }
                for plan in self
            ]
        )

    def _tz_broken_promise(self):
        for plan in self:
            message = _(
                "Broken promise: %(amount)s promised for %(date)s, still %(due)s due.",
                amount=formatLang(
                    self.env, plan.promised_amount, currency_obj=plan.currency_id
                ),
                date=format_date(self.env, plan.promised_date),
                due=formatLang(
                    self.env, plan.amount_residual, currency_obj=plan.currency_id
                ),
            )
            plan.message_post(body=message)
            plan._tz_escalate_activities({plan.id: message})
            plan._tz_log("promise_broken", message)
        self.write({"state": "open"})

    def _tz_escalation_user(self):
        self.ensure_one()
        return (
            self.policy_id.escalation_user_id
            or self.invoice_id.team_id.user_id
            or self.user_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
        )

    def _tz_escalate_activities(self, notes):
        """One to-do activity per plan for its escalation user; ``notes`` maps
        plan ids to the note."""
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = self._tz_today()
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": plan.id,
                    "activity_type_id": todo_type.id,
                    "summary": self.env._("Escalation: %(invoice)s", invoice=plan.name),
                    "note": notes.get(plan.id, ""),
                    "user_id": plan._tz_escalation_user().id,
                    "date_deadline": today,
                }
                for plan in self
            ]
        )

    # level actions (each receives the level; called once per plan and level)
    def _tz_action_email(self, level):
        level.mail_template_id.sudo().send_mail_batch(self.ids, force_send=False)

    def _tz_action_sms(self, level):
        if "sms.sms" not in self.env or not hasattr(self, "_message_sms"):
            return  # the SMS app is not installed: nothing to send
        for plan in self:
            body = _(
                "%(text)s Invoice %(invoice)s, amount due %(amount)s.",
                text=level.sms_body,
                invoice=plan.name,
                amount=formatLang(
                    self.env, plan.amount_residual, currency_obj=plan.currency_id
                ),
            )
            plan._message_sms(body, partner_ids=plan.partner_id.ids)

    def _tz_action_activity(self, level):
        activity_type = level.activity_type_id or self.env.ref(
            "mail.mail_activity_data_call"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        today = self._tz_today()
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": plan.id,
                    "activity_type_id": activity_type.id,
                    "summary": level.activity_note or level.name,
                    "user_id": (plan.user_id or self.env.user).id,
                    "date_deadline": today,
                }
                for plan in self
            ]
        )

    def _tz_action_letter(self, level):
        self.write({"letter_pending": True})

    def _tz_action_hold(self, level):
        self.write({"credit_hold": True})
        for company, plans in self.grouped("company_id").items():
            plans.partner_id.with_company(company).sudo().tz_collection_hold = True

    def _tz_action_escalate(self, level):
        self._tz_escalate_activities(
            {
                plan.id: _(
                    "Level %(level)s: %(invoice)s of %(partner)s is %(days)s days "
                    "overdue, %(amount)s due.",
                    level=level.name,
                    invoice=plan.name,
                    partner=plan.partner_id.display_name,
                    days=plan.days_overdue,
                    amount=formatLang(
                        self.env, plan.amount_residual, currency_obj=plan.currency_id
                    ),
                )
                for plan in self
            }
        )
