from odoo import _, api, fields, models
from odoo.exceptions import UserError


class TzCustomerHandover(models.Model):
    _name = "tz.customer.handover"
    _description = "Customer Handover Record"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

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
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "tz.customer.handover"
                ) or _("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _("Handover records are kept as history and cannot be deleted.")
        )
