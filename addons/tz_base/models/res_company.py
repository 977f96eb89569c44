from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _tz_next_number(self, code):
        """Next number of the sequence ``code`` in this company's own
        sequence, so that companies number their documents apart.

        A module ships one shared sequence (no company) for ``code``; each
        company's own is copied from it on first use and continues its
        counter, so no number the shared one gave comes again. Returns
        ``"/"`` when the module ships no sequence for ``code``."""
        self.ensure_one()
        # sudo: users may not read or create sequences; this only copies the
        # module's shared sequence for the company and draws its next number
        Sequence = self.env["ir.sequence"].sudo()
        own = [("code", "=", code), ("company_id", "=", self.id)]
        sequence = Sequence.search(own, limit=1)
        if not sequence:
            shared = Sequence.search(
                [("code", "=", code), ("company_id", "=", False)], limit=1
            )
            if not shared:
                return "/"
            # two first documents of a company at once must not make two
            # sequences: the second waits here, then finds the first's
            self.env.cr.execute(
                "SELECT id FROM ir_sequence WHERE id = %s FOR UPDATE", [shared.id]
            )
            sequence = Sequence.search(own, limit=1) or shared.copy(
                {
                    "company_id": self.id,
                    "number_next": shared.number_next_actual,
                    "name": f"{shared.name} ({self.name})",
                }
            )
        return sequence.next_by_id()
