import base64
import math

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .wkhtmltopdf_scale import css_scale

PAPER_PRESETS = {
    "241x93": (241.0, 93.0),
    "241x140": (241.0, 140.0),
    "210x297": (210.0, 297.0),
    "148x210": (148.0, 210.0),
    "210x93": (210.0, 93.0),
}


class TzPrintLayout(models.Model):
    """Where each value of a document goes on a (pre-printed) form."""

    _name = "tz.print.layout"
    _description = "Print Layout"
    _order = "model, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_id = fields.Many2one(
        "ir.model",
        "Document model",
        required=True,
        ondelete="cascade",
        domain=[("transient", "=", False)],
    )
    model = fields.Char(related="model_id.model", store=True, index=True)
    paper_preset = fields.Selection(
        [
            ("241x93", "241 × 93 mm (二等分连续纸)"),
            ("241x140", "241 × 140 mm (三等分连续纸)"),
            ("210x297", "A4 210 × 297 mm"),
            ("148x210", "A5 148 × 210 mm"),
            ("210x93", "210 × 93 mm (收据)"),
            ("custom", "Custom"),
        ],
        default="241x140",
        required=True,
    )
    paper_width = fields.Float(
        "Paper width (mm)", compute="_compute_paper_size", store=True, readonly=False
    )
    paper_height = fields.Float(
        "Paper height (mm)", compute="_compute_paper_size", store=True, readonly=False
    )
    orientation = fields.Selection(
        [("portrait", "Portrait"), ("landscape", "Landscape")],
        default="portrait",
        required=True,
        help="Landscape swaps width and height.",
    )
    page_width = fields.Float(compute="_compute_page_size", string="Page width (mm)")
    page_height = fields.Float(compute="_compute_page_size", string="Page height (mm)")
    background_image = fields.Binary(
        attachment=True, help="The scanned or photographed blank form."
    )
    offset_x = fields.Float(
        "Offset X (mm)", help="Moves the whole print right (negative: left)."
    )
    offset_y = fields.Float(
        "Offset Y (mm)", help="Moves the whole print down (negative: up)."
    )
    item_ids = fields.One2many("tz.print.layout.item", "layout_id", "Items", copy=True)
    preview_res_id = fields.Integer(
        "Preview record ID", help="Record whose data the designer shows."
    )
    preview_record_name = fields.Char(compute="_compute_preview_record_name")
    paperformat_id = fields.Many2one("report.paperformat", readonly=True, copy=False)
    report_data_id = fields.Many2one(
        "ir.actions.report", "Pre-printed form report", readonly=True, copy=False
    )
    report_full_id = fields.Many2one(
        "ir.actions.report", "Plain paper report", readonly=True, copy=False
    )
    report_test_id = fields.Many2one(
        "ir.actions.report", "Calibration report", readonly=True, copy=False
    )

    @api.depends("paper_preset")
    def _compute_paper_size(self):
        for layout in self:
            if layout.paper_preset in PAPER_PRESETS:
                layout.paper_width, layout.paper_height = PAPER_PRESETS[
                    layout.paper_preset
                ]
            elif not layout.paper_width:
                layout.paper_width, layout.paper_height = 210.0, 297.0

    @api.depends("paper_width", "paper_height", "orientation")
    def _compute_page_size(self):
        for layout in self:
            width, height = layout.paper_width, layout.paper_height
            if layout.orientation == "landscape":
                width, height = height, width
            layout.page_width, layout.page_height = width, height

    @api.depends("model", "preview_res_id")
    def _compute_preview_record_name(self):
        for layout in self:
            try:
                record = layout._tz_preview_record()
                name = record.display_name if record else False
            except AccessError:  # a record rule hides it from this user
                name = False
            layout.preview_record_name = name

    @api.constrains("paper_width", "paper_height")
    def _check_paper(self):
        for layout in self:
            if not (
                20 <= layout.paper_width <= 1000 and 20 <= layout.paper_height <= 1000
            ):
                raise ValidationError(
                    self.env._("The paper must measure between 20 and 1000 mm.")
                )

    @api.constrains("item_ids")
    def _check_one_table(self):
        for layout in self:
            if len(layout.item_ids.filtered(lambda i: i.item_type == "table")) > 1:
                raise ValidationError(
                    self.env._("A layout prints at most one table of lines.")
                )

    @api.constrains("model_id", "item_ids")
    def _check_item_paths(self):
        self.item_ids._check_field_path()
        self.item_ids.column_ids._check_field_path()

    @api.model_create_multi
    def create(self, vals_list):
        layouts = super().create(vals_list)
        layouts._tz_sync_reports()
        return layouts

    def write(self, vals):
        res = super().write(vals)
        if {
            "name",
            "model_id",
            "paper_preset",
            "paper_width",
            "paper_height",
            "orientation",
            "active",
        } & set(vals):
            self._tz_sync_reports()
        return res

    def unlink(self):
        reports = (
            self.report_data_id | self.report_full_id | self.report_test_id
        ).sudo()
        paperformats = self.paperformat_id.sudo()
        res = super().unlink()
        reports.unlink()
        paperformats.unlink()
        return res

    # ------------------------------------------------------------------ reports
    def _tz_sync_reports(self):
        """Create or update the paper format and the three report actions."""
        Report = self.env["ir.actions.report"].sudo()
        for layout in self.sudo():
            paper_vals = {
                "name": self.env._("Form %(name)s", name=layout.name),
                "format": "custom",
                "page_width": round(layout.page_width),
                "page_height": round(layout.page_height),
                "orientation": "Portrait",
                "margin_top": 0,
                "margin_bottom": 0,
                "margin_left": 0,
                "margin_right": 0,
                "header_line": False,
                "header_spacing": 0,
                "dpi": 96,
                "disable_shrinking": True,
            }
            if layout.paperformat_id:
                layout.paperformat_id.write(paper_vals)
            else:
                layout.paperformat_id = (
                    self.env["report.paperformat"].sudo().create(paper_vals)
                )
            for mode, fname, label in (
                ("data", "report_data_id", self.env._("%(name)s (pre-printed form)")),
                ("full", "report_full_id", self.env._("%(name)s (plain paper)")),
                ("test", "report_test_id", self.env._("%(name)s (calibration page)")),
            ):
                model = layout.model if mode != "test" else "tz.print.layout"
                vals = {
                    "name": label % {"name": layout.name},
                    "model": model,
                    "report_type": "qweb-pdf",
                    "report_name": "tz_print.report_calibration"
                    if mode == "test"
                    else "tz_print.report_layout",
                    "paperformat_id": layout.paperformat_id.id,
                    "tz_print_layout_id": layout.id,
                    "tz_print_mode": mode,
                    "binding_model_id": layout.model_id.id
                    if mode != "test" and layout.active
                    else False,
                    "binding_type": "report",
                    "print_report_name": repr(layout.name + " - ")
                    + " + object.display_name"
                    if mode != "test"
                    else False,
                }
                if layout[fname]:
                    layout[fname].write(vals)
                else:
                    layout[fname] = Report.create(vals)

    def _tz_offset(self):
        """Layout offset plus the current user's own calibration, in mm."""
        self.ensure_one()
        user_x, user_y = self.env["tz.print.offset"]._tz_offset_for(self.env.user, self)
        return self.offset_x + user_x, self.offset_y + user_y

    def _tz_background_src(self):
        self.ensure_one()
        if not self.background_image:
            return False
        data = base64.b64decode(self.background_image)
        mime = "image/png"
        if data[:3] == b"\xff\xd8\xff":
            mime = "image/jpeg"
        elif b"<svg" in data[:512]:
            mime = "image/svg+xml"
        return f"data:{mime};base64,{self.background_image.decode()}"

    def _tz_pages(self, record):
        """Pages of ``record``: each a list of elements (text, position, style)."""
        self.ensure_one()
        dx, dy = self._tz_offset()
        items = self.item_ids.with_context(tz_print_scale=css_scale(self.env))
        table = items.filtered(lambda i: i.item_type == "table")[:1]
        lines = record[:1].mapped(table.field_path.strip()) if table else []
        per_page = table.rows_per_page if table else 1
        count = max(1, math.ceil(len(lines) / per_page)) if table else 1
        grand = table._tz_sum(lines) if table else {}
        pages = []
        for page in range(count):
            first, last = page == 0, page == count - 1
            elements = []
            for item in items:
                if (item.page_scope == "first" and not first) or (
                    item.page_scope == "last" and not last
                ):
                    continue
                if item.item_type == "table":
                    chunk = lines[page * per_page : (page + 1) * per_page]
                    elements += item._tz_table_elements(
                        chunk, dx, dy, item._tz_sum(chunk), grand if last else None
                    )
                else:
                    elements += item._tz_elements(record, dx, dy, page + 1, count)
            pages.append(elements)
        return pages

    def _tz_report_values(self, docids, mode):
        self.ensure_one()
        values = {
            "tz_layout": self,
            "tz_page_width": self.page_width,
            "tz_page_height": self.page_height,
            "tz_k": css_scale(self.env),
            "tz_background": mode in ("full", "test") and self._tz_background_src(),
        }
        if mode == "test":
            values["tz_offset"] = self._tz_offset()
            return values
        records = self.env[self.model].browse(docids)
        values["tz_docs"] = [
            {"record": record, "pages": self._tz_pages(record)} for record in records
        ]
        return values

    # ------------------------------------------------------------------ designer
    def _tz_preview_record(self):
        self.ensure_one()
        if not self.model or self.model not in self.env:
            return False
        Model = self.env[self.model]
        if not Model.has_access("read"):
            return False
        if self.preview_res_id:
            record = Model.browse(self.preview_res_id).exists()
            if record:
                return record
            return False
        return Model.search([], limit=1, order="id desc")

    def tz_designer_preview(self, res_id=False):
        """Text per item id for the designer, from ``res_id`` (page 1)."""
        self.ensure_one()
        Model = self.env[self.model]
        record = Model.browse(res_id).exists() if res_id else self._tz_preview_record()
        if not record:
            return {}
        # the designer shows only data its user may read
        record.check_access("read")
        try:
            pages = self._tz_pages(record)
        except UserError as exc:
            return {"error": str(exc)}
        texts = {}
        for element in pages[0]:
            texts.setdefault(element["item_id"], []).append(element["text"])
        return {
            str(key): " ".join(t for t in value if t) for key, value in texts.items()
        }

    def action_print_test_page(self):
        self.ensure_one()
        return self.report_test_id.report_action(self)

    def action_print_preview(self):
        self.ensure_one()
        record = self._tz_preview_record()
        if not record:
            raise UserError(self.env._("Choose a record to preview first."))
        return self.report_full_id.report_action(record)
