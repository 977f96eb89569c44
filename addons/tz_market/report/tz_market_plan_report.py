from odoo import api, models


class ReportTzMarketPlan(models.AbstractModel):
    _name = "report.tz_market.report_tz_market_plan"
    _description = "Market Plan Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["tz.market.plan"].browse(docids)
        # refuse plainly (AccessError) a plan the user may not read, e.g. one
        # of another company, before anything of it is rendered
        docs.check_access("read")
        return {
            "doc_ids": docs.ids,
            "doc_model": docs._name,
            "docs": docs,
            "data": data,
        }
