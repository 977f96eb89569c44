from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    """Publishing now needs the new group Service / Knowledge Reviewer: the
    internal users who have articles waiting for their review keep the right
    to publish them."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    reviewers = (
        env["tz.kb.article"]
        .with_context(active_test=False)
        .search([("state", "=", "review")])
        .mapped("reviewer_id")
        .filtered(lambda user: not user.share)
    )
    if reviewers:
        env.ref("tz_service.group_tz_kb_reviewer").write(
            {"users": [Command.link(user.id) for user in reviewers]}
        )
