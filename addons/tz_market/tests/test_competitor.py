from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestCompetitor(TzMarketCommon):
    def test_win_loss_per_competitor(self):
        Competitor = self.env["tz.competitor"]
        hengda = Competitor.create({"name": "苏州恒达精密机械有限公司"})
        huarui = Competitor.create({"name": "深圳华锐智能装备股份有限公司"})
        lost_reason = self.env["crm.lost.reason"].create(
            {"name": "价格劣势,输给恒达", "tz_competitor_id": hengda.id}
        )
        Lead = self.env["crm.lead"]
        won = Lead.create(
            {
                "name": "锦程二厂",
                "type": "opportunity",
                "expected_revenue": 300_000,
                "tz_competitor_ids": [Command.set([hengda.id, huarui.id])],
            }
        )
        won.action_set_won()
        lost = Lead.create(
            {"name": "甬兴模具", "type": "opportunity", "expected_revenue": 120_000}
        )
        # marking it lost with a competitor's reason records that competitor
        self.env["crm.lead.lost"].create(
            {"lead_ids": [Command.set(lost.ids)], "lost_reason_id": lost_reason.id}
        ).action_lost_reason_apply()
        self.assertIn(hengda, lost.tz_competitor_ids)
        self.assertFalse(lost.active)
        # picking the competitor directly in the lost wizard
        lost2 = Lead.create(
            {"name": "鹏城精密", "type": "opportunity", "expected_revenue": 60_000}
        )
        wizard = self.env["crm.lead.lost"].create(
            {"lead_ids": [Command.set(lost2.ids)], "tz_competitor_id": huarui.id}
        )
        wizard.action_lost_reason_apply()
        self.assertEqual(lost2.tz_competitor_ids, huarui)
        Lead.create(
            {
                "name": "华通汽配",
                "type": "opportunity",
                "expected_revenue": 80_000,
                "tz_competitor_ids": [Command.set([hengda.id])],
            }
        )
        # a plain lead (not an opportunity) does not count
        Lead.create(
            {
                "name": "线索",
                "type": "lead",
                "tz_competitor_ids": [Command.set([hengda.id])],
            }
        )
        self.env.invalidate_all()
        self.assertEqual(
            (hengda.won_count, hengda.lost_count, hengda.open_count), (1, 1, 1)
        )
        self.assertEqual(hengda.competed_count, 3)
        self.assertAlmostEqual(hengda.won_amount, 300_000)
        self.assertAlmostEqual(hengda.lost_amount, 120_000)
        self.assertAlmostEqual(hengda.win_rate, 50.0)
        self.assertEqual((huarui.won_count, huarui.lost_count), (1, 1))
        self.assertAlmostEqual(huarui.lost_amount, 60_000)
        self.assertAlmostEqual(huarui.win_rate, 50.0)
        action = hengda.action_view_lost()
        self.assertEqual(
            Lead.with_context(active_test=False).search(action["domain"]), lost
        )

    def test_market_share_range(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["tz.competitor"].create({"name": "x", "market_share": 120})
            self.env.flush_all()
