from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero

from ..lib import supply_calc
from .tz_inspection_plan import CHECK_TYPES

# set from the receipt when the inspection is created, never edited afterwards
RECEIPT_FIELDS = (
    "picking_id",
    "move_id",
    "product_id",
    "product_uom_id",
    "partner_id",
    "location_id",
    "company_id",
    "qty_received",
)
# the inspector's figures: editable while inspecting, frozen once done
DONE_LOCKED_FIELDS = (
    "qty_sampled",
    "qty_defect",
    "qty_rejected",
    "qty_accepted",
    "inspector_id",
    "plan_id",
    "quarantine_location_id",
    "line_ids",
)


class TzInspection(models.Model):
    _name = "tz.inspection"
    _description = "Incoming Inspection"
    _inherit = ["mail.thread", "mail.activity.mixin", "tz.guarded.mixin"]
    _order = "id desc"
    _check_company_auto = True

    # written only by the workflow methods below, through _tz_workflow()
    _tz_workflow_fields = (
        "state",
        "result",
        "date_inspected",
        "quarantine_move_id",
        "return_picking_ids",
    )
    # photos and files of a done inspection are the evidence of its result
    _tz_evidence_fields = ("attachment_ids",)
    _tz_evidence_manager_group = "tz_supply.group_tz_supply_manager"

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        [("draft", "To Inspect"), ("done", "Inspected"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    result = fields.Selection(
        [("pass", "Accepted"), ("partial", "Partially Rejected"), ("fail", "Rejected")],
        readonly=True,
        copy=False,
        tracking=True,
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Receipt",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    move_id = fields.Many2one(
        "stock.move",
        string="Stock Move",
        required=True,
        index=True,
        ondelete="restrict",
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line", related="move_id.purchase_line_id", store=True
    )
    purchase_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        related="move_id.purchase_line_id.order_id",
        store=True,
        index=True,
    )
    partner_id = fields.Many2one("res.partner", string="Vendor", index=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True
    )
    product_uom_id = fields.Many2one("uom.uom", string="Unit", required=True)
    plan_id = fields.Many2one(
        "tz.inspection.plan", string="Inspection Plan", check_company=True
    )
    sampling_method = fields.Selection(related="plan_id.sampling_method")
    location_id = fields.Many2one(
        "stock.location",
        string="Received In",
        help="Where the accepted goods are stored.",
    )
    quarantine_location_id = fields.Many2one("stock.location", check_company=True)
    qty_received = fields.Float(
        string="Quantity Received", digits="Product Unit of Measure", required=True
    )
    qty_sampled = fields.Float(
        string="Quantity Sampled", digits="Product Unit of Measure"
    )
    qty_defect = fields.Float(
        string="Defects in Sample",
        digits="Product Unit of Measure",
        help="Defective units found in the sample.",
    )
    qty_rejected = fields.Float(
        string="Quantity Rejected", digits="Product Unit of Measure", tracking=True
    )
    qty_accepted = fields.Float(
        string="Quantity Accepted",
        digits="Product Unit of Measure",
        compute="_compute_qty_accepted",
        store=True,
        readonly=False,
        tracking=True,
    )
    acceptance_rate = fields.Float(
        string="Acceptance Rate (%)",
        compute="_compute_acceptance_rate",
        store=True,
        aggregator="avg",
    )
    inspector_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        tracking=True,
    )
    date_inspected = fields.Datetime(
        string="Inspection Date", readonly=True, copy=False
    )
    line_ids = fields.One2many(
        "tz.inspection.line", "inspection_id", string="Checks", copy=True
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Photos / Attachments", copy=False
    )
    note = fields.Html(string="Notes")
    quarantine_move_id = fields.Many2one("stock.move", readonly=True, copy=False)
    return_picking_ids = fields.Many2many(
        "stock.picking",
        "tz_inspection_return_picking_rel",
        "inspection_id",
        "picking_id",
        string="Vendor Returns",
        readonly=True,
        copy=False,
    )
    return_count = fields.Integer(compute="_compute_qty_returned")
    qty_returned = fields.Float(
        string="Quantity Returned",
        compute="_compute_qty_returned",
        digits="Product Unit of Measure",
    )
    can_return = fields.Boolean(compute="_compute_qty_returned")

    @api.depends("qty_received", "qty_rejected")
    def _compute_qty_accepted(self):
        for inspection in self:
            inspection.qty_accepted = max(
                inspection.qty_received - inspection.qty_rejected, 0.0
            )

    @api.depends("qty_accepted", "qty_rejected", "qty_received", "state")
    def _compute_acceptance_rate(self):
        for inspection in self:
            rate = None
            if inspection.state == "done":
                rate = supply_calc.acceptance_rate(
                    inspection.qty_accepted,
                    inspection.qty_accepted + inspection.qty_rejected,
                )
            inspection.acceptance_rate = rate or 0.0

    @api.depends(
        "return_picking_ids.state", "return_picking_ids.move_ids.quantity", "state"
    )
    def _compute_qty_returned(self):
        for inspection in self:
            moves = inspection.return_picking_ids.move_ids.filtered(
                lambda m, i=inspection: (
                    m.origin_returned_move_id == i.move_id and m.state != "cancel"
                )
            )
            qty = sum(
                m.product_uom._compute_quantity(
                    m.product_uom_qty, inspection.product_uom_id
                )
                for m in moves
            )
            inspection.qty_returned = qty
            inspection.return_count = len(inspection.return_picking_ids)
            inspection.can_return = (
                inspection.state == "done"
                and bool(inspection.quarantine_move_id)
                and inspection.quarantine_move_id.state == "done"
                and float_compare(
                    inspection.qty_rejected,
                    qty,
                    precision_rounding=inspection.product_uom_id.rounding or 0.01,
                )
                > 0
            )

    def _read_group_select(self, aggregate_spec, query):
        """Acceptance rate of a group = accepted / inspected quantity (weighted),
        not the average of the inspections' rates, in pivot and graph views."""
        if aggregate_spec == "acceptance_rate:avg":
            return SQL(
                "ROUND(100.0 * SUM(%(acc)s) FILTER (WHERE %(state)s = 'done') "
                "/ NULLIF(SUM(%(acc)s + %(rej)s) FILTER (WHERE %(state)s = 'done'), 0)"
                ", 2)",
                acc=self._field_to_sql(self._table, "qty_accepted", query),
                rej=self._field_to_sql(self._table, "qty_rejected", query),
                state=self._field_to_sql(self._table, "state", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.constrains("qty_received", "qty_sampled", "qty_defect", "qty_rejected")
    def _check_sample(self):
        for inspection in self:
            if (
                min(
                    inspection.qty_received,
                    inspection.qty_sampled,
                    inspection.qty_defect,
                    inspection.qty_rejected,
                )
                < 0
            ):
                raise ValidationError(
                    _(
                        "%(name)s: inspection quantities cannot be negative.",
                        name=inspection.name,
                    )
                )
            rounding = inspection.product_uom_id.rounding or 0.01
            if (
                float_compare(
                    inspection.qty_sampled,
                    inspection.qty_received,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise ValidationError(
                    _(
                        "%(name)s: the sample size (%(sampled)s) cannot exceed the "
                        "received quantity (%(received)s).",
                        name=inspection.name,
                        sampled=inspection.qty_sampled,
                        received=inspection.qty_received,
                    )
                )
            if (
                float_compare(
                    inspection.qty_defect,
                    inspection.qty_sampled,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise ValidationError(
                    _(
                        "%(name)s: the defects found (%(defect)s) cannot exceed the "
                        "sample size (%(sampled)s).",
                        name=inspection.name,
                        defect=inspection.qty_defect,
                        sampled=inspection.qty_sampled,
                    )
                )

    @api.constrains("qty_accepted", "qty_rejected", "qty_received")
    def _check_split(self):
        for inspection in self:
            inspection._tz_check_split()

    def _tz_check_split(self):
        self.ensure_one()
        rounding = self.product_uom_id.rounding or 0.01
        if (
            float_compare(
                self.qty_accepted + self.qty_rejected,
                self.qty_received,
                precision_rounding=rounding,
            )
            != 0
        ):
            raise ValidationError(
                _(
                    "%(name)s: accepted (%(accepted)s) + rejected (%(rejected)s) "
                    "must equal the inspected quantity (%(received)s).",
                    name=self.name,
                    accepted=self.qty_accepted,
                    rejected=self.qty_rejected,
                    received=self.qty_received,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = (
                    self.env["res.company"].browse(vals.get("company_id"))
                    or self.env.company
                )
                vals["name"] = company._tz_next_number("tz.inspection")
        return super().create(vals_list)

    def write(self, vals):
        if not self._tz_in_workflow():
            self._tz_check_locked_write(vals)
        return super().write(vals)

    def copy(self, default=None):
        if not self.env.su:
            raise UserError(
                _(
                    "Inspections are created from receipts: they cannot be "
                    "duplicated. Use the Inspect button of the receipt instead."
                )
            )
        return super().copy(default=default)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(inspection.state == "done" for inspection in self):
            raise UserError(
                _("Completed inspections are quality history: they cannot be deleted.")
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_accept_all(self):
        for inspection in self:
            inspection._tz_check_draft()
            inspection.line_ids.filtered(lambda line: line.result == "todo").write(
                {"result": "pass"}
            )
            inspection.write(
                {"qty_rejected": 0.0, "qty_accepted": inspection.qty_received}
            )
        return self.action_done()

    def action_done(self):
        for inspection in self:
            inspection._tz_check_draft()
            pending = inspection.line_ids.filtered(lambda line: line.result == "todo")
            if pending:
                raise UserError(
                    _(
                        "%(name)s: record a result for every check first "
                        "(missing: %(checks)s).",
                        name=inspection.name,
                        checks=", ".join(pending.mapped("name")),
                    )
                )
            inspection._tz_check_split()
            rounding = inspection.product_uom_id.rounding or 0.01
            if float_is_zero(inspection.qty_rejected, precision_rounding=rounding):
                result = "pass"
            elif float_is_zero(inspection.qty_accepted, precision_rounding=rounding):
                result = "fail"
            else:
                result = "partial"
            inspection._tz_workflow().write(
                {
                    "state": "done",
                    "result": result,
                    "inspector_id": inspection.inspector_id.id or self.env.uid,
                    "date_inspected": fields.Datetime.now(),
                }
            )
        self._tz_quarantine_rejected()
        return True

    def action_cancel(self):
        """Cancel inspections still waiting; a result is withdrawn by a
        manager's Re-inspect first (it would vanish from the vendor figures)."""
        for inspection in self:
            if inspection.quarantine_move_id:
                raise UserError(
                    _(
                        "%(name)s: the rejected goods are already in quarantine; "
                        "it cannot be cancelled.",
                        name=inspection.name,
                    )
                )
            if inspection.state == "done":
                raise UserError(
                    _(
                        "%(name)s is done: its result is part of the vendor's "
                        "quality figures. A supply manager can re-inspect it first.",
                        name=inspection.name,
                    )
                )
        self._tz_workflow().write({"state": "cancel"})
        return True

    def action_reset_draft(self):
        """Reopen: a cancelled inspection by its users, a done one (its result
        counts in the vendor's quality figures) only by a supply manager."""
        is_manager = self.env.user.has_group("tz_supply.group_tz_supply_manager")
        for inspection in self:
            if inspection.quarantine_move_id:
                raise UserError(
                    _(
                        "%(name)s: the rejected goods are already in quarantine; "
                        "it cannot be inspected again.",
                        name=inspection.name,
                    )
                )
            if inspection.state == "done" and not (self.env.su or is_manager):
                raise UserError(
                    _(
                        "%(name)s is done: only a supply manager can reopen it "
                        "for a new inspection.",
                        name=inspection.name,
                    )
                )
        self._tz_workflow().write({"state": "draft", "result": False})
        return True

    def _tz_check_locked_write(self, vals):
        """Refuse user edits of receipt figures, and of the inspector's
        figures and checks once the inspection is done (the workflow methods
        write through ``_tz_workflow()``)."""
        for inspection in self:
            receipt = [
                name
                for name in RECEIPT_FIELDS
                if name in vals
                and not inspection._tz_same_value(name, inspection[name], vals[name])
            ]
            if receipt:
                raise UserError(
                    _(
                        "%(name)s: %(fields)s come from the receipt and cannot be "
                        "changed.",
                        name=inspection.name,
                        fields=inspection._tz_field_labels(receipt),
                    )
                )
            if inspection.state != "done":
                continue
            locked = [
                name
                for name in DONE_LOCKED_FIELDS
                if name in vals and inspection._tz_changes(name, vals[name])
            ]
            if locked:
                raise UserError(
                    _(
                        "%(name)s is done: %(fields)s are part of the vendor's "
                        "quality figures and cannot be changed. A supply manager "
                        "can re-inspect it.",
                        name=inspection.name,
                        fields=inspection._tz_field_labels(locked),
                    )
                )

    def _tz_changes(self, name, value):
        """Whether writing ``value`` to field ``name`` changes the record."""
        field = self._fields[name]
        if field.type != "one2many":
            return not self._tz_same_value(name, self[name], value)
        current = set(self[name].ids)
        for command in value or ():
            if not isinstance(command, (list, tuple)):
                return True
            if command[0] == Command.LINK and command[1] in current:
                continue
            if command[0] == Command.SET and set(command[2]) == current:
                continue
            return True
        return False

    def _tz_field_labels(self, names):
        return ", ".join(
            self._fields[name]._description_string(self.env) for name in names
        )

    def _tz_check_checks_editable(self):
        """Checks of a done inspection are its result: frozen like it."""
        if self._tz_in_workflow():
            return
        done = self.filtered(lambda inspection: inspection.state == "done")
        if done:
            raise UserError(
                _(
                    "%(name)s is done: its checks are part of the vendor's quality "
                    "figures and cannot be changed. A supply manager can "
                    "re-inspect it.",
                    name=done[0].name,
                )
            )

    def _tz_evidence_locked(self):
        return self.filtered(lambda inspection: inspection.state == "done")

    @api.model
    def _tz_check_draft(self):
        if self.state != "draft":
            raise UserError(
                _("%(name)s is not waiting for inspection.", name=self.name)
            )

    def _tz_quarantine_rejected(self):
        """Move rejected goods of received, inspected lots to quarantine."""
        todo = self.filtered(
            lambda i: (
                i.state == "done"
                and not i.quarantine_move_id
                and i.move_id.state == "done"
                and not float_is_zero(
                    i.qty_rejected, precision_rounding=i.product_uom_id.rounding or 0.01
                )
            )
        )
        for inspection in todo:
            receipt_move = inspection.move_id
            source = inspection.location_id or receipt_move.location_dest_id
            quarantine = (
                inspection.quarantine_location_id
                or receipt_move.picking_type_id._tz_quarantine_location()
            )
            move = (
                self.env["stock.move"]
                .sudo()
                .create(
                    {
                        "name": _("Quarantine: %(name)s", name=inspection.name),
                        "origin": inspection.name,
                        "company_id": inspection.company_id.id,
                        "product_id": inspection.product_id.id,
                        "product_uom": inspection.product_uom_id.id,
                        "product_uom_qty": inspection.qty_rejected,
                        "location_id": source.id,
                        "location_dest_id": quarantine.id,
                        "partner_id": inspection.partner_id.id,
                        "procure_method": "make_to_stock",
                    }
                )
            )
            move._action_confirm()
            move._action_assign()
            if move.quantity != inspection.qty_rejected:
                move.quantity = inspection.qty_rejected
            move.picked = True
            move._action_done()
            inspection._tz_workflow().write(
                {
                    "quarantine_move_id": move.id,
                    "quarantine_location_id": quarantine.id,
                }
            )
            inspection.message_post(
                body=_(
                    "%(qty)s %(uom)s rejected and moved to %(location)s.",
                    qty=inspection.qty_rejected,
                    uom=inspection.product_uom_id.name,
                    location=quarantine.display_name,
                )
            )

    def action_return_to_vendor(self):
        """Create (and reserve) a vendor return of the rejected goods."""
        self.ensure_one()
        if not self.can_return:
            raise UserError(
                _(
                    "%(name)s: there is no rejected quantity in quarantine left "
                    "to return.",
                    name=self.name,
                )
            )
        receipt = self.picking_id
        receipt_move = self.move_id
        qty = self.qty_rejected - self.qty_returned
        picking_type = (
            receipt.picking_type_id.return_picking_type_id or receipt.picking_type_id
        )
        vendor_location = receipt_move.location_id
        values = {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "location_id": self.quarantine_location_id.id,
            "location_dest_id": vendor_location.id,
            "origin": _("Return of %(picking)s", picking=receipt.name),
            "return_id": receipt.id,
            "company_id": self.company_id.id,
            "group_id": receipt.group_id.id,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "name": _("Return: %(name)s", name=self.name),
                        "product_id": self.product_id.id,
                        "product_uom": self.product_uom_id.id,
                        "product_uom_qty": qty,
                        "location_id": self.quarantine_location_id.id,
                        "location_dest_id": vendor_location.id,
                        "partner_id": self.partner_id.id,
                        "purchase_line_id": receipt_move.purchase_line_id.id,
                        "origin_returned_move_id": receipt_move.id,
                        "to_refund": True,
                        "procure_method": "make_to_stock",
                        "company_id": self.company_id.id,
                        "group_id": receipt.group_id.id,
                    },
                )
            ],
        }
        picking = self.env["stock.picking"].create(values)
        picking.action_confirm()
        picking.action_assign()
        self._tz_workflow().return_picking_ids = [Command.link(picking.id)]
        self.message_post(
            body=_(
                "Return %(picking)s created for %(qty)s %(uom)s.",
                picking=picking._get_html_link(),
                qty=qty,
                uom=self.product_uom_id.name,
            )
        )
        self._tz_notify_purchase_return(picking)
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
            "name": _("Vendor Return"),
        }

    def _tz_notify_purchase_return(self, picking):
        """Tell the buyer, on the purchase order, that goods go back.

        Warehouse keepers may only read purchase orders, and posting needs
        write access. The sudo is limited to this one internal note: its text
        is fixed here (links to the inspection and the return the user just
        made), it is authored by the current user (sudo keeps the uid), it is
        an internal note (no vendor is notified), the user does not become a
        follower of the order, and nothing else on the order changes.
        """
        order = self.purchase_id
        if not order:
            return
        order.check_access("read")
        # a logged note: the author is not subscribed to the order (that would
        # let them post on it afterwards)
        order.sudo().with_context(mail_create_nosubscribe=True).message_post(
            body=_(
                "Rejected goods of inspection %(name)s are returned with %(picking)s.",
                name=self._get_html_link(),
                picking=picking._get_html_link(),
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )

    def action_view_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("id", "in", self.return_picking_ids.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business
    # ------------------------------------------------------------------
    @api.model
    def _tz_prepare_values(self, move, qty):
        product = move.product_id
        plan = product.product_tmpl_id._tz_inspection_plan()
        if plan.company_id and plan.company_id != move.company_id:
            # a shared product with another company's plan: this company
            # inspects all units with its own checks, never the other's plan
            plan = plan.browse()
        rounding = move.product_uom.rounding
        sampled = (
            plan._get_sample_size(qty, rounding=max(rounding, 1.0)) if plan else qty
        )
        picking = move.picking_id
        return {
            "company_id": move.company_id.id,
            "picking_id": picking.id,
            "move_id": move.id,
            "partner_id": (
                move.purchase_line_id.order_id.partner_id.id
                or picking.partner_id.commercial_partner_id.id
            ),
            "product_id": product.id,
            "product_uom_id": move.product_uom.id,
            "plan_id": plan.id,
            "location_id": move.location_dest_id.id,
            "quarantine_location_id": (
                picking.picking_type_id._tz_quarantine_location().id
            ),
            "qty_received": qty,
            "qty_sampled": min(sampled, qty),
            "line_ids": [
                (
                    0,
                    0,
                    {
                        "sequence": item.sequence,
                        "name": item.name,
                        "check_type": item.check_type,
                        "criteria": item.criteria,
                    },
                )
                for item in plan.item_ids
            ],
        }


class TzInspectionLine(models.Model):
    _name = "tz.inspection.line"
    _description = "Incoming Inspection Check"
    _order = "inspection_id, sequence, id"

    inspection_id = fields.Many2one(
        "tz.inspection", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="inspection_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Check", required=True)
    check_type = fields.Selection(CHECK_TYPES, required=True, default="visual")
    criteria = fields.Char(string="Acceptance Criteria")
    measured = fields.Char(string="Measured / Observed")
    result = fields.Selection(
        [("todo", "To Check"), ("pass", "Pass"), ("fail", "Fail"), ("na", "N/A")],
        default="todo",
        required=True,
    )
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        self.env["tz.inspection"].browse(
            {vals["inspection_id"] for vals in vals_list if vals.get("inspection_id")}
        )._tz_check_checks_editable()
        return super().create(vals_list)

    def write(self, vals):
        inspections = self.inspection_id
        if vals.get("inspection_id"):
            inspections |= inspections.browse(vals["inspection_id"])
        inspections._tz_check_checks_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        self.inspection_id._tz_check_checks_editable()
