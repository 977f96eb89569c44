import datetime

from odoo import api, fields, models
from odoo.addons.tz_base.lib import rmb
from odoo.exceptions import UserError, ValidationError

from ..lib import formats
from .wkhtmltopdf_scale import css_scale

FORMATS = [
    ("none", "As is"),
    ("date_cn", "Date 2026年12月01日"),
    ("date_iso", "Date 2026-12-01"),
    ("amount", "Amount 1,234.50"),
    ("amount_cny", "Amount ¥1,234.50"),
    ("rmb_upper", "人民币大写"),
    ("digits", "Digit boxes 亿千百十万千百十元角分"),
    ("integer", "Integer"),
]
GLYPH_TOP_EM = 0.2
RELATIONAL = ("many2one", "one2many", "many2many")


def _check_path(env, model_name, path, last_types=None):
    """Raise ValidationError unless ``path`` is a field chain of ``model_name``.

    Returns the last field."""
    if not path:
        raise ValidationError(env._("A field path is required."))
    model = env[model_name]
    parts = path.split(".")
    field = None
    for index, part in enumerate(parts):
        field = model._fields.get(part.strip())
        if field is None:
            raise ValidationError(
                env._(
                    "Field path %(path)s: %(model)s has no field %(field)s.",
                    path=path,
                    model=model._description or model._name,
                    field=part,
                )
            )
        if index < len(parts) - 1:
            if field.type not in RELATIONAL:
                raise ValidationError(
                    env._(
                        "Field path %(path)s: %(field)s is not a relation, "
                        "nothing can follow it.",
                        path=path,
                        field=part,
                    )
                )
            model = env[field.comodel_name]
    if last_types and field.type not in last_types:
        raise ValidationError(
            env._(
                "Field path %(path)s must end on a list of lines "
                "(one2many or many2many).",
                path=path,
            )
        )
    return field


def _resolve(record, path):
    """Value at the end of ``path`` (first record of any relation on the way)."""
    value = record
    parts = path.split(".")
    for part in parts:
        if not value:
            return False
        value = value[:1][part.strip()]
    return value


