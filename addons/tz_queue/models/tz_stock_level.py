from odoo import api, fields, models


class TzStockLevel(models.Model):
    _inherit = "tz.stock.level"

    @api.model
    def _cron_compute_cover(self):
        """Daily stock cover: with several companies, one job per company
        (each company's cover is one set of grouped queries)."""
        split = self.env["tz.queue.split"]
        companies = self.env["res.company"].sudo().search([])
        if self.env.context.get("tz_queue_inline") or not split._tz_should_split(
            len(companies)
        ):
            return super()._cron_compute_cover()
        # the jobs compute as of the run's time, not of when a worker is free
        now = fields.Datetime.to_string(fields.Datetime.now())
        for company in companies:
            description = self.env._("Stock cover of %(company)s", company=company.name)
            self.sudo().with_delay(
                **split._tz_job_options(description)
            )._tz_queue_compute_cover(company, now)
        return True

    @api.model
    def _tz_queue_compute_cover(self, company, now):
        """Job: the stock cover of one company as of ``now`` (the run's time)."""
        _ran, count = self.sudo()._tz_compute_cover_alone(
            company, now=fields.Datetime.to_datetime(now)
        )
        return count
