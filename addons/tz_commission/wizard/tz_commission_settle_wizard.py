from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import periods


class TzCommissionSettleWizard(models.TransientModel):
    _name = "tz.commission.settle.wizard"
    _description = "Create Commission Settlements"

    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=True,
        default="month",
    )
    date = fields.Date(
        string="Any Day in the Period",
        required=True,
        default=fields.Date.context_today,
    )
    date_from = fields.Date(compute="_compute_dates")
    date_to = fields.Date(compute="_compute_dates")
    user_ids = fields.Many2many(
        "res.users",
        string="Salespeople",
        domain=[("share", "=", False)],
        help="Leave empty for every salesperson with unsettled commission.",
    )

    @api.depends("period_type", "date")
    def _compute_dates(self):
        for wizard in self:
            if wizard.date and wizard.period_type:
                wizard.date_from, wizard.date_to = periods.period_bounds(
                    wizard.date, wizard.period_type
                )
            else:
                wizard.date_from = wizard.date_to = False

    def action_generate(self):
        self.ensure_one()
        settlements = self.env["tz.commission.settlement"]._generate(
            self.date_from, self.date_to, self.period_type, users=self.user_ids or None
        )
        if not settlements:
            raise UserError(
                _(
                    "Nothing to settle up to %(date)s: there is no unsettled "
                    "commission line, or the period is already confirmed (late "
                    "lines then go to the next period).",
                    date=self.date_to,
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_commission.action_tz_commission_settlement"
        )
        action["domain"] = [("id", "in", settlements.ids)]
        return action
