from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class TzPriceHistory(models.Model):
    _name = "tz.price.history"
    _description = "Purchase Price History"
    _order = "date desc, id desc"
    _rec_name = "product_id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", store=True
    )
    date = fields.Datetime(required=True, index=True)
    source = fields.Selection(
        [("purchase", "Purchase Order"), ("pricelist", "Vendor Pricelist")],
        required=True,
        index=True,
    )
    product_id = fields.Many2one(
        "product.product", required=True, index=True, ondelete="cascade"
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product Template",
        related="product_id.product_tmpl_id",
        store=True,
        index=True,
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        related="product_id.categ_id",
        store=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, index=True, ondelete="cascade"
    )
    price_unit = fields.Monetary(
        string="Unit Price",
        currency_field="currency_id",
        aggregator="avg",
        help="Net unit price per product unit of measure, in company currency.",
    )
    price_original = fields.Float(
        string="Price in Document Currency", digits="Product Price", aggregator=None
    )
    original_currency_id = fields.Many2one("res.currency", string="Document Currency")
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure")
    lead_days = fields.Float(string="Promised Lead Time (days)", aggregator="avg")
    price_change_pct = fields.Float(
        string="Change vs Previous (%)",
        aggregator="avg",
        help="Change against the previous price of the same vendor and source.",
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line", index="btree_not_null", ondelete="set null"
    )
    order_id = fields.Many2one(
        "purchase.order", string="Purchase Order", index="btree_not_null"
    )
    supplierinfo_id = fields.Many2one(
        "product.supplierinfo", string="Vendor Pricelist", ondelete="set null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        self._tz_check_recorded_by_system()
        return super().create(vals_list)

    def write(self, vals):
        self._tz_check_recorded_by_system()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        self._tz_check_recorded_by_system()

    def _tz_check_recorded_by_system(self):
        """History is recorded by order confirmations and pricelist changes
        (as the system, see ``_tz_record``); nobody edits or deletes it, even
        if an access right were granted by mistake."""
        if not self.env.su:
            raise UserError(
                _(
                    "Purchase price history is history: it is recorded when "
                    "orders are confirmed and vendor pricelists change, and "
                    "cannot be created, edited or deleted by hand."
                )
            )

    @api.model
    def _tz_last_prices(
        self, product_ids, partner_id=None, exclude_order_ids=(), company_ids=None
    ):
        """Latest purchase price per product (company currency, product unit),
        in ``company_ids`` (default: the current companies)."""
        if not product_ids:
            return {}
        conditions = [
            SQL("source = 'purchase'"),
            SQL("product_id IN %s", tuple(product_ids)),
            SQL("company_id IN %s", tuple(company_ids or self.env.companies.ids)),
        ]
        if partner_id:
            conditions.append(SQL("partner_id = %s", partner_id))
        if exclude_order_ids:
            conditions.append(
                SQL(
                    "(order_id IS NULL OR order_id NOT IN %s)",
                    tuple(exclude_order_ids),
                )
            )
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (product_id) product_id, price_unit
                  FROM tz_price_history
                 WHERE %s
              ORDER BY product_id, date DESC, id DESC
                """,
                SQL(" AND ").join(conditions),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _tz_previous_price(self, product, partner, source, company):
        previous = self.search(
            [
                ("product_id", "=", product.id),
                ("partner_id", "=", partner.id),
                ("source", "=", source),
                ("company_id", "=", company.id),
            ],
            limit=1,
        )
        return previous.price_unit

    @api.model
    def _tz_record(self, vals_list):
        """Create history rows, filling the change vs the previous price."""
        from ..lib import supply_calc  # noqa: PLC0415

        records = self.browse()
        for vals in vals_list:
            previous = self._tz_previous_price(
                self.env["product.product"].browse(vals["product_id"]),
                self.env["res.partner"].browse(vals["partner_id"]),
                vals["source"],
                self.env["res.company"].browse(vals["company_id"]),
            )
            vals["price_change_pct"] = (
                supply_calc.price_change_pct(previous, vals["price_unit"]) or 0.0
            )
            records |= self.create(vals)
        return records
