from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import supply_calc

CHECK_TYPES = [
    ("visual", "Visual"),
    ("dimension", "Dimensions"),
    ("function", "Function"),
    ("document", "Documents"),
]


class TzInspectionPlan(models.Model):
    _name = "tz.inspection.plan"
    _description = "Incoming Inspection Plan"
    _inherit = ["mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    sampling_method = fields.Selection(
        [
            ("all", "All Units"),
            ("fixed", "Fixed Quantity"),
            ("percentage", "Percentage"),
        ],
        required=True,
        default="all",
        tracking=True,
    )
    sample_qty = fields.Float(
        string="Sample Quantity", digits="Product Unit of Measure", tracking=True
    )
    sample_percent = fields.Float(string="Sample (%)", tracking=True)
    item_ids = fields.One2many(
        "tz.inspection.plan.item", "plan_id", string="Check Items", copy=True
    )
    item_count = fields.Integer(compute="_compute_item_count")
    note = fields.Html(string="Instructions", translate=True)

    @api.depends("item_ids")
    def _compute_item_count(self):
        for plan in self:
            plan.item_count = len(plan.item_ids)

    @api.constrains("sampling_method", "sample_qty", "sample_percent")
    def _check_sampling(self):
        for plan in self:
            if plan.sample_qty < 0 or plan.sample_percent < 0:
                raise ValidationError(
                    _(
                        "Plan %(name)s: sampling values cannot be negative.",
                        name=plan.name,
                    )
                )
            if plan.sample_percent > 100:
                raise ValidationError(
                    _(
                        "Plan %(name)s: the sample percentage must be between 0 "
                        "and 100.",
                        name=plan.name,
                    )
                )
            if plan.sampling_method == "fixed" and plan.sample_qty <= 0:
                raise ValidationError(
                    _(
                        "Plan %(name)s: a fixed sampling needs a sample quantity "
                        "greater than zero.",
                        name=plan.name,
                    )
                )
            if plan.sampling_method == "percentage" and plan.sample_percent <= 0:
                raise ValidationError(
                    _(
                        "Plan %(name)s: a percentage sampling needs a percentage "
                        "greater than zero.",
                        name=plan.name,
                    )
                )

    def _get_sample_size(self, received_qty, rounding=1.0):
        """Quantity to sample out of ``received_qty`` (all units without plan)."""
        if not self:
            return received_qty
        self.ensure_one()
        return supply_calc.sample_size(
            self.sampling_method,
            received_qty,
            fixed_qty=self.sample_qty,
            percent=self.sample_percent,
            rounding=rounding or 1.0,
        )


class TzInspectionPlanItem(models.Model):
    _name = "tz.inspection.plan.item"
    _description = "Inspection Plan Check Item"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "tz.inspection.plan", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True, translate=True)
    check_type = fields.Selection(CHECK_TYPES, required=True, default="visual")
    criteria = fields.Char(string="Acceptance Criteria", translate=True)
