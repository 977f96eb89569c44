from odoo import _, fields, models
from odoo.tools import formatLang

from .tz_collection_plan import ACTIVE_STATES, CLOSED_PAYMENT_STATES

CREDIT_USER = "tz_sales_credit.group_tz_credit_user"


class ResPartner(models.Model):
    """Collection plans (催收计划) of the customer; a collection level with the
    "credit hold" action feeds the credit check through
    ``_tz_credit_hold_reasons``."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    tz_collection_policy_id = fields.Many2one(
        "tz.collection.policy",
        string="Collection Policy",
        groups=CREDIT_USER,
        help="Own collection policy of this customer (empty: the company's).",
        copy=False,
    )
    tz_collector_id = fields.Many2one(
        "res.users",
        string="Collector",
        groups=CREDIT_USER,
        help="Follows the collection plans of this customer (empty: the "
        "salesperson of each invoice).",
        copy=False,
    )
    tz_collection_hold = fields.Boolean(
        string="Collection Hold",
        company_dependent=True,
        copy=False,
        help="Set by the collection run when a level puts an invoice of the "
        "customer on credit hold; the hold itself is checked live on the "
        "invoices, so a payment lifts it at once.",
    )
    tz_collection_plan_count = fields.Integer(
        string="Collection Plans",
        compute="_compute_tz_collection_plan_count",
        groups=CREDIT_USER,
    )

    def _compute_tz_collection_plan_count(self):
        groups = self.env["tz.collection.plan"]._read_group(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("state", "in", ACTIVE_STATES),
            ],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.tz_collection_plan_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    def action_tz_view_collection_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_sales_credit.action_tz_collection_plan_all"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def _tz_credit_hold_reasons(self, order=None, check_data=None):
        reasons = super()._tz_credit_hold_reasons(order=order, check_data=check_data)
        if not self.sudo().tz_collection_hold:
            return reasons  # no query for customers never put on hold
        plans = (
            self.env["tz.collection.plan"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", self.env.company.id),
                    ("state", "in", ACTIVE_STATES),
                    ("credit_hold", "=", True),
                    ("invoice_id.state", "=", "posted"),
                    ("invoice_id.payment_state", "not in", CLOSED_PAYMENT_STATES),
                ]
            )
        )
        if plans:
            currency = self.env.company.currency_id
            reasons.append(
                {
                    "code": "collection_hold",
                    "message": _(
                        "%(partner)s is on credit hold by collection: invoice(s) "
                        "%(names)s, %(amount)s still due.",
                        partner=self.display_name,
                        names=", ".join(plans.mapped("name")),
                        amount=formatLang(
                            self.env,
                            sum(plans.invoice_id.mapped("amount_residual_signed")),
                            currency_obj=currency,
                        ),
                    ),
                    "plan_ids": plans.ids,
                }
            )
        return reasons
