from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    tz_cover_window_days = fields.Integer(
        string="Consumption Window (days)",
        default=30,
        help="Number of past days used to compute the average daily consumption.",
    )
    tz_slow_moving_days = fields.Integer(
        string="Slow-moving After (days)",
        default=90,
        help="Stock with no outgoing move for this many days is slow-moving.",
    )
    tz_default_lead_days = fields.Integer(
        string="Default Lead Time (days)",
        default=7,
        help="Lead time used for the shortage forecast when the product has no "
        "vendor lead time.",
    )
    tz_price_alert_threshold = fields.Float(
        string="Price Alert Threshold (%)",
        default=10.0,
        help="A purchase order line whose price differs from the last purchase "
        "price of the same vendor by more than this percentage is flagged.",
    )

    @api.constrains(
        "tz_cover_window_days",
        "tz_slow_moving_days",
        "tz_default_lead_days",
        "tz_price_alert_threshold",
    )
    def _check_tz_supply_settings(self):
        for company in self:
            if company.tz_cover_window_days <= 0:
                raise ValidationError(
                    _("The consumption window must be at least one day.")
                )
            if (
                company.tz_slow_moving_days < 0
                or company.tz_default_lead_days < 0
                or company.tz_price_alert_threshold < 0
            ):
                raise ValidationError(
                    _(
                        "Supply thresholds (slow-moving days, default lead time, "
                        "price alert threshold) cannot be negative."
                    )
                )
