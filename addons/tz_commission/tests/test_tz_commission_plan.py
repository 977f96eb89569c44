from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_tz_commission_common import TzCommissionCommon


@tagged("post_install", "-at_install")
class TestTzCommissionPlan(TzCommissionCommon):
    def _tiered(self, tiers):
        return self.Plan.create(
            {
                "name": "Bad tiers",
                "rate_type": "tiered",
                "tier_ids": [
                    Command.create({"from_pct": f, "to_pct": t, "rate": r})
                    for f, t, r in tiers
                ],
            }
        )

    def test_bad_tiers_raise_and_write_nothing(self):
        before = self.Plan.search_count([])
        cases = {
            "overlap": [(0, 80, 2), (70, 0, 3)],
            "gap": [(0, 80, 2), (90, 0, 3)],
            "first tier": [(10, 0, 2)],
            "bounded last": [(0, 80, 2), (80, 120, 3)],
            "negative rate": [(0, 80, -1), (80, 0, 3)],
            "rate above 100": [(0, 80, 2), (80, 0, 101)],
            "empty": [],
        }
        for label, tiers in cases.items():
            with self.subTest(label), self.assertRaises(ValidationError):
                self._tiered(tiers)
        self.assertEqual(self.Plan.search_count([]), before)

    def test_error_message_is_clear(self):
        with self.assertRaises(ValidationError) as err:
            self._tiered([(0, 80, 2), (70, 0, 3)])
        self.assertIn("overlap", str(err.exception))
        with self.assertRaises(ValidationError) as err:
            self._tiered([(0, 80, 2), (90, 0, 3)])
        self.assertIn("gap", str(err.exception))

    def test_valid_tiers_and_fixed_rate_bounds(self):
        plan = self._tiered([(100, 0, 5), (0, 80, 2), (80, 100, 3)])
        self.assertEqual(len(plan.tier_ids), 3)
        with self.assertRaises(ValidationError):
            self.Plan.create({"name": "x", "rate_type": "fixed", "fixed_rate": -1})
        with self.assertRaises(ValidationError):
            self.Plan.create({"name": "x", "rate_type": "fixed", "fixed_rate": 120})
        with self.assertRaises(ValidationError):
            plan.tier_ids[0].rate = 150

    def test_rules_and_assignment_validation(self):
        plan = self.Plan.create({"name": "Rules", "fixed_rate": 3})
        with self.assertRaises(ValidationError):
            plan.rule_ids = [Command.create({"rule_type": "exclude"})]
        with self.assertRaises(ValidationError):
            plan.rule_ids = [
                Command.create(
                    {"product_id": self.product.id, "rule_type": "rate", "rate": 200}
                )
            ]
        Assignment = self.env["tz.commission.assignment"]
        Assignment.create(
            {
                "plan_id": plan.id,
                "user_id": self.seller.id,
                "date_from": "2026-01-01",
                "date_to": "2026-06-30",
            }
        )
        with self.assertRaises(ValidationError) as err:
            Assignment.create(
                {
                    "plan_id": plan.id,
                    "user_id": self.seller.id,
                    "date_from": "2026-06-01",
                }
            )
        self.assertIn("overlapping", str(err.exception))
        with self.assertRaises(ValidationError):
            Assignment.create({"plan_id": plan.id, "date_from": "2026-06-01"})
        later = Assignment.create(
            {"plan_id": plan.id, "user_id": self.seller.id, "date_from": "2026-07-01"}
        )
        self.assertEqual(
            Assignment._find_plan(self.seller, False, later.date_from, self.company),
            plan,
        )
        self.assertFalse(
            Assignment._find_plan(self.seller, False, "2025-12-31", self.company)
        )

    def test_team_assignment_used_when_no_personal_plan(self):
        plan = self.Plan.create({"name": "Team plan", "fixed_rate": 1})
        self.env["tz.commission.assignment"].create(
            {"plan_id": plan.id, "team_id": self.team.id, "date_from": "2026-01-01"}
        )
        found = self.env["tz.commission.assignment"]._find_plan(
            self.seller2, self.team, "2026-03-01", self.company
        )
        self.assertEqual(found, plan)
