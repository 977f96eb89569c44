from ast import literal_eval

from odoo import api, fields, models


class TzServiceTeam(models.Model):
    _name = "tz.service.team"
    _description = "Service Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    member_ids = fields.Many2many(
        "res.users",
        "tz_service_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    default_user_id = fields.Many2one(
        "res.users",
        string="Default Assignee",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Assignee of requests created from incoming emails.",
    )
    request_ids = fields.One2many("tz.service.request", "team_id", string="Requests")
    open_request_count = fields.Integer(compute="_compute_request_stats")
    overdue_request_count = fields.Integer(compute="_compute_request_stats")
    alias_id = fields.Many2one(
        help="Emails sent to this address create service requests of the team; "
        "replies update the request."
    )

    @api.depends("request_ids.is_closed", "request_ids.is_overdue")
    def _compute_request_stats(self):
        groups = self.env["tz.service.request"]._read_group(
            [("team_id", "in", self.ids), ("is_closed", "=", False)],
            ["team_id", "is_overdue"],
            ["__count"],
        )
        opened, overdue = {}, {}
        for team, is_overdue, count in groups:
            opened[team.id] = opened.get(team.id, 0) + count
            if is_overdue:
                overdue[team.id] = overdue.get(team.id, 0) + count
        for team in self:
            team.open_request_count = opened.get(team.id, 0)
            team.overdue_request_count = overdue.get(team.id, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("tz.service.request").id
        if self.id:
            values["alias_defaults"] = defaults = literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["team_id"] = self.id
            defaults["company_id"] = self.company_id.id
        return values

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_service.action_tz_service_request"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action
