from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

COLLECTION_MODEL = "tz.collection.plan"
OPEN_QUOTATION_STATES = ("draft", "sent")
OPEN_COLLECTION_STATES = ("open", "promised")


class TzCustomerHandoverWizard(models.TransientModel):
    _name = "tz.customer.handover.wizard"
    _description = "Salesperson Handover Wizard"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda s: s.env.company
    )
    from_user_id = fields.Many2one(
        "res.users",
        string="Leaving Salesperson",
        required=True,
        domain="[('share', '=', False)]",
    )
    mode = fields.Selection(
        [("single", "One Successor"), ("spread", "Spread Across Several")],
        default="single",
        required=True,
    )
    to_user_id = fields.Many2one(
        "res.users", string="Successor", domain="[('share', '=', False)]"
    )
    to_user_ids = fields.Many2many(
        "res.users",
        "tz_handover_wizard_to_user_rel",
        "wizard_id",
        "user_id",
        string="Successors",
        domain="[('share', '=', False)]",
    )
    spread_rule = fields.Selection(
        [("count", "Balance Customer Count"), ("value", "Balance Customer Value")],
        default="count",
        required=True,
        help="Count: each successor gets the same number of customers. Value: "
        "customers are dealt by realised value, largest first, to the successor "
        "with the smallest total so far.",
    )
    scope_customers = fields.Boolean(string="Customers", default=True)
    scope_opportunities = fields.Boolean(string="Open Opportunities", default=True)
    scope_activities = fields.Boolean(string="Open Activities", default=True)
    scope_quotations = fields.Boolean(string="Open Quotations", default=True)
    scope_collection_plans = fields.Boolean(string="Collection Plans", default=True)
    collection_available = fields.Boolean(compute="_compute_counts")
    note = fields.Text()
    partner_count = fields.Integer(compute="_compute_counts", string="Customers Found")
    lead_count = fields.Integer(compute="_compute_counts", string="Opportunities Found")
    activity_count = fields.Integer(
        compute="_compute_counts", string="Activities Found"
    )
    order_count = fields.Integer(compute="_compute_counts", string="Quotations Found")
    collection_plan_count = fields.Integer(
        compute="_compute_counts", string="Collection Plans Found"
    )

    @api.depends("from_user_id", "company_id")
    def _compute_counts(self):
        for wizard in self:
            wizard.collection_available = COLLECTION_MODEL in self.env
            if not wizard.from_user_id:
                wizard.partner_count = wizard.lead_count = wizard.activity_count = 0
                wizard.order_count = wizard.collection_plan_count = 0
                continue
            wizard.partner_count = len(wizard._get_partners())
            wizard.lead_count = len(wizard._get_leads())
            wizard.activity_count = len(wizard._get_activities())
            wizard.order_count = len(wizard._get_orders())
            plans = wizard._get_collection_plans()
            wizard.collection_plan_count = len(plans) if plans is not None else 0

    # ------------------------------------------------------------------
    # scope
    # ------------------------------------------------------------------
    def _company_domain(self):
        return [("company_id", "in", [self.company_id.id, False])]

    def _get_partners(self):
        return (
            self.env["res.partner"]
            .sudo()
            .search([("user_id", "=", self.from_user_id.id), *self._company_domain()])
        )

    def _get_leads(self):
        return (
            self.env["crm.lead"]
            .sudo()
            .search(
                [
                    ("user_id", "=", self.from_user_id.id),
                    ("probability", "<", 100),
                    ("company_id", "in", [self.company_id.id, False]),
                ]
            )
        )

    def _get_activities(self):
        """Open activities of the leaving salesperson, except the ones on
        documents of another company (they stay for that company's handover)."""
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("user_id", "=", self.from_user_id.id)])
        )
        foreign = self.env["mail.activity"]
        by_model = defaultdict(lambda: self.env["mail.activity"])
        for activity in activities:
            by_model[activity.res_model] |= activity
        for model_name, batch in by_model.items():
            if model_name not in self.env:
                continue
            Model = self.env[model_name].sudo().with_context(active_test=False)
            if "company_id" not in Model._fields:
                continue
            records = Model.browse(set(batch.mapped("res_id"))).exists()
            other = records.filtered(
                lambda r: r.company_id and r.company_id != self.company_id
            )
            foreign |= batch.filtered(lambda a, ids=set(other.ids): a.res_id in ids)
        return activities - foreign

    def _get_orders(self):
        return (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("user_id", "=", self.from_user_id.id),
                    ("state", "in", OPEN_QUOTATION_STATES),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        )

    def _get_collection_plans(self):
        if COLLECTION_MODEL not in self.env:
            return None
        Plan = self.env[COLLECTION_MODEL].sudo()
        if "user_id" not in Plan._fields:
            return Plan.browse()
        domain = [("user_id", "=", self.from_user_id.id)]
        if "state" in Plan._fields:
            domain.append(("state", "in", OPEN_COLLECTION_STATES))
        if "company_id" in Plan._fields:
            domain.append(("company_id", "in", [self.company_id.id, False]))
        return Plan.search(domain)

    # ------------------------------------------------------------------
    # action
    # ------------------------------------------------------------------
    def _successors(self):
        return self.to_user_id if self.mode == "single" else self.to_user_ids

    def _check(self):
        if not (
            self.env.su or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise UserError(_("Only sales managers can hand customers over."))
        successors = self._successors()
        if not successors:
            raise UserError(
                _("Choose the successor(s) of %(user)s.", user=self.from_user_id.name)
            )
        if self.from_user_id in successors:
            raise UserError(
                _(
                    "%(user)s cannot hand customers over to themselves.",
                    user=self.from_user_id.name,
                )
            )
        inactive = successors.filtered(lambda u: not u.active)
        if inactive:
            raise UserError(
                _(
                    "%(users)s is archived and cannot take customers over.",
                    users=", ".join(inactive.mapped("name")),
                )
            )
        if not any(
            (
                self.scope_customers,
                self.scope_opportunities,
                self.scope_activities,
                self.scope_quotations,
                self.scope_collection_plans and self.collection_available,
            )
        ):
            raise UserError(_("Select at least one kind of record to hand over."))
        return successors

    def _distribute(self, partners, successors):
        """Map each commercial partner to a successor."""
        commercial = partners.commercial_partner_id
        owner = {}
        if len(successors) == 1:
            return dict.fromkeys(commercial.ids, successors)
        if self.spread_rule == "value":
            totals = {user.id: 0.0 for user in successors}
            counts = {user.id: 0 for user in successors}
            for partner in commercial.sorted(lambda p: (-p.tz_value_revenue, p.id)):
                user_id = min(totals, key=lambda u: (totals[u], counts[u], u))
                totals[user_id] += partner.tz_value_revenue
                counts[user_id] += 1
                owner[partner.id] = successors.browse(user_id)
        else:
            ordered = list(successors.sorted("id"))
            for index, partner in enumerate(commercial.sorted("id")):
                owner[partner.id] = ordered[index % len(ordered)]
        return owner

    def action_handover(self):
        self.ensure_one()
        successors = self._check()
        owner = {}
        ordered = list(successors.sorted("id"))
        fallback_index = [0]

        def fallback():
            user = ordered[fallback_index[0] % len(ordered)]
            fallback_index[0] += 1
            return user

        def owner_of(partner):
            key = partner.commercial_partner_id.id
            if key not in owner:
                owner[key] = fallback()
            return owner[key]

        partners = (
            self._get_partners() if self.scope_customers else self.env["res.partner"]
        )
        if partners:
            owner.update(self._distribute(partners, successors))
        leads = self._get_leads() if self.scope_opportunities else self.env["crm.lead"]
        orders = self._get_orders() if self.scope_quotations else self.env["sale.order"]
        activities = (
            self._get_activities()
            if self.scope_activities
            else self.env["mail.activity"]
        )
        plans = (
            self._get_collection_plans()
            if self.scope_collection_plans and self.collection_available
            else None
        )
        new_owner = {}  # (model, id) -> user, for activities following their record

        def move(records, get_owner):
            groups = defaultdict(lambda: records.browse())
            for record in records:
                user = get_owner(record)
                groups[user] |= record
                new_owner[(record._name, record.id)] = user
            for user, batch in groups.items():
                batch.with_context(
                    mail_auto_subscribe_no_notify=True, tz_no_auto_assign=True
                ).write({"user_id": user.id})
            return groups

        moved = {}
        moved["partners"] = move(partners, lambda p: owner_of(p))
        moved["leads"] = move(
            leads,
            lambda lead: owner_of(lead.partner_id) if lead.partner_id else fallback(),
        )
        moved["orders"] = move(orders, lambda order: owner_of(order.partner_id))
        if plans:
            moved["plans"] = move(
                plans,
                lambda plan: (
                    owner_of(plan.partner_id)
                    if "partner_id" in plan._fields and plan.partner_id
                    else fallback()
                ),
            )

        def activity_owner(activity):
            user = new_owner.get((activity.res_model, activity.res_id))
            if user:
                return user
            if activity.res_model == "res.partner":
                partner = (
                    self.env["res.partner"].sudo().browse(activity.res_id).exists()
                )
                if partner:
                    return owner_of(partner)
            return fallback()

        act_groups = defaultdict(lambda: self.env["mail.activity"])
        for activity in activities:
            act_groups[activity_owner(activity)] |= activity
        for user, batch in act_groups.items():
            batch.with_context(mail_activity_quick_update=True).write(
                {"user_id": user.id}
            )

        # the rights were checked by _check(): the manager writes the record
        handover = (
            self.env["tz.customer.handover"]
            ._tz_workflow()
            .create(
                {
                    "company_id": self.company_id.id,
                    "from_user_id": self.from_user_id.id,
                    "to_user_ids": [fields.Command.set(successors.ids)],
                    "user_id": self.env.user.id,
                    "mode": self.mode,
                    "spread_rule": self.spread_rule if self.mode == "spread" else False,
                    "scope_customers": self.scope_customers,
                    "scope_opportunities": self.scope_opportunities,
                    "scope_activities": self.scope_activities,
                    "scope_quotations": self.scope_quotations,
                    "scope_collection_plans": bool(
                        plans is not None and self.scope_collection_plans
                    ),
                    "partner_ids": [fields.Command.set(partners.ids)],
                    "lead_ids": [fields.Command.set(leads.ids)],
                    "order_ids": [fields.Command.set(orders.ids)],
                    "partner_count": len(partners),
                    "lead_count": len(leads),
                    "activity_count": len(activities),
                    "order_count": len(orders),
                    "collection_plan_count": len(plans) if plans else 0,
                    "note": self.note,
                }
            )
        )
        # log on every moved record
        for groups in moved.values():
            for user, batch in groups.items():
                if not batch or not hasattr(batch, "_message_log_batch"):
                    continue
                body = Markup("<p>%s</p>") % _(
                    "Handed over from %(old)s to %(new)s by %(manager)s (%(ref)s).",
                    old=self.from_user_id.name,
                    new=user.name,
                    manager=self.env.user.name,
                    ref=handover.name,
                )
                batch.sudo()._message_log_batch(bodies=dict.fromkeys(batch.ids, body))
        return {
            "type": "ir.actions.act_window",
            "res_model": "tz.customer.handover",
            "res_id": handover.id,
            "view_mode": "form",
            "target": "current",
        }
