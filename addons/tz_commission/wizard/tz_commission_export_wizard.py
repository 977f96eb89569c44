import base64
import io
from collections import defaultdict

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import periods


class TzCommissionExportWizard(models.TransientModel):
    _name = "tz.commission.export.wizard"
    _description = "Export Commission Period (xlsx)"

    period_type = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=True,
        default="month",
    )
    date = fields.Date(
        string="Any Day in the Period",
        required=True,
        default=fields.Date.context_today,
    )
    date_from = fields.Date(compute="_compute_dates")
    date_to = fields.Date(compute="_compute_dates")
    file_data = fields.Binary(readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.depends("period_type", "date")
    def _compute_dates(self):
        for wizard in self:
            if wizard.date and wizard.period_type:
                wizard.date_from, wizard.date_to = periods.period_bounds(
                    wizard.date, wizard.period_type
                )
            else:
                wizard.date_from = wizard.date_to = False

    def _lines(self):
        """Lines of the period: dated in it, or settled in one of its
        settlements (late corrections)."""
        return self.env["tz.commission.line"].search(
            [
                ("company_id", "=", self.env.company.id),
                "|",
                "&",
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
                "&",
                ("settlement_id.date_from", ">=", self.date_from),
                ("settlement_id.date_to", "<=", self.date_to),
            ],
            order="user_id, date, id",
        )

    def _build_xlsx(self):
        self.ensure_one()
        lines = self._lines()
        if not lines:
            raise UserError(
                _(
                    "No commission line between %(start)s and %(end)s.",
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = book.add_format({"num_format": "#,##0.00"})
        money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
        date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
        label = periods.period_label(self.date_from, self.period_type)

        summary = book.add_worksheet(_("Summary"))
        headers = [
            _("Salesperson"),
            _("Basis"),
            _("Commission"),
            _("Settlement"),
            _("Status"),
        ]
        summary.write(0, 0, _("Commission period %(period)s", period=label), bold)
        for col, header in enumerate(headers):
            summary.write(2, col, header, bold)
        totals = defaultdict(lambda: [0.0, 0.0])
        for line in lines:
            totals[line.user_id][0] += line.base_amount
            totals[line.user_id][1] += line.commission_amount
        states = dict(
            self.env["tz.commission.settlement"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        row = 3
        for user, (base, commission) in sorted(totals.items(), key=lambda i: i[0].name):
            settlement = lines.filtered(
                lambda ln, u=user: ln.user_id == u
            ).settlement_id
            summary.write(row, 0, user.name)
            summary.write_number(row, 1, base, money)
            summary.write_number(row, 2, commission, money)
            summary.write(row, 3, ", ".join(settlement.mapped("name")))
            summary.write(
                row,
                4,
                ", ".join(sorted({states[s] for s in settlement.mapped("state")})),
            )
            row += 1
        summary.write(row, 0, _("Total"), bold)
        summary.write_number(row, 1, sum(v[0] for v in totals.values()), money_bold)
        summary.write_number(row, 2, sum(v[1] for v in totals.values()), money_bold)
        summary.set_column(0, 0, 20)
        summary.set_column(1, 4, 16)

        sheet = book.add_worksheet(_("Lines"))
        events = dict(
            self.env["tz.commission.line"]
            ._fields["event_type"]
            ._description_selection(self.env)
        )
        line_headers = [
            _("Date"),
            _("Salesperson"),
            _("Customer"),
            _("Document"),
            _("Event"),
            _("Plan"),
            _("Basis"),
            _("Rate (%)"),
            _("Commission"),
            _("Settlement"),
            _("Late Correction"),
        ]
        for col, header in enumerate(line_headers):
            sheet.write(0, col, header, bold)
        for row, line in enumerate(lines, start=1):
            sheet.write_datetime(
                row, 0, fields.Datetime.to_datetime(line.date), date_fmt
            )
            sheet.write(row, 1, line.user_id.name)
            sheet.write(row, 2, line.partner_id.name or "")
            sheet.write(row, 3, line.move_id.name or line.name)
            sheet.write(row, 4, events[line.event_type])
            sheet.write(row, 5, line.plan_id.name)
            sheet.write_number(row, 6, line.base_amount, money)
            sheet.write_number(row, 7, line.rate)
            sheet.write_number(row, 8, line.commission_amount, money)
            sheet.write(row, 9, line.settlement_id.name or "")
            sheet.write(row, 10, _("Yes") if line.is_late else "")
        sheet.set_column(0, 10, 15)
        book.close()
        return output.getvalue(), f"commission_{label}.xlsx"

    def action_export(self):
        self.ensure_one()
        content, name = self._build_xlsx()
        self.write({"file_data": base64.b64encode(content), "file_name": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}"
            f"&field=file_data&filename_field=file_name&download=true",
            "target": "self",
        }
