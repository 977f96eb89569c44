import logging

from odoo import api, fields, models
from odoo.addons.tz_sales_credit.models.tz_collection_plan import ACTIVE_STATES

_logger = logging.getLogger(__name__)


class TzCollectionPlan(models.Model):
    _inherit = "tz.collection.plan"

    @api.model
    def _cron_run(self, batch_size=500):
        """Daily collection run: with many plans to process, their level
        actions are done by jobs (one customer's plans in one job)."""
        split = self.env["tz.queue.split"]
        if self.env.context.get("tz_queue_inline"):
            return super()._cron_run(batch_size)
        # one run at a time, as the inline run (tz_sales_credit)
        if not self._tz_run_lock():
            _logger.info("Collection run already in progress elsewhere: skipped.")
            return False
        try:
            today = self._tz_today()
            run = self.with_context(tz_today=today, tracking_disable=True)
            run = run._tz_workflow()
            # the run's own preparation (idempotent: the inline run below
            # finds nothing left to close or create)
            run._tz_sync_invoice_states()
            run._tz_commit()
            run._tz_create_plans(today, batch_size)
            ids = run._tz_plan_ids_to_process(today)
            if split._tz_should_split(len(ids)):
                self._tz_queue_enqueue(ids, today)
                return True
            # still holding the run lock (advisory locks stack within a
            # session): no other runner can start between the two parts
            return super()._cron_run(batch_size)
        finally:
            self._tz_run_unlock()

    @api.model
    def _tz_queue_enqueue(self, ids, today):
        split = self.env["tz.queue.split"]
        plans = self.sudo().browse(ids)
        keys = {plan.id: plan.partner_id.id for plan in plans}
        chunks = split._tz_chunks(ids, keys)
        description = self.env._("Collection run %(date)s", date=today)
        for index, chunk in enumerate(chunks, 1):
            self.sudo().browse(chunk).with_delay(
                **split._tz_job_options(f"{description} ({index}/{len(chunks)})")
            )._tz_queue_process(fields.Date.to_string(today))
        return True

    def _tz_queue_process(self, today):
        """Job: the collection run's work for these plans on ``today``; plans
        processed in the meantime (re-run, retry) are skipped."""
        today = fields.Date.to_date(today)
        plans = (
            self.exists()
            .with_context(tz_today=today, tracking_disable=True)
            ._tz_workflow()
            .filtered_domain(
                [("state", "in", ACTIVE_STATES), ("next_action_date", "<=", today)]
            )
        )
        # a savepoint per job; plans another runner holds are left to it
        plans._tz_process_chunk(today)
        return len(plans)
