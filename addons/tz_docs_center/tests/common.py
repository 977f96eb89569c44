from odoo.tests import TransactionCase, new_test_user


class TzDocsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user = new_test_user(
            cls.env,
            login="tz_docs_user1",
            name="资料员一",
            groups="base.group_user,tz_docs_center.group_docs_user",
        )
        cls.user2 = new_test_user(
            cls.env,
            login="tz_docs_user2",
            name="资料员二",
            groups="base.group_user,tz_docs_center.group_docs_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="tz_docs_manager",
            name="资料主管",
            groups="base.group_user,tz_docs_center.group_docs_manager,"
            "sales_team.group_sale_salesman_all_leads",
        )
        cls.Company = cls.env["tz.directory.company"]
        cls.Person = cls.env["tz.directory.person"]
        cls.cn = cls.env.ref("base.cn")
        cls.zj = cls.env.ref("base.state_cn_ZJ")

    # valid USCC samples (check digit computed with stdnum.cn.uscc)
    USCC_A = "91330106MA2B00001Y"
    USCC_B = "91310115MA1H000024"
    USCC_C = "91440300MA5G000033"
