from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

ACTIVITY_TYPES = [
    ("exhibition", "Exhibition"),
    ("visit", "Customer Visit"),
    ("seminar", "Seminar"),
    ("promotion", "Promotion"),
    ("telemarketing", "Telemarketing"),
    ("online", "Online Campaign"),
    ("other", "Other"),
]

CALENDAR_FIELDS = {
    "name",
    "activity_type",
    "date_start",
    "date_end",
    "location",
    "user_id",
    "participant_ids",
    "state",
    "description",
}


class TzMarketActivity(models.Model):
    _name = "tz.market.activity"
    _description = "Market Activity"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "tz.market.rollup.mixin",
        "tz.guarded.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rollup_lead_field = "tz_market_activity_id"
    # written by the action_* buttons only (also from the project form)
    _tz_workflow_fields = ("state",)
    # attachments (photos, minutes) of done activities are evidence
    _tz_evidence_manager_group = "tz_market.group_tz_market_manager"

    def _default_date_start(self):
        return fields.Datetime.now().replace(minute=0, second=0, microsecond=0)

    name = fields.Char(required=True, tracking=True)
    project_id = fields.Many2one(
        "tz.market.project",
        string="Market Project",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
    )
    plan_id = fields.Many2one(
        related="project_id.plan_id", store=True, index=True, string="Market Plan"
    )
    region_id = fields.Many2one(related="project_id.region_id", store=True)
    activity_type = fields.Selection(
        ACTIVITY_TYPES, string="Type", required=True, default="visit", tracking=True
    )
    date_start = fields.Datetime(
        string="Start", required=True, default=_default_date_start, tracking=True
    )
    date_end = fields.Datetime(string="End", required=True, tracking=True)
    location = fields.Char(tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
    )
    participant_ids = fields.Many2many(
        "res.users",
        "tz_market_activity_participant_rel",
        "activity_id",
        "user_id",
        string="Participants",
    )
    cost = fields.Monetary(tracking=True)
    description = fields.Html()
    result_note = fields.Text(string="Results")
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Done"), ("cancel", "Cancelled")],
        default="planned",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
    )
    company_id = fields.Many2one(
        related="project_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    source_id = fields.Many2one(
        "utm.source",
        string="UTM Source",
        copy=False,
        ondelete="restrict",
        help="Source set on the leads created from this activity.",
    )
    campaign_id = fields.Many2one(related="plan_id.campaign_id", string="UTM Campaign")
    lead_ids = fields.One2many("crm.lead", "tz_market_activity_id", string="Leads")
    calendar_event_ids = fields.One2many(
        "calendar.event", "tz_market_activity_id", string="Calendar Events"
    )
    color = fields.Integer()

    @api.onchange("date_start")
    def _onchange_date_start(self):
        if self.date_start and (not self.date_end or self.date_end < self.date_start):
            self.date_end = self.date_start + timedelta(hours=2)

    def _rollup_costs(self):
        return {
            activity.id: activity.cost
            for activity in self._origin.sudo()
            if activity.state != "cancel"
        }

    @api.constrains("date_start", "date_end", "project_id")
    def _check_dates(self):
        for activity in self:
            if activity.date_end < activity.date_start:
                raise ValidationError(
                    _(
                        "The activity “%(name)s” ends before it starts.",
                        name=activity.name,
                    )
                )
            project = activity.project_id
            start = fields.Datetime.context_timestamp(activity, activity.date_start)
            end = fields.Datetime.context_timestamp(activity, activity.date_end)
            if start.date() < project.date_start or end.date() > project.date_end:
                raise ValidationError(
                    _(
                        "The activity “%(name)s” must take place within the dates "
                        "of its project “%(project)s” (%(start)s - %(end)s).",
                        name=activity.name,
                        project=project.name,
                        start=project.date_start,
                        end=project.date_end,
                    )
                )

    @api.constrains("cost")
    def _check_cost(self):
        for activity in self:
            if activity.cost < 0:
                raise ValidationError(
                    _(
                        "The cost of the activity “%(name)s” cannot be negative.",
                        name=activity.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_start") and not vals.get("date_end"):
                vals["date_end"] = fields.Datetime.to_datetime(
                    vals["date_start"]
                ) + timedelta(hours=2)
        without_source = [vals for vals in vals_list if not vals.get("source_id")]
        if without_source:
            sources = (
                self.env["utm.source"]
                .sudo()
                .create([{"name": vals.get("name")} for vals in without_source])
            )
            for vals, source in zip(without_source, sources, strict=True):
                vals["source_id"] = source.id
        activities = super().create(vals_list)
        activities._subscribe_participants()
        activities._sync_calendar_events()
        return activities

    def write(self, vals):
        res = super().write(vals)
        if {"user_id", "participant_ids"} & set(vals):
            self._subscribe_participants()
        if CALENDAR_FIELDS & set(vals):
            self._sync_calendar_events()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        for activity in self:
            if activity.state == "done" or activity.lead_ids:
                raise UserError(
                    _(
                        "The activity “%(name)s” is done or has leads; "
                        "cancel it instead of deleting it.",
                        name=activity.name,
                    )
                )

    def unlink(self):
        self.sudo().calendar_event_ids.unlink()
        return super().unlink()

    def _subscribe_participants(self):
        """Responsible and participants follow the activity (one call per
        distinct group of people)."""
        by_partners = defaultdict(lambda: self.browse())
        for activity in self:
            partners = (activity.user_id | activity.participant_ids).partner_id
            by_partners[tuple(sorted(partners.ids))] |= activity
        for partner_ids, activities in by_partners.items():
            activities.message_subscribe(partner_ids=list(partner_ids))

    def _calendar_event_values(self):
        self.ensure_one()
        partners = (self.user_id | self.participant_ids).partner_id
        type_label = dict(
            self._fields["activity_type"]._description_selection(self.env)
        )[self.activity_type]
        return {
            "name": f"{type_label}: {self.name}",
            "start": self.date_start,
            "stop": self.date_end,
            "allday": False,
            "user_id": self.user_id.id,
            "partner_ids": [fields.Command.set(partners.ids)],
            "location": self.location or False,
            "description": (
                html2plaintext(self.description) if self.description else False
            ),
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "tz_market_activity_id": self.id,
        }

    def _sync_calendar_events(self):
        """Keep one calendar event per activity in the participants' calendars.

        Planned and done activities have an event following their dates,
        responsible and participants; a cancelled activity removes it.
        """
        events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True, tz_market_sync=True)
        )
        to_create = []
        for activity in self:
            event = activity.sudo().calendar_event_ids[:1]
            if activity.state == "cancel":
                activity.sudo().calendar_event_ids.unlink()
                continue
            values = activity._calendar_event_values()
            if event:
                event.with_context(no_mail_to_attendees=True).write(values)
            else:
                to_create.append(values)
        if to_create:
            events.create(to_create)

    def action_done(self):
        if any(activity.state != "planned" for activity in self):
            raise UserError(_("Only planned activities can be marked as done."))
        self._tz_workflow().write({"state": "done"})

    def action_cancel(self):
        if any(activity.state == "done" for activity in self):
            raise UserError(_("A done activity cannot be cancelled."))
        self._tz_workflow().write({"state": "cancel"})

    def action_reset_planned(self):
        if any(activity.state != "cancel" for activity in self):
            raise UserError(_("Only cancelled activities can be planned again."))
        self._tz_workflow().write({"state": "planned"})

    def _tz_evidence_locked(self):
        return self.filtered(lambda activity: activity.state == "done")

    def action_open_lead_wizard(self):
        self.ensure_one()
        if self.state == "cancel":
            raise UserError(_("Leads cannot be added to a cancelled activity."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Add Leads"),
            "res_model": "tz.market.lead.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_activity_id": self.id},
        }

    def _lead_values(self, values):
        """Values of a lead created from this activity (UTM and links)."""
        self.ensure_one()
        team = self.project_id.team_id
        vals = {
            "tz_market_activity_id": self.id,
            "campaign_id": self.plan_id.campaign_id.id,
            "source_id": self.source_id.id,
            "user_id": self.user_id.id,
            "company_id": self.company_id.id,
        }
        if team:
            vals["team_id"] = team.id
        vals.update(values)
        return vals

    def create_leads(self, values_list):
        """Create leads linked to this activity; returns the new crm.lead."""
        self.ensure_one()
        if self.state == "cancel":
            raise UserError(_("Leads cannot be added to a cancelled activity."))
        if not values_list:
            raise UserError(_("Enter at least one lead."))
        return self.env["crm.lead"].create(
            [self._lead_values(values) for values in values_list]
        )

    def action_view_calendar(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "calendar.action_calendar_event"
        )
        action["domain"] = [("tz_market_activity_id", "=", self.id)]
        return action
