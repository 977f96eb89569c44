from odoo import _, fields, models
from odoo.exceptions import UserError


class TzMarketLeadWizard(models.TransientModel):
    _name = "tz.market.lead.wizard"
    _description = "Create Leads from a Market Activity"

    def _default_lead_type(self):
        if self.env.user.has_group("crm.group_use_lead"):
            return "lead"
        return "opportunity"

    activity_id = fields.Many2one("tz.market.activity", required=True)
    lead_type = fields.Selection(
        [("lead", "Lead"), ("opportunity", "Opportunity")],
        string="Create as",
        default=_default_lead_type,
        required=True,
    )
    line_ids = fields.One2many("tz.market.lead.wizard.line", "wizard_id")

    def action_create_leads(self):
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.name)
        if not lines:
            raise UserError(_("Enter at least one lead with a title."))
        for line in lines:
            if line.expected_revenue < 0:
                raise UserError(
                    _(
                        "The expected revenue of “%(name)s” cannot be negative.",
                        name=line.name,
                    )
                )
        leads = self.activity_id.create_leads(
            [line._lead_values(self.lead_type) for line in lines]
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s leads created from “%(activity)s”.",
                    count=len(leads),
                    activity=self.activity_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class TzMarketLeadWizardLine(models.TransientModel):
    _name = "tz.market.lead.wizard.line"
    _description = "Lead to Create from a Market Activity"

    wizard_id = fields.Many2one(
        "tz.market.lead.wizard", required=True, ondelete="cascade"
    )
    name = fields.Char(string="Title")
    partner_id = fields.Many2one("res.partner", string="Customer")
    partner_name = fields.Char(string="Company Name")
    contact_name = fields.Char()
    phone = fields.Char()
    email_from = fields.Char(string="Email")
    expected_revenue = fields.Float()

    def _lead_values(self, lead_type):
        self.ensure_one()
        values = {
            "name": self.name,
            "type": lead_type,
            "contact_name": self.contact_name,
            "partner_name": self.partner_name,
            "expected_revenue": self.expected_revenue,
        }
        if self.partner_id:
            values["partner_id"] = self.partner_id.id
        if self.phone:
            values["phone"] = self.phone
        if self.email_from:
            values["email_from"] = self.email_from
        return values
