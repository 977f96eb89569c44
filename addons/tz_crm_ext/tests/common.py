from contextlib import contextmanager

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user

# what every internal user created from the Users form gets (base.default_user):
# "Contact Creation", so a salesperson can write his customers
SALESPERSON_GROUPS = (
    "base.group_user,base.group_partner_manager,sales_team.group_sale_salesman"
)
MANAGER_GROUPS = (
    "base.group_user,base.group_partner_manager,sales_team.group_sale_manager"
)


class TzCrmExtCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=False, tz="Asia/Shanghai")
        )
        cls.company = cls.env.company
        cls.manager = new_test_user(
            cls.env,
            login="tz_mgr",
            name="销售经理 周总",
            groups="base.group_user,sales_team.group_sale_manager",
            tz="Asia/Shanghai",
        )
        cls.sales_a = new_test_user(
            cls.env,
            login="tz_sales_a",
            name="业务员 甲",
            groups="base.group_user,sales_team.group_sale_salesman",
            tz="Asia/Shanghai",
        )
        cls.sales_b = new_test_user(
            cls.env,
            login="tz_sales_b",
            name="业务员 乙",
            groups="base.group_user,sales_team.group_sale_salesman",
            tz="Asia/Shanghai",
        )
        cls.sales_c = new_test_user(
            cls.env,
            login="tz_sales_c",
            name="业务员 丙",
            groups="base.group_user,sales_team.group_sale_salesman",
            tz="Asia/Shanghai",
        )
        cls.leader = new_test_user(
            cls.env,
            login="tz_leader",
            name="组长 丁",
            groups="base.group_user,sales_team.group_sale_salesman",
            tz="Asia/Shanghai",
        )
        Team = cls.env["crm.team"].with_context(tracking_disable=True)
        cls.team = Team.create(
            {"name": "测试华东组", "user_id": cls.leader.id, "sequence": 1}
        )
        cls.team_other = Team.create({"name": "测试华南组", "sequence": 2})
        Member = cls.env["crm.team.member"]
        cls.member_a = Member.create(
            {
                "crm_team_id": cls.team.id,
                "user_id": cls.sales_a.id,
                "assignment_max": 30,
            }
        )
        cls.member_b = Member.create(
            {
                "crm_team_id": cls.team.id,
                "user_id": cls.sales_b.id,
                "assignment_max": 60,
            }
        )
        cls.member_c = Member.create(
            {
                "crm_team_id": cls.team.id,
                "user_id": cls.sales_c.id,
                "assignment_max": 90,
            }
        )
        cls.grade_a = cls.env.ref("tz_crm_ext.tz_grade_a")
        cls.grade_b = cls.env.ref("tz_crm_ext.tz_grade_b")
        cls.grade_c = cls.env.ref("tz_crm_ext.tz_grade_c")
        cls.grade_d = cls.env.ref("tz_crm_ext.tz_grade_d")
        cls.state_sh = cls.env.ref("base.state_cn_SH")
        cls.state_gd = cls.env.ref("base.state_cn_GD")

    @classmethod
    def _customer(cls, name, user=None, grade=None, **vals):
        values = {
            "name": name,
            "is_company": True,
            "customer_rank": 1,
            "user_id": user.id if user else False,
            "tz_grade": grade.id if grade else False,
        }
        values.update(vals)
        return cls.env["res.partner"].create(values)

    @classmethod
    def _new_leads(cls, count, **vals):
        values = {"user_id": False, "team_id": False, "type": "lead"}
        values.update(vals)
        return (
            cls.env["crm.lead"]
            .with_context(tz_no_auto_assign=True)
            .create([dict(values, name=f"线索 {i}") for i in range(count)])
        )

    @contextmanager
    def assertRefused(self):
        """A business rule refuses (UserError/ValidationError), not the
        access rights: an AccessError would make the test pass for nothing."""
        # ValidationError is a UserError
        with self.assertRaises(UserError) as catcher:
            yield catcher
        self.assertNotIsInstance(catcher.exception, AccessError)

    def _interaction(self, partner, date, user=None, **vals):
        values = {
            "name": "拜访",
            "partner_id": partner.id,
            "user_id": (user or partner.user_id or self.env.user).id,
            "interaction_type": "visit",
            "date": date,
        }
        values.update(vals)
        return self.env["tz.customer.interaction"].create(values)
