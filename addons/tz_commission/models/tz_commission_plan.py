from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import commission_math


class TzCommissionPlan(models.Model):
    _name = "tz.commission.plan"
    _description = "Commission Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    basis = fields.Selection(
        [
            ("invoiced", "Invoiced Revenue"),
            ("paid", "Paid Revenue"),
            ("margin", "Gross Margin"),
        ],
        required=True,
        default="invoiced",
        tracking=True,
        help="Invoiced: earned when the customer invoice is posted.\n"
        "Paid: earned when (and in proportion to what) the invoice is paid.\n"
        "Margin: invoiced revenue minus product cost, earned on posting.",
    )
    rate_type = fields.Selection(
        [("fixed", "Fixed Rate"), ("tiered", "Tiered by Achievement")],
        required=True,
        default="fixed",
        tracking=True,
    )
    fixed_rate = fields.Float(string="Rate (%)", digits=(16, 2), tracking=True)
    tier_mode = fields.Selection(
        [("progressive", "Progressive"), ("whole", "On the Whole Amount")],
        default="progressive",
        required=True,
        tracking=True,
        help="Progressive: each slice of the basis is paid at the rate of the "
        "tier it falls in.\nOn the whole amount: the rate of the tier reached "
        "applies to the whole basis of the period.",
    )
    target_period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=True,
        default="month",
        string="Achievement Period",
        help="Achievement of tiered plans is measured against the salesperson's "
        "target of this period type.",
    )
    tier_ids = fields.One2many("tz.commission.plan.tier", "plan_id", copy=True)
    rule_ids = fields.One2many("tz.commission.plan.rule", "plan_id", copy=True)
    assignment_ids = fields.One2many("tz.commission.assignment", "plan_id")
    assignment_count = fields.Integer(compute="_compute_assignment_count")
    line_count = fields.Integer(compute="_compute_line_count")
    note = fields.Html()

    def _compute_assignment_count(self):
        data = self.env["tz.commission.assignment"]._read_group(
            [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
        )
        counts = {plan.id: count for plan, count in data}
        for plan in self:
            plan.assignment_count = counts.get(plan.id, 0)

    def _compute_line_count(self):
        data = self.env["tz.commission.line"]._read_group(
            [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
        )
        counts = {plan.id: count for plan, count in data}
        for plan in self:
            plan.line_count = counts.get(plan.id, 0)

    @api.constrains("fixed_rate", "rate_type")
    def _check_fixed_rate(self):
        for plan in self:
            if plan.fixed_rate < 0 or plan.fixed_rate > 100:
                raise ValidationError(
                    _(
                        "The rate of plan %(plan)s must be between 0 and 100 %%.",
                        plan=plan.name,
                    )
                )

    @api.constrains("rate_type", "tier_ids")
    def _check_tiers(self):
        messages = {
            "empty": _("A tiered plan needs at least one tier."),
            "rate": _("Tier rates must be between 0 and 100 %."),
            "negative": _("Tier bounds cannot be negative."),
            "bounds": _("The upper bound of a tier must exceed its lower bound."),
            "overlap": _("Tiers overlap."),
            "gap": _(
                "Tiers leave a gap: they must start at 0 %, each tier must "
                "start where the previous one ends and the last one must be "
                "open-ended."
            ),
        }
        for plan in self:
            if plan.rate_type != "tiered":
                continue
            try:
                commission_math.validate_tiers(plan._tier_table())
            except commission_math.TierError as err:
                raise ValidationError(
                    _(
                        "Plan %(plan)s: %(error)s (%(detail)s)",
                        plan=plan.name,
                        error=messages.get(err.code, str(err)),
                        detail=str(err),
                    )
                ) from err

    def _tier_table(self):
        self.ensure_one()
        return [(t.from_pct, t.to_pct or None, t.rate) for t in self.tier_ids]

    def _math_args(self):
        """Keyword arguments for :mod:`commission_math` functions."""
        self.ensure_one()
        if self.rate_type == "fixed":
            return {"mode": commission_math.FIXED, "rate": self.fixed_rate}
        return {
            "mode": (
                commission_math.PROGRESSIVE
                if self.tier_mode == "progressive"
                else commission_math.WHOLE
            ),
            "tiers": self._tier_table(),
        }

    def _product_rule(self, product):
        """Return ('exclude'|'rate'|'standard', rate) for a product."""
        self.ensure_one()
        rules = self.rule_ids
        product_rule = rules.filtered(lambda r: r.product_id == product)[:1]
        if not product_rule and product:
            categ = product.categ_id
            while categ and not product_rule:
                product_rule = rules.filtered(
                    lambda r, c=categ: not r.product_id and r.categ_id == c
                )[:1]
                categ = categ.parent_id
        if not product_rule:
            return "standard", 0.0
        if product_rule.rule_type == "exclude":
            return "exclude", 0.0
        return "rate", product_rule.rate

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_commission.action_tz_commission_line"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_assignments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Assignments"),
            "res_model": "tz.commission.assignment",
            "view_mode": "list,form",
            "domain": [("plan_id", "=", self.id)],
            "context": {"default_plan_id": self.id},
        }
