from odoo import api, fields, models

from ..lib import pinyin_search


class TzPinyinMixin(models.AbstractModel):
    """Stored, trigram-indexed pinyin search column (full pinyin + initials)."""

    _name = "tz.pinyin.mixin"
    _description = "Pinyin Search Mixin"
    _pinyin_source_fields = ("name",)

    pinyin_search = fields.Char(
        compute="_compute_pinyin_search",
        store=True,
        index="trigram",
        copy=False,
        help="Full pinyin and initials of the name (with the common readings of "
        "polyphonic characters), used by the pinyin search.",
    )
    pinyin_query = fields.Char(
        string="Pinyin",
        compute="_compute_pinyin_query",
        search="_search_pinyin_query",
        help="Search by name, full pinyin (zhongguo) or initials (zgyh).",
    )

    @api.depends(lambda self: self._pinyin_source_fields)
    def _compute_pinyin_search(self):
        for record in self:
            record.pinyin_search = (
                pinyin_search.search_text(
                    *(record[fname] for fname in record._pinyin_source_fields)
                )
                or False
            )

    def _compute_pinyin_query(self):
        self.pinyin_query = False

    def _search_pinyin_query(self, operator, value):
        if operator not in ("ilike", "=", "like", "=ilike"):
            return [("pinyin_search", operator, value)]
        needle = pinyin_search.normalize_query(value)
        if not needle:
            return []
        if len(needle) < pinyin_search.SHORT_QUERY:
            # token prefix: indexable by the trigram index for 1-2 letters
            first, other = pinyin_search.token_prefix_patterns(needle)
            return [
                "|",
                ("pinyin_search", "=ilike", first),
                ("pinyin_search", "=ilike", other),
            ]
        return [("pinyin_search", "ilike", needle)]

    @api.model
    @api.readonly
    def tz_pinyin_domain(self, query):
        """Domain matching ``query`` as name, full pinyin or initials."""
        return self._search_pinyin_query("ilike", query)
