from odoo import api, fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._tz_record_price_history()
        return records

    def write(self, vals):
        res = super().write(vals)
        if {"price", "discount", "currency_id", "delay"} & set(vals):
            self._tz_record_price_history()
        return res

    def _tz_record_price_history(self):
        vals_list = []
        now = fields.Datetime.now()
        for info in self:
            products = info.product_id or info.product_tmpl_id.product_variant_ids
            company = info.company_id or self.env.company
            net = info.price * (1 - (info.discount or 0.0) / 100.0)
            price = info.currency_id._convert(
                net, company.currency_id, company, fields.Date.today(), round=False
            )
            for product in products:
                price_uom = info.product_uom._compute_price(price, product.uom_id)
                vals_list.append(
                    {
                        "company_id": company.id,
                        "date": now,
                        "source": "pricelist",
                        "product_id": product.id,
                        "partner_id": info.partner_id.id,
                        "price_unit": price_uom,
                        "price_original": info.price,
                        "original_currency_id": info.currency_id.id,
                        "qty": info.min_qty,
                        "lead_days": info.delay,
                        "supplierinfo_id": info.id,
                    }
                )
        if vals_list:
            self.env["tz.price.history"].sudo()._tz_record(vals_list)
