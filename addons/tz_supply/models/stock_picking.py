from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class StockPicking(models.Model):
    _inherit = "stock.picking"

    tz_inspection_ids = fields.One2many(
        "tz.inspection", "picking_id", string="Inspections"
    )
    tz_inspection_count = fields.Integer(
        string="Inspection Count", compute="_compute_tz_inspection"
    )
    tz_inspection_required = fields.Boolean(
        related="picking_type_id.tz_inspection_required"
    )
    tz_inspection_state = fields.Selection(
        [("none", "No Inspection"), ("todo", "To Inspect"), ("done", "Inspected")],
        string="Inspection Status",
        compute="_compute_tz_inspection",
    )
    tz_can_create_inspection = fields.Boolean(
        string="Can Create Inspection", compute="_compute_tz_inspection"
    )

    @api.depends("tz_inspection_ids.state", "move_ids.state", "picking_type_id")
    def _compute_tz_inspection(self):
        for picking in self:
            inspections = picking.sudo().tz_inspection_ids.filtered(
                lambda i: i.state != "cancel"
            )
            picking.tz_inspection_count = len(inspections)
            if not inspections:
                picking.tz_inspection_state = "none"
            elif any(i.state == "draft" for i in inspections):
                picking.tz_inspection_state = "todo"
            else:
                picking.tz_inspection_state = "done"
            picking.tz_can_create_inspection = picking.state not in (
                "done",
                "cancel",
            ) and bool(picking.sudo()._tz_moves_to_inspect()._tz_without_inspection())

    def _tz_moves_to_inspect(self):
        """Vendor receipt moves of products inspected on receipt."""
        return self.move_ids.filtered(
            lambda m: (
                m.picking_id.picking_type_id.code == "incoming"
                and m.location_id.usage == "supplier"
                and m.state != "cancel"
                and not m.origin_returned_move_id
                and m.product_id.product_tmpl_id._tz_needs_inspection()
            )
        )

    def action_tz_create_inspections(self):
        """Create the inspections of the quantities about to be received."""
        inspection_model = self.env["tz.inspection"]
        vals_list = []
        for move in self._tz_moves_to_inspect()._tz_without_inspection():
            qty = move.quantity or move.product_uom_qty
            if float_is_zero(qty, precision_rounding=move.product_uom.rounding):
                continue
            vals_list.append(inspection_model._tz_prepare_values(move, qty))
        if not vals_list:
            raise UserError(_("There is nothing left to inspect on this receipt."))
        inspection_model.create(vals_list)
        return self.action_tz_view_inspections()

    def action_tz_view_inspections(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_supply.action_tz_inspection"
        )
        inspections = self.tz_inspection_ids
        action["domain"] = [("id", "in", inspections.ids)]
        action["context"] = {"create": False}
        if len(inspections) == 1:
            action.update({"view_mode": "form", "res_id": inspections.id})
            action["views"] = [(False, "form")]
        return action

    def button_validate(self):
        self._tz_check_inspections_passed()
        return super().button_validate()

    def _tz_check_inspections_passed(self):
        for picking in self.filtered("picking_type_id.tz_inspection_required"):
            for move in picking._tz_moves_to_inspect():
                rounding = move.product_uom.rounding
                qty = move.quantity
                if picking.state == "draft" and float_is_zero(
                    qty, precision_rounding=rounding
                ):
                    # button_validate receives the full demand of draft receipts
                    qty = move.product_uom_qty
                if float_is_zero(qty, precision_rounding=rounding):
                    continue
                inspections = move.tz_inspection_ids.filtered(
                    lambda i: i.state != "cancel"
                )
                done = inspections.filtered(lambda i: i.state == "done")
                if not inspections or len(done) != len(inspections):
                    raise UserError(
                        _(
                            "Receipt %(picking)s: %(product)s must pass its incoming "
                            "inspection before the receipt can be validated.",
                            picking=picking.name,
                            product=move.product_id.display_name,
                        )
                    )
                inspected = sum(
                    i.product_uom_id._compute_quantity(i.qty_received, move.product_uom)
                    for i in done
                )
                if float_compare(inspected, qty, precision_rounding=rounding) != 0:
                    raise UserError(
                        _(
                            "Receipt %(picking)s: %(inspected)s of %(product)s were "
                            "inspected but %(qty)s are being received. Adjust the "
                            "quantity or inspect the difference.",
                            picking=picking.name,
                            inspected=inspected,
                            qty=qty,
                            product=move.product_id.display_name,
                        )
                    )

    def _action_done(self):
        res = super()._action_done()
        receipts = self.filtered(lambda p: p.picking_type_id.code == "incoming")
        if receipts:
            receipts._tz_after_receipt_done()
        return res

    def _tz_after_receipt_done(self):
        inspection_model = self.env["tz.inspection"].sudo()
        done_moves = self._tz_moves_to_inspect().filtered(lambda m: m.state == "done")
        vals_list = [
            inspection_model._tz_prepare_values(move, move.quantity)
            for move in done_moves._tz_without_inspection()
            if not float_is_zero(
                move.quantity, precision_rounding=move.product_uom.rounding
            )
        ]
        if vals_list:
            inspection_model.create(vals_list)
        done_moves.tz_inspection_ids._tz_quarantine_rejected()
        self.env["tz.supply.lead.time"].sudo()._tz_record_receipts(
            self.move_ids.filtered(
                lambda m: (
                    m.state == "done"
                    and m.purchase_line_id
                    and m.location_id.usage == "supplier"
                )
            )
        )


class StockMove(models.Model):
    _inherit = "stock.move"

    tz_inspection_ids = fields.One2many(
        "tz.inspection", "move_id", string="Inspections"
    )

    def _tz_without_inspection(self):
        return self.filtered(
            lambda m: not m.tz_inspection_ids.filtered(lambda i: i.state != "cancel")
        )
