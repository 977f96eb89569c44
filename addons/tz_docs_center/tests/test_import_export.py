import io

from openpyxl import load_workbook

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import file_open

from .common import TzDocsCommon

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_OPTIONS = {
    "has_headers": True,
    "quoting": '"',
    "separator": ",",
    "date_format": "%Y-%m-%d",
    "datetime_format": "",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": False,
}


@tagged("post_install", "-at_install")
class TestImportExport(TzDocsCommon):
    def _import_template(self, model):
        templates = self.env[model].get_import_templates()
        self.assertEqual(len(templates), 1)
        path = templates[0]["template"].lstrip("/")
        with file_open(path, "rb") as fh:
            data = fh.read()
        wizard = self.env["base_import.import"].create(
            {
                "res_model": model,
                "file": data,
                "file_name": path.split("/")[-1],
                "file_type": XLSX_MIME,
            }
        )
        preview = wizard.parse_preview(dict(IMPORT_OPTIONS))
        self.assertFalse(preview.get("error"), preview)
        headers = preview["headers"]
        result = wizard.execute_import(headers, headers, dict(IMPORT_OPTIONS))
        self.assertFalse(
            [m for m in result["messages"] if m.get("type") == "error"],
            result["messages"],
        )
        return self.env[model].browse(result["ids"])

    def test_import_company_template(self):
        companies = self._import_template("tz.directory.company")
        self.assertEqual(len(companies), 2)
        suzhou = companies.filtered(lambda c: c.city == "苏州市")
        self.assertEqual(suzhou.uscc, "91320500MA1MX0Y12B")
        self.assertEqual(suzhou.state_id, self.env.ref("base.state_cn_JS"))
        self.assertEqual(
            suzhou.industry_id, self.env.ref("base.res_partner_industry_C")
        )
        self.assertEqual(suzhou.scale, "medium")
        self.assertEqual(suzhou.phone_normalized, "+8651262881234")
        self.assertIn("szjjhznzz", suzhou.pinyin_search)

    def test_import_person_template(self):
        persons = self._import_template("tz.directory.person")
        self.assertEqual(len(persons), 2)
        self.assertEqual(
            sorted(persons.mapped("mobile")), ["+8613812345678", "+8613905712345"]
        )
        sunli = persons.filtered(lambda p: p.name == "孙丽")
        self.assertEqual(str(sunli.birthday), "1990-05-18")

    def test_export_xlsx(self):
        self.Person.create(
            [
                {
                    "name": f"导出测试{i}",
                    "mobile": f"1380013{i:04d}",
                    "email": f"e{i}@example.cn",
                }
                for i in range(30)
            ]
        )
        total = self.Person.search_count([])
        data, count = self.env["tz.docs.dashboard"]._tz_export_xlsx(
            "tz.directory.person"
        )
        self.assertEqual(count, total)
        ws = load_workbook(io.BytesIO(data), read_only=True).active
        rows = list(ws.iter_rows(values_only=True))
        self.assertEqual(len(rows), total + 1)
        self.assertEqual(rows[0][0], "Name")
        self.assertIn(("导出测试7", "+8613800130007"), {(r[0], r[4]) for r in rows[1:]})

    def test_export_action_and_dashboard(self):
        companies = self.Company.create(
            [
                {"name": "甲"},
                {"name": "乙", "phone": "021-62345678"},
                {"name": "丙", "phone": "02162345678"},
            ]
        )
        action = companies.action_export_xlsx()
        self.assertEqual(action["tag"], "tz_docs_center.export_xlsx")
        self.assertEqual(action["params"]["ids"], companies.ids)
        data, filename = self.env["tz.docs.dashboard"]._tz_export_file(companies)
        self.assertTrue(filename.startswith("Company Directory Entry-"))
        ws = load_workbook(io.BytesIO(data), read_only=True).active
        self.assertEqual(len(list(ws.iter_rows(values_only=True))), 4)
        with self.assertRaisesRegex(UserError, "Select the records to export."):
            self.Company.action_export_xlsx()
        dashboard = self.env["tz.docs.dashboard"].create({})
        self.assertEqual(dashboard.company_count, self.Company.search_count([]))
        self.assertEqual(
            dashboard.duplicate_count,
            self.Company.search_count([("has_duplicates", "=", True)]),
        )
        self.assertGreaterEqual(dashboard.duplicate_count, 2)
        self.assertEqual(dashboard.person_count, self.Person.search_count([]))
        # a plain user can open the dashboard
        self.assertEqual(
            self.env["tz.docs.dashboard"].with_user(self.user).create({}).company_count,
            self.Company.with_user(self.user).search_count([]),
        )
        self.assertEqual(
            dashboard.action_open_duplicates()["domain"],
            [("has_duplicates", "=", True)],
        )

    def test_pivot_grouping(self):
        self.Company.create(
            [
                {"name": "浙一", "state_id": self.zj.id},
                {"name": "浙二", "state_id": self.zj.id},
            ]
        )
        groups = self.Company._read_group(
            [("state_id", "=", self.zj.id)], ["state_id"], ["__count"]
        )
        self.assertEqual(
            groups[0][1], self.Company.search_count([("state_id", "=", self.zj.id)])
        )
