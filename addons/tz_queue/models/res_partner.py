from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _cron_tz_customer_value(self):
        """Daily customer value refresh: many customers are valued by jobs,
        a chunk of customers each (the grouped queries scoped to the chunk)."""
        split = self.env["tz.queue.split"]
        if self.env.context.get("tz_queue_inline"):
            return super()._cron_tz_customer_value()
        ids = self._tz_customer_value_partner_ids()
        if not split._tz_should_split(len(ids)):
            return super()._cron_tz_customer_value()
        chunks = split._tz_chunks(ids)
        description = self.env._("Customer value refresh")
        for index, chunk in enumerate(chunks, 1):
            self.browse(chunk).with_delay(
                **split._tz_job_options(f"{description} ({index}/{len(chunks)})")
            )._tz_queue_customer_value()
        return True

    def _tz_queue_customer_value(self):
        """Job: value these customers (a scoped run of the daily refresh)."""
        partners = self.exists()
        if not partners:
            return 0
        return partners._tz_compute_customer_value()
