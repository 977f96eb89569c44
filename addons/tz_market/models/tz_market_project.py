from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import rollup

CUSTOMER_TYPES = [
    ("enterprise", "Enterprise"),
    ("government", "Government / Public Institution"),
    ("dealer", "Dealer / Distributor"),
    ("individual", "Individual"),
    ("other", "Other"),
]


class TzMarketProject(models.Model):
    _name = "tz.market.project"
    _description = "Market Project"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tz.market.rollup.mixin",
        "tz.guarded.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rollup_lead_field = "tz_market_project_id"
    # written by the action_* buttons only (also from the plan form)
    _tz_workflow_fields = ("state",)
    # attachments of done projects are evidence
    _tz_evidence_manager_group = "tz_market.group_tz_market_manager"

    name = fields.Char(required=True, tracking=True)
    plan_id = fields.Many2one(
        "tz.market.plan",
        string="Market Plan",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
    )
    region_id = fields.Many2one("tz.market.region", string="Target Region", index=True)
    industry_id = fields.Many2one("res.partner.industry", string="Target Industry")
    customer_type = fields.Selection(CUSTOMER_TYPES, string="Target Customer Type")
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    user_id = fields.Many2one(
        "res.users",
        string="Project Manager",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    member_ids = fields.Many2many("res.users", string="Team Members")
    budget = fields.Monetary(tracking=True)
    expected_revenue = fields.Monetary(tracking=True)
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="End Date", required=True, tracking=True)
    description = fields.Html(string="Action Plan")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "In Progress"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    market_activity_ids = fields.One2many(
        "tz.market.activity", "project_id", string="Market Activities"
    )
    market_activity_count = fields.Integer(
        string="Activity Count", compute="_compute_market_activity_count"
    )
    active = fields.Boolean(default=True)
    color = fields.Integer()
    revenue_progress = fields.Float(
        string="Revenue Progress (%)",
        compute="_compute_rollup",
        help="Won revenue compared with the expected revenue.",
    )
    budget_usage = fields.Float(string="Budget Used (%)", compute="_compute_rollup")

    @api.depends("market_activity_ids")
    def _compute_market_activity_count(self):
        counts = dict(
            self.env["tz.market.activity"]._read_group(
                [("project_id", "in", self._origin.ids)], ["project_id"], ["__count"]
            )
        )
        for project in self:
            project.market_activity_count = counts.get(project._origin, 0)

    def _rollup_costs(self):
        groups = (
            self.env["tz.market.activity"]
            .sudo()
            ._read_group(
                [("project_id", "in", self._origin.ids), ("state", "!=", "cancel")],
                ["project_id"],
                ["cost:sum"],
            )
        )
        return {project.id: cost for project, cost in groups}

    def _rollup_extra(self, values):
        values.update(
            revenue_progress=rollup.progress_percent(
                values["won_revenue"], self.expected_revenue
            ),
            budget_usage=rollup.progress_percent(values["rollup_cost"], self.budget),
        )
        return values

    @api.constrains("date_start", "date_end", "plan_id")
    def _check_dates(self):
        for project in self:
            if project.date_end < project.date_start:
                raise ValidationError(
                    _(
                        "The project “%(name)s” ends before it starts.",
                        name=project.name,
                    )
                )
            plan = project.plan_id
            if project.date_start < plan.date_from or project.date_end > plan.date_to:
                raise ValidationError(
                    _(
                        "The project “%(name)s” (%(start)s - %(end)s) must lie "
                        "within the period of its plan “%(plan)s” "
                        "(%(plan_from)s - %(plan_to)s).",
                        name=project.name,
                        start=project.date_start,
                        end=project.date_end,
                        plan=plan.name,
                        plan_from=plan.date_from,
                        plan_to=plan.date_to,
                    )
                )
        self.market_activity_ids._check_dates()

    @api.constrains("budget", "expected_revenue")
    def _check_amounts(self):
        for project in self:
            if project.budget < 0 or project.expected_revenue < 0:
                raise ValidationError(
                    _(
                        "Budget and expected revenue of the project “%(name)s” "
                        "cannot be negative.",
                        name=project.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        projects = super().create(vals_list)
        projects._subscribe_team()
        return projects

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals or "member_ids" in vals:
            self._subscribe_team()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        for project in self:
            if project.state not in ("draft", "cancel") or project.market_activity_ids:
                raise UserError(
                    _(
                        "The project “%(name)s” has started or has activities; "
                        "cancel or archive it instead of deleting it.",
                        name=project.name,
                    )
                )

    def _subscribe_team(self):
        for project in self:
            partners = (project.user_id | project.member_ids).partner_id
            project.message_subscribe(partner_ids=partners.ids)

    def action_start(self):
        self._check_state(("draft",))
        self._tz_workflow().write({"state": "running"})

    def action_done(self):
        self._check_state(("running",))
        self._tz_workflow().write({"state": "done"})

    def action_cancel(self):
        self._check_state(("draft", "running"))
        self._tz_workflow().write({"state": "cancel"})

    def action_draft(self):
        self._check_state(("cancel",))
        self._tz_workflow().write({"state": "draft"})

    def _check_state(self, allowed):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for project in self:
            if project.state not in allowed:
                raise UserError(
                    _(
                        "This action is not possible on the project “%(name)s” "
                        "in state %(state)s.",
                        name=project.name,
                        state=labels[project.state],
                    )
                )

    def _tz_evidence_locked(self):
        return self.filtered(lambda project: project.state == "done")

    def action_view_activities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_market.action_tz_market_activity"
        )
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {"default_project_id": self.id}
        return action
