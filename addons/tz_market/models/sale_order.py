from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    tz_market_activity_id = fields.Many2one(
        related="opportunity_id.tz_market_activity_id",
        store=True,
        index="btree_not_null",
        string="Market Activity",
    )
    tz_market_project_id = fields.Many2one(
        related="opportunity_id.tz_market_project_id",
        store=True,
        index="btree_not_null",
        string="Market Project",
    )
    tz_market_plan_id = fields.Many2one(
        related="opportunity_id.tz_market_plan_id",
        store=True,
        index="btree_not_null",
        string="Market Plan",
    )
