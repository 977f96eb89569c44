from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    tz_assignment_rule_id = fields.Many2one(
        "tz.assignment.rule",
        string="Assigned by Rule",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    tz_assignment_date = fields.Datetime(
        string="Assigned On (Rule/Wizard)", readonly=True, copy=False
    )
    tz_assigned_by_id = fields.Many2one(
        "res.users", string="Assigned By", readonly=True, copy=False
    )
    tz_assignment_method = fields.Selection(
        [("manual", "Manual (wizard)"), ("rule", "Assignment Rule")],
        string="Assignment Method",
        readonly=True,
        copy=False,
    )
    tz_interaction_ids = fields.One2many(
        "tz.customer.interaction", "lead_id", string="Interactions"
    )
    tz_interaction_count = fields.Integer(
        string="Interaction Count", compute="_compute_tz_interaction_count"
    )

    def _compute_tz_interaction_count(self):
        data = dict(
            self.env["tz.customer.interaction"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.tz_interaction_count = data.get(lead, 0)

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        if not self.env.context.get("tz_no_auto_assign"):
            self.env["tz.assignment.rule"]._auto_assign_new_leads(leads)
        return leads

    def action_tz_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_crm_ext.action_tz_customer_interaction"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action
