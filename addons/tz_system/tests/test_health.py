from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestHealth(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.admin = new_test_user(
            cls.env, login="tz_health_admin", groups="base.group_user,base.group_system"
        )
        cls.clerk = new_test_user(
            cls.env, login="tz_health_clerk", groups="base.group_user"
        )

    def test_health_page_for_administrators(self):
        Health = self.env["tz.system.health"].with_user(self.admin)
        values = Health.default_get(list(Health._fields))
        self.assertTrue(values["odoo_version"].startswith("18.0"))
        self.assertTrue(values["pg_version"])
        self.assertIn("tz_system", values["module_table"])
        self.assertIn("cron", values["server_mode"])
        self.assertIn("wkhtmltopdf", values["wkhtmltopdf_version"])
        self.assertTrue(values["cjk_font_ok"], values["cjk_font_detail"])
        self.assertIn("NotoSansCJK", values["cjk_font_detail"])
        with self.assertRaises(AccessError):
            self.env["tz.system.health"].with_user(self.clerk).create({})

    def test_missing_font_is_reported(self):
        ok, detail = self.env["tz.system.health"]._tz_check_cjk_font("Tz No Such Font")
        self.assertFalse(ok)
        self.assertIn("Tz No Such Font", detail)
        self.assertIn("not installed", detail)

    def test_outdated_module_needs_upgrade(self):
        module = self.env["ir.module.module"].search([("name", "=", "tz_system")])
        module.latest_version = "18.0.0.9.0"
        values = self.env["tz.system.health"]._tz_versions()
        self.assertIn("tz_system", values["upgrade_needed"])

    def test_failed_tz_job_shows(self):
        cron = self.env.ref("tz_system.ir_cron_tz_backup_drill")
        cron.write({"failure_count": 2})
        values = self.env["tz.system.health"]._tz_crons()
        self.assertGreaterEqual(values["cron_failures"], 1)
        self.assertIn(cron.cron_name, values["cron_table"])

    @mute_logger("odoo.addons.tz_system.models.tz_backup_drill")
    def test_backup_and_drill_status(self):
        values = self.env["tz.system.health"]._tz_backups()
        self.assertIn("backup_ok", values)
        drill = self.env["tz.backup.drill"].create(
            {"result": "passed", "date": self.env.cr.now() - timedelta(days=1)}
        )
        self.assertTrue(self.env["tz.system.health"]._tz_backups()["drill_ok"])
        drill.sudo().unlink()
        self.env["tz.backup.drill"].create({"result": "failed", "error": "磁盘已满"})
        values = self.env["tz.system.health"]._tz_backups()
        self.assertFalse(values["drill_ok"])
        self.assertIn("磁盘已满", values["last_drill"])
