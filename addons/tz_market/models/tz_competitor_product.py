from odoo import fields, models


class TzCompetitorProduct(models.Model):
    _name = "tz.competitor.product"
    _description = "Competitor Product Line"
    _order = "competitor_id, sequence, id"

    competitor_id = fields.Many2one(
        "tz.competitor", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Product Line", required=True)
    product_id = fields.Many2one(
        "product.template",
        string="Our Competing Product",
        help="Our product competing with this line.",
    )
    price_note = fields.Char(string="Price Notes")
    features = fields.Text()
