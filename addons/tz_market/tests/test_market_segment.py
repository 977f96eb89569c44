from datetime import date, datetime

from odoo.tests import freeze_time, tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketSegment(TzMarketCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.industry = cls.env["res.partner.industry"].create(
            {"name": "精密机械 (test)"}
        )
        cls.segment = cls.env["tz.market.segment"].create(
            {
                "name": "华东 · 精密机械",
                "region_id": cls.region_east.id,
                "industry_id": cls.industry.id,
                "market_size": 36_500_000,  # 100,000 per day
                "period_from": date(2015, 3, 1),
                "period_to": date(2015, 3, 31),
            }
        )
        cls.new_customer = cls._partner("上海新客户", industry=cls.industry)
        cls.old_customer = cls._partner(
            "杭州老客户", "base.state_cn_ZJ", industry=cls.industry
        )
        cls.left_customer = cls._partner(
            "苏州流失客户", "base.state_cn_JS", industry=cls.industry
        )
        cls.south_customer = cls._partner(
            "广州客户", "base.state_cn_GD", industry=cls.industry
        )
        cls._order(cls.new_customer, 200_000, order_date=datetime(2015, 3, 5, 3))
        cls._order(cls.old_customer, 50_000, order_date=datetime(2014, 10, 5, 3))
        cls._order(cls.old_customer, 110_000, order_date=datetime(2015, 3, 20, 3))
        cls._order(cls.left_customer, 90_000, order_date=datetime(2015, 2, 12, 3))
        cls._order(cls.south_customer, 100_000, order_date=datetime(2015, 3, 8, 3))
        competitor = cls.env["tz.competitor"].create({"name": "恒达精密"})
        lead = cls.env["crm.lead"].create(
            {
                "name": "新客户扩产",
                "type": "opportunity",
                "partner_id": cls.new_customer.id,
                "tz_competitor_ids": [(6, 0, competitor.ids)],
            }
        )
        cls.env.flush_all()
        # create_date comes from the database clock: move it to March 2015
        cls.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            (datetime(2015, 3, 15, 2), lead.id),
        )
        cls.env.invalidate_all()
        cls.competitor = competitor

    def test_indicators_for_period(self):
        seg = self.segment
        self.assertEqual(seg.customer_total, 3)
        self.assertEqual(seg.active_customer_count, 2)
        self.assertEqual(seg.customers_gained, 1)
        self.assertEqual(seg.customers_lost, 1)
        self.assertAlmostEqual(seg.our_sales, 310_000)
        # company sales of March 2015: 310,000 here + 100,000 in the south
        self.assertAlmostEqual(seg.sales_ratio, 310_000 / 410_000 * 100)
        self.assertAlmostEqual(seg.market_share, 310_000 / 3_100_000 * 100)
        self.assertEqual(seg.opportunity_count, 1)
        self.assertEqual(seg.competitor_count, 1)
        self.assertIn("恒达精密", seg.competitor_summary)
        # another period: nothing sold in April
        seg.write({"period_from": date(2015, 4, 1), "period_to": date(2015, 4, 30)})
        self.assertEqual(seg.our_sales, 0)
        self.assertEqual(seg.customers_lost, 2)

    def test_monthly_snapshot_cron(self):
        with freeze_time("2015-04-03"):
            self.env["tz.market.segment"]._cron_monthly_snapshot()
            self.env["tz.market.segment"]._cron_monthly_snapshot()  # idempotent
        snapshot = self.segment.snapshot_ids
        self.assertEqual(len(snapshot), 1)
        self.assertEqual(snapshot.period_from, date(2015, 3, 1))
        self.assertEqual(snapshot.period_to, date(2015, 3, 31))
        self.assertAlmostEqual(snapshot.our_sales, 310_000)
        self.assertEqual(snapshot.customers_gained, 1)
        self.assertEqual(snapshot.customers_lost, 1)
        self.assertEqual(snapshot.competitor_count, 1)
        with freeze_time("2015-05-02"):
            self.env["tz.market.segment"]._cron_monthly_snapshot()
        self.assertEqual(len(self.segment.snapshot_ids), 2)
        april = self.segment.snapshot_ids.filtered(
            lambda s: s.period_from == date(2015, 4, 1)
        )
        self.assertEqual(april.our_sales, 0)
