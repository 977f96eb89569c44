from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common import TzServiceCommon


@tagged("post_install", "-at_install")
class TestServiceRequest(TzServiceCommon):
    def test_sequence_defaults_and_team_from_category(self):
        request = self._request(category_id=self.category.id)
        other = self._request(name="第二个请求")
        self.assertTrue(request.number.startswith("SR"))
        self.assertNotEqual(request.number, other.number)
        self.assertEqual(request.stage_id, self.stage_new)
        self.assertEqual(request.team_id, self.team)
        self.assertEqual(request.user_id, self.user, "team default assignee")
        self.assertEqual(request.commercial_partner_id, self.customer)
        self.assertIn(self.contact, request.message_partner_ids)
        self.assertIn(request.number, request.display_name)

    def test_empty_subject_rejected(self):
        Request = self.env["tz.service.request"]
        count = Request.search_count([])
        for bad in ("", "   ", False):
            with self.assertRaises(ValidationError):
                Request.create({"name": bad, "partner_id": self.contact.id})
        self.assertEqual(Request.search_count([]), count, "nothing written")
        request = self._request()
        with self.assertRaises(ValidationError):
            request.write({"name": "  "})
        self.assertEqual(request.name, "打印机卡纸")

    def test_sla_deadline_per_priority_and_category(self):
        with freeze_time("2026-03-02 08:00:00") as frozen:
            normal = self._request(priority="1")
            urgent = self._request(priority="3")
            printer = self._request(priority="1", category_id=self.category.id)
            low = self._request(priority="0")
            self.env.flush_all()
            self.assertEqual(normal.sla_id, self.sla_normal)
            self.assertEqual(normal.deadline, datetime(2026, 3, 3, 8, 0))
            self.assertEqual(urgent.sla_id, self.sla_urgent)
            self.assertEqual(urgent.deadline, datetime(2026, 3, 2, 12, 0))
            self.assertEqual(
                printer.sla_id, self.sla_category, "category SLA is more specific"
            )
            self.assertEqual(printer.deadline, datetime(2026, 3, 2, 20, 0))
            self.assertFalse(low.sla_id)
            self.assertFalse(low.deadline)
            self.assertEqual(normal.sla_status, "ongoing")
            # raising the priority moves the deadline (from the reception date)
            frozen.move_to("2026-03-02 09:00:00")
            normal.priority = "3"
            self.env.flush_all()
            self.assertEqual(normal.deadline, datetime(2026, 3, 2, 12, 0))

    def test_overdue_flag_by_cron_and_compliance(self):
        Request = self.env["tz.service.request"]
        with freeze_time("2026-03-02 08:00:00") as frozen:
            late = self._request(priority="3")
            on_time = self._request(priority="3")
            self.env.flush_all()
            frozen.move_to("2026-03-02 10:00:00")
            on_time.write({"stage_id": self.stage_solved.id})
            self.env.flush_all()
            self.assertEqual(on_time.sla_status, "reached")
            self.assertEqual(on_time.sla_compliance, 100.0)
            self.assertFalse(on_time.is_overdue)
            self.assertFalse(late.is_overdue)
            self.assertEqual(late.sla_status, "ongoing")
            frozen.move_to("2026-03-02 13:00:00")
            self.assertEqual(Request._cron_update_sla(), 1)
            self.assertTrue(late.is_overdue)
            self.assertEqual(late.sla_status, "failed")
            self.assertEqual(late.sla_compliance, 0.0)
            self.assertFalse(on_time.is_overdue, "closed on time stays compliant")
            overdue = Request.search([("is_overdue", "=", True)])
            self.assertIn(late, overdue)
            self.assertNotIn(on_time, overdue)
            # read_group gives the SLA compliance ratio
            groups = Request._read_group(
                [("id", "in", (late | on_time).ids)], [], ["sla_compliance:avg"]
            )
            self.assertEqual(groups[0][0], 50.0)
            # closing late keeps it failed and sets the resolution time
            frozen.move_to("2026-03-02 14:00:00")
            late.action_close()
            self.env.flush_all()
            self.assertEqual(late.sla_status, "failed")
            self.assertAlmostEqual(late.resolution_hours, 6.0, places=2)

    def test_close_and_reopen(self):
        request = self._request()
        request.action_close()
        self.assertTrue(request.is_closed)
        self.assertTrue(request.close_date)
        request.action_reopen()
        self.assertFalse(request.is_closed)
        self.assertFalse(request.close_date)

    def test_history_panel(self):
        old = self._request(name="上次的硒鼓问题")
        other_contact = self.env["res.partner"].create(
            {"name": "钱芳", "parent_id": self.customer.id}
        )
        sibling = self._request(name="同事的请求", partner_id=other_contact.id)
        foreign = self._request(name="别的客户", partner_id=self.other_customer.id)
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "product_uom_qty": 2})
                ],
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.contact.id,
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": 1999,
                        },
                    )
                ],
            }
        )
        invoice.action_post()
        draft_invoice = invoice.copy()
        request = self._request(name="新的请求")
        self.assertEqual(request.previous_request_count, 2)
        self.assertEqual(request.previous_request_ids, sibling | old)
        self.assertNotIn(foreign, request.previous_request_ids)
        self.assertNotIn(request, request.previous_request_ids)
        self.assertIn(order, request.sale_order_ids)
        self.assertIn(invoice, request.invoice_ids)
        self.assertNotIn(draft_invoice, request.invoice_ids, "only posted invoices")
        self.assertEqual(
            request.has_interaction_model, "tz.customer.interaction" in self.env
        )
        if "tz.customer.interaction" not in self.env:
            self.assertFalse(request.interaction_html)
        action = request.action_view_previous_requests()
        self.assertEqual(
            self.env["tz.service.request"].search(action["domain"]), sibling | old
        )

    def test_history_needs_no_sale_rights(self):
        request = self._request()
        self.env["sale.order"].create({"partner_id": self.customer.id})
        # a service user without sales rights still opens the request
        request_as_user = request.with_user(self.user)
        self.assertFalse(request_as_user.sale_order_ids)
        self.assertEqual(request_as_user.previous_request_count, 0)

    def test_create_article_from_solution(self):
        request = self._request(product_id=self.product.id)
        with self.assertRaises(UserError):
            request.action_create_article()
        request.write(
            {
                "solution": "<p>更换搓纸轮后恢复正常</p>",
                "stage_id": self.stage_solved.id,
            }
        )
        action = request.action_create_article()
        article = self.env["tz.kb.article"].browse(action["res_id"])
        self.assertEqual(article.state, "draft")
        self.assertEqual(article.article_type, "solution")
        self.assertIn("更换搓纸轮", article.body)
        self.assertEqual(article.product_ids, self.product.product_tmpl_id)
        self.assertEqual(request.solution_article_id, article)
        self.assertIn(request, article.request_ids)

    def test_form_onchange_team_and_assignee(self):
        with Form(self.env["tz.service.request"].with_user(self.manager)) as form:
            form.name = "网络断线"
            form.partner_id = self.contact
            form.category_id = self.category
            self.assertEqual(form.team_id, self.team)
        self.assertEqual(form.record.team_id, self.team)

    def test_access_rights(self):
        request = self._request()
        # agents cannot delete requests, managers can
        with self.assertRaises(AccessError):
            request.with_user(self.user).unlink()
        # agents cannot configure SLAs
        with self.assertRaises(AccessError):
            self.env["tz.service.sla"].with_user(self.user).create(
                {"name": "x", "priority": "1", "resolve_hours": 1}
            )
        with self.assertRaises(ValidationError):
            self.env["tz.service.sla"].create(
                {"name": "x", "priority": "1", "resolve_hours": 0}
            )
        # an internal user without service group cannot read requests
        plain = self.env["res.users"].create(
            {
                "name": "普通员工",
                "login": "tz_plain",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            request.with_user(plain).read(["name"])
        request.with_user(self.manager).unlink()
        self.assertFalse(request.exists())

    def test_portal_isolation_orm(self):
        mine = self._request(name="我的请求")
        theirs = self._request(name="别人的请求", partner_id=self.other_customer.id)
        Request = self.env["tz.service.request"].with_user(self.portal_user)
        self.assertEqual(Request.search([("id", "in", (mine | theirs).ids)]), mine)
        mine.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_user).write({"name": "改名"})
        self.assertEqual(mine.name, "我的请求")

    def test_multi_company_rule(self):
        company_b = self.env["res.company"].create({"name": "天纵苏州分公司"})
        request_b = self._request(name="苏州的请求", company_id=company_b.id)
        self.manager.company_ids = [(4, company_b.id)]
        Request = self.env["tz.service.request"].with_user(self.manager)
        visible = Request.with_context(allowed_company_ids=[self.company.id]).search(
            [("id", "=", request_b.id)]
        )
        self.assertFalse(visible)
        visible = Request.with_context(
            allowed_company_ids=[self.company.id, company_b.id]
        ).search([("id", "=", request_b.id)])
        self.assertEqual(visible, request_b)

    def test_deadline_cron_ignores_closed(self):
        with freeze_time("2026-03-02 08:00:00") as frozen:
            request = self._request(priority="3", stage_id=self.stage_solved.id)
            self.env.flush_all()
            self.assertTrue(request.close_date)
            frozen.move_to(datetime(2026, 3, 2, 8, 0) + timedelta(days=2))
            self.env["tz.service.request"]._cron_update_sla()
            self.assertEqual(request.sla_status, "reached")
