from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import rollup, xlsx_export

# an approved plan's goals are what the manager approved
LOCKED_STATES = ("approved", "running", "done")
GOAL_FIELDS = (
    "date_from",
    "date_to",
    "budget",
    "target_revenue",
    "target_new_customers",
    "target_leads",
)


class TzMarketPlan(models.Model):
    _name = "tz.market.plan"
    _description = "Market Development Plan"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tz.market.rollup.mixin",
        "tz.guarded.mixin",
    ]
    _order = "date_from desc, id desc"
    _check_company_auto = True
    _rollup_lead_field = "tz_market_plan_id"
    # written by the action_* buttons only, after their own checks
    _tz_workflow_fields = ("state", "approved_by_id", "approved_date")
    # attachments of approved / running / done plans are evidence
    _tz_evidence_manager_group = "tz_market.group_tz_market_manager"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(copy=False)
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        copy=False,
    )
    strategy = fields.Html(string="Market Development Strategy")
    target_revenue = fields.Monetary(tracking=True)
    target_new_customers = fields.Integer()
    target_leads = fields.Integer()
    budget = fields.Monetary(tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("running", "Running"),
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
    approved_by_id = fields.Many2one(
        "res.users", copy=False, readonly=True, tracking=True
    )
    approved_date = fields.Datetime(copy=False, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    campaign_id = fields.Many2one(
        "utm.campaign",
        string="UTM Campaign",
        copy=False,
        ondelete="restrict",
        help="Campaign set on every lead created from the plan's activities.",
    )
    project_ids = fields.One2many("tz.market.project", "plan_id", string="Projects")
    project_count = fields.Integer(compute="_compute_counts")
    market_activity_count = fields.Integer(compute="_compute_counts")
    active = fields.Boolean(default=True)
    color = fields.Integer()
    # progress vs goals
    revenue_progress = fields.Float(
        string="Revenue Progress (%)", compute="_compute_rollup"
    )
    lead_progress = fields.Float(string="Lead Progress (%)", compute="_compute_rollup")
    customer_progress = fields.Float(
        string="New Customer Progress (%)", compute="_compute_rollup"
    )
    budget_usage = fields.Float(string="Budget Used (%)", compute="_compute_rollup")

    @api.depends("project_ids")
    def _compute_counts(self):
        ids = self._origin.ids
        projects = dict(
            self.env["tz.market.project"]._read_group(
                [("plan_id", "in", ids)], ["plan_id"], ["__count"]
            )
        )
        activities = dict(
            self.env["tz.market.activity"]._read_group(
                [("plan_id", "in", ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.project_count = projects.get(plan._origin, 0)
            plan.market_activity_count = activities.get(plan._origin, 0)

    def _rollup_costs(self):
        groups = (
            self.env["tz.market.activity"]
            .sudo()
            ._read_group(
                [("plan_id", "in", self._origin.ids), ("state", "!=", "cancel")],
                ["plan_id"],
                ["cost:sum"],
            )
        )
        return {plan.id: cost for plan, cost in groups}

    def _rollup_extra(self, values):
        values.update(
            revenue_progress=rollup.progress_percent(
                values["won_revenue"], self.target_revenue
            ),
            lead_progress=rollup.progress_percent(
                values["lead_count"], self.target_leads
            ),
            customer_progress=rollup.progress_percent(
                values["customer_count"], self.target_new_customers
            ),
            budget_usage=rollup.progress_percent(values["rollup_cost"], self.budget),
        )
        return values

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for plan in self:
            if plan.date_to < plan.date_from:
                raise ValidationError(
                    _(
                        "The plan “%(name)s” ends before it starts.",
                        name=plan.name,
                    )
                )
        self.project_ids._check_dates()

    @api.constrains("budget", "target_revenue", "target_leads", "target_new_customers")
    def _check_amounts(self):
        for plan in self:
            if (
                min(
                    plan.budget,
                    plan.target_revenue,
                    plan.target_leads,
                    plan.target_new_customers,
                )
                < 0
            ):
                raise ValidationError(
                    _(
                        "Budget and goals of the plan “%(name)s” cannot be negative.",
                        name=plan.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        for plan in plans.filtered(lambda p: not p.campaign_id):
            plan.campaign_id = (
                self.env["utm.campaign"]
                .sudo()
                .create({"name": plan.name, "user_id": plan.user_id.id})
            )
        return plans

    def write(self, vals):
        if set(GOAL_FIELDS) & vals.keys():
            self._check_goals_editable(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        for plan in self:
            if plan.state not in ("draft", "cancel") or plan.project_ids:
                raise UserError(
                    _(
                        "The plan “%(name)s” has started or has projects; "
                        "cancel or archive it instead of deleting it.",
                        name=plan.name,
                    )
                )

    def _check_goals_editable(self, vals):
        """Period, budget and goals of an approved plan are what the manager
        approved: only market managers change them afterwards."""
        if self.env.su or self.env.user.has_group("tz_market.group_tz_market_manager"):
            return
        for plan in self.filtered(lambda p: p.state in LOCKED_STATES):
            changed = [
                name
                for name in GOAL_FIELDS
                if name in vals
                and not plan._tz_same_value(name, plan[name], vals[name])
            ]
            if changed:
                raise UserError(
                    _(
                        "The plan “%(name)s” is approved: only a market manager "
                        "can change its %(fields)s.",
                        name=plan.name,
                        fields=", ".join(
                            plan._fields[name]._description_string(self.env)
                            for name in changed
                        ),
                    )
                )

    def action_approve(self):
        if not self.env.user.has_group("tz_market.group_tz_market_manager"):
            raise AccessError(_("Only market managers can approve market plans."))
        self._check_state(("draft",))
        self._tz_workflow().write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )

    def action_run(self):
        self._check_state(("approved",))
        self._tz_workflow().write({"state": "running"})

    def action_done(self):
        self._check_state(("running", "approved"))
        self._tz_workflow().write({"state": "done"})

    def action_cancel(self):
        self._check_state(("draft", "approved", "running"))
        self._tz_workflow().write({"state": "cancel"})

    def action_draft(self):
        self._check_state(("cancel",))
        # back to draft: the plan has to be approved again
        self._tz_workflow().write(
            {"state": "draft", "approved_by_id": False, "approved_date": False}
        )

    def _check_state(self, allowed):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for plan in self:
            if plan.state not in allowed:
                raise UserError(
                    _(
                        "This action is not possible on the plan “%(name)s” "
                        "in state %(state)s.",
                        name=plan.name,
                        state=labels[plan.state],
                    )
                )

    def _tz_evidence_locked(self):
        return self.filtered(lambda plan: plan.state in LOCKED_STATES)

    def action_view_projects(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_market.action_tz_market_project"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_activities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_market.action_tz_market_activity"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/tz_market/plan/{self.id}/xlsx",
            "target": "self",
        }

    def _rollup_columns(self):
        return [
            (_("Plan / Project / Activity"), "text"),
            (_("State"), "text"),
            (_("Leads"), "int"),
            (_("Opportunities"), "int"),
            (_("Won"), "int"),
            (_("Won Revenue"), "money"),
            (_("Cost"), "money"),
            (_("Cost per Lead"), "money"),
            (_("ROI (%)"), "percent"),
        ]

    def _rollup_rows(self):
        """Rows of the plan's roll-up table: the plan, its projects, activities.

        Roll-ups are read for the whole set of each level at once.
        """
        self.ensure_one()
        projects = self.project_ids
        activities = projects.market_activity_ids
        # one batch per level: prefetch the computed roll-ups of all records
        for records in (self, projects, activities):
            records.mapped("lead_count")

        def line(record, indent):
            labels = dict(record._fields["state"]._description_selection(self.env))
            return [
                indent + record.display_name,
                labels.get(record.state, ""),
                record.lead_count,
                record.opportunity_count,
                record.won_count,
                record.won_revenue,
                record.rollup_cost,
                record.cost_per_lead,
                record.roi,
            ]

        rows = [line(self, "")]
        for project in projects:
            rows.append(line(project, "  "))
            rows.extend(
                line(activity, "    ") for activity in project.market_activity_ids
            )
        return rows

    def _get_rollup_xlsx(self):
        self.ensure_one()
        summary = [
            (_("Period"), f"{self.date_from} - {self.date_to}"),
            (_("Owner"), self.user_id.name),
            (_("Target Revenue"), self.target_revenue),
            (_("Budget"), self.budget),
            (_("Revenue Progress (%)"), round(self.revenue_progress, 2)),
            (_("Lead Progress (%)"), round(self.lead_progress, 2)),
            (_("Customers Won"), self.customer_count),
        ]
        content = xlsx_export.build_rollup_workbook(
            self.name,
            summary,
            self._rollup_columns(),
            self._rollup_rows(),
            sheet_name=_("Roll-up"),
        )
        filename = f"{self.name} - {_('Roll-up')}.xlsx"
        return content, filename
