from odoo import api, fields, models


class TzPrintOffset(models.Model):
    """A user's own printer calibration for one layout (or all layouts)."""

    _name = "tz.print.offset"
    _description = "Printer Offset per User"
    _order = "user_id, layout_id"

    user_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        ondelete="cascade",
        index=True,
    )
    layout_id = fields.Many2one(
        "tz.print.layout",
        ondelete="cascade",
        help="Leave empty to apply to every layout printed by this user.",
    )
    printer_name = fields.Char(help="Which printer this calibration is for (note).")
    offset_x = fields.Float("Offset X (mm)", help="Positive moves the print right.")
    offset_y = fields.Float("Offset Y (mm)", help="Positive moves the print down.")

    _sql_constraints = [
        (
            "user_layout_uniq",
            "unique(user_id, layout_id)",
            "Each user has one offset per layout.",
        ),
    ]

    @api.model
    def _tz_offset_for(self, user, layout):
        """(x, y) of ``user`` for ``layout``: its own line, else its general line."""
        offsets = self.sudo().search(
            [("user_id", "=", user.id), ("layout_id", "in", [layout.id, False])]
        )
        own = offsets.filtered(lambda o: o.layout_id == layout)[:1] or offsets[:1]
        return (own.offset_x, own.offset_y) if own else (0.0, 0.0)
