from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import rollup


class TzCompetitor(models.Model):
    _name = "tz.competitor"
    _description = "Competitor File"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner", string="Organisation Contact", check_company=True
    )
    website = fields.Char()
    phone = fields.Char()
    country_id = fields.Many2one("res.country")
    city = fields.Char()
    size = fields.Selection(
        [
            ("small", "Small (< 100 employees)"),
            ("medium", "Medium (100 - 1000)"),
            ("large", "Large (> 1000)"),
        ],
        string="Company Size",
    )
    employee_count = fields.Integer(string="Employees")
    annual_revenue = fields.Monetary(string="Annual Revenue (est.)")
    region_ids = fields.Many2many("tz.market.region", string="Active Regions")
    industry_ids = fields.Many2many("res.partner.industry", string="Industries")
    organisation = fields.Html()
    product_line_ids = fields.One2many(
        "tz.competitor.product", "competitor_id", string="Product Lines"
    )
    sales_strategy = fields.Html()
    achievements = fields.Html()
    market_share = fields.Float(string="Market Share (%)", tracking=True)
    strengths = fields.Text()
    weaknesses = fields.Text()
    counter_tactics = fields.Html(string="Counter-Tactics (破敌战术)")
    threat_level = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        default="medium",
        tracking=True,
    )
    info_ids = fields.Many2many(
        "tz.market.info",
        "tz_market_info_competitor_rel",
        "competitor_id",
        "info_id",
        string="Market Information",
    )
    lead_ids = fields.Many2many(
        "crm.lead",
        "crm_lead_tz_competitor_rel",
        "competitor_id",
        "lead_id",
        string="Opportunities",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    # win / loss where we competed
    competed_count = fields.Integer(string="Competed", compute="_compute_win_loss")
    won_count = fields.Integer(string="Won Against", compute="_compute_win_loss")
    lost_count = fields.Integer(string="Lost To", compute="_compute_win_loss")
    open_count = fields.Integer(string="Open", compute="_compute_win_loss")
    won_amount = fields.Monetary(compute="_compute_win_loss")
    lost_amount = fields.Monetary(compute="_compute_win_loss")
    win_rate = fields.Float(string="Win Rate (%)", compute="_compute_win_loss")

    _sql_constraints = [
        (
            "market_share_range",
            "CHECK(market_share >= 0 AND market_share <= 100)",
            "The market share is a percentage between 0 and 100.",
        ),
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for competitor in self:
            competitor.currency_id = (
                competitor.company_id.currency_id or self.env.company.currency_id
            )

    def _compute_win_loss(self):
        """Won / lost counts and amounts of the opportunities where we met
        each competitor, in one grouped query."""
        ids = self._origin.ids
        stats = {
            cid: {"won": 0, "lost": 0, "open": 0, "won_amt": 0.0, "lost_amt": 0.0}
            for cid in ids
        }
        if ids:
            self.env["crm.lead"].flush_model()
            won_stage_ids = set(
                self.env["crm.stage"].sudo().search([("is_won", "=", True)]).ids
            )
            groups = (
                self.env["crm.lead"]
                .sudo()
                .with_context(active_test=False)
                ._read_group(
                    [
                        ("tz_competitor_ids", "in", ids),
                        ("type", "=", "opportunity"),
                    ],
                    ["tz_competitor_ids", "stage_id", "active"],
                    ["__count", "expected_revenue:sum"],
                )
            )
            for competitor, stage, active, count, amount in groups:
                acc = stats.get(competitor.id)
                if acc is None:
                    continue
                if stage.id in won_stage_ids:
                    acc["won"] += count
                    acc["won_amt"] += amount
                elif not active:
                    acc["lost"] += count
                    acc["lost_amt"] += amount
                else:
                    acc["open"] += count
        for competitor in self:
            acc = stats.get(
                competitor._origin.id,
                {"won": 0, "lost": 0, "open": 0, "won_amt": 0.0, "lost_amt": 0.0},
            )
            competitor.won_count = acc["won"]
            competitor.lost_count = acc["lost"]
            competitor.open_count = acc["open"]
            competitor.competed_count = acc["won"] + acc["lost"] + acc["open"]
            competitor.won_amount = acc["won_amt"]
            competitor.lost_amount = acc["lost_amt"]
            competitor.win_rate = rollup.progress_percent(
                acc["won"], acc["won"] + acc["lost"]
            )

    @api.constrains("employee_count", "annual_revenue")
    def _check_size(self):
        for competitor in self:
            if competitor.employee_count < 0 or competitor.annual_revenue < 0:
                raise ValidationError(
                    _(
                        "Employees and revenue of “%(name)s” cannot be negative.",
                        name=competitor.name,
                    )
                )

    def _opportunity_action(self, domain):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action["domain"] = [("tz_competitor_ids", "in", self.ids), *domain]
        action["context"] = {"active_test": False, "create": False}
        return action

    def action_view_opportunities(self):
        return self._opportunity_action([("type", "=", "opportunity")])

    def action_view_lost(self):
        return self._opportunity_action(
            [("type", "=", "opportunity"), ("active", "=", False)]
        )

    def action_view_won(self):
        return self._opportunity_action(
            [("type", "=", "opportunity"), ("stage_id.is_won", "=", True)]
        )
