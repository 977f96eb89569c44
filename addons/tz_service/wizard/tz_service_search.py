from markupsafe import Markup

from odoo import _, api, fields, models

from ..lib import zh_search


class TzServiceSearch(models.TransientModel):
    _name = "tz.service.search"
    _description = "Knowledge Search"

    query = fields.Char(string="Search")
    include_requests = fields.Boolean(string="Include Solved Requests", default=True)
    published_only = fields.Boolean(string="Published Articles Only")
    result_count = fields.Integer(compute="_compute_results")
    result_html = fields.Html(
        compute="_compute_results", sanitize=False, string="Results"
    )

    @api.model
    def search_all(self, query, limit=20, include_requests=True, published_only=False):
        """Ranked ``[(score, record)]`` over articles and solved requests."""
        Article = self.env["tz.kb.article"]
        Request = self.env["tz.service.request"]
        domain = [("state", "=", "published")] if published_only else []
        articles = [
            (score, ("tz.kb.article", rid))
            for score, rid in Article._fts_search(query, domain=domain, limit=limit)
        ]
        requests = []
        if include_requests and Request.has_access("read"):
            requests = [
                (zh_search.combined_score(score, "solved"), ("tz.service.request", rid))
                for score, rid in Request._fts_search(
                    query, domain=[("is_closed", "=", True)], limit=limit
                )
            ]
        merged = zh_search.merge_results(articles, requests, limit=limit)
        return [(score, self.env[model].browse(rid)) for score, (model, rid) in merged]

    @api.depends("query", "include_requests", "published_only")
    def _compute_results(self):
        for wizard in self:
            if not (wizard.query or "").strip():
                wizard.result_count = 0
                wizard.result_html = False
                continue
            results = wizard.search_all(
                wizard.query,
                include_requests=wizard.include_requests,
                published_only=wizard.published_only,
            )
            wizard.result_count = len(results)
            wizard.result_html = wizard._render_results(results)

    def _render_results(self, results):
        if not results:
            return Markup("<p class='text-muted'>%s</p>") % _("No result.")
        rows = Markup()
        for _score, record in results:
            if record._name == "tz.kb.article":
                url = f"/odoo/action-tz_service.action_tz_kb_article/{record.id}"
                badge = dict(
                    record._fields["article_type"]._description_selection(self.env)
                )[record.article_type]
                state = dict(record._fields["state"]._description_selection(self.env))[
                    record.state
                ]
                text = zh_search.html_to_text(record.body)
                title = record.name
            else:
                url = f"/odoo/action-tz_service.action_tz_service_request/{record.id}"
                badge = _("Solved Request")
                state = record.stage_id.name or ""
                text = " ".join(
                    [
                        zh_search.html_to_text(record.solution),
                        zh_search.html_to_text(record.description),
                    ]
                )
                title = record.display_name
            rows += Markup(
                "<div class='o_tz_search_result mb-3'>"
                "<a href='%s' class='fw-bold'>%s</a> "
                "<span class='badge text-bg-info'>%s</span> "
                "<span class='badge text-bg-light'>%s</span>"
                "<div class='text-muted small'>%s</div></div>"
            ) % (
                url,
                Markup(zh_search.snippet(title, self.query, width=60)),
                badge,
                state,
                Markup(zh_search.snippet(text, self.query, width=120)),
            )
        return rows

    def action_search(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "name": _("Knowledge Search"),
        }
