import logging
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import RedirectWarning, UserError
from odoo.tools import formatLang

# order changes that invalidate a pending or approved credit approval
APPROVAL_SENSITIVE_FIELDS = {"partner_id", "order_line", "currency_id", "pricelist_id"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    tz_credit_approval_ids = fields.One2many(
        "tz.credit.approval", "sale_order_id", string="Credit Approvals"
    )
    tz_credit_info = fields.Text(
        string="Credit Status",
        compute="_compute_tz_credit_info",
        groups="tz_sales_credit.group_tz_credit_user",
    )
    tz_credit_blocked = fields.Boolean(
        string="Credit Blocked",
        compute="_compute_tz_credit_info",
        groups="tz_sales_credit.group_tz_credit_user",
    )
    tz_credit_can_request = fields.Boolean(
        string="Can Request Credit Approval",
        compute="_compute_tz_credit_info",
        groups="tz_sales_credit.group_tz_credit_user",
    )
    tz_credit_approval_count = fields.Integer(
        string="Credit Approval Count",
        compute="_compute_tz_credit_approval_count",
        groups="tz_sales_credit.group_tz_credit_user",
    )

    @api.depends("company_id", "partner_id", "amount_total", "state", "currency_id")
    def _compute_tz_credit_info(self):
        for order in self:
            order.tz_credit_info = False
            order.tz_credit_blocked = False
            order.tz_credit_can_request = False
            if order.state not in ("draft", "sent") or not order.partner_id:
                continue
            order = order.with_company(order.company_id)
            evaluation = order._tz_credit_evaluate()
            order.tz_credit_info = order._tz_credit_banner(evaluation)
            order.tz_credit_blocked = evaluation["blocked"]
            open_approval = order.id and order.tz_credit_approval_ids.filtered(
                lambda a: a.state in ("pending", "approved") and not a.consumed_date
            )
            order.tz_credit_can_request = bool(
                evaluation["blocked"] and order.id and not open_approval
            )

    def _compute_partner_credit_warning(self):
        # the enforced policy shows its own banner with the figures
        res = super()._compute_partner_credit_warning()
        for order in self:
            if order.company_id.tz_credit_block:
                order.partner_credit_warning = ""
        return res

    def _compute_tz_credit_approval_count(self):
        groups = self.env["tz.credit.approval"]._read_group(
            [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in groups}
        for order in self:
            order.tz_credit_approval_count = counts.get(order.id, 0)

    def write(self, vals):
        res = super().write(vals)
        if APPROVAL_SENSITIVE_FIELDS & set(vals):
            self._tz_credit_expire_changed_approvals()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_credit_approval_history(self):
        """Deleting a quotation would delete its submitted credit approvals
        (cascade): they are history, so the quotation is kept (cancel it)."""
        if self.env.su:
            return
        submitted = (
            self.env["tz.credit.approval"]
            .sudo()
            .search_count(
                [("sale_order_id", "in", self.ids), ("state", "!=", "draft")], limit=1
            )
        )
        if submitted:
            raise UserError(
                _(
                    "This quotation has credit approval requests, which are kept "
                    "for history: cancel the quotation instead of deleting it."
                )
            )

    def unlink(self):
        approvals = (
            self.env["tz.credit.approval"]
            .sudo()
            .search([("sale_order_id", "in", self.ids)])
        )
        approval_ids = approvals.ids
        res = super().unlink()
        # the database cascade takes the approvals (drafts, or anything when
        # an administrator deletes in superuser mode) without the ORM: their
        # activities would be left on the credit managers, naming a record
        # that no longer exists, which breaks their activity menu
        self.env["tz.credit.approval"]._tz_drop_mail_of_deleted(approval_ids)
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        if self.env.context.get("tz_credit_skip"):
            return super().action_confirm()
        soft = self.env.context.get("tz_credit_soft")
        candidates = self.filtered(lambda o: o.state in ("draft", "sent"))
        if not candidates:
            return super().action_confirm()
        blocked = {}
        approvals = self.env["tz.credit.approval"]
        accepted = defaultdict(float)
        for order in candidates:
            order = order.with_company(order.company_id)
            key = (order.partner_id.commercial_partner_id.id, order.company_id.id)
            evaluation = order._tz_credit_evaluate(
                extra_amount=accepted[key], for_confirm=True
            )
            if evaluation["blocked"]:
                approval = order._tz_credit_valid_approval()
                if not approval:
                    blocked[order.id] = evaluation
                    continue
                approvals |= approval
            accepted[key] += evaluation["order_amount"]
        if not blocked:
            res = super().action_confirm()
            approvals._tz_consume()
            return res
        blocked_orders = self.browse(list(blocked))
        if len(self) == 1 and not soft:
            error = RedirectWarning(
                self._tz_credit_block_message(blocked[self.id]),
                self._tz_credit_request_action(),
                _("Request Credit Approval"),
            )
            # a business block, not a server failure: no ERROR + traceback log
            error.loglevel = logging.WARNING
            raise error
        to_confirm = self - blocked_orders
        if to_confirm:
            super(SaleOrder, to_confirm).action_confirm()
            approvals._tz_consume()
        for order in blocked_orders:
            message = order._tz_credit_block_message(blocked[order.id])
            if soft:
                order._tz_credit_hold(message)
            else:
                order.message_post(
                    body=_("Not confirmed (credit control): %(msg)s", msg=message)
                )
        if soft:
            return True
        lines = "\n".join(
            f"{order.name}: {order._tz_credit_block_message(blocked[order.id])}"
            for order in blocked_orders
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _(
                    "%(done)s order(s) confirmed, %(held)s held by credit control",
                    done=len(to_confirm),
                    held=len(blocked_orders),
                ),
                "message": lines,
                "type": "warning",
                "sticky": True,
                "tz_credit_blocked_order_ids": blocked_orders.ids,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _validate_order(self):
        """Portal signature: hold orders that fail credit control instead of
        raising (the customer already signed), and tell the salesperson."""
        return super(
            SaleOrder, self.with_context(tz_credit_soft=True)
        )._validate_order()

    def action_tz_request_credit_approval(self):
        self.ensure_one()
        return self._tz_credit_request_action()

    def action_tz_view_credit_approvals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_sales_credit.action_tz_credit_approval"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"default_sale_order_id": self.id, "create": False}
        return action

    # ------------------------------------------------------------------
    # Credit control
    # ------------------------------------------------------------------
    def _tz_credit_request_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Request Credit Approval"),
            "res_model": "tz.credit.approval",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "tz_sales_credit.view_tz_credit_approval_request_form"
                    ).id,
                    "form",
                )
            ],
            "target": "new",
            "context": {"default_sale_order_id": self.id},
        }

    def _tz_credit_limit_active(self):
        self.ensure_one()
        company = self.company_id
        return company.account_use_credit_limit and company.tz_credit_block

    def _tz_credit_order_amount(self):
        """Amount of this order that adds to the exposure, in company currency."""
        self.ensure_one()
        amount = self.amount_total
        if self.env.context.get("tz_credit_payment"):
            amount = max(amount - self.amount_paid, 0.0)
        company = self.company_id
        if self.currency_id != company.currency_id:
            amount = self.currency_id._convert(
                amount,
                company.currency_id,
                company,
                fields.Date.context_today(self),
            )
        return amount

    def _tz_credit_evaluate(self, extra_amount=0.0, for_confirm=False):
        """Evaluate the credit policy for this order.

        ``extra_amount`` is the amount of other orders of the same customer
        accepted earlier in the same batch. ``for_confirm`` skips the limit
        figures when the company only warns or the customer has no limit
        (nothing to enforce) and locks the customer while it is checked (see
        ``res.partner._tz_credit_check_data``).
        """
        self.ensure_one()
        company = self.company_id
        order = self.with_company(company)
        partner = order.partner_id.commercial_partner_id.with_company(company)
        order_amount = order._tz_credit_order_amount()
        result = {
            "partner": partner,
            "currency": company.currency_id,
            "order_amount": order_amount,
            "limit": 0.0,
            "temp": 0.0,
            "limit_total": 0.0,
            "exposure_before": 0.0,
            "exposure": 0.0,
            "available": 0.0,
            "over": 0.0,
            "over_limit": False,
            "limit_active": False,
            "reasons": [],
            "blocked": False,
        }
        if self.env.context.get("tz_credit_payment") and company.currency_id.is_zero(
            order_amount
        ):
            # fully prepaid through a payment provider: nothing at risk
            return result
        partner_su = partner.sudo()
        with_figures = bool(
            company.account_use_credit_limit
            and (company.tz_credit_block or not for_confirm)
            and (partner_su.credit_limit or not for_confirm)
        )
        overdue_days = partner_su._tz_overdue_days_effective()
        check_data = None
        if with_figures or overdue_days > 0:
            # one query for the figures, the overdue invoices and the lock
            check_data = partner_su._tz_credit_check_data(
                figures=with_figures,
                overdue_days=overdue_days,
                lock=for_confirm and with_figures,
            )
        result["reasons"] = partner_su._tz_credit_hold_reasons(
            order=order, check_data=check_data
        )
        if with_figures:
            figures = partner._tz_credit_figures(check_data=check_data)
            if figures["limit"]:
                before = figures["exposure"] + extra_amount
                exposure = before + order_amount
                over = exposure - figures["limit_total"]
                result.update(
                    limit=figures["limit"],
                    temp=figures["temp"],
                    limit_total=figures["limit_total"],
                    exposure_before=before,
                    exposure=exposure,
                    available=figures["limit_total"] - before,
                    over=over,
                    over_limit=company.currency_id.compare_amounts(over, 0.0) > 0,
                    limit_active=True,
                )
        result["blocked"] = bool(
            result["reasons"] or (result["over_limit"] and company.tz_credit_block)
        )
        return result

    def _tz_fmt(self, amount):
        return formatLang(self.env, amount, currency_obj=self.company_id.currency_id)

    def _tz_credit_block_message(self, evaluation):
        self.ensure_one()
        parts = []
        limit_text = self._tz_fmt(evaluation["limit_total"])
        if evaluation["temp"]:
            limit_text = _(
                "%(total)s (incl. temporary credit %(temp)s)",
                total=limit_text,
                temp=self._tz_fmt(evaluation["temp"]),
            )
        if evaluation["over_limit"]:
            parts.append(
                _(
                    "%(partner)s would exceed its credit limit: limit %(limit)s, "
                    "current exposure %(exposure)s, this order %(order)s, over by "
                    "%(over)s.",
                    partner=evaluation["partner"].display_name,
                    limit=limit_text,
                    exposure=self._tz_fmt(evaluation["exposure_before"]),
                    order=self._tz_fmt(evaluation["order_amount"]),
                    over=self._tz_fmt(evaluation["over"]),
                )
            )
        parts.extend(reason["message"] for reason in evaluation["reasons"])
        parts.append(
            _(
                "Order %(order)s cannot be confirmed without a credit approval.",
                order=self.name,
            )
        )
        return "\n".join(parts)

    def _tz_credit_banner(self, evaluation):
        self.ensure_one()
        lines = []
        if evaluation["limit_active"]:
            lines.append(
                _(
                    "Credit limit %(limit)s, exposure %(exposure)s, available "
                    "%(available)s; this order %(order)s.",
                    limit=self._tz_fmt(evaluation["limit_total"]),
                    exposure=self._tz_fmt(evaluation["exposure_before"]),
                    available=self._tz_fmt(evaluation["available"]),
                    order=self._tz_fmt(evaluation["order_amount"]),
                )
            )
        if not evaluation["blocked"]:
            if evaluation["over_limit"]:
                lines.append(
                    _(
                        "Confirming takes the customer over its limit by %(over)s "
                        "(warning only).",
                        over=self._tz_fmt(evaluation["over"]),
                    )
                )
            elif evaluation["limit_active"]:
                lines.append(
                    _(
                        "Confirming leaves %(left)s of available credit.",
                        left=self._tz_fmt(-evaluation["over"]),
                    )
                )
            return "\n".join(lines)
        lines.append(self._tz_credit_block_message(evaluation))
        approval = self.id and self._tz_credit_valid_approval()
        if approval:
            lines.append(
                _(
                    "Credit approval %(ref)s granted by %(user)s: this order can be "
                    "confirmed once.",
                    ref=approval.name,
                    user=approval.decided_by_id.name,
                )
            )
        else:
            pending = self.tz_credit_approval_ids.filtered(
                lambda a: a.state == "pending"
            )
            if pending:
                lines.append(
                    _(
                        "Credit approval %(ref)s is pending.",
                        ref=pending[:1].name,
                    )
                )
        return "\n".join(lines)

    def _tz_credit_valid_approval(self):
        """Approved, unused approval matching the current order, if any."""
        self.ensure_one()
        approvals = (
            self.env["tz.credit.approval"]
            .sudo()
            .search(
                [
                    ("sale_order_id", "=", self.id),
                    ("state", "=", "approved"),
                    ("consumed_date", "=", False),
                ]
            )
        )
        return approvals.filtered(lambda a: a._matches_order())[:1]

    def _tz_credit_expire_changed_approvals(self):
        open_approvals = (
            self.env["tz.credit.approval"]
            .sudo()
            .search(
                [
                    ("sale_order_id", "in", self.ids),
                    ("state", "in", ("pending", "approved")),
                    ("consumed_date", "=", False),
                ]
            )
        )
        changed = open_approvals.filtered(lambda a: not a._matches_order())
        if changed:
            changed._expire(_("the order's customer or total changed"))

    def _tz_credit_hold(self, message):
        """Keep a signed/paid quotation unconfirmed and tell the salesperson."""
        self.ensure_one()
        self.message_post(
            body=_("Held by credit control, not confirmed: %(msg)s", msg=message)
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(self.user_id or self.create_uid).id,
            summary=_("Credit hold: the customer accepted but the order is held"),
            note=message,
        )
