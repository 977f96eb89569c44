from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class TzCommissionPlanRule(models.Model):
    _name = "tz.commission.plan.rule"
    _description = "Commission Plan Product Rule"
    _order = "plan_id, product_id, categ_id, id"

    plan_id = fields.Many2one(
        "tz.commission.plan", required=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one("product.product", ondelete="cascade")
    categ_id = fields.Many2one(
        "product.category", string="Product Category", ondelete="cascade"
    )
    rule_type = fields.Selection(
        [("exclude", "Excluded"), ("rate", "Own Rate")],
        required=True,
        default="exclude",
    )
    rate = fields.Float(string="Rate (%)", digits=(16, 2))

    @api.constrains("product_id", "categ_id", "rule_type", "rate")
    def _check_rule(self):
        for rule in self:
            if not rule.product_id and not rule.categ_id:
                raise ValidationError(
                    _("A product rule needs a product or a product category.")
                )
            if rule.rule_type == "rate" and not 0 <= rule.rate <= 100:
                raise ValidationError(
                    _("The own rate of a product rule must be between 0 and 100 %.")
                )
