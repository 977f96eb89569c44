from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    tz_cover_window_days = fields.Integer(
        related="company_id.tz_cover_window_days", readonly=False
    )
    tz_slow_moving_days = fields.Integer(
        related="company_id.tz_slow_moving_days", readonly=False
    )
    tz_default_lead_days = fields.Integer(
        related="company_id.tz_default_lead_days", readonly=False
    )
    tz_price_alert_threshold = fields.Float(
        related="company_id.tz_price_alert_threshold", readonly=False
    )
