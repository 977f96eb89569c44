from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import formatLang

CREDIT_MANAGER = "tz_sales_credit.group_tz_credit_manager"
DECIDED_STATES = ("approved", "rejected", "expired")


class TzCreditApproval(models.Model):
    _name = "tz.credit.approval"
    _description = "Credit Approval"
    _inherit = ["mail.thread", "mail.activity.mixin", "tz.guarded.mixin"]
    _order = "id desc"
    _check_company_auto = True
    # written only by the workflow methods (submit, approve, reject, expire,
    # consume), never by a form, an import or an x2many command
    _tz_workflow_fields = (
        "state",
        "partner_id",
        "requested_by_id",
        "requested_date",
        "decided_by_id",
        "decided_date",
        "consumed_date",
        "amount",
        "exposure",
        "limit",
        "reason",
        "order_amount_total",
        "order_currency_id",
        "order_partner_id",
    )
    _tz_evidence_manager_group = CREDIT_MANAGER

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="sale_order_id.company_id", store=True, index=True, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        related="sale_order_id.user_id", string="Salesperson", readonly=True
    )
    amount = fields.Monetary(
        string="Order Amount",
        readonly=True,
        copy=False,
        help="Total of the order in company currency when the approval was requested.",
    )
    exposure = fields.Monetary(
        readonly=True,
        copy=False,
        help="Credit exposure of the customer including this order when requested.",
    )
    limit = fields.Monetary(
        string="Credit Limit",
        readonly=True,
        copy=False,
        help="Credit limit including temporary credit when requested.",
    )
    over_amount = fields.Monetary(
        string="Over Limit by", compute="_compute_over_amount", store=True
    )
    reason = fields.Text(
        string="Blocking Reason",
        readonly=True,
        copy=False,
        help="Why the order was held.",
    )
    request_note = fields.Text(
        string="Justification", help="Why this order should be confirmed anyway."
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("expired", "Expired"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    requested_by_id = fields.Many2one(
        "res.users",
        string="Requested by",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
    )
    requested_date = fields.Datetime(readonly=True, copy=False)
    decided_by_id = fields.Many2one(
        "res.users", string="Decided by", readonly=True, copy=False, tracking=True
    )
    decided_date = fields.Datetime(string="Decided on", readonly=True, copy=False)
    decision_note = fields.Text(tracking=True)
    consumed_date = fields.Datetime(
        string="Used on",
        readonly=True,
        copy=False,
        help="When the approved order was confirmed. An approval is used only once.",
    )
    order_amount_total = fields.Monetary(
        string="Approved Order Total",
        currency_field="order_currency_id",
        readonly=True,
        copy=False,
    )
    order_currency_id = fields.Many2one("res.currency", readonly=True, copy=False)
    order_partner_id = fields.Many2one(
        "res.partner", string="Approved Customer", readonly=True, copy=False
    )

    @api.depends("sale_order_id.partner_id")
    def _compute_partner_id(self):
        for rec in self:
            if not rec.partner_id or rec.state == "draft":
                rec.partner_id = rec.sale_order_id.partner_id.commercial_partner_id

    @api.depends("exposure", "limit")
    def _compute_over_amount(self):
        for rec in self:
            rec.over_amount = max(rec.exposure - rec.limit, 0.0) if rec.limit else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self._tz_in_workflow():
                # the requester is whoever creates the request
                vals.setdefault("requested_by_id", self.env.user.id)
            if vals.get("name", "/") == "/":
                order = self.env["sale.order"].browse(vals.get("sale_order_id"))
                company = order.company_id or self.env.company
                vals["name"] = company._tz_next_number("tz.credit.approval")
        return super().create(vals_list)

    def write(self, vals):
        if "sale_order_id" in vals and self.filtered(lambda r: r.state != "draft"):
            raise UserError(_("A submitted credit approval cannot change its order."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                _(
                    "Submitted credit approvals are kept for history and cannot be "
                    "deleted."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        for rec in self:
            if rec.state != "draft":
                raise UserError(_("Only draft credit approvals can be submitted."))
            order = rec.sale_order_id
            order.check_access("read")  # the requester must see the order
            order = order.sudo()
            if order.state not in ("draft", "sent"):
                raise UserError(
                    _(
                        "Order %(order)s is not a quotation any more.",
                        order=order.name,
                    )
                )
            evaluation = order._tz_credit_evaluate()
            if not evaluation["blocked"]:
                raise UserError(
                    _(
                        "Order %(order)s is within the credit policy and can be "
                        "confirmed without approval.",
                        order=order.name,
                    )
                )
            other = self.search(
                [
                    ("sale_order_id", "=", order.id),
                    ("state", "in", ("pending", "approved")),
                    ("consumed_date", "=", False),
                    ("id", "!=", rec.id),
                ],
                limit=1,
            )
            if other:
                raise UserError(
                    _(
                        "Order %(order)s already has an open credit approval "
                        "(%(ref)s).",
                        order=order.name,
                        ref=other.name,
                    )
                )
            rec._tz_workflow().write(
                {
                    "state": "pending",
                    "requested_by_id": self.env.user.id,
                    "requested_date": fields.Datetime.now(),
                    "partner_id": order.partner_id.commercial_partner_id.id,
                    "amount": evaluation["order_amount"],
                    "exposure": evaluation["exposure"],
                    "limit": evaluation["limit_total"],
                    "reason": order._tz_credit_block_message(evaluation),
                    **rec._order_snapshot(),
                }
            )
            rec._log_on_documents(
                _(
                    "Credit approval %(ref)s requested by %(user)s: %(note)s",
                    ref=rec.name,
                    user=self.env.user.name,
                    note=rec.request_note or "-",
                )
            )
            rec._schedule_manager_activities()
        return True

    def action_approve(self):
        self._check_can_decide()
        expired = self.browse()
        for rec in self:
            if not rec._matches_order():
                rec._expire(_("the order changed after the request"))
                expired |= rec
                continue
            rec._tz_workflow().write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.user.id,
                    "decided_date": fields.Datetime.now(),
                }
            )
            rec._close_manager_activities()
            rec._log_on_documents(
                _(
                    "Credit approval %(ref)s approved by %(user)s: order %(order)s "
                    "may now be confirmed once. %(note)s",
                    ref=rec.name,
                    user=self.env.user.name,
                    order=rec.sale_order_id.name,
                    note=rec.decision_note or "",
                )
            )
            rec.sudo().sale_order_id.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=rec.requested_by_id.id,
                summary=_("Credit approved: confirm the order"),
                note=rec.decision_note or "",
            )
        if expired:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "sticky": True,
                    "message": _(
                        "Not approved: the order changed after the request, so "
                        "%(refs)s expired. The salesperson must request again.",
                        refs=", ".join(expired.mapped("name")),
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def action_reject(self):
        self._check_can_decide()
        for rec in self:
            rec._tz_workflow().write(
                {
                    "state": "rejected",
                    "decided_by_id": self.env.user.id,
                    "decided_date": fields.Datetime.now(),
                }
            )
            rec._close_manager_activities()
            rec._log_on_documents(
                _(
                    "Credit approval %(ref)s rejected by %(user)s. %(note)s",
                    ref=rec.name,
                    user=self.env.user.name,
                    note=rec.decision_note or "",
                )
            )
        return True

    def action_open_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.sale_order_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _tz_evidence_locked(self):
        """Decided approvals: their attachments are the evidence of the
        decision."""
        return self.filtered(lambda r: r.state in DECIDED_STATES)

    def _check_can_decide(self):
        if not self.env.su and not self.env.user.has_group(CREDIT_MANAGER):
            raise AccessError(_("Only a Credit Manager can decide credit approvals."))
        for rec in self:
            if rec.state != "pending":
                raise UserError(
                    _(
                        "Credit approval %(ref)s is not pending (it is %(state)s).",
                        ref=rec.name,
                        state=dict(
                            rec._fields["state"]._description_selection(rec.env)
                        )[rec.state],
                    )
                )
            if rec.requested_by_id == self.env.user:
                raise UserError(
                    _(
                        "You cannot decide your own credit approval request "
                        "%(ref)s; another credit manager has to.",
                        ref=rec.name,
                    )
                )

    def _tz_consume(self):
        """Mark approvals as used by the confirmation of their order."""
        now = fields.Datetime.now()
        for rec in self.sudo():
            rec._tz_workflow().write({"consumed_date": now})
            rec.message_post(
                body=_(
                    "Used: order %(order)s confirmed under this approval.",
                    order=rec.sale_order_id.name,
                )
            )

    def _order_snapshot(self):
        order = self.sudo().sale_order_id
        return {
            "order_amount_total": order.amount_total,
            "order_currency_id": order.currency_id.id,
            "order_partner_id": order.partner_id.id,
        }

    def _matches_order(self):
        self.ensure_one()
        order = self.sudo().sale_order_id
        return (
            self.order_partner_id == order.partner_id
            and self.order_currency_id == order.currency_id
            and not order.currency_id.compare_amounts(
                self.order_amount_total, order.amount_total
            )
        )

    def _expire(self, why):
        for rec in self:
            rec._tz_workflow().write({"state": "expired"})
            rec._close_manager_activities()
            rec._log_on_documents(
                _(
                    "Credit approval %(ref)s expired: %(why)s.",
                    ref=rec.name,
                    why=why,
                )
            )

    def _log_on_documents(self, body):
        self.ensure_one()
        self.sudo().message_post(body=body)
        self.sudo().sale_order_id.message_post(body=body)
        self.sudo().partner_id.message_post(body=body)

    def _schedule_manager_activities(self):
        self.ensure_one()
        group = self.env.ref(CREDIT_MANAGER)
        managers = group.sudo().users.filtered(
            lambda u: (
                u.active
                and not u.share
                and u != self.requested_by_id
                and self.company_id in u.company_ids
                and u.id != self.env.ref("base.user_root").id
            )
        )
        currency = self.currency_id
        for manager in managers:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=manager.id,
                summary=_(
                    "Credit approval for %(order)s (%(amount)s)",
                    order=self.sale_order_id.name,
                    amount=formatLang(self.env, self.amount, currency_obj=currency),
                ),
                note=self.reason,
            )

    @api.model
    def _tz_drop_mail_of_deleted(self, ids):
        """Activities, followers and messages of approvals already deleted
        by the database (``sale_order_id`` cascades)."""
        if not ids:
            return
        env = self.sudo().env
        domain = [("res_model", "=", self._name), ("res_id", "in", ids)]
        env["mail.activity"].search(domain).unlink()
        env["mail.followers"].search(domain).unlink()
        env["mail.message"].search(
            [("model", "=", self._name), ("res_id", "in", ids)]
        ).unlink()

    def _close_manager_activities(self):
        activities = self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        if activities:
            activities.sudo().action_feedback(
                feedback=_("Decided: %(state)s", state=self.state)
            )
