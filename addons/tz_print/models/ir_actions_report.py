from odoo import fields, models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    tz_print_layout_id = fields.Many2one(
        "tz.print.layout", string="Print Layout", ondelete="cascade", readonly=True
    )
    tz_print_mode = fields.Selection(
        [
            ("data", "Pre-printed form (data only)"),
            ("full", "Plain paper (with background)"),
            ("test", "Calibration page"),
        ],
        readonly=True,
    )

    def _get_rendering_context(self, report, docids, data):
        data = super()._get_rendering_context(report, docids, data)
        if report.tz_print_layout_id:
            layout = report.tz_print_layout_id.sudo()
            data.update(layout._tz_report_values(docids, report.tz_print_mode))
        return data
