from odoo import fields, models


class TzMarketRegion(models.Model):
    _name = "tz.market.region"
    _description = "Market Region"
    _order = "sequence, name"

    name = fields.Char(required=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    country_id = fields.Many2one("res.country")
    state_ids = fields.Many2many(
        "res.country.state",
        string="Provinces / States",
        domain="[('country_id', '=?', country_id)]",
    )
    note = fields.Text(string="Description")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The region code must be unique."),
    ]

    def _partner_domain(self):
        """Domain on res.partner for the partners located in these regions."""
        self.ensure_one()
        if self.state_ids:
            return [("state_id", "in", self.state_ids.ids)]
        if self.country_id:
            return [("country_id", "=", self.country_id.id)]
        return []
