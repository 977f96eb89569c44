"""18.0.1.1.0: claw-backs priced in the period where the amount was earned,
margin on the cost of the sale, settlements numbered per company.

* ``tz_commission_line.tier_date`` (new): every existing line moved the tiers
  of its own date's period, so it gets its date.
* ``account_move_line.tz_unit_cost`` (new): posted customer invoice lines get
  the product cost the commissions have been booked with so far (today's cost,
  per product unit), so the upgrade books no correction line by itself.
* Settlement numbers: each company that already has settlements gets its own
  sequence continuing the shared one, so no number is given twice.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE tz_commission_line SET tier_date = date WHERE tier_date IS NULL")
    cr.execute(
        """
        UPDATE account_move_line l
           SET tz_unit_cost = COALESCE(
                   (pp.standard_price ->> l.company_id::text)::numeric, 0),
               tz_cost_date = CURRENT_DATE
          FROM account_move m, product_product pp
         WHERE m.id = l.move_id
           AND pp.id = l.product_id
           AND m.state = 'posted'
           AND m.move_type IN ('out_invoice', 'out_refund')
           AND l.display_type = 'product'
           AND l.tz_cost_date IS NULL
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "tz_commission.seq_tz_commission_settlement", raise_if_not_found=False
    )
    if not template:
        return
    cr.execute("SELECT DISTINCT company_id FROM tz_commission_settlement")
    for (company_id,) in cr.fetchall():
        exists = env["ir.sequence"].search_count(
            [("code", "=", template.code), ("company_id", "=", company_id)]
        )
        if not exists:
            template.copy(
                {
                    "company_id": company_id,
                    "number_next": template.number_next_actual,
                }
            )
