from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..models.tz_system_audit import AUDITED_MODELS


@tagged("post_install", "-at_install")
class TestAudit(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.auditor = new_test_user(
            cls.env,
            login="tz_auditor",
            groups="base.group_user,tz_system.group_tz_auditor",
        )
        cls.clerk = new_test_user(
            cls.env, login="tz_audit_clerk", groups="base.group_user"
        )
        cls.Rule = cls.env["auditlog.rule"]
        cls.Log = cls.env["auditlog.log"]

    def test_rules_cover_the_installed_tz_models(self):
        installed = [model for model in AUDITED_MODELS if model in self.env]
        rules = self.Rule.search([("model_id.model", "in", list(AUDITED_MODELS))])
        self.assertEqual(sorted(rules.mapped("model_id.model")), sorted(installed))
        for rule in rules:
            self.assertEqual(rule.state, "subscribed")
            self.assertTrue(rule.log_create and rule.log_write and rule.log_unlink)
            self.assertEqual(rule.log_type, AUDITED_MODELS[rule.model_id.model])
            # the "Audit log" shortcut is shown to auditors and administrators
            self.assertEqual(
                set(rule.action_id.groups_id.ids),
                {
                    self.env.ref("tz_system.group_tz_auditor").id,
                    self.env.ref("base.group_system").id,
                },
            )
        # running it again creates nothing (rules follow modules installed later)
        self.assertFalse(self.env["tz.system.audit"]._tz_ensure_audit_rules())

    def test_only_auditors_read_the_log(self):
        partner = self.env["res.partner"].create({"name": "审计测试客户"})
        log = self.Log.create(
            {
                "name": "x",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": partner.id,
                "method": "write",
            }
        )
        self.assertEqual(
            log.with_user(self.auditor).read(["method"])[0]["method"], "write"
        )
        with self.assertRaises(AccessError):
            log.with_user(self.clerk).read(["method"])
        with self.assertRaises(AccessError):
            log.with_user(self.auditor).unlink()
        with self.assertRaises(AccessError):
            partner.with_user(self.clerk).action_tz_audit_log()
        action = partner.with_user(self.auditor).action_tz_audit_log()
        self.assertEqual(action["res_model"], "auditlog.log")
        self.assertIn(("res_id", "=", partner.id), action["domain"])


@tagged("post_install", "-at_install")
class TestAuditCredit(TransactionCase):
    """Money: customers' credit limits and temporary credit (tz_sales_credit)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.has_credit = "tz.credit.limit.temp" in cls.env
        cls.auditor = new_test_user(
            cls.env,
            login="tz_auditor2",
            groups="base.group_user,tz_system.group_tz_auditor",
        )
        if not cls.has_credit:
            return
        cls.env.company.account_use_credit_limit = True
        cls.credit_manager = new_test_user(
            cls.env,
            login="tz_audit_credit_manager",
            groups="sales_team.group_sale_salesman_all_leads,"
            "tz_sales_credit.group_tz_credit_manager",
        )
        cls.salesman = new_test_user(
            cls.env, login="tz_audit_salesman", groups="sales_team.group_sale_salesman"
        )
        # an internal auditor who also reads the credit documents
        cls.credit_auditor = new_test_user(
            cls.env,
            login="tz_audit_credit_auditor",
            groups="tz_sales_credit.group_tz_credit_user,tz_system.group_tz_auditor",
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "上海审计贸易有限公司", "is_company": True}
        )
        cls.partner.credit_limit = 10000.0

    def _logs(self, record):
        return self.env["auditlog.log"].search(
            [("model_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_credit_limit_change_is_logged_with_old_and_new_values(self):
        if not self.has_credit:
            # tz_system alone: nothing of tz_sales_credit is audited
            self.assertFalse(
                self.env["auditlog.rule"].search(
                    [("model_id.model", "like", "tz.credit")]
                )
            )
            return
        self.partner.with_user(self.credit_manager).write({"tz_credit_limit": 25000.0})
        log = self._logs(self.partner)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.credit_manager)
        line = log.line_ids.filtered(lambda line: line.field_name == "credit_limit")
        self.assertEqual(
            (float(line.old_value), float(line.new_value)), (10000.0, 25000.0)
        )
        # the auditor reads it, the salesperson cannot
        self.assertTrue(log.with_user(self.auditor).line_ids)
        with self.assertRaises(AccessError):
            log.with_user(self.salesman).read(["line_ids"])
        with self.assertRaises(AccessError):
            self.env["auditlog.log"].with_user(self.salesman).search([])
        # a write without a credit field logs nothing more
        self.partner.with_user(self.credit_manager).write({"comment": "大客户"})
        self.assertEqual(len(self._logs(self.partner)), 1)

    def test_temporary_credit_is_audited_and_has_the_button(self):
        if not self.has_credit:
            self.assertNotIn(
                "tz.credit.limit.temp", self.env["tz.system.audit"]._tz_audited_models()
            )
            return
        temp = (
            self.env["tz.credit.limit.temp"]
            .with_user(self.credit_manager)
            .create(
                {
                    "partner_id": self.partner.id,
                    "amount": 5000.0,
                    "date_to": "2099-12-31",
                    "reason": "春节备货",
                }
            )
        )
        temp.with_user(self.credit_manager).write({"amount": 8000.0})
        logs = self._logs(temp)
        self.assertEqual(sorted(logs.mapped("method")), ["create", "write"])
        write = logs.filtered(lambda line: line.method == "write")
        line = write.line_ids.filtered(lambda line: line.field_name == "amount")
        self.assertEqual(
            (float(line.old_value), float(line.new_value)), (5000.0, 8000.0)
        )
        # the smart button is in the form for auditors, not for the managers
        # whose changes are audited
        arch = temp.with_user(self.credit_auditor).get_view(view_type="form")["arch"]
        self.assertIn("action_tz_audit_log", arch)
        arch = temp.with_user(self.credit_manager).get_view(view_type="form")["arch"]
        self.assertNotIn("action_tz_audit_log", arch)
