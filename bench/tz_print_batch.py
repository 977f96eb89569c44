"""Benchmark: 200 delivery notes printed in one batch with tz_print's
241 × 140 layout (套打) against Odoo's standard delivery slip
(``stock.action_report_delivery``) for the same pickings in the same run.

Creates the pickings (3 lines each) in a transaction that is rolled back.
Prints seconds per page of each and the ratio (budget <= 1.5).

    python bench/tz_print_batch.py --db tz_bench [--count 200]

Without a running Odoo HTTP server wkhtmltopdf cannot fetch the report CSS
for either report (both are measured the same way); run it next to a server
on the db's port for figures with assets.
"""

import re
import time

from _odoo_env import odoo_env, parser

BUDGET = 1.5


def _pages(pdf):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def main():
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=200)
    args = p.parse_args()
    with odoo_env(args) as env:
        layout = env.ref("tz_print.layout_delivery_note")
        picking_type = env.ref("stock.picking_type_out")
        customers = env.ref("stock.stock_location_customers")
        partners = env["res.partner"].search(
            [("customer_rank", ">", 0)], limit=20
        ) or env["res.partner"].search([], limit=20)
        products = env["product.product"].search([("type", "=", "consu")], limit=30)
        vals = []
        for index in range(args.count):
            vals.append(
                {
                    "partner_id": partners[index % len(partners)].id,
                    "picking_type_id": picking_type.id,
                    "location_id": picking_type.default_location_src_id.id,
                    "location_dest_id": customers.id,
                    "origin": f"BENCH{index:04d}",
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 1 + (index + line) % 7,
                                "product_uom": product.uom_id.id,
                                "location_id": picking_type.default_location_src_id.id,
                                "location_dest_id": customers.id,
                            },
                        )
                        for line, product in enumerate(
                            products[(index % 10) : (index % 10) + 3]
                        )
                    ],
                }
            )
        pickings = env["stock.picking"].create(vals)
        pickings.action_confirm()
        env.flush_all()
        Report = env["ir.actions.report"]
        results = {}
        # warm both (templates compiled, assets bundled), then measure
        for name, report in (
            ("tz_print 241x140", layout.report_data_id),
            ("stock delivery slip", env.ref("stock.action_report_delivery")),
        ):
            Report._render_qweb_pdf(report.id, pickings[:2].ids)
            start = time.perf_counter()
            pdf, __ = Report._render_qweb_pdf(report.id, pickings.ids)
            elapsed = time.perf_counter() - start
            pages = _pages(pdf)
            results[name] = (elapsed, pages)
            print(
                f"{name:22s} {len(pickings)} pickings, {pages} pages, "
                f"{elapsed:.2f} s, {elapsed / pages * 1000:.1f} ms/page"
            )
        tz_time, tz_pages = results["tz_print 241x140"]
        std_time, std_pages = results["stock delivery slip"]
        ratio = (tz_time / tz_pages) / (std_time / std_pages)
        print(f"ratio per page tz_print / standard: {ratio:.2f} (budget <= {BUDGET})")
        print("OK" if ratio <= BUDGET else "OVER BUDGET")


if __name__ == "__main__":
    main()
