from odoo import api, models


class TzServiceRequest(models.Model):
    _inherit = "tz.service.request"

    @api.model
    def _cron_rebuild_search_index(self):
        """Weekly search index rebuild: with many articles and requests, the
        jieba segmentation (CPU bound) is spread over jobs."""
        split = self.env["tz.queue.split"]
        if self.env.context.get("tz_queue_inline"):
            return super()._cron_rebuild_search_index()
        models_ids = [
            (name, self.env[name].with_context(active_test=False).sudo().search([]).ids)
            for name in ("tz.kb.article", "tz.service.request")
        ]
        total = sum(len(ids) for _name, ids in models_ids)
        if not split._tz_should_split(total):
            return super()._cron_rebuild_search_index()
        for name, ids in models_ids:
            chunks = split._tz_chunks(ids)
            label = self.env._(
                "Search index rebuild: %(model)s", model=self.env[name]._description
            )
            for index, chunk in enumerate(chunks, 1):
                self.env[name].sudo().browse(chunk).with_delay(
                    **split._tz_job_options(f"{label} ({index}/{len(chunks)})")
                )._fts_reindex()
        return total
