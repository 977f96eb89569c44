from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    tz_market_activity_id = fields.Many2one(
        "tz.market.activity",
        string="Market Activity",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
    )
