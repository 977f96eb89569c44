from odoo import fields, models


class CrmLostReason(models.Model):
    _inherit = "crm.lost.reason"

    tz_competitor_id = fields.Many2one(
        "tz.competitor",
        string="Lost to Competitor",
        help="Opportunities lost with this reason are counted as lost to "
        "this competitor.",
    )
