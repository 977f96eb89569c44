"""Role journeys, each user with exactly the groups of the role (no admin,
no sudo): the salesperson, the sales manager and the accountant."""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-31")
class TestTzCommissionRoles(TzCommissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            lang="en_US",
            login="tz_accountant",
            name="TZ Accountant",
            groups="base.group_user,account.group_account_manager",
        )

    # ------------------------------------------------------------------
    # helpers: the manager sets up, the accountant invoices
    # ------------------------------------------------------------------
    def _manager_sets_up(self):
        """The sales manager creates the plan with its tiers from the plan
        form (x2many), assigns it and gives both salespeople targets."""
        Plan = self.Plan.with_user(self.manager)
        plan = Plan.create(
            {
                "name": "华东阶梯提成",
                "rate_type": "tiered",
                "tier_mode": "progressive",
                "tier_ids": self._tiers(),
            }
        )
        Assignment = self.env["tz.commission.assignment"].with_user(self.manager)
        for user in self.seller | self.seller2:
            Assignment.create(
                {"plan_id": plan.id, "user_id": user.id, "date_from": "2026-01-01"}
            )
        Target = self.Target.with_user(self.manager)
        mine = Target.create(
            {
                "user_id": self.seller.id,
                "date_from": "2026-03-01",
                "target_revenue": 100000,
            }
        )
        theirs = Target.create(
            {
                "user_id": self.seller2.id,
                "date_from": "2026-03-01",
                "target_revenue": 100000,
            }
        )
        return plan, mine, theirs

    def _accountant_invoices(self):
        """The accountant posts the invoices of both salespeople."""
        self._invoice(60000, user=self.seller, as_user=self.accountant)
        self._invoice(20000, user=self.seller2, as_user=self.accountant)

    # ------------------------------------------------------------------
    # salesperson
    # ------------------------------------------------------------------
    def test_salesperson_journey(self):
        plan, mine, theirs = self._manager_sets_up()
        self._accountant_invoices()
        Line = self.Line.with_user(self.seller)
        Target = self.Target.with_user(self.seller)
        # My Targets: own targets with actuals and the forecast
        Target.action_open_my_targets()
        self.assertEqual(Target.search([]), mine)
        mine_seen = mine.with_user(self.seller)
        self.assertEqual(mine_seen.actual_revenue, 60000)
        self.assertEqual(mine_seen.earned_commission, 1200)
        self.assertEqual(mine_seen.plan_id, plan)
        self.assertEqual(mine_seen.next_tier_needed, 20000)
        self.assertEqual(mine_seen.next_tier_worth, 400)  # 20 000 x 2 %
        self.assertIn("3", mine_seen.forecast_message)
        # own lines only, in lists and in grouped views
        lines = Line.search([])
        self.assertEqual(lines.user_id, self.seller)
        self.assertEqual(sum(lines.mapped("commission_amount")), 1200)
        groups = Line.read_group([], ["commission_amount:sum"], ["user_id"])
        self.assertEqual([g["user_id"][0] for g in groups], [self.seller.id])
        self.assertEqual(groups[0]["commission_amount"], 1200)
        target_groups = Target.read_group([], ["target_revenue:sum"], ["user_id"])
        self.assertEqual([g["user_id"][0] for g in target_groups], [self.seller.id])
        # not the colleague's
        with self.assertRaises(AccessError):
            theirs.with_user(self.seller).read(["actual_revenue"])
        with self.assertRaises(AccessError):
            self._lines(self.seller2).with_user(self.seller).read(["commission_amount"])
        # amounts cannot be changed, copied, imported or deleted
        line = lines[:1]
        with self.assertRaises(AccessError):
            line.commission_amount = 1e6
        with self.assertRaises(AccessError):
            line.copy()
        with self.assertRaises(AccessError):
            line.unlink()
        with self.assertRaises(AccessError):
            mine_seen.target_revenue = 1
        result = Line.load(
            [
                "name",
                "date",
                "user_id/.id",
                "plan_id/.id",
                "company_id/.id",
                "event_type",
                "base_amount",
                "commission_amount",
            ],
            [
                [
                    "伪造佣金",
                    "2026-03-05",
                    str(self.seller.id),
                    str(plan.id),
                    str(self.company.id),
                    "invoice",
                    "100000",
                    "99999",
                ]
            ],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertEqual(self._lines().commission_amount, 1200)
        # own settlement visible, not confirmable
        settlement = self.Settlement._generate("2026-03-01", "2026-03-31", "month")
        own = settlement.filtered(lambda s: s.user_id == self.seller)
        self.assertEqual(self.Settlement.with_user(self.seller).search([]), own)
        with self.assertRaises(AccessError):
            own.with_user(self.seller).action_confirm()
        with self.assertRaises(AccessError):
            own.with_user(self.seller).write({"state": "paid"})
        self.assertEqual(own.state, "draft")

    # ------------------------------------------------------------------
    # sales manager
    # ------------------------------------------------------------------
    def test_manager_journey(self):
        self._manager_sets_up()
        self._accountant_invoices()
        Settlement = self.Settlement.with_user(self.manager)
        wizard = (
            self.env["tz.commission.settle.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "period_type": "month",
                    "date": "2026-03-15",
                    "user_ids": [Command.set((self.seller | self.seller2).ids)],
                }
            )
        )
        settlements = Settlement.search(wizard.action_generate()["domain"])
        self.assertEqual(settlements.user_id, self.seller | self.seller2)
        march = settlements.filtered(lambda s: s.user_id == self.seller)
        self.assertEqual(march.amount_total, 1200)
        # workflow fields only through the buttons, even for the manager
        with self.assertRaises(UserError):
            march.write({"state": "confirmed"})
        with self.assertRaises(UserError):
            march.write({"amount_total": 99999})
        with self.assertRaises(UserError):
            Settlement.create(
                {
                    "user_id": self.seller.id,
                    "date_from": "2026-05-01",
                    "date_to": "2026-05-31",
                    "state": "paid",
                }
            )
        result = Settlement.load(
            ["user_id/id", "date_from", "date_to", "state"],
            [["base.user_admin", "2026-06-01", "2026-06-30", "paid"]],
        )
        self.assertFalse(result["ids"])
        self.assertEqual(result["messages"][0]["type"], "error")
        self.assertFalse(
            Settlement.search([("date_from", "=", "2026-06-01")]), "nothing imported"
        )
        # line amounts cannot be edited from the settlement form either
        line = march.line_ids[:1]
        with self.assertRaises(UserError):
            march.write(
                {"line_ids": [Command.update(line.id, {"commission_amount": 1})]}
            )
        with self.assertRaises(UserError):
            march.write({"line_ids": [Command.unlink(line.id)]})
        self.assertEqual(line.commission_amount, 1200)
        self.assertEqual(line.settlement_id, march)
        march.action_confirm()
        self.assertEqual(march.state, "confirmed")
        self.assertEqual(march.confirm_user_id, self.manager)
        self.assertTrue(march.confirm_date)
        # locked: its lines do not move, even in the ways a manager could try
        with self.assertRaises(UserError):
            march.with_user(self.manager).write(
                {"line_ids": [Command.update(line.id, {"name": "改"})]}
            )
        with self.assertRaises(UserError):
            march.with_user(self.manager).write({"date_to": "2026-03-30"})
        with self.assertRaises(UserError):
            march.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            line.with_user(self.manager).unlink()
        # copy() is a new draft for another period, without the workflow trail
        copied = march.with_user(self.manager).copy(
            {"date_from": "2026-04-01", "date_to": "2026-04-30"}
        )
        self.assertEqual(copied.state, "draft")
        self.assertFalse(copied.confirm_user_id or copied.confirm_date)
        self.assertFalse(copied.line_ids)
        self.assertNotEqual(copied.name, march.name)
        # the manager may also pay
        march.with_user(self.manager).action_mark_paid()
        self.assertEqual(march.state, "paid")
        self.assertEqual(str(march.paid_date), "2026-03-31")

    # ------------------------------------------------------------------
    # accountant
    # ------------------------------------------------------------------
    def test_accountant_journey(self):
        self._manager_sets_up()
        self._accountant_invoices()
        # the accountant sees every salesperson's commission and settles
        Line = self.Line.with_user(self.accountant)
        for user, amount in ((self.seller, 1200), (self.seller2, 400)):
            seen = Line.search([("user_id", "=", user.id)])
            self.assertEqual(sum(seen.mapped("commission_amount")), amount)
        wizard = (
            self.env["tz.commission.settle.wizard"]
            .with_user(self.accountant)
            .create(
                {
                    "period_type": "month",
                    "date": "2026-03-15",
                    "user_ids": [Command.set((self.seller | self.seller2).ids)],
                }
            )
        )
        Settlement = self.Settlement.with_user(self.accountant)
        settlements = Settlement.search(wizard.action_generate()["domain"])
        self.assertEqual(len(settlements), 2)
        settlements.action_confirm()
        self.assertEqual(set(settlements.mapped("state")), {"confirmed"})
        # supporting documents join the confirmed settlement ...
        march = settlements.filtered(lambda s: s.user_id == self.seller)
        receipt = (
            self.env["ir.attachment"]
            .with_user(self.accountant)
            .create(
                {
                    "name": "银行回单.pdf",
                    "datas": base64.b64encode(b"%PDF-1.4 receipt"),
                    "res_model": march._name,
                    "res_id": march.id,
                }
            )
        )
        settlements.action_mark_paid()
        self.assertEqual(set(settlements.mapped("state")), {"paid"})
        # ... and are evidence: the accountant cannot remove or replace them
        with self.assertRaises(UserError):
            receipt.unlink()
        with self.assertRaises(UserError):
            receipt.write({"datas": base64.b64encode(b"forged")})
        self.assertTrue(receipt.exists())
        # nor change what was paid
        with self.assertRaises(UserError):
            march.write({"state": "draft"})
        with self.assertRaises(UserError):
            march.write({"paid_date": "2026-04-01"})
        with self.assertRaises(AccessError):
            march.unlink()
        with self.assertRaises(AccessError):
            march.line_ids[:1].with_user(self.accountant).unlink()
        # the sales manager may correct the evidence, and it is on record
        receipt.with_user(self.manager).unlink()
        self.assertFalse(receipt.exists())
        self.assertTrue(
            march.message_ids.filtered(lambda m: "银行回单.pdf" in (m.body or "")),
            "the correction is posted on the chatter",
        )

    def test_salesperson_cannot_settle_or_export(self):
        self._manager_sets_up()
        self._accountant_invoices()
        with self.assertRaises(AccessError):
            self.env["tz.commission.settle.wizard"].with_user(self.seller).create(
                {"date": "2026-03-15"}
            )
        with self.assertRaises(AccessError):
            self.env["tz.commission.export.wizard"].with_user(self.seller).create(
                {"date": "2026-03-15"}
            )
        with self.assertRaises(AccessError):
            self.Settlement.with_user(self.seller).create(
                {
                    "user_id": self.seller.id,
                    "date_from": "2026-03-01",
                    "date_to": "2026-03-31",
                }
            )
        # the accountant has no say on plans or targets
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.accountant).create({"name": "x"})
        with self.assertRaises(AccessError):
            self.Target.with_user(self.accountant).search([])
