from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class TzLeadAssignWizard(models.TransientModel):
    _name = "tz.lead.assign.wizard"
    _description = "Assign Leads / Opportunities"

    lead_ids = fields.Many2many("crm.lead", string="Leads / Opportunities")
    lead_count = fields.Integer(compute="_compute_lead_count")
    team_id = fields.Many2one("crm.team", string="Sales Team")
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        domain="[('share', '=', False)]",
    )
    note = fields.Text(help="Reason or instructions, logged on every lead.")
    notify = fields.Boolean(
        string="Notify Salesperson",
        default=True,
        help="Send a notification to the new salesperson.",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if (
            "lead_ids" in fields_list
            and self.env.context.get("active_model") == "crm.lead"
            and self.env.context.get("active_ids")
        ):
            res["lead_ids"] = [fields.Command.set(self.env.context["active_ids"])]
        return res

    @api.depends("lead_ids")
    def _compute_lead_count(self):
        for wizard in self:
            wizard.lead_count = len(wizard.lead_ids)

    @api.onchange("user_id")
    def _onchange_user_id(self):
        if self.user_id and (
            not self.team_id or self.user_id not in self.team_id.member_ids
        ):
            self.team_id = self.user_id.sale_team_id

    def action_assign(self):
        self.ensure_one()
        if not (
            self.env.su or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise UserError(
                _("Only sales managers can assign leads and opportunities.")
            )
        if not self.lead_ids:
            raise UserError(_("Select at least one lead or opportunity to assign."))
        if not self.user_id and not self.team_id:
            raise UserError(_("Choose a salesperson and/or a sales team."))
        if self.user_id and not self.user_id.active:
            raise UserError(
                _(
                    "%(user)s is archived and cannot receive leads.",
                    user=self.user_id.name,
                )
            )
        vals = {
            "tz_assignment_rule_id": False,
            "tz_assignment_date": fields.Datetime.now(),
            "tz_assigned_by_id": self.env.user.id,
            "tz_assignment_method": "manual",
        }
        if self.user_id:
            vals["user_id"] = self.user_id.id
        if self.team_id:
            vals["team_id"] = self.team_id.id
        leads = self.lead_ids.with_context(mail_auto_subscribe_no_notify=True)
        leads.write(vals)
        target = " / ".join(
            name for name in (self.user_id.name, self.team_id.name) if name
        )
        body = Markup("<p>%s</p>") % _(
            "Assigned to %(target)s by %(manager)s.",
            target=target,
            manager=self.env.user.name,
        )
        if self.note:
            body += Markup("<p>%s</p>") % self.note
        if self.notify and self.user_id and self.user_id != self.env.user:
            for lead in leads:
                lead.message_post(
                    body=body,
                    partner_ids=self.user_id.partner_id.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
        else:
            leads._message_log_batch(bodies=dict.fromkeys(leads.ids, body))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Leads Assigned"),
                "message": _(
                    "%(count)s leads/opportunities assigned to %(target)s.",
                    count=len(leads),
                    target=target,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
