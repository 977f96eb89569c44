from odoo import _, api, fields, models
from odoo.exceptions import UserError


class TzCustomerHandover(models.Model):
    _name = "tz.customer.handover"
    _description = "Customer Handover Record"
    _inherit = ["mail.thread", "tz.guarded.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    # a handover record is history written once by the handover wizard:
    # every one of its fields is a workflow field
    _tz_workflow_fields = (
        "name",
        "company_id",
        "from_user_id",
        "to_user_ids",
        "user_id",
        "date",
        "mode",
        "spread_rule",
        "scope_customers",
        "scope_opportunities",
        "scope_activities",
        "scope_quotations",
        "scope_collection_plans",
        "partner_ids",
        "lead_ids",
        "order_ids",
        "partner_count",
        "lead_count",
        "activity_count",
        "order_count",
        "collection_plan_count",
        "note",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda s: s.env.company
    )
    from_user_id = fields.Many2one(
        "res.users", string="Leaving Salesperson", required=True, readonly=True
    )
    to_user_ids = fields.Many2many(
        "res.users",
        "tz_customer_handover_to_user_rel",
        "handover_id",
        "user_id",
        string="Successors",
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Done By", readonly=True, default=lambda s: s.env.user
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    mode = fields.Selection(
        [("single", "One Successor"), ("spread", "Spread Across Several")],
        readonly=True,
    )
    spread_rule = fields.Selection(
        [("count", "Balance Customer Count"), ("value", "Balance Customer Value")],
        readonly=True,
    )
    scope_customers = fields.Boolean(string="Scope: Customers", readonly=True)
    scope_opportunities = fields.Boolean(
        string="Scope: Open Opportunities", readonly=True
    )
    scope_activities = fields.Boolean(string="Scope: Open Activities", readonly=True)
    scope_quotations = fields.Boolean(string="Scope: Open Quotations", readonly=True)
    scope_collection_plans = fields.Boolean(
        string="Scope: Collection Plans", readonly=True
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "tz_customer_handover_partner_rel",
        "handover_id",
        "partner_id",
        string="Customers Moved",
        readonly=True,
    )
    lead_ids = fields.Many2many(
        "crm.lead",
        "tz_customer_handover_lead_rel",
        "handover_id",
        "lead_id",
        string="Opportunities Moved",
        readonly=True,
    )
    order_ids = fields.Many2many(
        "sale.order",
        "tz_customer_handover_order_rel",
        "handover_id",
        "order_id",
        string="Quotations Moved",
        readonly=True,
    )
    partner_count = fields.Integer(string="Customers", readonly=True)
    lead_count = fields.Integer(string="Opportunities", readonly=True)
    activity_count = fields.Integer(string="Activities", readonly=True)
    order_count = fields.Integer(string="Quotations", readonly=True)
    collection_plan_count = fields.Integer(string="Collection Plans", readonly=True)
    note = fields.Text(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._tz_in_workflow():
            raise UserError(
                _(
                    "Handover records are written by the salesperson handover "
                    "wizard only."
                )
            )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # the company's own sequence when it has one
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("tz.customer.handover") or _("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _("Handover records are kept as history and cannot be deleted.")
        )
