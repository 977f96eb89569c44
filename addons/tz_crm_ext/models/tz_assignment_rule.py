import logging
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..lib import assignment

_logger = logging.getLogger(__name__)


class TzAssignmentRule(models.Model):
    _name = "tz.assignment.rule"
    _description = "Opportunity Assignment Rule"
    _inherit = ["mail.thread", "tz.guarded.mixin"]
    _order = "sequence, id"
    _tz_workflow_fields = ("rr_pointer", "last_run")
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(
        default=10, tracking=True, help="Rules are tried in this order."
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, tracking=True
    )
    apply_on_create = fields.Boolean(
        string="Apply on Creation",
        default=True,
        help="Assign new leads without salesperson as soon as they are created.",
    )
    # conditions
    country_ids = fields.Many2many("res.country", string="Countries")
    state_ids = fields.Many2many("res.country.state", string="Regions / Provinces")
    industry_ids = fields.Many2many(
        "res.partner.industry", string="Industries", help="Industry of the customer."
    )
    tag_ids = fields.Many2many("crm.tag", string="Tags", help="Any of these tags.")
    source_ids = fields.Many2many("utm.source", string="Sources")
    medium_ids = fields.Many2many("utm.medium", string="Media")
    campaign_ids = fields.Many2many("utm.campaign", string="Campaigns")
    revenue_min = fields.Monetary(string="Expected Revenue From", tracking=True)
    revenue_max = fields.Monetary(
        string="Expected Revenue To", tracking=True, help="0 = no upper limit."
    )
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    domain = fields.Char(
        string="Extra Condition",
        default="[]",
        help="Free domain on leads, combined with the other conditions.",
    )
    # targets
    team_id = fields.Many2one(
        "crm.team",
        string="Target Sales Team",
        check_company=True,
        tracking=True,
        ondelete="restrict",
    )
    member_ids = fields.Many2many(
        "crm.team.member",
        string="Target Salespeople",
        check_company=True,
        domain="[('crm_team_id', '=?', team_id)]",
        help="Members receiving the leads; empty = every member of the team. "
        "Members who opted out of automatic assignment or reached their "
        "capacity are skipped.",
    )
    strategy = fields.Selection(
        [
            (assignment.ROUND_ROBIN, "Round Robin"),
            (assignment.LEAST_OPEN, "Least Open Opportunities"),
            (assignment.CAPACITY, "Capacity Weighted"),
        ],
        default=assignment.CAPACITY,
        required=True,
        tracking=True,
    )
    rr_pointer = fields.Integer(
        string="Round-Robin Position", readonly=True, copy=False
    )
    lead_ids = fields.One2many("crm.lead", "tz_assignment_rule_id", string="Leads")
    lead_count = fields.Integer(compute="_compute_lead_count")
    last_run = fields.Datetime(readonly=True, copy=False)

    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = (rule.company_id or self.env.company).currency_id

    def _compute_lead_count(self):
        data = dict(
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("tz_assignment_rule_id", "in", self.ids)],
                ["tz_assignment_rule_id"],
                ["__count"],
            )
        )
        for rule in self:
            rule.lead_count = data.get(rule, 0)

    # ------------------------------------------------------------------
    # constraints
    # ------------------------------------------------------------------
    @api.constrains("team_id", "member_ids")
    def _check_target(self):
        # also called by create() and write() whatever the fields given: a rule
        # created through the API or an import without any target field must
        # be refused too, and ``constrains`` only fires for the fields written
        for rule in self:
            if not rule.team_id and not rule.member_ids:
                raise ValidationError(
                    _(
                        "Assignment rule %(rule)s needs a target sales team or "
                        "target salespeople.",
                        rule=rule.name,
                    )
                )
            if rule.team_id and rule.member_ids.crm_team_id - rule.team_id:
                raise ValidationError(
                    _(
                        "The target salespeople of rule %(rule)s must belong to "
                        "team %(team)s.",
                        rule=rule.name,
                        team=rule.team_id.name,
                    )
                )

    @api.constrains("revenue_min", "revenue_max")
    def _check_revenue(self):
        for rule in self:
            if rule.revenue_min < 0 or rule.revenue_max < 0:
                raise ValidationError(
                    _("The expected revenue range cannot be negative.")
                )
            if rule.revenue_max and rule.revenue_min > rule.revenue_max:
                raise ValidationError(
                    _(
                        "Rule %(rule)s: the expected revenue lower bound is above "
                        "the upper bound.",
                        rule=rule.name,
                    )
                )

    @api.constrains("domain")
    def _check_domain(self):
        for rule in self:
            try:
                domain = safe_eval(rule.domain or "[]")
                self.env["crm.lead"].search_count(domain, limit=1)
            except Exception as e:
                raise ValidationError(
                    _(
                        "The extra condition of rule %(rule)s is not a valid "
                        "domain: %(error)s",
                        rule=rule.name,
                        error=e,
                    )
                ) from e

    @api.constrains(
        "sequence",
        "active",
        "company_id",
        "country_ids",
        "state_ids",
        "industry_ids",
        "tag_ids",
        "source_ids",
        "medium_ids",
        "campaign_ids",
        "revenue_min",
        "revenue_max",
        "domain",
    )
    def _check_overlap(self):
        """Two active rules with the same priority must not both match a lead."""
        for rule in self.filtered("active"):
            others = self.search(
                [
                    ("id", "!=", rule.id),
                    ("sequence", "=", rule.sequence),
                    ("company_id", "in", [rule.company_id.id, False]),
                ]
            )
            for other in others:
                if not rule._is_disjoint_from(other):
                    raise ValidationError(
                        _(
                            "Rules %(rule)s and %(other)s have the same priority "
                            "(%(sequence)s) and overlapping conditions: give one "
                            "of them another sequence or make the conditions "
                            "exclusive.",
                            rule=rule.name,
                            other=other.name,
                            sequence=rule.sequence,
                        )
                    )

    def _is_disjoint_from(self, other):
        """True when no lead can match both rules (conservative)."""
        self.ensure_one()
        for fname in (
            "country_ids",
            "state_ids",
            "industry_ids",
            "source_ids",
            "medium_ids",
            "campaign_ids",
        ):
            mine, theirs = self[fname], other[fname]
            if mine and theirs and not (mine & theirs):
                return True
        low1, high1 = self.revenue_min, self.revenue_max or float("inf")
        low2, high2 = other.revenue_min, other.revenue_max or float("inf")
        if high1 < low2 or high2 < low1:
            return True
        if (self.domain or "[]") != (other.domain or "[]"):
            # different free domains: cannot be proven overlapping, trust the user
            return True
        return False

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules._check_target()
        return rules

    def write(self, vals):
        res = super().write(vals)
        self._check_target()
        return res

    def copy_data(self, default=None):
        default = dict(default or {})
        vals_list = super().copy_data(default=default)
        for rule, vals in zip(self, vals_list, strict=False):
            # the copy must not overlap its original (same sequence, same
            # conditions): next sequence, and a name telling them apart
            if "name" not in default:
                vals["name"] = _("%(name)s (copy)", name=rule.name)
            if "sequence" not in default:
                vals["sequence"] = rule.sequence + 1
        return vals_list

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_all_leads")
        action["domain"] = [("tz_assignment_rule_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action

    def action_assign_backlog(self):
        """Apply the rules in ``self`` to every unassigned open lead."""
        self._check_manager()
        leads = self.env["crm.lead"].search(self._backlog_domain())
        assigned = self._assign_leads(leads)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Leads Assigned"),
                "message": _(
                    "%(assigned)s of %(total)s unassigned leads were assigned.",
                    assigned=len(assigned),
                    total=len(leads),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_assign_backlog(self):
        rules = self.search([])
        if rules:
            rules._assign_leads(self.env["crm.lead"].search(self._backlog_domain()))
        return True

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    @api.model
    def _backlog_domain(self):
        return [
            ("user_id", "=", False),
            ("active", "=", True),
            ("probability", "<", 100),
        ]

    def _check_manager(self):
        if not (
            self.env.su or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise UserError(
                _("Only sales managers can assign leads and opportunities.")
            )

    def _get_lead_domain(self):
        self.ensure_one()
        domain = []
        if self.company_id:
            domain.append(("company_id", "in", [self.company_id.id, False]))
        if self.country_ids:
            domain.append(("country_id", "in", self.country_ids.ids))
        if self.state_ids:
            domain.append(("state_id", "in", self.state_ids.ids))
        if self.industry_ids:
            domain.append(
                (
                    "partner_id.commercial_partner_id.industry_id",
                    "in",
                    self.industry_ids.ids,
                )
            )
        if self.tag_ids:
            domain.append(("tag_ids", "in", self.tag_ids.ids))
        if self.source_ids:
            domain.append(("source_id", "in", self.source_ids.ids))
        if self.medium_ids:
            domain.append(("medium_id", "in", self.medium_ids.ids))
        if self.campaign_ids:
            domain.append(("campaign_id", "in", self.campaign_ids.ids))
        if self.revenue_min:
            domain.append(("expected_revenue", ">=", self.revenue_min))
        if self.revenue_max:
            domain.append(("expected_revenue", "<=", self.revenue_max))
        extra = safe_eval(self.domain or "[]")
        return expression.AND([domain, extra]) if extra else domain

    def _get_members(self):
        """Eligible core team members: target members or the whole team,
        without the ones who opted out of automatic assignment."""
        self.ensure_one()
        members = self.member_ids or self.team_id.crm_team_member_ids
        return members.filtered(
            lambda m: m.active and m.user_id.active and not m.assignment_optout
        ).sorted(lambda m: (m.crm_team_id.sequence, m.crm_team_id.id, m.id))

    def _member_stats(self, members):
        """Capacity, 30-day load and open opportunities of ``members``."""
        open_counts = dict(
            self.env["crm.lead"]
            .sudo()
            ._read_group(
                [
                    ("user_id", "in", members.user_id.ids),
                    ("type", "=", "opportunity"),
                    ("probability", "<", 100),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        month_load = {
            (user.id, team.id): count
            for user, team, count in self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("user_id", "in", members.user_id.ids),
                    ("team_id", "in", members.crm_team_id.ids),
                    ("date_open", ">=", fields.Datetime.now() - timedelta(days=30)),
                ],
                ["user_id", "team_id"],
                ["__count"],
            )
        }
        return [
            {
                "id": member.id,
                "capacity": member.assignment_max,
                "load": month_load.get((member.user_id.id, member.crm_team_id.id), 0),
                "open": open_counts.get(member.user_id, 0),
            }
            for member in members
        ]

    def _assign_leads(self, leads):
        """Run the rules of ``self`` by sequence on ``leads``.

        Every lead goes to the first rule that matches it; within a rule the
        strategy chooses the member.  Writes are grouped per member so the cost
        does not grow with one write per lead.  Returns the assigned leads.
        """
        assigned = self.env["crm.lead"]
        remaining = leads.filtered(lambda lead: not lead.user_id)
        now = fields.Datetime.now()
        Lead = self.env["crm.lead"].with_context(
            mail_auto_subscribe_no_notify=True, tz_no_auto_assign=True
        )
        for rule in self.sorted(lambda r: (r.sequence, r.id)):
            if not remaining:
                break
            matched = Lead.search(
                expression.AND(
                    [[("id", "in", remaining.ids)], rule._get_lead_domain()]
                ),
                order="priority desc, probability desc, id",
            )
            if not matched:
                continue
            members = rule._get_members()
            if not members:
                continue
            stats = rule._member_stats(members)
            result, pointer = assignment.allocate(
                matched.ids, stats, rule.strategy, rule.rr_pointer
            )
            by_id = {member.id: member for member in members}
            for member_id, lead_ids in result.items():
                if not lead_ids:
                    continue
                member = by_id[member_id]
                batch = Lead.browse(lead_ids)
                batch.write(
                    {
                        "user_id": member.user_id.id,
                        "team_id": member.crm_team_id.id,
                        "tz_assignment_rule_id": rule.id,
                        "tz_assignment_date": now,
                        "tz_assigned_by_id": self.env.user.id,
                        "tz_assignment_method": "rule",
                    }
                )
                assigned |= batch
            rule.sudo().write({"rr_pointer": pointer, "last_run": now})
            remaining -= assigned
        _logger.info("tz assignment rules assigned %s leads", len(assigned))
        return assigned

    @api.model
    def _auto_assign_new_leads(self, leads):
        """Hook called on lead creation."""
        leads = leads.filtered(lambda lead: not lead.user_id and lead.probability < 100)
        if not leads:
            return self.env["crm.lead"]
        rules = self.sudo().search([("apply_on_create", "=", True)])
        if not rules:
            return self.env["crm.lead"]
        return rules.with_context(tz_no_auto_assign=True)._assign_leads(leads.sudo())