def format_value(env, record, path, fmt):
    """Text of ``record``'s ``path`` in ``fmt`` (digit boxes: list of cells)."""
    value = _resolve(record, path)
    owner = record
    for part in path.split(".")[:-1]:
        owner = owner[:1][part.strip()]
    field = owner._fields[path.split(".")[-1].strip()]
    if fmt == "digits":
        try:
            return formats.digit_boxes(value or 0)
        except ValueError as exc:
            raise UserError(
                env._(
                    "%(value)s cannot be printed in the digit boxes "
                    "(negative or too large).",
                    value=value,
                )
            ) from exc
    if fmt == "rmb_upper":
        return rmb.rmb_upper(value or 0)
    if fmt in ("amount", "amount_cny"):
        return formats.format_amount(
            value or 0, prefix="¥" if fmt == "amount_cny" else ""
        )
    if fmt == "integer":
        return str(round(value or 0))
    if value is False or value is None:
        return (
            ""
            if not (field and field.type in ("float", "integer", "monetary"))
            else "0"
        )
    if isinstance(value, models.BaseModel):
        return ", ".join(value.mapped("display_name"))
    if isinstance(value, datetime.datetime):
        value = fields.Datetime.context_timestamp(record, value)
        if fmt == "date_cn":
            return formats.format_date_cn(value)
        if fmt == "date_iso":
            return formats.format_date_iso(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        if fmt == "date_iso":
            return formats.format_date_iso(value)
        return formats.format_date_cn(value)
    if field is not None and field.type == "selection":
        return dict(field._description_selection(env)).get(value, value)
    if field is not None and field.type == "boolean":
        return "√" if value else ""
    if isinstance(value, float):
        digits = field.get_digits(env) if field is not None else None
        places = digits[1] if digits else 2
        text = f"{value:.{places}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    # one line: addresses and notes come with line breaks
    return " ".join(str(value).split())


class TzPrintLayoutItem(models.Model):
    _name = "tz.print.layout.item"
    _description = "Print Layout Item"
    _order = "sequence, id"

    layout_id = fields.Many2one(
        "tz.print.layout", required=True, ondelete="cascade", index=True
    )
    model = fields.Char(related="layout_id.model")
    sequence = fields.Integer(default=10)
    name = fields.Char("Label", required=True, translate=True)
    item_type = fields.Selection(
        [
            ("field", "Field"),
            ("text", "Fixed text"),
            ("table", "Table of lines"),
            ("mark", "Check mark"),
        ],
        "Type",
        default="field",
        required=True,
    )
    field_path = fields.Char(help="Dotted path, e.g. partner_id.name or date_order")
    text = fields.Char(
        translate=True,
        help="Fixed text; {page} and {pages} are replaced by the page numbers.",
    )
    format = fields.Selection(FORMATS, default="none", required=True)
    box_width_mm = fields.Float(
        "Digit box width (mm)", default=5.0, help="Width of one digit box."
    )
    x_mm = fields.Float("X (mm)")
    y_mm = fields.Float("Y (mm)")
    width_mm = fields.Float("Max width (mm)", help="0 = no limit")
    height_mm = fields.Float("Height (mm)", default=5.0)
    font_size = fields.Float("Font size (pt)", default=10.0)
    bold = fields.Boolean()
    align = fields.Selection(
        [("left", "Left"), ("center", "Center"), ("right", "Right")],
        default="left",
        required=True,
    )
    overflow = fields.Selection(
        [("shrink", "Shrink to fit"), ("wrap", "Wrap")],
        default="shrink",
        required=True,
        help="What happens when the text is wider than the max width.",
    )
    page_scope = fields.Selection(
        [("all", "Every page"), ("first", "First page"), ("last", "Last page")],
        default="all",
        required=True,
    )
    mark_value = fields.Char(
        help="The mark is printed when the field's value equals this "
        "(empty: when the field is set)."
    )
    mark_text = fields.Char(default="√")
    row_height_mm = fields.Float("Row height (mm)", default=6.0)
    rows_per_page = fields.Integer(default=5)
    print_header = fields.Boolean(
        "Print column headers", help="For plain paper: headers above the first row."
    )
    column_ids = fields.One2many("tz.print.layout.column", "item_id", "Columns")

    @api.constrains("item_type", "field_path", "layout_id")
    def _check_field_path(self):
        for item in self:
            if item.item_type in ("field", "mark"):
                _check_path(self.env, item.layout_id.model, item.field_path)
            elif item.item_type == "table":
                _check_path(
                    self.env,
                    item.layout_id.model,
                    item.field_path,
                    last_types=("one2many", "many2many"),
                )

    @api.constrains("item_type", "rows_per_page", "row_height_mm", "font_size")
    def _check_sizes(self):
        for item in self:
            if item.font_size <= 0:
                raise ValidationError(self.env._("The font size must be positive."))
            if item.item_type == "table" and (
                item.rows_per_page < 1 or item.row_height_mm <= 0
            ):
                raise ValidationError(
                    self.env._("A table needs at least one row of a positive height.")
                )

    def _tz_lines_model(self):
        self.ensure_one()
        if self.item_type != "table" or not self.field_path or not self.layout_id:
            return False
        field = _check_path(self.env, self.layout_id.model, self.field_path)
        return field.comodel_name

    def _tz_element(self, text, x, y, width=None, align=None, size=None, bold=None):
        size = size or self.font_size
        width = self.width_mm if width is None else width
        wrap = self.overflow == "wrap" and width
        if width and not wrap:
            size = formats.shrink_font_size(text, size, width)
        k = self.env.context.get("tz_print_scale") or css_scale(self.env)
        # y is the top of the characters' em box; with line-height 1 the
        # Noto CJK em box starts 0.2 em below the CSS box (measured).
        top = y - GLYPH_TOP_EM * size * formats.PT_TO_MM
        style = [
            f"left:{x * k:.3f}mm",
            f"top:{top * k:.3f}mm",
            f"font-size:{size * k:.3f}pt",
            "font-weight:bold" if (self.bold if bold is None else bold) else "",
        ]
        if width:
            style.append(f"width:{width * k:.3f}mm")
            style.append(f"text-align:{align or self.align}")
            style.append("white-space:normal" if wrap else "white-space:nowrap")
        return {
            "item_id": self.id,
            "text": text,
            "x": x,
            "y": y,
            "width": width or 0.0,
            "align": (align or self.align) if width else "left",
            "size": size,
            "style": ";".join(s for s in style if s),
        }

    def _tz_elements(self, record, dx, dy, page, pages):
        """Elements of this (non-table) item for ``record`` on one page."""
        self.ensure_one()
        x, y = self.x_mm + dx, self.y_mm + dy
        if self.item_type == "text":
            text = (
                (self.text or "")
                .replace("{page}", str(page))
                .replace("{pages}", str(pages))
            )
            return [self._tz_element(text, x, y)]
        if self.item_type == "mark":
            value = _resolve(record, self.field_path)
            if isinstance(value, models.BaseModel):
                candidates = {str(v) for v in value.ids} | set(
                    value.mapped("display_name")
                )
                hit = (
                    bool(value)
                    if not self.mark_value
                    else self.mark_value in candidates
                )
            else:
                hit = (
                    bool(value)
                    if not self.mark_value
                    else str(value) == self.mark_value
                )
            return [self._tz_element(self.mark_text or "√", x, y)] if hit else []
        value = format_value(self.env, record, self.field_path, self.format)
        if self.format == "digits":
            box = self.box_width_mm or 5.0
            return [
                self._tz_element(cell, x + index * box, y, width=box, align="center")
                for index, cell in enumerate(value)
                if cell
            ]
        return [self._tz_element(value, x, y)]

    def _tz_table_elements(self, lines, dx, dy, page_totals, grand_totals):
        """Rows of ``lines`` (one page) and the totals rows."""
        self.ensure_one()
        elements = []
        left, top = self.x_mm + dx, self.y_mm + dy
        if self.print_header:
            for column in self.column_ids:
                elements.append(
                    self._tz_element(
                        column.name,
                        left + column.x_mm,
                        top - self.row_height_mm,
                        width=column.width_mm,
                        align=column.align,
                        bold=True,
                    )
                )
        for row, line in enumerate(lines):
            y = top + row * self.row_height_mm
            for column in self.column_ids:
                text = format_value(self.env, line, column.field_path, column.format)
                if isinstance(text, list):
                    text = "".join(text)
                elements.append(
                    self._tz_element(
                        text,
                        left + column.x_mm,
                        y,
                        width=column.width_mm,
                        align=column.align,
                    )
                )
        sums = self.column_ids.filtered("sum_total")
        if not sums:
            return elements
        y = top + self.rows_per_page * self.row_height_mm
        totals_rows = [(self.env._("Page subtotal"), page_totals)]
        if grand_totals is not None:
            totals_rows.append((self.env._("Total"), grand_totals))
        label_column = self.column_ids[:1]
        for label, totals in totals_rows:
            elements.append(
                self._tz_element(
                    label,
                    left + label_column.x_mm,
                    y,
                    width=label_column.width_mm,
                    align="left",
                    bold=True,
                )
            )
            for column in sums:
                fmt = column.format if column.format != "none" else "amount"
                elements.append(
                    self._tz_element(
                        formats.format_amount(
                            totals[column.id],
                            places=0 if fmt == "integer" else 2,
                            prefix="¥" if fmt == "amount_cny" else "",
                        ),
                        left + column.x_mm,
                        y,
                        width=column.width_mm,
                        align=column.align,
                    )
                )
            y += self.row_height_mm
        return elements

    def _tz_sum(self, lines):
        totals = {}
        for column in self.column_ids.filtered("sum_total"):
            total = 0.0
            for line in lines:
                total += _resolve(line, column.field_path) or 0.0
            totals[column.id] = total
        return totals
