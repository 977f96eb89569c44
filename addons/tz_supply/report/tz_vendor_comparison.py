from odoo import fields, models, tools


class TzVendorComparison(models.Model):
    """One row per product and vendor: price, lead time and quality figures."""

    _name = "tz.vendor.comparison"
    _description = "Vendor Comparison"
    _auto = False
    _order = "product_id, last_price"
    _rec_name = "partner_id"
    # searching the view flushes the pending writes of the tables it reads
    _depends = {
        "tz.price.history": [
            "company_id",
            "product_id",
            "partner_id",
            "source",
            "price_unit",
            "date",
        ],
        "tz.supply.lead.time": [
            "company_id",
            "product_id",
            "partner_id",
            "promised_days",
            "actual_days",
            "on_time_rate",
        ],
        "tz.inspection": [
            "company_id",
            "product_id",
            "partner_id",
            "state",
            "qty_accepted",
            "qty_rejected",
        ],
    }

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product Template", readonly=True
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    order_count = fields.Integer(string="Purchase Lines", readonly=True)
    last_price = fields.Monetary(readonly=True, aggregator="min")
    avg_price = fields.Monetary(string="Average Price", readonly=True, aggregator="avg")
    min_price = fields.Monetary(string="Minimum Price", readonly=True, aggregator="min")
    max_price = fields.Monetary(string="Maximum Price", readonly=True, aggregator="max")
    pricelist_price = fields.Monetary(
        string="Current Pricelist Price", readonly=True, aggregator="min"
    )
    last_date = fields.Datetime(string="Last Purchase", readonly=True, aggregator="max")
    promised_days = fields.Float(
        string="Promised Lead Time (days)", readonly=True, aggregator="avg"
    )
    actual_days = fields.Float(
        string="Actual Lead Time (days)", readonly=True, aggregator="avg"
    )
    on_time_rate = fields.Float(
        string="On-time Rate (%)", readonly=True, aggregator="avg"
    )
    qty_inspected = fields.Float(string="Inspected Qty", readonly=True)
    qty_rejected = fields.Float(string="Rejected Qty", readonly=True)
    acceptance_rate = fields.Float(
        string="Acceptance Rate (%)", readonly=True, aggregator="avg"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
            WITH po AS (
                SELECT h.company_id, h.product_id, h.partner_id,
                       COUNT(*) AS order_count,
                       (ARRAY_AGG(h.price_unit ORDER BY h.date DESC, h.id DESC))[1]
                           AS last_price,
                       AVG(h.price_unit) AS avg_price,
                       MIN(h.price_unit) AS min_price,
                       MAX(h.price_unit) AS max_price,
                       MAX(h.date) AS last_date
                  FROM tz_price_history h
                 WHERE h.source = 'purchase'
              GROUP BY h.company_id, h.product_id, h.partner_id
            ), pl AS (
                SELECT h.company_id, h.product_id, h.partner_id,
                       (ARRAY_AGG(h.price_unit ORDER BY h.date DESC, h.id DESC))[1]
                           AS price
                  FROM tz_price_history h
                 WHERE h.source = 'pricelist'
              GROUP BY h.company_id, h.product_id, h.partner_id
            ), lt AS (
                SELECT company_id, product_id, partner_id,
                       AVG(promised_days) AS promised_days,
                       AVG(actual_days) AS actual_days,
                       AVG(on_time_rate) AS on_time_rate
                  FROM tz_supply_lead_time
              GROUP BY company_id, product_id, partner_id
            ), qc AS (
                SELECT company_id, product_id, partner_id,
                       SUM(qty_accepted + qty_rejected) AS qty_inspected,
                       SUM(qty_rejected) AS qty_rejected
                  FROM tz_inspection
                 WHERE state = 'done' AND partner_id IS NOT NULL
              GROUP BY company_id, product_id, partner_id
            ), k AS (
                SELECT company_id, product_id, partner_id FROM po
                 UNION SELECT company_id, product_id, partner_id FROM pl
                 UNION SELECT company_id, product_id, partner_id FROM lt
                 UNION SELECT company_id, product_id, partner_id FROM qc
            )
            SELECT ROW_NUMBER() OVER (ORDER BY k.company_id, k.product_id, k.partner_id)
                       AS id,
                   k.company_id, c.currency_id, k.product_id, pp.product_tmpl_id,
                   pt.categ_id, k.partner_id,
                   COALESCE(po.order_count, 0) AS order_count,
                   po.last_price, po.avg_price, po.min_price, po.max_price,
                   pl.price AS pricelist_price, po.last_date,
                   lt.promised_days, lt.actual_days, lt.on_time_rate,
                   COALESCE(qc.qty_inspected, 0) AS qty_inspected,
                   COALESCE(qc.qty_rejected, 0) AS qty_rejected,
                   CASE WHEN COALESCE(qc.qty_inspected, 0) > 0
                        THEN 100.0 * (qc.qty_inspected - qc.qty_rejected)
                             / qc.qty_inspected
                   END AS acceptance_rate
              FROM k
              JOIN res_company c ON c.id = k.company_id
              JOIN product_product pp ON pp.id = k.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN po ON po.company_id = k.company_id AND po.product_id = k.product_id
                     AND po.partner_id = k.partner_id
         LEFT JOIN pl ON pl.company_id = k.company_id AND pl.product_id = k.product_id
                     AND pl.partner_id = k.partner_id
         LEFT JOIN lt ON lt.company_id = k.company_id AND lt.product_id = k.product_id
                     AND lt.partner_id = k.partner_id
         LEFT JOIN qc ON qc.company_id = k.company_id AND qc.product_id = k.product_id
                     AND qc.partner_id = k.partner_id
            )
            """
        )
