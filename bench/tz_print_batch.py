"""Benchmark: 200 delivery notes printed in one batch with tz_print's
241 × 140 layout (套打) against Odoo's standard delivery slip
(``stock.action_report_delivery``) for the same pickings in the same run.

Creates the pickings (3 lines each) in a transaction that is rolled back.
Measures seconds per page: both reports one picking per print (``--single``
of them), then the whole batch in one print. Debian's wkhtmltopdf (unpatched
Qt) fails on a batch of the standard slip (Odoo hands it one HTML file per
record); the baseline is then the standard slip printed one per print.
Prints the ratios (budget <= 1.5).

    python bench/tz_print_batch.py --db tz_bench [--count 200]

wkhtmltopdf loads the report assets over HTTP: run an Odoo server on the db
and pass its address with ``--report-url`` (set in the rolled-back
transaction only).
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
    p.add_argument(
        "--single", type=int, default=30, help="pickings printed one per print"
    )
    p.add_argument(
        "--report-url",
        help="URL of an Odoo server on this db, from which wkhtmltopdf loads "
        "the report assets (e.g. http://127.0.0.1:8069)",
    )
    args = p.parse_args()
    with odoo_env(args) as env:
        if args.report_url:
            env["ir.config_parameter"].set_param("report.url", args.report_url)
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
        tz_report = layout.report_data_id
        std_report = env.ref("stock.action_report_delivery")

        def render(report, records):
            start = time.perf_counter()
            pdf, __ = Report._render_qweb_pdf(report.id, records.ids)
            return time.perf_counter() - start, _pages(pdf)

        # warm both (templates compiled, assets bundled)
        render(tz_report, pickings[:1])
        render(std_report, pickings[:1])
        sample = pickings[: args.single]
        per_page = {}
        for name, report in (
            ("tz_print 241x140", tz_report),
            ("stock slip", std_report),
        ):
            elapsed = pages = 0
            for picking in sample:
                seconds, count = render(report, picking)
                elapsed += seconds
                pages += count
            per_page[name] = elapsed / pages
            print(
                f"{name:18s} one picking per print, {len(sample)} prints, "
                f"{pages} pages, {elapsed:.2f} s, {per_page[name] * 1000:.1f} ms/page"
            )
        elapsed, pages = render(tz_report, pickings)
        print(
            f"{'tz_print 241x140':18s} ONE batch of {len(pickings)} pickings, "
            f"{pages} pages, {elapsed:.2f} s, {elapsed / pages * 1000:.1f} ms/page"
        )
        batch = elapsed / pages
        try:
            elapsed, pages = render(std_report, pickings)
            print(
                f"{'stock slip':18s} ONE batch of {len(pickings)} pickings, "
                f"{pages} pages, {elapsed:.2f} s, {elapsed / pages * 1000:.1f} ms/page"
            )
            baseline = elapsed / pages
        except Exception as exc:  # the baseline is then one picking per print
            print(
                "stock slip: a batch fails with this wkhtmltopdf "
                f"(several HTML files need patched Qt): {exc}"
            )
            baseline = per_page["stock slip"]
        ratio_single = per_page["tz_print 241x140"] / per_page["stock slip"]
        ratio_batch = batch / baseline
        print(f"ratio per page, one picking per print: {ratio_single:.2f}")
        print(f"ratio per page, tz batch / standard baseline: {ratio_batch:.2f}")
        ratio = max(ratio_single, ratio_batch)
        print(
            f"ratio {ratio:.2f} (budget <= {BUDGET}):",
            "OK" if ratio <= BUDGET else "OVER",
        )


if __name__ == "__main__":
    main()
