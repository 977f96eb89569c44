from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    tz_inspect_on_receipt = fields.Boolean(
        string="Inspect on Receipt",
        help="Receipts of this product from vendors create incoming inspections. "
        "Also enabled when the product category asks for it.",
    )
    tz_inspection_plan_id = fields.Many2one(
        "tz.inspection.plan",
        string="Inspection Plan",
        help="Falls back to the plan of the product category.",
    )

    def _tz_needs_inspection(self):
        self.ensure_one()
        return self.tz_inspect_on_receipt or self.categ_id.tz_inspect_on_receipt

    def _tz_inspection_plan(self):
        self.ensure_one()
        return self.tz_inspection_plan_id or self.categ_id.tz_inspection_plan_id
