from datetime import datetime

from odoo import Command
from odoo.tests import tagged

from .common import TzMarketCommon


@tagged("post_install", "-at_install")
class TestMarketCalendar(TzMarketCommon):
    def test_event_created_for_participants(self):
        event = self.activity.calendar_event_ids
        self.assertEqual(len(event), 1)
        self.assertEqual(event.start, self.activity.date_start)
        self.assertEqual(event.stop, self.activity.date_end)
        self.assertEqual(event.user_id, self.user1)
        self.assertEqual(event.partner_ids, (self.user1 | self.user2).partner_id)
        self.assertEqual(event.location, "上海新国际博览中心")
        self.assertEqual(event.res_model, "tz.market.activity")
        self.assertEqual(event.res_id, self.activity.id)
        # the participant finds it in their own calendar
        mine = (
            self.env["calendar.event"]
            .with_user(self.user2)
            .search([("partner_ids", "in", self.user2.partner_id.id)])
        )
        self.assertIn(event, mine)

    def test_event_follows_date_changes(self):
        event = self.activity.calendar_event_ids
        self.activity.with_user(self.user1).write(
            {
                "date_start": datetime(2030, 3, 20, 1, 0),
                "date_end": datetime(2030, 3, 20, 8, 0),
                "location": "杭州国际博览中心",
            }
        )
        self.assertEqual(self.activity.calendar_event_ids, event)
        self.assertEqual(event.start, datetime(2030, 3, 20, 1, 0))
        self.assertEqual(event.stop, datetime(2030, 3, 20, 8, 0))
        self.assertEqual(event.location, "杭州国际博览中心")

    def test_event_follows_participants(self):
        event = self.activity.calendar_event_ids
        self.activity.write({"participant_ids": [Command.set([self.manager.id])]})
        self.assertEqual(event.partner_ids, (self.user1 | self.manager).partner_id)
        self.activity.user_id = self.user2
        self.assertEqual(event.user_id, self.user2)
        self.assertEqual(event.partner_ids, (self.user2 | self.manager).partner_id)
        self.assertIn(self.manager.partner_id, self.activity.message_partner_ids)

    def test_cancel_removes_event_and_reset_restores(self):
        self.activity.action_cancel()
        self.assertFalse(self.activity.calendar_event_ids)
        self.activity.action_reset_planned()
        self.assertEqual(len(self.activity.calendar_event_ids), 1)
        self.activity.action_done()
        self.assertEqual(len(self.activity.calendar_event_ids), 1)

    def test_unlink_removes_event(self):
        event = self.activity.calendar_event_ids
        self.activity.unlink()
        self.assertFalse(event.exists())
