from odoo import http
from odoo.http import content_disposition, request


class TzMarketController(http.Controller):
    # only reads: served by the read replica when Odoo has one (db_replica_host)
    @http.route(
        "/tz_market/plan/<int:plan_id>/xlsx", type="http", auth="user", readonly=True
    )
    def plan_rollup_xlsx(self, plan_id, **kwargs):
        plan = request.env["tz.market.plan"].browse(plan_id).exists()
        if not plan:
            raise request.not_found()
        plan.check_access("read")
        content, filename = plan._get_rollup_xlsx()
        return request.make_response(
            content,
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
