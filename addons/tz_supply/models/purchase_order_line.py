from odoo import api, fields, models

from ..lib import supply_calc


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    tz_last_price = fields.Float(
        string="Last Price",
        compute="_compute_tz_price_alert",
        store=True,
        digits="Product Price",
        help="Last confirmed purchase price of this product (same vendor when "
        "available), in the order currency and unit.",
    )
    tz_price_change_pct = fields.Float(
        string="Change vs Last (%)", compute="_compute_tz_price_alert", store=True
    )
    tz_price_alert = fields.Boolean(
        string="Price Alert", compute="_compute_tz_price_alert", store=True
    )

    @api.depends(
        "product_id",
        "price_unit",
        "discount",
        "product_uom",
        "order_id.partner_id",
        "order_id.company_id",
    )
    def _compute_tz_price_alert(self):
        history = self.env["tz.price.history"].sudo()
        for line in self:
            order = line.order_id
            if not line.product_id or line.display_type:
                line.tz_last_price = 0.0
                line.tz_price_change_pct = 0.0
                line.tz_price_alert = False
                continue
            exclude = tuple(order._origin.ids)
            product_ids = [line.product_id.id]
            # prices of the order's own company only: companies buy apart
            company = order.company_id or self.env.company
            last = history._tz_last_prices(
                product_ids,
                order.partner_id.id,
                exclude_order_ids=exclude,
                company_ids=company.ids,
            ).get(line.product_id.id)
            if last is None:
                last = history._tz_last_prices(
                    product_ids, exclude_order_ids=exclude, company_ids=company.ids
                ).get(line.product_id.id)
            if last is None:
                line.tz_last_price = 0.0
                line.tz_price_change_pct = 0.0
                line.tz_price_alert = False
                continue
            currency = order.currency_id or company.currency_id
            last = company.currency_id._convert(
                last,
                currency,
                company,
                (order.date_order or fields.Datetime.now()).date(),
                round=False,
            )
            if line.product_uom:
                last = line.product_id.uom_id._compute_price(last, line.product_uom)
            new = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            line.tz_last_price = last
            line.tz_price_change_pct = supply_calc.price_change_pct(last, new) or 0.0
            line.tz_price_alert = supply_calc.is_price_alert(
                last, new, company.tz_price_alert_threshold
            )
