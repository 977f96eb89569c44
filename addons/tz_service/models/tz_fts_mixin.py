import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.query import Query

from ..lib import zh_search

_logger = logging.getLogger(__name__)

FTS_FUNCTION = """
CREATE OR REPLACE FUNCTION tz_fts_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.fts_head :=
        setweight(to_tsvector('simple', coalesce(NEW.fts_title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(NEW.fts_keywords, '')), 'B');
    NEW.fts_vector :=
        NEW.fts_head
        || setweight(to_tsvector('simple', coalesce(NEW.fts_body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""


class TzFtsMixin(models.AbstractModel):
    """Chinese full-text index: jieba tokens stored in text columns, a
    ``fts_vector`` tsvector column maintained by a trigger and a GIN index.

    ``fts_head`` (title + keywords only, a few lexemes, never TOASTed) is what
    the ranking reads: ``ts_rank`` on it is several times cheaper than on the
    whole vector, which matters when a common 2-character term matches
    thousands of rows (see bench/tz_service_search.py). A match found only in
    the body gets the body weight as a constant.

    Inheriting models implement ``_fts_texts()`` and re-declare
    ``_compute_fts_tokens`` with their own ``@api.depends``.
    """

    _name = "tz.fts.mixin"
    _description = "Chinese Full-Text Search Mixin"
    _fts_state_field = None

    fts_title = fields.Text(
        string="Index: Title Tokens", compute="_compute_fts_tokens", store=True
    )
    fts_keywords = fields.Text(
        string="Index: Keyword Tokens", compute="_compute_fts_tokens", store=True
    )
    fts_body = fields.Text(
        string="Index: Body Tokens", compute="_compute_fts_tokens", store=True
    )
    fts_query = fields.Char(
        string="Full-Text Search",
        compute="_compute_fts_query",
        search="_search_fts_query",
        help="Chinese / English / model number search on the full-text index.",
    )

    def _fts_texts(self):
        """Return ``(title, keywords, body)`` plain texts of one record."""
        raise NotImplementedError

    def _compute_fts_tokens(self):
        for record in self:
            title, keywords, body = record._fts_texts()
            record.fts_title = zh_search.index_tokens(title)
            record.fts_keywords = zh_search.index_tokens(keywords)
            record.fts_body = zh_search.index_tokens(body)

    def _compute_fts_query(self):
        self.fts_query = False

    def _search_fts_query(self, operator, value):
        if operator not in ("ilike", "like", "=", "=ilike"):
            raise UserError(_("The full-text search only supports 'contains'."))
        tsquery = zh_search.build_tsquery(value)
        if not tsquery:
            return [("id", "=", 0)]
        self._fts_flush()
        query = Query(self.env, self._table)
        query.add_where(
            SQL(
                "%s @@ %s::tsquery",
                SQL.identifier(self._table, "fts_vector"),
                tsquery,
            )
        )
        return [("id", "in", query)]

    def init(self):
        super().init()
        if self._abstract or not self._auto:
            return
        cr = self.env.cr
        table = self._table
        cr.execute(FTS_FUNCTION)
        for column in ("fts_vector", "fts_head"):
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s tsvector",
                    SQL.identifier(table),
                    SQL.identifier(column),
                )
            )
        cr.execute(
            SQL(
                "DROP TRIGGER IF EXISTS %s ON %s",
                SQL.identifier(f"{table}_fts_trg"),
                SQL.identifier(table),
            )
        )
        cr.execute(
            SQL(
                "CREATE TRIGGER %s BEFORE INSERT OR UPDATE OF fts_title, fts_keywords,"
                " fts_body ON %s FOR EACH ROW EXECUTE FUNCTION tz_fts_vector_update()",
                SQL.identifier(f"{table}_fts_trg"),
                SQL.identifier(table),
            )
        )
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s USING gin (fts_vector)",
                SQL.identifier(f"{table}_fts_vector_idx"),
                SQL.identifier(table),
            )
        )
        # rows created before the column existed (module update)
        cr.execute(
            SQL(
                "UPDATE %s SET fts_title = fts_title"
                " WHERE fts_vector IS NULL OR fts_head IS NULL",
                SQL.identifier(table),
            )
        )

    # ------------------------------------------------------------------
    # Search API
    # ------------------------------------------------------------------
    def _fts_flush(self):
        """Write pending token computations: the trigger fills the tsvector."""
        self.env.flush_all()

    def _fts_score_sql(self, rank_tsquery):
        weights = "{" + ",".join(str(w) for w in zh_search.RANK_WEIGHTS) + "}"
        # title/keywords rank from the small head vector; body-only = C weight
        rank = SQL(
            "(ts_rank(%s::float4[], %s, %s::tsquery) + %s)",
            weights,
            SQL.identifier(self._table, "fts_head"),
            rank_tsquery,
            zh_search.RANK_WEIGHTS[1],
        )
        if not self._fts_state_field:
            return rank
        cases = SQL(" ").join(
            SQL("WHEN %s THEN %s", state, boost)
            for state, boost in zh_search.STATE_BOOST.items()
        )
        return SQL(
            "(%s + CASE %s %s ELSE 0 END)",
            rank,
            SQL.identifier(self._table, self._fts_state_field),
            cases,
        )

    @api.model
    def _fts_search(self, query, domain=None, limit=20):
        """Ranked search; returns a list of ``(score, id)`` best first.

        Access rights and record rules apply (``_search``).
        """
        tsquery = zh_search.build_tsquery(query)
        if not tsquery:
            return []
        self.check_access("read")
        self._fts_flush()
        search_query = self._search(domain or [])
        search_query.add_where(
            SQL(
                "%s @@ %s::tsquery",
                SQL.identifier(self._table, "fts_vector"),
                tsquery,
            )
        )
        score = self._fts_score_sql(zh_search.build_rank_tsquery(query))
        search_query.order = SQL(
            "score DESC, %s DESC", SQL.identifier(self._table, "id")
        )
        search_query.limit = limit
        self.env.cr.execute(
            search_query.select(
                SQL("%s AS score", score), SQL.identifier(self._table, "id")
            )
        )
        return [(row[0], row[1]) for row in self.env.cr.fetchall()]

    def _fts_reindex(self, batch_size=500):
        """Recompute the token columns of these records (the trigger fills
        the tsvector); the rebuild's unit of work, also run as a chunk."""
        field_names = ["fts_title", "fts_keywords", "fts_body"]
        for start in range(0, len(self), batch_size):
            batch = self[start : start + batch_size]
            for fname in field_names:
                self.env.add_to_compute(self._fields[fname], batch)
            batch._recompute_recordset(field_names)
            batch.flush_recordset(field_names)
            batch.invalidate_recordset(field_names)
        return len(self)

    @api.model
    def _fts_rebuild(self, batch_size=500):
        """Recompute every token column (and so the tsvector via the trigger)."""
        records = self.with_context(active_test=False).sudo().search([])
        records._fts_reindex(batch_size)
        _logger.info(
            "Rebuilt full-text index of %s: %s records", self._name, len(records)
        )
        return len(records)
