from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    tz_visit_use_workdays = fields.Boolean(
        string="Count Visit Intervals in Working Days",
        help="Count the visit interval of customer grades in Chinese working days "
        "(statutory holidays and adjusted weekends from chinesecalendar; plain "
        "weekdays for years it does not cover) instead of calendar days.",
    )
    tz_value_monetary_ref = fields.Float(
        string="Reference Revenue (Value Score)",
        default=1_000_000.0,
        help="Invoiced revenue over 12 months that earns the full monetary "
        "sub-score of the customer value model.",
    )
    tz_value_potential_ref = fields.Float(
        string="Reference Pipeline (Value Score)",
        default=500_000.0,
        help="Weighted open pipeline that earns the full potential sub-score.",
    )
    tz_value_frequency_ref = fields.Integer(
        string="Reference Invoices per Year (Value Score)",
        default=12,
        help="Number of invoices over 12 months that earns the full frequency "
        "sub-score.",
    )
