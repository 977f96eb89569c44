from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    tz_credit_block = fields.Boolean(
        string="Block Orders over Credit Limit",
        default=True,
        help="When the Sales Credit Limit is active, quotations that would take the "
        "customer over its limit cannot be confirmed without a credit approval. "
        "Unchecked: only the standard warning is shown.",
    )
    tz_overdue_block_days = fields.Integer(
        string="Overdue Hold after (days)",
        default=0,
        help="Hold confirmation when the customer has a posted invoice overdue by "
        "more than this number of days. 0 disables the payment-term hold. A "
        "customer may override it.",
    )
    tz_credit_order_basis = fields.Selection(
        [
            ("ordered", "Confirmed orders not yet invoiced"),
            ("to_invoice", "Invoiceable amount (standard)"),
        ],
        string="Open Orders Count",
        default="ordered",
        required=True,
        help="Confirmed orders not yet invoiced: the whole uninvoiced part of "
        "confirmed orders, delivered or not. Invoiceable amount: the standard "
        "'credit to invoice' figure, which follows each product's invoicing "
        "policy (products invoiced on delivery count once delivered).",
    )
    tz_credit_include_draft_invoices = fields.Boolean(
        string="Count Draft Invoices in Exposure",
        help="Add the customer's draft invoices (and subtract draft credit notes) "
        "to its credit exposure.",
    )

    @api.constrains("tz_overdue_block_days")
    def _check_tz_overdue_block_days(self):
        for company in self:
            if company.tz_overdue_block_days < 0:
                raise ValidationError(
                    _("The overdue hold days cannot be negative (0 disables it).")
                )
