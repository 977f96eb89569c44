from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class TzMarketCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="tzm_manager",
            name="市场经理 王芳",
            groups="base.group_user,tz_market.group_tz_market_manager",
        )
        cls.user1 = new_test_user(
            cls.env,
            login="tzm_user1",
            name="销售员 李强",
            groups="base.group_user,tz_market.group_tz_market_user",
        )
        cls.user2 = new_test_user(
            cls.env,
            login="tzm_user2",
            name="销售员 张伟",
            groups="base.group_user,tz_market.group_tz_market_user",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="tzm_salesman",
            name="销售员 赵敏",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.won_stage = cls.env["crm.stage"].create(
            {"name": "赢单 (test)", "is_won": True, "sequence": 99}
        )
        cls.region_east = cls.env.ref("tz_market.region_cn_east")
        cls.plan = cls.env["tz.market.plan"].create(
            {
                "name": "2030年华东市场开发计划",
                "date_from": date(2030, 1, 1),
                "date_to": date(2030, 12, 31),
                "user_id": cls.manager.id,
                "target_revenue": 1_000_000,
                "target_leads": 10,
                "target_new_customers": 4,
                "budget": 100_000,
            }
        )
        cls.project = cls.env["tz.market.project"].create(
            {
                "name": "长三角重点客户开发",
                "plan_id": cls.plan.id,
                "region_id": cls.region_east.id,
                "user_id": cls.user1.id,
                "date_start": date(2030, 2, 1),
                "date_end": date(2030, 6, 30),
                "budget": 60_000,
                "expected_revenue": 500_000,
            }
        )
        cls.activity = cls.env["tz.market.activity"].create(
            {
                "name": "上海汽车零部件展",
                "project_id": cls.project.id,
                "activity_type": "exhibition",
                "date_start": datetime(2030, 3, 10, 2, 0),
                "date_end": datetime(2030, 3, 12, 9, 0),
                "location": "上海新国际博览中心",
                "user_id": cls.user1.id,
                "participant_ids": [Command.set([cls.user2.id])],
                "cost": 20_000,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "数控加工中心 (test)", "list_price": 100_000, "type": "service"}
        )

    @classmethod
    def _partner(cls, name, state_ref="base.state_cn_SH", industry=None):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "state_id": cls.env.ref(state_ref).id,
                "country_id": cls.env.ref("base.cn").id,
                "industry_id": industry and industry.id,
                "customer_rank": 1,
            }
        )

    @classmethod
    def _order(cls, partner, amount, opportunity=None, order_date=None, confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "opportunity_id": opportunity and opportunity.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        if order_date:
            order.date_order = order_date
        return order

    @staticmethod
    def _dt(day, hours=0):
        return datetime.combine(day, datetime.min.time()) + timedelta(hours=hours)
