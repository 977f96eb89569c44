from odoo.tests import HttpCase, tagged


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
