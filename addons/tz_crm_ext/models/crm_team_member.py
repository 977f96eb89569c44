from odoo import _, api, models
from odoo.exceptions import UserError


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_rule_target(self):
        """A rule targeting salespeople only must keep one (rule without
        target); the relation rows would vanish with the members."""
        rules = (
            self.env["tz.assignment.rule"]
            .sudo()
            .with_context(active_test=False)
            .search([("team_id", "=", False), ("member_ids", "in", self.ids)])
        )
        orphans = rules.filtered(lambda rule: not (rule.member_ids - self))
        if orphans:
            raise UserError(
                _(
                    "%(members)s are the only target of assignment rule %(rule)s: "
                    "give the rule another target before removing them.",
                    members=", ".join(self.mapped("user_id.name")),
                    rule=orphans[0].name,
                )
            )
