from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDocsCenterTour(HttpCase):
    def test_pinyin_search_and_convert_tour(self):
        company = self.env["tz.directory.company"].create(
            {
                "name": "中国银行杭州分行",
                "phone": "0571-87654321",
                "email": "boc@example.cn",
            }
        )
        self.env["tz.directory.company"].create({"name": "工商银行杭州分行"})
        self.start_tour(
            "/odoo/action-tz_docs_center.action_tz_directory_company",
            "tz_docs_center_pinyin_convert",
            login="admin",
        )
        lead = self.env["crm.lead"].search([("tz_dir_company_id", "=", company.id)])
        self.assertEqual(len(lead), 1)
        self.assertEqual(company.stage, "lead")

    def test_docs_user_private_book_tour(self):
        """A plain Docs user: dashboard counters, then a person added from the
        form of their private book stays theirs."""
        user = new_test_user(
            self.env,
            login="tour_docs_user",
            groups="base.group_user,tz_docs_center.group_docs_user",
        )
        other = new_test_user(
            self.env,
            login="tour_docs_user2",
            groups="base.group_user,tz_docs_center.group_docs_user",
        )
        self.start_tour(
            "/odoo/action-tz_docs_center.action_tz_directory_person",
            "tz_docs_center_user_private_book",
            login=user.login,
        )
        person = self.env["tz.directory.person"].search(
            [("name", "=", "私人客户周女士")]
        )
        self.assertEqual(len(person), 1)
        self.assertEqual(person.user_id, user)
        self.assertTrue(person.is_private)
        self.assertEqual(person.address_book_ids.user_id, user)
        self.assertFalse(
            self.env["tz.directory.person"]
            .with_user(other)
            .search([("id", "=", person.id)])
        )
