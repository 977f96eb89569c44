from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    tz_inspect_on_receipt = fields.Boolean(
        string="Inspect on Receipt",
        help="Products of this category are inspected when they are received "
        "from a vendor.",
    )
    tz_inspection_plan_id = fields.Many2one(
        "tz.inspection.plan", string="Inspection Plan"
    )
