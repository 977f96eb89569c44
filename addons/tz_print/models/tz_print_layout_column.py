from odoo import api, fields, models

from .tz_print_layout_item import FORMATS, _check_path


class TzPrintLayoutColumn(models.Model):
    """A column of a table item, positioned relative to the table's left edge."""

    _name = "tz.print.layout.column"
    _description = "Print Layout Table Column"
    _order = "sequence, id"

    item_id = fields.Many2one(
        "tz.print.layout.item", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char("Header", required=True, translate=True)
    field_path = fields.Char(
        required=True, help="Dotted path from the line, e.g. product_id.name"
    )
    x_mm = fields.Float("X (mm)", help="From the left edge of the table.")
    width_mm = fields.Float("Width (mm)", default=20.0)
    align = fields.Selection(
        [("left", "Left"), ("center", "Center"), ("right", "Right")],
        default="left",
        required=True,
    )
    format = fields.Selection(FORMATS, default="none", required=True)
    sum_total = fields.Boolean(
        "Totals", help="Print the page subtotal (本页小计) and the grand total."
    )

    @api.constrains("field_path", "item_id")
    def _check_field_path(self):
        for column in self:
            lines_model = column.item_id._tz_lines_model()
            if lines_model:
                _check_path(self.env, lines_model, column.field_path)
