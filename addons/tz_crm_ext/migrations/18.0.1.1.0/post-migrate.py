import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """Before 18.0.1.1.0 a rule created through the API or an import could have
    no target (neither team nor salespeople); such a rule can no longer be
    saved. Archive them, so they stop running and an administrator sees them
    under the "Archived" filter, instead of failing every later write."""
    if not version:
        return
    cr.execute(
        """
        UPDATE tz_assignment_rule r
           SET active = FALSE
         WHERE r.active
           AND r.team_id IS NULL
           AND NOT EXISTS (
                SELECT 1
                  FROM crm_team_member_tz_assignment_rule_rel rel
                 WHERE rel.tz_assignment_rule_id = r.id)
     RETURNING r.id
        """
    )
    archived = [row[0] for row in cr.fetchall()]
    if archived:
        _logger.warning(
            "tz_crm_ext: archived %s assignment rule(s) without target team or "
            "salespeople: ids %s",
            len(archived),
            archived,
        )
