from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tz_credit_block = fields.Boolean(
        related="company_id.tz_credit_block", readonly=False
    )
    tz_overdue_block_days = fields.Integer(
        related="company_id.tz_overdue_block_days", readonly=False
    )
    tz_credit_order_basis = fields.Selection(
        related="company_id.tz_credit_order_basis", readonly=False
    )
    tz_credit_include_draft_invoices = fields.Boolean(
        related="company_id.tz_credit_include_draft_invoices", readonly=False
    )
