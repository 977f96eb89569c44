from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCollectionTour(HttpCase):
    def test_collector_desk_promise_tour(self):
        # the tour matches English UI text: en_US active, collector in en_US
        self.env["res.lang"]._activate_lang("en_US")
        # everyone in China's time zone: the test's today is the collector's
        env = self.env(context=dict(self.env.context, lang="en_US", tz="Asia/Shanghai"))
        env["tz.collection.policy"].search([]).active = False
        collector = new_test_user(
            env,
            lang="en_US",
            login="tz_tour_collector",
            name="催收员 孙丽",
            groups="sales_team.group_sale_salesman",
        )
        env["tz.collection.policy"].create(
            {
                "name": "巡检策略",
                "level_ids": [
                    Command.create(
                        {
                            "day_offset": 7,
                            "name": "电话催收",
                            "action_activity": True,
                        }
                    )
                ],
            }
        )
        partner = env["res.partner"].create(
            {"name": "青岛海滨物流有限公司", "is_company": True}
        )
        today = fields.Date.context_today(env.user)
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_user_id": collector.id,
                "invoice_date": today - timedelta(days=40),
                "invoice_date_due": today - timedelta(days=10),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "物流服务", "quantity": 1, "price_unit": 8800.0}
                    )
                ],
            }
        )
        invoice.action_post()
        env["tz.collection.plan"]._cron_run()
        plan = env["tz.collection.plan"].search([("invoice_id", "=", invoice.id)])
        self.assertEqual(plan.user_id, collector)
        self.start_tour(
            "/odoo/action-tz_sales_credit.action_tz_collection_plan_my",
            "tz_collection_desk_tour",
            login="tz_tour_collector",
        )
        self.assertEqual(plan.state, "promised")
        self.assertEqual(plan.promised_date, date(2099, 1, 15))
        self.assertEqual(plan.promised_amount, invoice.amount_residual)
        self.assertEqual(plan.log_ids[:1].action, "promise")
        self.assertEqual(plan.log_ids[:1].user_id, collector)
