import io
from datetime import datetime

import openpyxl

from odoo.tests import tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketReport(TzMarketCommon):
    def setUp(self):
        super().setUp()
        partner = self._partner("上海锦程汽车配件有限公司")
        opp = self.activity.create_leads(
            [{"name": "锦程二厂", "type": "opportunity", "partner_id": partner.id}]
        )
        self.activity.create_leads([{"name": "华通汽配", "type": "lead"}])
        opp.action_set_won()
        self._order(partner, 180_000, opp)
        self.env["tz.market.activity"].create(
            {
                "name": "苏州客户拜访",
                "project_id": self.project.id,
                "date_start": datetime(2030, 4, 2, 1, 0),
                "date_end": datetime(2030, 4, 2, 5, 0),
                "cost": 2_000,
            }
        )
        self.env.invalidate_all()

    def test_plan_pdf(self):
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "tz_market.report_tz_market_plan", self.plan.ids
        )
        html = html.decode()
        for text in (
            self.plan.name,
            self.project.name,
            "上海汽车零部件展",
            "苏州客户拜访",
        ):
            self.assertIn(text, html)
        self.assertIn("180,000.00", html)

    def test_rollup_xlsx(self):
        content, filename = self.plan._get_rollup_xlsx()
        self.assertTrue(filename.endswith(".xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True) if row]
        self.assertEqual(rows[0][0], self.plan.name)
        by_name = {str(row[0]).strip(): row for row in rows if row[0]}
        plan_row = by_name[self.plan.display_name]
        self.assertEqual(list(plan_row[2:5]), [2, 1, 1])  # leads, opportunities, won
        self.assertAlmostEqual(plan_row[5], 180_000)
        self.assertAlmostEqual(plan_row[6], 22_000)
        activity_row = by_name["上海汽车零部件展"]
        self.assertEqual(activity_row[2], 2)
        self.assertAlmostEqual(activity_row[7], 10_000)  # cost per lead
        self.assertIn("苏州客户拜访", by_name)
