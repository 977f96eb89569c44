from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

# How long a confirmation waits for another confirmation of the same customer
# before telling the user to try again (ir.config_parameter overrides it).
LOCK_WAIT_PARAM = "tz_sales_credit.credit_lock_wait_ms"
LOCK_WAIT_DEFAULT_MS = 10000

# Partial indexes that keep the credit check independent of the customer's
# history and of the size of the tables: only open orders, draft customer
# invoices and unpaid receivables are indexed, by customer. Each predicate is
# repeated word for word in the function below, so that PostgreSQL uses it.
CREDIT_CHECK_INDEXES = [
    (
        "tz_sale_order_line_open_partner_idx",
        "sale_order_line",
        ["order_partner_id", "company_id"],
        "state = 'sale' AND qty_invoiced <> product_uom_qty",
    ),
    (
        "tz_account_move_draft_partner_idx",
        "account_move",
        ["commercial_partner_id", "company_id"],
        "state = 'draft' AND move_type IN ('out_invoice', 'out_refund')",
    ),
    (
        "tz_account_move_line_unpaid_partner_idx",
        "account_move_line",
        ["partner_id", "date_maturity"],
        "reconciled IS NOT TRUE AND parent_state = 'posted' AND amount_residual > 0",
    ),
]

# Everything the credit check needs from the database, in one round trip with
# plans prepared once per connection (PL/pgSQL, generic plans: the statements
# only look up one customer through the indexes above, so a plan made for one
# customer suits every customer, and planning would cost more than running).
# Figures are in company currency.
#
# With ``v_lock`` the check also serialises confirmations of the customer:
#
# * a transaction-level advisory lock: a second confirmation of the same
#   customer WAITS for the first one to end, at most ``v_wait_ms``
#   milliseconds (``lock_timeout`` set locally for that wait only); only a
#   wait that long ends in SQLSTATE 55P03 (lock_not_available, "try again");
# * bumping the customer's row in ``tz_credit_lock`` makes a transaction whose
#   snapshot predates another confirmation's commit (typically: one that
#   waited for the lock) fail with a serialization error: Odoo's request
#   retry (``odoo.service.model.retrying``, logged at INFO) runs it again
#   with a fresh snapshot, so it sees the other order and decides on the
#   real figures instead of passing on stale ones or being refused. A narrow
#   table of its own, and not the customer row, so that confirmations
#   neither rewrite the wide ``res_partner`` row nor conflict with people
#   editing the customer.
CREDIT_CHECK_FUNCTION = """
CREATE OR REPLACE FUNCTION tz_credit_check(
    v_partner integer,
    v_company integer,
    v_today date,
    v_figures boolean,
    v_overdue_before date,
    v_lock boolean,
    v_wait_ms integer,
    OUT open_orders numeric,
    OUT temp_amount numeric,
    OUT draft_amount numeric,
    OUT overdue_count bigint,
    OUT overdue_amount numeric,
    OUT overdue_oldest date,
    OUT overdue_names text[]
) LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_key bigint;
    v_timeout text;
BEGIN
    IF v_lock THEN
        v_key := hashtextextended('tz_credit_check:' || v_partner, v_company);
        IF NOT pg_try_advisory_xact_lock(v_key) THEN
            -- another confirmation of the customer runs: wait for its end,
            -- bounded (lock_not_available once the timeout is over)
            v_timeout := current_setting('lock_timeout');
            PERFORM set_config('lock_timeout', GREATEST(v_wait_ms, 1)::text, true);
            PERFORM pg_advisory_xact_lock(v_key);
            PERFORM set_config('lock_timeout', v_timeout, true);
        END IF;
        INSERT INTO tz_credit_lock AS cl (partner_id, company_id, check_count)
             VALUES (v_partner, v_company, 1)
        ON CONFLICT (partner_id, company_id)
          DO UPDATE SET check_count = cl.check_count + 1;
    END IF;
    open_orders := 0.0;
    temp_amount := 0.0;
    draft_amount := 0.0;
    IF v_figures THEN
        -- uninvoiced part of the confirmed orders of the customer and its
        -- contacts, delivered or not; posted down payments not deducted yet
        -- are in the receivable balance already, so they come off. Only lines
        -- not invoiced exactly are read, whatever the customer's history.
        SELECT COALESCE(SUM(
                   CASE WHEN l.is_downpayment THEN -COALESCE(dp.amount, 0.0)
                        ELSE GREATEST(l.product_uom_qty - l.qty_invoiced, 0)
                             * l.price_reduce_taxinc
                             / COALESCE(NULLIF(so.currency_rate, 0), 1.0)
                   END), 0.0)
          INTO open_orders
          FROM res_partner p
          JOIN sale_order_line l ON l.order_partner_id = p.id
          JOIN sale_order so ON so.id = l.order_id
          LEFT JOIN LATERAL (
              -- tax included, in company currency
              SELECT SUM(-il.balance * il.price_total
                         / NULLIF(il.price_subtotal, 0)) AS amount
                FROM sale_order_line_invoice_rel r
                JOIN account_move_line il ON il.id = r.invoice_line_id
               WHERE l.is_downpayment
                 AND r.order_line_id = l.id
                 AND il.parent_state = 'posted'
          ) dp ON TRUE
         WHERE p.commercial_partner_id = v_partner
           AND l.company_id = v_company
           AND l.state = 'sale' AND l.qty_invoiced <> l.product_uom_qty
           AND l.display_type IS NULL;
        -- approved temporary limits valid today add up
        SELECT COALESCE(SUM(t.amount), 0.0)
          INTO temp_amount
          FROM tz_credit_limit_temp t
         WHERE t.partner_id = v_partner
           AND t.company_id = v_company
           AND t.state = 'approved'
           AND t.date_from <= v_today
           AND t.date_to >= v_today;
        -- draft customer invoices minus draft credit notes
        SELECT COALESCE(SUM(m.amount_total_signed), 0.0)
          INTO draft_amount
          FROM account_move m
         WHERE m.commercial_partner_id = v_partner
           AND m.company_id = v_company
           AND m.state = 'draft' AND m.move_type IN ('out_invoice', 'out_refund');
    END IF;
    overdue_count := 0;
    overdue_amount := 0.0;
    overdue_names := ARRAY[]::text[];
    IF v_overdue_before IS NOT NULL THEN
        SELECT COUNT(DISTINCT l.move_id),
               COALESCE(SUM(l.amount_residual), 0.0),
               MIN(l.date_maturity),
               COALESCE((ARRAY_AGG(DISTINCT m.name::text))[1:5], ARRAY[]::text[])
          INTO overdue_count, overdue_amount, overdue_oldest, overdue_names
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id
          JOIN account_account a ON a.id = l.account_id
         WHERE l.partner_id = v_partner
           AND l.date_maturity < v_overdue_before
           AND l.reconciled IS NOT TRUE AND l.parent_state = 'posted'
           AND l.amount_residual > 0
           AND l.company_id = v_company
           AND a.account_type = 'asset_receivable'
           AND m.move_type IN ('out_invoice', 'out_receipt');
    END IF;
END;
$$;
"""


class TzCreditLock(models.Model):
    """One row per customer and company, bumped by every confirmation that
    runs the credit check (see ``tz_credit_check`` above)."""

    _name = "tz.credit.lock"
    _description = "Credit Check Serialisation"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    check_count = fields.Integer(string="Checks", default=0, readonly=True)

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE(partner_id, company_id)",
            "One credit check lock per customer and company.",
        ),
    ]

    def init(self):
        for name, table, columns, where in CREDIT_CHECK_INDEXES:
            create_index(self.env.cr, name, table, columns, where=where)
        # 18.0.1.1.0 had no wait argument: drop that overload
        self.env.cr.execute(
            SQL(
                "DROP FUNCTION IF EXISTS tz_credit_check("
                "integer, integer, date, boolean, date, boolean)"
            )
        )
        self.env.cr.execute(SQL(CREDIT_CHECK_FUNCTION))
