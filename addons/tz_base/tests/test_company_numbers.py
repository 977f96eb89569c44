from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCompanyNumbers(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "天纵测试分公司"})
        cls.shared = cls.env["ir.sequence"].create(
            {
                "name": "Test Documents",
                "code": "tz.base.test.doc",
                "prefix": "TD/",
                "padding": 3,
                "number_next": 7,
                "company_id": False,
            }
        )

    def test_each_company_numbers_apart_from_the_shared_counter(self):
        self.assertEqual(self.company_a._tz_next_number("tz.base.test.doc"), "TD/007")
        self.assertEqual(self.company_a._tz_next_number("tz.base.test.doc"), "TD/008")
        # B starts where the shared sequence stood: no number given before
        self.assertEqual(self.company_b._tz_next_number("tz.base.test.doc"), "TD/007")
        sequences = self.env["ir.sequence"].search([("code", "=", "tz.base.test.doc")])
        self.assertEqual(
            sequences.company_id, self.company_a | self.company_b, "one per company"
        )
        self.assertEqual(len(sequences), 3)

    def test_no_shared_sequence(self):
        self.assertEqual(self.company_a._tz_next_number("tz.base.nothing"), "/")

    def test_works_for_users_who_cannot_read_sequences(self):
        user = self.env["res.users"].create(
            {
                "name": "普通员工",
                "login": "tz_base_numbers",
                "groups_id": [(6, 0, self.env.ref("base.group_user").ids)],
            }
        )
        company = self.company_a.with_user(user)
        self.assertEqual(company._tz_next_number("tz.base.test.doc"), "TD/007")
