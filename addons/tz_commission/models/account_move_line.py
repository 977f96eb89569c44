from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    tz_unit_cost = fields.Float(
        string="Unit Cost (Commission)",
        digits="Product Price",
        copy=False,
        readonly=True,
        help="Product cost per unit of the line, in company currency, frozen "
        "when the customer invoice was posted. Margin commissions and margin "
        "targets use it, so a later change of the product cost does not "
        "re-rate what was sold.",
    )
    tz_cost_date = fields.Date(
        string="Cost Frozen On",
        copy=False,
        readonly=True,
        help="Day the unit cost was taken; empty until the invoice is posted.",
    )

    def write(self, vals):
        if {"product_id", "product_uom_id"} & set(vals):
            # another product or unit on a draft line: take its cost afresh at
            # the next posting
            vals = {**vals, "tz_cost_date": False}
        return super().write(vals)

    def _tz_current_unit_cost(self):
        """Today's product cost per unit of the line, in company currency."""
        self.ensure_one()
        product = self.product_id.with_company(self.company_id)
        cost = product.standard_price
        if self.product_uom_id and product.uom_id != self.product_uom_id:
            cost = product.uom_id._compute_price(cost, self.product_uom_id)
        return cost

    def _tz_unit_cost(self):
        """Cost per unit used for margin: frozen at posting, else today's."""
        self.ensure_one()
        if self.tz_cost_date:
            return self.tz_unit_cost
        return self._tz_current_unit_cost()

    def _tz_freeze_cost(self):
        """Freeze the unit cost of posted customer invoice product lines.

        A credit note takes the cost of the same product on the invoice it
        reverses: it takes back the margin that invoice earned."""
        lines = self.filtered(
            lambda aml: (
                not aml.tz_cost_date
                and aml.display_type == "product"
                and aml.parent_state == "posted"
                and aml.move_id.move_type in ("out_invoice", "out_refund")
            )
        )
        today = fields.Date.context_today(self)
        for line in lines:
            cost = None
            origin = line.move_id.reversed_entry_id
            if origin:
                same = origin.invoice_line_ids.filtered(
                    lambda aml, ln=line: (
                        aml.product_id == ln.product_id
                        and aml.product_uom_id == ln.product_uom_id
                        and aml.tz_cost_date
                    )
                )[:1]
                if same:
                    cost = same.tz_unit_cost
            if cost is None:
                cost = line._tz_current_unit_cost()
            # sudo: the cost is evidence of the sale, written by the posting
            # itself, never by the user posting
            line.sudo().write({"tz_unit_cost": cost, "tz_cost_date": today})
        return True
