from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketInfo(TzMarketCommon):
    def _info(self, user, **values):
        vals = {
            "name": "恒达精密下调华东报价",
            "content": "<p>苏州客户反映恒达精密报价下调 8%。</p>",
            "source_channel": "site_visit",
            "region_id": self.region_east.id,
        }
        vals.update(values)
        return self.env["tz.market.info"].with_user(user).create(vals)

    def test_draft_visible_to_author_and_managers_only(self):
        info = self._info(self.user1)
        self.assertEqual(info.state, "draft")
        self.assertEqual(info.user_id, self.user1)
        Info = self.env["tz.market.info"]
        self.assertIn(info, Info.with_user(self.user1).search([]))
        self.assertNotIn(info, Info.with_user(self.user2).search([]))
        self.assertNotIn(info, Info.with_user(self.salesman).search([]))
        self.assertIn(info, Info.with_user(self.manager).search([]))
        with self.assertRaises(AccessError):
            info.with_user(self.user2).read(["name"])
        with self.assertRaises(AccessError):
            info.with_user(self.user2).write({"name": "改写"})

    def test_verified_is_public(self):
        info = self._info(self.user1)
        info.with_user(self.user1).action_submit()
        self.assertEqual(info.state, "to_verify")
        # still private while waiting for verification
        self.assertNotIn(
            info, self.env["tz.market.info"].with_user(self.user2).search([])
        )
        wizard = (
            self.env["tz.market.info.verify.wizard"]
            .with_user(self.manager)
            .create({"info_ids": [(6, 0, info.ids)], "note": "已电话确认"})
        )
        wizard.action_verify()
        self.assertEqual(info.state, "verified")
        self.assertEqual(info.verify_note, "已电话确认")
        self.assertEqual(info.verified_by_id, self.manager)
        for user in (self.user2, self.salesman):
            found = (
                self.env["tz.market.info"]
                .with_user(user)
                .search([("id", "=", info.id)])
            )
            self.assertEqual(found, info)
        # the author cannot edit it any more, nor delete it
        with self.assertRaises(AccessError):
            info.with_user(self.user1).write({"name": "改写"})
        with self.assertRaises(UserError):
            info.unlink()

    def test_only_managers_verify(self):
        info = self._info(self.user1)
        info.with_user(self.user1).action_submit()
        with self.assertRaises(AccessError):
            info.with_user(self.user1).action_verify("ok")
        with self.assertRaises(AccessError):
            info.with_user(self.user2).action_open_verify_wizard()
        self.assertEqual(info.state, "to_verify")

    def test_verify_empty_item_is_refused(self):
        info = self._info(self.user1, content="<p><br></p>")
        with self.assertRaises(UserError):
            info.with_user(self.user1).action_submit()
        with self.assertRaises(UserError):
            info.with_user(self.manager).action_verify("ok")
        self.assertEqual(info.state, "draft")
        self.assertFalse(info.verified_by_id)

    def test_reject_needs_note_and_can_resubmit(self):
        info = self._info(self.user1)
        info.with_user(self.user1).action_submit()
        with self.assertRaises(UserError):
            info.with_user(self.manager).action_reject(False)
        info.with_user(self.manager).action_reject("来源不可靠")
        self.assertEqual(info.state, "rejected")
        self.assertNotIn(
            info, self.env["tz.market.info"].with_user(self.user2).search([])
        )
        info.with_user(self.user1).action_submit()
        self.assertEqual(info.state, "to_verify")

    def test_search_by_keyword_region_competitor(self):
        competitor = self.env["tz.competitor"].create({"name": "恒达精密"})
        info = self._info(self.user1, competitor_ids=[(6, 0, competitor.ids)])
        Info = self.env["tz.market.info"].with_user(self.user1)
        self.assertIn(info, Info.search([("content", "ilike", "报价下调")]))
        self.assertIn(info, Info.search([("region_id", "=", self.region_east.id)]))
        self.assertIn(info, Info.search([("competitor_ids", "in", competitor.ids)]))
        self.assertIn(info, competitor.info_ids)
