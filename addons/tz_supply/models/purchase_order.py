from markupsafe import Markup

from odoo import _, api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    tz_price_alert = fields.Boolean(
        string="Price Alert",
        compute="_compute_tz_price_alert",
        search="_search_tz_price_alert",
    )
    tz_inspection_count = fields.Integer(
        string="Inspection Count", compute="_compute_tz_inspection_count"
    )

    @api.depends("order_line.tz_price_alert")
    def _compute_tz_price_alert(self):
        for order in self:
            order.tz_price_alert = any(order.order_line.mapped("tz_price_alert"))

    def _search_tz_price_alert(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        positive = (operator == "=") == value
        return [("order_line.tz_price_alert", "=" if positive else "!=", True)]

    def _compute_tz_inspection_count(self):
        data = dict(
            self.env["tz.inspection"]._read_group(
                [("purchase_id", "in", self.ids)], ["purchase_id"], ["__count"]
            )
        )
        for order in self:
            order.tz_inspection_count = data.get(order, 0)

    def button_approve(self, force=False):
        res = super().button_approve(force=force)
        self.filtered(lambda o: o.state in ("purchase", "done"))._tz_record_prices()
        return res

    def _tz_record_prices(self):
        history = self.env["tz.price.history"].sudo()
        done = set(history.search([("order_id", "in", self.ids)]).purchase_line_id.ids)
        vals_list = []
        for order in self:
            company = order.company_id
            date = order.date_approve or fields.Datetime.now()
            for line in order.order_line:
                if line.display_type or not line.product_id or line.id in done:
                    continue
                price = line.currency_id._convert(
                    line.price_unit_discounted,
                    company.currency_id,
                    company,
                    date.date(),
                    round=False,
                )
                price = line.product_uom._compute_price(price, line.product_id.uom_id)
                lead = (line.date_planned - date).total_seconds() / 86400.0
                vals_list.append(
                    {
                        "company_id": company.id,
                        "date": date,
                        "source": "purchase",
                        "product_id": line.product_id.id,
                        "partner_id": order.partner_id.id,
                        "price_unit": price,
                        "price_original": line.price_unit_discounted,
                        "original_currency_id": line.currency_id.id,
                        "qty": line.product_qty,
                        "lead_days": round(max(lead, 0.0), 2),
                        "purchase_line_id": line.id,
                        "order_id": order.id,
                    }
                )
            alerts = order.order_line.filtered("tz_price_alert")
            if alerts:
                items = Markup("")
                for line in alerts:
                    items += Markup("<li>%s</li>") % _(
                        "%(product)s: %(price)s vs last %(last)s (%(change)s%%)",
                        product=line.product_id.display_name,
                        price=line.price_unit,
                        last=round(line.tz_last_price, 2),
                        change=line.tz_price_change_pct,
                    )
                order.message_post(
                    body=Markup("%s<ul>%s</ul>")
                    % (_("Confirmed with price alerts:"), items)
                )
        if vals_list:
            history._tz_record(vals_list)

    def action_tz_view_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_supply.action_tz_inspection"
        )
        action["domain"] = [("purchase_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def _tz_demo_receive(self):
        """Validate the open receipts of the orders in full (demo data)."""
        for picking in self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        ):
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.with_context(skip_backorder=True).button_validate()
        return True
