from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-25")
class TestTzCommissionAccess(TzCommissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._plan(fixed_rate=3)
        cls._plan(user=cls.seller2, fixed_rate=2)

    def test_salesperson_sees_only_own(self):
        self._invoice(10000)
        self._invoice(20000, user=self.seller2)
        mine = self._target()
        theirs = self._target(user=self.seller2)
        self.team.member_ids = [(4, self.seller.id)]
        team_target = self.Target.create(
            {
                "target_type": "team",
                "team_id": self.team.id,
                "period_type": "year",
                "date_from": "2026-01-01",
            }
        )
        Target = self.Target.with_user(self.seller)
        self.assertEqual(Target.search([]), mine | team_target)
        with self.assertRaises(AccessError):
            theirs.with_user(self.seller).read(["actual_revenue"])
        lines = self.Line.with_user(self.seller).search([])
        self.assertEqual(lines.user_id, self.seller)
        self.assertEqual(len(lines), 1)
        # the forecast of the own target is readable by its salesperson
        self.assertEqual(mine.with_user(self.seller).earned_commission, 300)
        # managers see everything
        managed = self.Line.with_user(self.manager).search(
            [("user_id", "in", (self.seller | self.seller2).ids)]
        )
        self.assertEqual(len(managed), 2)
        self.assertIn(theirs, self.Target.with_user(self.manager).search([]))

    def test_salesperson_cannot_write_or_confirm(self):
        self._invoice(10000)
        with self.assertRaises(AccessError):
            self.Target.with_user(self.seller).create(
                {
                    "user_id": self.seller.id,
                    "date_from": "2026-05-01",
                    "target_revenue": 1,
                }
            )
        mine = self._target()
        with self.assertRaises(AccessError):
            mine.with_user(self.seller).target_revenue = 1
        with self.assertRaises(AccessError):
            self._lines().with_user(self.seller).commission_amount = 1e6
        settlement = self.Settlement._generate(mine.date_from, mine.date_to, "month")
        self.assertEqual(settlement.user_id, self.seller)
        with self.assertRaises(AccessError):
            settlement.with_user(self.seller).action_confirm()
        with self.assertRaises(AccessError):
            settlement.with_user(self.seller).action_refresh_lines()
        self.assertEqual(settlement.state, "draft")
        self.assertEqual(self.Settlement.with_user(self.seller).search([]), settlement)
        self.assertFalse(self.Settlement.with_user(self.seller2).search([]))
        settlement.with_user(self.manager).action_confirm()
        self.assertEqual(settlement.state, "confirmed")

    def test_my_targets_action_refreshes(self):
        mine = self._target()
        self._invoice(25000)
        action = self.Target.with_user(self.seller).action_open_my_targets()
        self.assertEqual(action["res_model"], "tz.sales.target")
        self.assertEqual(mine.actual_revenue, 25000)
        with self.assertRaises(AccessError):
            self.env["tz.commission.settle.wizard"].with_user(self.seller).create(
                {"date": "2026-03-01"}
            )
