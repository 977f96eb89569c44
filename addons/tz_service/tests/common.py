from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class TzServiceCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.user = new_test_user(
            cls.env,
            login="tz_service_agent",
            name="客服 张伟",
            groups="base.group_user,tz_service.group_tz_service_user",
        )
        cls.reviewer = new_test_user(
            cls.env,
            login="tz_service_reviewer",
            name="审核 刘洋",
            groups="base.group_user,tz_service.group_tz_kb_reviewer",
        )
        cls.manager = new_test_user(
            cls.env,
            login="tz_service_manager",
            name="主管 陈静",
            groups="base.group_user,tz_service.group_tz_service_manager",
        )
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {"name": "深圳华南电子有限公司", "is_company": True}
        )
        cls.contact = Partner.create(
            {
                "name": "赵磊",
                "parent_id": cls.customer.id,
                "email": "zhaolei@huanan.example.cn",
            }
        )
        cls.other_customer = Partner.create(
            {
                "name": "成都天府科技有限公司",
                "is_company": True,
                "email": "it@tianfu.example.cn",
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="tz_service_portal",
            name="赵磊门户",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="tz_service_portal2",
            name="天府门户",
            groups="base.group_portal",
        )
        cls.other_portal_user.partner_id.parent_id = cls.other_customer
        cls.team = cls.env["tz.service.team"].create(
            {
                "name": "测试服务组",
                "alias_name": "tz-service-test",
                "member_ids": [(4, cls.user.id)],
                "default_user_id": cls.user.id,
            }
        )
        cls.category = cls.env["tz.service.category"].create(
            {"name": "测试打印设备", "team_id": cls.team.id}
        )
        Sla = cls.env["tz.service.sla"]
        Sla.search([]).write({"active": False})
        cls.sla_normal = Sla.create(
            {"name": "普通 24h", "priority": "1", "resolve_hours": 24}
        )
        cls.sla_urgent = Sla.create(
            {"name": "紧急 4h", "priority": "3", "resolve_hours": 4}
        )
        cls.sla_category = Sla.create(
            {
                "name": "打印普通 12h",
                "priority": "1",
                "category_id": cls.category.id,
                "resolve_hours": 12,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "测试激光打印机 TP-900",
                "default_code": "TP-900",
                "list_price": 1999,
            }
        )
        cls.stage_new = cls.env.ref("tz_service.stage_new")
        cls.stage_progress = cls.env.ref("tz_service.stage_in_progress")
        cls.stage_solved = cls.env.ref("tz_service.stage_solved")

    @classmethod
    def _request(cls, **values):
        vals = {"name": "打印机卡纸", "partner_id": cls.contact.id}
        vals.update(values)
        return cls.env["tz.service.request"].create(vals)

    @classmethod
    def _submit(cls, articles, reviewer, user=None):
        """Submit ``articles`` for review through the wizard, as ``user``."""
        Wizard = cls.env["tz.kb.article.submit"].with_user(user or cls.user)
        wizard = Wizard.create(
            {"article_ids": [(6, 0, articles.ids)], "reviewer_id": reviewer.id}
        )
        return wizard.action_submit()

    @classmethod
    def _article(cls, **values):
        vals = {
            "name": "测试文章",
            "body": "<p>内容</p>",
            "state": "published",
            "reviewer_id": cls.reviewer.id,
        }
        vals.update(values)
        return cls.env["tz.kb.article"].create(vals)
