"""18.0.1.1.0: privacy of persons follows their address books.

Persons created from a book's form (or linked later) were left public even when
they were only in private books. Recompute the now computed ``is_private``
flag of every person filed in a book; persons without a book keep their flag.
SMS keep no sending company yet: they are routed by their origin at send time.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    persons = (
        env["tz.directory.person"]
        .with_context(active_test=False)
        .search([("address_book_ids", "!=", False)])
    )
    env.add_to_compute(persons._fields["is_private"], persons)
    persons.flush_recordset(["is_private"])
