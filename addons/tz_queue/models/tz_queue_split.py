from odoo import api, models
from odoo.tools import config, split_every

CHANNEL = "root.tz"
DEFAULT_CHUNK_SIZE = 500


class TzQueueSplit(models.AbstractModel):
    """Decides whether a heavy tz run is split into queue_job chunks and cuts
    the chunks. Settings (system parameters):

    - ``tz_queue.enabled``: ``0`` keeps every run inline as without queue_job
      (e.g. a server where no job runner is started);
    - ``tz_queue.chunk_size``: records per job (default 500);
    - ``tz_queue.min_records``: a run with fewer records to process stays
      inline (default: the chunk size, i.e. split only into two jobs or more).

    A run is split only by a server that loads ``queue_job`` server-wide
    (``server_wide_modules``/``--load``), i.e. one set up with a job runner:
    a server started without it (``tzctl up``, a test run) keeps running
    inline instead of leaving jobs that nothing runs.
    """

    _name = "tz.queue.split"
    _description = "Split of the tz runs into background jobs"

    @api.model
    def _tz_param_int(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return max(int(value), 1) if value not in (None, False, "") else default
        except ValueError:
            return default

    @api.model
    def _tz_chunk_size(self):
        return self._tz_param_int("tz_queue.chunk_size", DEFAULT_CHUNK_SIZE)

    @api.model
    def _tz_should_split(self, count):
        """True when a run of ``count`` records goes to the job queue."""
        if self.env.context.get("tz_queue_inline"):
            return False
        if not self.env.context.get("tz_queue_force") and (
            "queue_job" not in config["server_wide_modules"]
        ):
            return False
        enabled = (
            self.env["ir.config_parameter"].sudo().get_param("tz_queue.enabled", "1")
        )
        if enabled in ("0", "False", "false"):
            return False
        min_records = self._tz_param_int("tz_queue.min_records", self._tz_chunk_size())
        return count > min_records

    @api.model
    def _tz_chunks(self, ids, keys=None):
        """Cut ``ids`` into chunks of about the chunk size; with ``keys``
        ({id: key}) records sharing a key stay in one chunk (e.g. one
        customer's plans), so two jobs never work on the same customer."""
        size = self._tz_chunk_size()
        if not keys:
            return [list(chunk) for chunk in split_every(size, ids)]
        chunks, current, last_key = [], [], object()
        for rec_id in sorted(ids, key=lambda i: (keys.get(i) or 0, i)):
            key = keys.get(rec_id)
            if len(current) >= size and key != last_key:
                chunks.append(current)
                current = []
            current.append(rec_id)
            last_key = key
        if current:
            chunks.append(current)
        return chunks

    @api.model
    def _tz_job_options(self, description):
        return {"channel": CHANNEL, "description": description}
