from odoo import api, fields, models


class TzSupplyLeadTime(models.Model):
    _name = "tz.supply.lead.time"
    _description = "Vendor Lead Time (promised vs actual)"
    _order = "date_received desc, id desc"
    _rec_name = "purchase_id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, index=True
    )
    product_id = fields.Many2one("product.product", required=True, index=True)
    purchase_id = fields.Many2one("purchase.order", string="Purchase Order", index=True)
    purchase_line_id = fields.Many2one("purchase.order.line", ondelete="set null")
    move_id = fields.Many2one("stock.move", required=True, ondelete="cascade")
    picking_id = fields.Many2one("stock.picking", string="Receipt")
    qty = fields.Float(string="Quantity Received", digits="Product Unit of Measure")
    date_order = fields.Datetime(string="Order Confirmed")
    date_promised = fields.Datetime(string="Promised Date")
    date_received = fields.Datetime(string="Received On", index=True)
    promised_days = fields.Float(string="Promised Lead Time (days)", aggregator="avg")
    actual_days = fields.Float(string="Actual Lead Time (days)", aggregator="avg")
    delay_days = fields.Float(
        string="Delay (days)", aggregator="avg", help="Positive when late."
    )
    on_time = fields.Boolean()
    on_time_rate = fields.Float(
        string="On-time Rate (%)",
        aggregator="avg",
        help="100 for an on-time delivery, 0 when late; averages to the rate.",
    )

    _sql_constraints = [
        ("move_unique", "UNIQUE(move_id)", "A receipt move is recorded only once."),
    ]

    @api.model
    def _tz_record_receipts(self, moves):
        existing = set(self.search([("move_id", "in", moves.ids)]).move_id.ids)
        vals_list = []
        for move in moves:
            if move.id in existing:
                continue
            line = move.purchase_line_id
            order = line.order_id
            start = order.date_approve or order.date_order
            if not start:
                continue
            promised = (line.date_planned - start).total_seconds() / 86400.0
            actual = (move.date - start).total_seconds() / 86400.0
            promised = round(max(promised, 0.0), 2)
            actual = round(max(actual, 0.0), 2)
            on_time = move.date.date() <= line.date_planned.date()
            vals_list.append(
                {
                    "company_id": move.company_id.id,
                    "partner_id": order.partner_id.id,
                    "product_id": move.product_id.id,
                    "purchase_id": order.id,
                    "purchase_line_id": line.id,
                    "move_id": move.id,
                    "picking_id": move.picking_id.id,
                    "qty": move.product_qty,
                    "date_order": start,
                    "date_promised": line.date_planned,
                    "date_received": move.date,
                    "promised_days": promised,
                    "actual_days": actual,
                    "delay_days": round(actual - promised, 2),
                    "on_time": on_time,
                    "on_time_rate": 100.0 if on_time else 0.0,
                }
            )
        return self.create(vals_list)
