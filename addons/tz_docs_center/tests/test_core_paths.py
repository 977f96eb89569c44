from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCorePathsWithoutDocsRights(TransactionCase):
    """Users without Docs Center rights keep Odoo's own paths: copying a
    lead or a contact (and a user, whose contact is copied) must not read the
    documents linked to it (found by core's crm and purchase tests)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="tz_doc_core_sales",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        folder = cls.env["tz.document.folder"].create({"name": "合同"})
        cls.document = cls.env["tz.document"].create(
            {"name": "框架合同", "folder_id": folder.id}
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "杭州测试客户", "tz_document_ids": [(4, cls.document.id)]}
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "测试商机",
                "user_id": cls.salesman.id,
                "partner_id": cls.partner.id,
                "tz_document_ids": [(4, cls.document.id)],
            }
        )

    def test_salesperson_copies_lead_and_contact(self):
        lead_copy = self.lead.with_user(self.salesman).copy()
        self.assertEqual(lead_copy.user_id, self.salesman)
        partner_copy = self.partner.with_user(self.salesman).copy()
        self.assertTrue(partner_copy)
        # the links are the documents' own: a copy does not carry them
        self.assertFalse(lead_copy.sudo().tz_document_ids)
        self.assertFalse(partner_copy.sudo().tz_document_ids)

    def test_user_copy_without_docs_rights(self):
        admin_like = new_test_user(
            self.env,
            login="tz_doc_core_settings",
            groups="base.group_user,base.group_erp_manager,base.group_partner_manager",
        )
        copy = self.salesman.with_user(admin_like).copy({"login": "tz_doc_copy"})
        self.assertEqual(copy.login, "tz_doc_copy")
