from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCorePathsWithoutCreditRights(TransactionCase):
    """Copying a customer, or a user (whose contact is copied), by someone
    without Credit rights must not read the credit fields (core copies every
    copyable field; core's own credit_limit is copy=False for that reason)."""

    def test_copy_partner_and_user_without_credit_rights(self):
        buyer = new_test_user(
            self.env,
            lang="en_US",
            login="tz_credit_core_buyer",
            groups="base.group_user,base.group_partner_manager",
        )
        policy = self.env["tz.collection.policy"].search([], limit=1)
        partner = self.env["res.partner"].create(
            {
                "name": "宁波测试客户",
                "tz_overdue_block_days": 30,
                "tz_collection_policy_id": policy.id,
                "tz_collector_id": self.env.user.id,
            }
        )
        copy = partner.with_user(buyer).copy()
        self.assertEqual(copy.sudo().tz_overdue_block_days, 0)
        self.assertFalse(copy.sudo().tz_collector_id)
        settings = new_test_user(
            self.env,
            lang="en_US",
            login="tz_credit_core_settings",
            groups="base.group_user,base.group_erp_manager,base.group_partner_manager",
        )
        user_copy = buyer.with_user(settings).copy({"login": "tz_credit_copy"})
        self.assertEqual(user_copy.login, "tz_credit_copy")
