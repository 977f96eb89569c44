import json

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import content_disposition, request

from ..models.tz_docs_dashboard import EXPORT_FIELDS

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TzDocsCenterController(http.Controller):
    # only reads: served by the read replica when Odoo has one
    # (db_replica_host); nothing is stored, the file is the response
    @http.route(
        "/tz_docs_center/export/xlsx",
        type="http",
        auth="user",
        methods=["POST"],
        readonly=True,
    )
    def export_xlsx(self, model, ids, context=None, **kwargs):
        """xlsx of the directory entries ``ids`` (JSON list) of ``model``, read
        with the rights of the logged-in user (record rules drop what they
        may not see). Posted by the client action ``tz_docs_center.export_xlsx``
        through ``download``, which shows the errors sent back as JSON."""
        if model not in EXPORT_FIELDS:
            raise Forbidden()
        try:
            ids = [int(i) for i in json.loads(ids)]
            ctx = json.loads(context) if context else {}
        except (TypeError, ValueError) as exc:
            raise BadRequest() from exc
        env = request.env
        # the companies selected in the web client (the ORM checks them
        # against the user's companies); all of the user's by default
        if companies := ctx.get("allowed_company_ids"):
            env = env(context=dict(env.context, allowed_company_ids=companies))
        try:
            records = env[model].browse(ids)
            content, filename = env["tz.docs.dashboard"]._tz_export_file(records)
        except (AccessError, UserError) as exc:
            error = Forbidden if isinstance(exc, AccessError) else BadRequest
            payload = json.dumps(
                {
                    "code": 200,
                    "message": "Odoo Server Error",
                    "data": http.serialize_exception(exc),
                }
            )
            raise error(payload) from exc
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIME),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
