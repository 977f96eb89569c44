import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import TzSupplyCommon


@tagged("post_install", "-at_install")
class TestInspectionRules(TzSupplyCommon):
    """Rules of incoming inspections, tried by the warehouse keeper through the
    ORM (no sudo): a done inspection is quality history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stock_manager = new_test_user(
            cls.env,
            login="tz_supply_rules_stock_manager",
            groups="stock.group_stock_manager",
            name="仓库主管 老赵",
        )

    def _done_inspection(self, qty=10, rejected=3):
        """An inspection the warehouse keeper completed with ``rejected``."""
        order = self._create_po(qty=qty, price=100)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids.with_user(self.stock_user)
        inspection.line_ids.write({"result": "pass"})
        inspection.qty_rejected = rejected
        inspection.action_done()
        return order, picking, inspection

    def test_keeper_returns_to_vendor(self):
        """Regression: Return to Vendor posted on the purchase order, which
        warehouse keepers may only read (AccessError)."""
        order, picking, inspection = self._done_inspection()
        self.assertEqual(inspection.state, "done")
        self.assertTrue(inspection.can_return)
        action = inspection.action_return_to_vendor()
        ret = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(ret.return_id, picking)
        self.assertEqual(ret.move_ids.product_uom_qty, 3)
        self.assertEqual(inspection.return_picking_ids, ret)
        # the buyer learns it on the order, as an internal note of the keeper
        note = order.message_ids.filtered(
            lambda m: inspection.name in (m.body or "") and ret.name in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.stock_user.partner_id)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertNotIn(
            self.stock_user.partner_id, order.message_follower_ids.partner_id
        )
        # the keeper validates the return: the PO's received quantity drops
        ret.with_user(self.stock_user).button_validate()
        self.assertEqual(ret.state, "done")
        self.assertEqual(order.order_line.qty_received, 7)
        # and their rights on the order were not widened
        with self.assertRaises(AccessError):
            order.with_user(self.stock_user).write({"notes": "改单"})
        with self.assertRaises(AccessError):
            order.with_user(self.stock_user).message_post(body="越权留言")

    def test_done_inspection_fields_locked(self):
        """Regression: a done inspection's figures could be rewritten by the
        warehouse keeper (read-only only in the view)."""
        _order, _picking, inspection = self._done_inspection()
        inspector = inspection.inspector_id
        other = self.env["res.users"].search([("id", "!=", inspector.id)])[0]
        for vals in (
            {"qty_rejected": 0},
            {"qty_accepted": 10, "qty_rejected": 0},
            {"qty_sampled": 2},
            {"qty_defect": 1},
            {"inspector_id": other.id},
            {"plan_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "done"):
                inspection.write(vals)
        with self.assertRaisesRegex(UserError, "receipt"):
            inspection.write({"qty_received": 12})
        for vals in (
            {"state": "draft"},
            {"result": "pass"},
            {"date_inspected": "2020-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                inspection.write(vals)
        inspection.invalidate_recordset()
        self.assertEqual(
            (inspection.state, inspection.result, inspection.qty_rejected),
            ("done", "partial", 3),
        )
        self.assertEqual(inspection.qty_accepted, 7)
        self.assertEqual(inspection.acceptance_rate, 70)
        self.assertEqual(inspection.inspector_id, inspector)
        # the notes stay editable (remarks, not figures)
        inspection.note = "<p>复检记录见附件</p>"
        self.assertIn("复检", inspection.note)

    def test_done_inspection_checks_locked(self):
        """Checks of a done inspection: neither directly, nor from the
        inspection form (x2many commands), nor from the receipt."""
        _order, picking, inspection = self._done_inspection()
        line = inspection.line_ids[0]
        with self.assertRaisesRegex(UserError, "done"):
            line.write({"result": "fail"})
        with self.assertRaisesRegex(UserError, "done"):
            line.unlink()
        with self.assertRaisesRegex(UserError, "done"):
            self.env["tz.inspection.line"].with_user(self.stock_user).create(
                {"inspection_id": inspection.id, "name": "补检"}
            )
        for commands in (
            [Command.update(line.id, {"result": "fail"})],
            [Command.create({"name": "补检"})],
            [Command.delete(line.id)],
            [Command.clear()],
        ):
            with self.subTest(commands=commands), self.assertRaises(UserError):
                inspection.write({"line_ids": commands})
        with self.assertRaises(UserError):
            picking.with_user(self.stock_user).write(
                {
                    "tz_inspection_ids": [
                        Command.update(inspection.id, {"qty_rejected": 0})
                    ]
                }
            )
        with self.assertRaises(UserError):
            picking.with_user(self.stock_user).write(
                {"tz_inspection_ids": [Command.delete(inspection.id)]}
            )
        inspection.invalidate_recordset()
        self.assertEqual(len(inspection.line_ids), 2)
        self.assertEqual(set(inspection.line_ids.mapped("result")), {"pass"})
        self.assertEqual(inspection.qty_rejected, 3)

    @mute_logger("odoo.sql_db", "odoo.models")
    def test_done_inspection_import_and_copy_refused(self):
        _order, _picking, inspection = self._done_inspection()
        result = inspection.load([".id", "qty_rejected"], [[str(inspection.id), "0"]])
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        result = inspection.load([".id", "state"], [[str(inspection.id), "draft"]])
        self.assertFalse(result["ids"])
        inspection.invalidate_recordset()
        self.assertEqual((inspection.state, inspection.qty_rejected), ("done", 3))
        with self.assertRaisesRegex(UserError, "duplicated"):
            inspection.copy()
        # nor can an inspection be created already done
        with self.assertRaises(UserError):
            self.env["tz.inspection"].with_user(self.stock_user).create(
                dict(
                    inspection.sudo()._tz_prepare_values(inspection.move_id, 1.0),
                    state="done",
                    result="pass",
                )
            )

    def test_reopen_cancel_rules(self):
        """Only managers reopen a done inspection; users cancel drafts only."""
        order = self._create_po(qty=5, price=100)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids.with_user(self.stock_user)
        inspection.action_accept_all()
        self.assertEqual(inspection.result, "pass")
        with self.assertRaisesRegex(UserError, "manager"):
            inspection.action_reset_draft()
        with self.assertRaises(UserError):
            inspection.action_cancel()
        self.assertEqual(inspection.state, "done")
        as_manager = inspection.with_user(self.stock_manager)
        as_manager.action_reset_draft()
        self.assertEqual((inspection.state, inspection.result), ("draft", False))
        # a draft is the keeper's own work again: cancel and reopen it
        inspection.qty_rejected = 1
        inspection.action_cancel()
        self.assertEqual(inspection.state, "cancel")
        inspection.action_reset_draft()
        self.assertEqual(inspection.state, "draft")
        # rejected goods already moved to quarantine: closed for everyone
        _order, _picking, quarantined = self._done_inspection()
        self.assertTrue(quarantined.quarantine_move_id)
        with self.assertRaisesRegex(UserError, "quarantine"):
            quarantined.with_user(self.stock_manager).action_reset_draft()
        with self.assertRaisesRegex(UserError, "quarantine"):
            quarantined.with_user(self.stock_manager).action_cancel()
        self.assertEqual(quarantined.state, "done")

    def test_done_inspection_attachments_are_evidence(self):
        _order, _picking, inspection = self._done_inspection()
        attachment_model = self.env["ir.attachment"].with_user(self.stock_user)
        photo = attachment_model.create(
            {
                "name": "不良品照片.jpg",
                "datas": base64.b64encode(b"photo"),
                "res_model": "tz.inspection",
                "res_id": inspection.id,
            }
        )
        # adding evidence stays allowed
        inspection.attachment_ids = [Command.link(photo.id)]
        self.assertEqual(inspection.attachment_ids, photo)
        with self.assertRaisesRegex(UserError, "evidence"):
            photo.unlink()
        with self.assertRaisesRegex(UserError, "evidence"):
            photo.write({"datas": base64.b64encode(b"other")})
        with self.assertRaisesRegex(UserError, "evidence"):
            inspection.write({"attachment_ids": [Command.unlink(photo.id)]})
        with self.assertRaisesRegex(UserError, "evidence"):
            inspection.write({"attachment_ids": [Command.set([])]})
        inspection.invalidate_recordset()
        self.assertEqual(inspection.attachment_ids, photo)
        # the stock manager corrects it, and it is traced on the inspection
        photo.with_user(self.stock_manager).unlink()
        self.assertFalse(photo.exists())
        self.assertTrue(
            inspection.message_ids.filtered(
                lambda m: "不良品照片" in (m.body or "") and "corrected" in m.body
            )
        )

    def test_draft_inspection_stays_editable(self):
        """The guard does not get in the keeper's way before the result."""
        order = self._create_po(qty=10, price=100)
        picking, _res = self._receive(order)
        inspection = picking.tz_inspection_ids.with_user(self.stock_user)
        inspection.write({"qty_sampled": 2, "qty_defect": 1, "qty_rejected": 2})
        inspection.line_ids[0].write({"result": "fail", "measured": "划伤"})
        inspection.write(
            {
                "line_ids": [
                    Command.update(inspection.line_ids[1].id, {"result": "pass"}),
                    Command.create({"name": "包装检查", "result": "na"}),
                ]
            }
        )
        self.assertEqual(len(inspection.line_ids), 3)
        # receipt figures are the receipt's, even in draft
        with self.assertRaisesRegex(UserError, "receipt"):
            inspection.qty_received = 20
        inspection.action_done()
        self.assertEqual((inspection.result, inspection.qty_accepted), ("partial", 8))


@tagged("post_install", "-at_install")
class TestPriceHistoryRules(TzSupplyCommon):
    """Price history is history: read by buyers and keepers, written only by
    the confirmations and pricelist changes that record it."""

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.sql_db", "odoo.models")
    def test_price_history_read_only_for_every_role(self):
        order = self._create_po(product=self.plain_product, qty=100, price=10.0)
        history = self.env["tz.price.history"].search([("order_id", "=", order.id)])
        self.assertEqual(len(history), 1)
        managers = new_test_user(
            self.env,
            login="tz_supply_ph_manager",
            groups="purchase.group_purchase_manager,stock.group_stock_manager",
        )
        for user in (self.buyer, self.stock_user, managers):
            with self.subTest(user=user.login):
                # refused by the access rights, and by the model itself
                as_user = history.with_user(user)
                self.assertEqual(as_user.price_unit, 10.0)
                with self.assertRaises(UserError):
                    as_user.write({"price_unit": 8.0})
                with self.assertRaises(UserError):
                    as_user.unlink()
                with self.assertRaises(UserError):
                    as_user.copy()
                with self.assertRaises(UserError):
                    self.env["tz.price.history"].with_user(user).create(
                        history.copy_data()[0]
                    )
                result = as_user.load([".id", "price_unit"], [[str(history.id), "1"]])
                self.assertFalse(result["ids"])
                # aggregation is reading: allowed
                groups = as_user._read_group(
                    [("id", "=", history.id)], ["partner_id"], ["price_unit:avg"]
                )
                self.assertEqual(groups, [(self.vendor, 10.0)])
        history.invalidate_recordset()
        self.assertEqual(history.price_unit, 10.0)

    def test_price_history_guarded_in_the_model(self):
        """Even if an access right were granted by mistake, only the system
        (the confirmations recording prices) writes or deletes history."""
        order = self._create_po(product=self.plain_product, qty=100, price=10.0)
        history = self.env["tz.price.history"].search([("order_id", "=", order.id)])
        careless = self.env["res.groups"].create(
            {
                "name": "Price history editors (misconfigured)",
                "implied_ids": [
                    Command.link(self.env.ref("purchase.group_purchase_user").id)
                ],
                "model_access": [
                    Command.create(
                        {
                            "name": "price history full access",
                            "model_id": self.env.ref(
                                "tz_supply.model_tz_price_history"
                            ).id,
                            "perm_read": True,
                            "perm_write": True,
                            "perm_create": True,
                            "perm_unlink": True,
                        }
                    )
                ],
            }
        )
        user = new_test_user(
            self.env, login="tz_supply_ph_careless", groups_id=careless.ids
        )
        with self.assertRaisesRegex(UserError, "history"):
            history.with_user(user).write({"price_unit": 1.0})
        with self.assertRaisesRegex(UserError, "history"):
            history.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "history"):
            self.env["tz.price.history"].with_user(user).create(history.copy_data()[0])
        self.assertEqual(history.price_unit, 10.0)
