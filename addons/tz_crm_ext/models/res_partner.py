import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import customer_value, visit_cycle

_logger = logging.getLogger(__name__)

SERVICE_MODEL = "tz.service.request"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ---- visit cycle -------------------------------------------------
    tz_grade = fields.Many2one(
        "tz.customer.grade",
        string="Customer Grade",
        tracking=True,
        index="btree_not_null",
        help="Grade of the customer (A/B/C/D...), it sets the visit interval.",
    )
    tz_visit_interval_override = fields.Integer(
        string="Visit Interval Override (days)",
        tracking=True,
        help="Visit interval for this customer only; 0 = use the grade's interval.",
    )
    tz_visit_interval = fields.Integer(
        string="Visit Interval (days)",
        compute="_compute_tz_visit_interval",
        store=True,
    )
    tz_interaction_ids = fields.One2many(
        "tz.customer.interaction", "partner_id", string="Interaction Records"
    )
    tz_last_interaction_date = fields.Date(
        string="Last Interaction",
        compute="_compute_tz_last_interaction_date",
        store=True,
    )
    tz_next_visit_date = fields.Date(
        string="Next Visit Due",
        compute="_compute_tz_next_visit_date",
        store=True,
        index="btree_not_null",
    )
    tz_visit_overdue = fields.Boolean(
        string="Visit Overdue",
        compute="_compute_tz_visit_overdue",
        store=True,
        index=True,
        help="The customer was not visited within its visit interval. Refreshed "
        "every day and whenever an interaction is logged.",
    )
    tz_days_overdue = fields.Integer(
        string="Days Overdue", compute="_compute_tz_days_overdue"
    )
    # ---- customer value ------------------------------------------------
    tz_value_currency_id = fields.Many2one(
        "res.currency", string="Value Currency", compute="_compute_tz_value_currency_id"
    )
    tz_value_revenue = fields.Monetary(
        string="Realised Revenue (12 months)",
        currency_field="tz_value_currency_id",
        readonly=True,
        copy=False,
        help="Invoiced revenue without tax minus credit notes, last 12 months.",
    )
    tz_value_margin = fields.Monetary(
        string="Realised Margin (12 months)",
        currency_field="tz_value_currency_id",
        readonly=True,
        copy=False,
        help="Invoiced revenue minus the cost (product cost price) of the "
        "invoiced quantities, last 12 months.",
    )
    tz_value_invoice_count = fields.Integer(
        string="Invoices (12 months)", readonly=True, copy=False
    )
    tz_value_last_invoice_date = fields.Date(
        string="Last Invoice", readonly=True, copy=False
    )
    tz_value_potential = fields.Monetary(
        string="Potential Value",
        currency_field="tz_value_currency_id",
        readonly=True,
        copy=False,
        help="Open pipeline: expected revenue x probability of open opportunities.",
    )
    tz_value_score = fields.Integer(
        string="Model Value Score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="RFM-style score 0-100: recency 25%, frequency 25%, monetary 35%, "
        "potential 15%.",
    )
    tz_suggested_grade = fields.Many2one(
        "tz.customer.grade", string="Suggested Grade", readonly=True, copy=False
    )
    tz_value_date = fields.Datetime(
        string="Value Computed On", readonly=True, copy=False
    )
    # ---- 360 -----------------------------------------------------------
    tz_interaction_count = fields.Integer(
        string="Interaction Count", compute="_compute_tz_360_counts"
    )
    tz_service_request_count = fields.Integer(
        string="Service Request Count", compute="_compute_tz_360_counts"
    )
    tz_has_service_request = fields.Boolean(
        string="Service Requests Available", compute="_compute_tz_360_counts"
    )

    # ------------------------------------------------------------------
    # computes
    # ------------------------------------------------------------------
    @api.depends("tz_grade.visit_interval_days", "tz_visit_interval_override")
    def _compute_tz_visit_interval(self):
        for partner in self:
            partner.tz_visit_interval = (
                partner.tz_visit_interval_override
                or partner.tz_grade.visit_interval_days
                or 0
            )

    @api.depends("tz_interaction_ids.date", "tz_interaction_ids.active")
    def _compute_tz_last_interaction_date(self):
        data = {}
        if self.ids:
            self.env["tz.customer.interaction"].flush_model(
                ["date", "active", "partner_id"]
            )
            self.env.cr.execute(
                """
                SELECT partner_id, MAX(date)
                  FROM tz_customer_interaction
                 WHERE active AND partner_id = ANY(%s)
              GROUP BY partner_id
                """,
                [list(self.ids)],
            )
            data = dict(self.env.cr.fetchall())
        for partner in self:
            last = data.get(partner.id)
            partner.tz_last_interaction_date = (
                fields.Datetime.context_timestamp(partner, last).date()
                if last
                else False
            )

    @api.depends(
        "tz_last_interaction_date", "tz_visit_interval", "create_date", "company_id"
    )
    def _compute_tz_next_visit_date(self):
        for partner in self:
            start = partner.tz_last_interaction_date or (
                partner.create_date and partner.create_date.date()
            )
            partner.tz_next_visit_date = visit_cycle.next_due_date(
                start,
                partner.tz_visit_interval,
                partner._tz_company().tz_visit_use_workdays,
            )

    @api.depends("tz_next_visit_date")
    def _compute_tz_visit_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.tz_visit_overdue = visit_cycle.is_overdue(
                partner.tz_next_visit_date, today
            )

    @api.depends("tz_next_visit_date", "company_id")
    def _compute_tz_days_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.tz_days_overdue = visit_cycle.days_overdue(
                partner.tz_next_visit_date,
                today,
                partner._tz_company().tz_visit_use_workdays,
            )

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_tz_value_currency_id(self):
        for partner in self:
            partner.tz_value_currency_id = partner._tz_company().currency_id

    def _tz_company(self):
        """The company whose settings and figures apply to this customer: its
        own company, or the current one for a customer shared by all."""
        self.ensure_one()
        return self.company_id or self.env.company

    def _tz_count_by_commercial(self, model, extra_domain=None):
        Model = self.env[model]
        if "partner_id" not in Model._fields or not Model.has_access("read"):
            return {}
        commercial = self.commercial_partner_id
        domain = [("partner_id", "child_of", commercial.ids)] + (extra_domain or [])
        data = Model._read_group(domain, ["partner_id"], ["__count"])
        counts = {}
        for partner, count in data:
            key = partner.commercial_partner_id.id
            counts[key] = counts.get(key, 0) + count
        return counts

    def _compute_tz_360_counts(self):
        has_service = SERVICE_MODEL in self.env
        real = self.filtered("id")
        interactions = (
            real._tz_count_by_commercial("tz.customer.interaction") if real else {}
        )
        services = (
            real._tz_count_by_commercial(SERVICE_MODEL) if has_service and real else {}
        )
        for partner in self:
            key = partner.commercial_partner_id.id
            partner.tz_interaction_count = interactions.get(key, 0)
            partner.tz_service_request_count = services.get(key, 0)
            partner.tz_has_service_request = has_service

    # ------------------------------------------------------------------
    # constraints / CRUD
    # ------------------------------------------------------------------
    @api.constrains("tz_visit_interval_override")
    def _check_tz_visit_interval_override(self):
        for partner in self:
            if partner.tz_visit_interval_override < 0:
                raise ValidationError(
                    _(
                        "The visit interval of %(partner)s cannot be negative.",
                        partner=partner.display_name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_customer(self):
        if self.env.su or self.env.user.has_group("base.group_system"):
            return
        customers = self.filtered(
            lambda p: (
                p.customer_rank > 0
                or p.commercial_partner_id.tz_grade
                or p.commercial_partner_id.user_id
                or p.commercial_partner_id.tz_interaction_ids
            )
        )
        if customers:
            raise UserError(
                _(
                    "Customers belong to the company: %(partner)s cannot be "
                    "deleted. Archive it or ask an administrator.",
                    partner=customers[0].display_name,
                )
            )

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_tz_view_interactions(self):
        self.ensure_one()
        partner = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_crm_ext.action_tz_customer_interaction"
        )
        action["domain"] = [("partner_id", "=", partner.id)]
        action["context"] = {
            "default_partner_id": partner.id,
            "default_contact_id": self.id if self != partner else False,
        }
        return action

    def action_tz_log_interaction(self):
        self.ensure_one()
        partner = self.commercial_partner_id
        return {
            "type": "ir.actions.act_window",
            "name": _("Log Interaction"),
            "res_model": "tz.customer.interaction",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": partner.id,
                "default_contact_id": self.id if self != partner else False,
                "default_interaction_type": "visit",
                "dialog_size": "large",
            },
        }

    def _tz_action_other_model(self, model, name):
        self.ensure_one()
        if model not in self.env:
            raise UserError(
                _("The module providing %(name)s is not installed.", name=name)
            )
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("partner_id", "child_of", self.commercial_partner_id.ids)],
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    def action_tz_view_service_requests(self):
        return self._tz_action_other_model(SERVICE_MODEL, _("Service Requests"))

    def action_tz_refresh_value(self):
        self.commercial_partner_id._tz_compute_customer_value()
        return True

    def action_tz_apply_suggested_grade(self):
        for partner in self.filtered("tz_suggested_grade"):
            partner.tz_grade = partner.tz_suggested_grade
        return True

    # ------------------------------------------------------------------
    # visit cycle business
    # ------------------------------------------------------------------
    def _tz_on_interaction_logged(self, interactions):
        """Refresh the visit state and clear reminders after an interaction."""
        partners = self.exists()
        if not partners:
            return
        partners.flush_recordset(["tz_visit_overdue"])
        not_overdue = partners.filtered(lambda p: not p.tz_visit_overdue)
        not_overdue._tz_clear_visit_reminders(interactions)

    def _tz_visit_activity_type(self):
        return self.env.ref(
            "tz_crm_ext.mail_activity_type_visit_overdue", raise_if_not_found=False
        )

    def _tz_clear_visit_reminders(self, interactions=None):
        activity_type = self._tz_visit_activity_type()
        if not activity_type or not self:
            return
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        if activities:
            names = ", ".join(
                (interactions or self.env["tz.customer.interaction"]).mapped("name")
            )
            activities.action_feedback(
                feedback=_("Visit logged: %(names)s", names=names)
                if names
                else _("The customer is no longer overdue.")
            )

    @api.model
    def _tz_recompute_visit_cycle(self):
        """Recompute next due dates of every graded customer (settings change)."""
        partners = self.with_context(active_test=False).search(
            ["|", ("tz_grade", "!=", False), ("tz_visit_interval_override", ">", 0)]
        )
        self.env.add_to_compute(self._fields["tz_next_visit_date"], partners)
        partners._recompute_recordset(["tz_next_visit_date"])
        return partners

    @api.model
    def _cron_tz_visit_cycle(self):
        """Daily: refresh overdue flags in SQL, put exactly one reminder activity
        per overdue customer on its salesperson, close stale reminders.

        One run at a time (a second cron runner skips), and one open reminder
        per customer in the database (tz_base): two runners at once give the
        result of one."""
        _ran, created = self.env["tz.single.run"]._tz_run_alone(
            "tz_crm_ext.visit_cycle", self._tz_visit_cycle_run
        )
        return created or 0

    @api.model
    def _tz_visit_cycle_run(self):
        today = fields.Date.context_today(self)
        self.flush_model(["tz_next_visit_date", "tz_visit_overdue"])
        cr = self.env.cr
        cr.execute(
            """
            UPDATE res_partner
               SET tz_visit_overdue = (tz_next_visit_date IS NOT NULL
                                       AND tz_next_visit_date < %(today)s)
             WHERE tz_visit_overdue IS DISTINCT FROM
                   (tz_next_visit_date IS NOT NULL AND tz_next_visit_date < %(today)s)
         RETURNING id
            """,
            {"today": today},
        )
        changed = [row[0] for row in cr.fetchall()]
        if changed:
            self.invalidate_model(["tz_visit_overdue"])
        activity_type = self._tz_visit_activity_type()
        if not activity_type:
            return 0
        # One reminder per overdue customer, created in one INSERT: the ORM
        # create costs ~5 ms per activity, too slow for tens of thousands of
        # customers.  No follower subscription: the activity itself is assigned
        # to the salesperson.
        model_id = self.env["ir.model"]._get_id("res.partner")
        template = self.env._("Visit overdue since %(date)s")
        prefix, __, suffix = template.partition("%(date)s")
        self.env["mail.activity"].flush_model()
        cr.execute(
            """
            INSERT INTO mail_activity (
                res_model_id, res_model, res_id, res_name, activity_type_id,
                user_id, date_deadline, summary, automated, active, user_tz,
                create_uid, create_date, write_uid, write_date)
            SELECT %(model_id)s, 'res.partner', p.id, p.complete_name, %(type)s,
                   p.user_id, %(today)s,
                   %(prefix)s || to_char(p.tz_next_visit_date, 'YYYY-MM-DD')
                       || %(suffix)s,
                   TRUE, TRUE, up.tz,
                   %(uid)s, now() AT TIME ZONE 'UTC',
                   %(uid)s, now() AT TIME ZONE 'UTC'
              FROM res_partner p
              JOIN res_users u ON u.id = p.user_id AND u.active
              JOIN res_partner up ON up.id = u.partner_id
             WHERE p.tz_visit_overdue
               AND p.active
               AND NOT EXISTS (
                    SELECT 1 FROM mail_activity a
                     WHERE a.res_model = 'res.partner'
                       AND a.res_id = p.id
                       AND a.activity_type_id = %(type)s
                       AND a.active)
            ON CONFLICT DO NOTHING
         RETURNING user_id
            """,
            {
                "model_id": model_id,
                "type": activity_type.id,
                "today": today,
                "prefix": prefix,
                "suffix": suffix,
                "uid": self.env.uid,
            },
        )
        created_users = [row[0] for row in cr.fetchall()]
        created = len(created_users)
        if created:
            self.env["mail.activity"].invalidate_model()
            self.invalidate_model(["activity_ids"])
            for user in self.env["res.users"].browse(set(created_users)):
                user._bus_send("mail.activity/updated", {"activity_created": True})
        # reminders of customers that are no longer overdue (grade changed...)
        cr.execute(
            """
            SELECT a.res_id FROM mail_activity a
              JOIN res_partner p ON p.id = a.res_id
             WHERE a.res_model = 'res.partner'
               AND a.activity_type_id = %(type)s
               AND a.active
               AND NOT p.tz_visit_overdue
            """,
            {"type": activity_type.id},
        )
        stale = self.browse([row[0] for row in cr.fetchall()])
        stale._tz_clear_visit_reminders()
        _logger.info(
            "tz visit cycle: %s flags changed, %s reminders created, %s cleared",
            len(changed),
            created,
            len(stale),
        )
        return created

    # ------------------------------------------------------------------
    # customer value business
    # ------------------------------------------------------------------
    @api.model
    def _cron_tz_customer_value(self):
        self.browse()._tz_compute_customer_value()
        return True

    @api.model
    def _tz_customer_value_partner_ids(self):
        """Ids of the customers the full refresh (on an empty recordset) values:
        what a split refresh hands out in chunks. Same conditions as the
        grouped queries of :meth:`_tz_compute_customer_value`."""
        for model in ("account.move", "crm.lead", "tz.customer.interaction"):
            self.env[model].flush_model()
        self.flush_model()
        company = self.env.company
        date_from = fields.Date.context_today(self) - relativedelta(months=12)
        self.env.cr.execute(
            """
            SELECT id FROM res_partner
             WHERE id = commercial_partner_id
               AND (tz_value_date IS NOT NULL OR tz_grade IS NOT NULL
                    OR customer_rank > 0)
            UNION
            SELECT p.commercial_partner_id
              FROM account_move m
              JOIN res_partner p ON p.id = m.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
                               AND COALESCE(cp.company_id, %(company)s) = m.company_id
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.invoice_date >= %(date_from)s
            UNION
            SELECT p.commercial_partner_id
              FROM crm_lead l
              JOIN res_partner p ON p.id = l.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
                               AND COALESCE(cp.company_id, %(company)s)
                                   = COALESCE(l.company_id, cp.company_id, %(company)s)
         LEFT JOIN crm_stage s ON s.id = l.stage_id
             WHERE l.active
               AND l.type = 'opportunity'
               AND COALESCE(l.probability, 0) < 100
               AND NOT COALESCE(s.is_won, FALSE)
            UNION
            SELECT p.commercial_partner_id
              FROM tz_customer_interaction i
              JOIN res_partner p ON p.id = i.partner_id
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
                               AND COALESCE(cp.company_id, %(company)s) = i.company_id
             WHERE i.active
          ORDER BY 1
            """,
            {"company": company.id, "date_from": date_from},
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _tz_compute_customer_value(self):
        """Compute realised / potential / model value in grouped SQL.

        On an empty recordset every commercial partner with data (or a previous
        value) is refreshed. Companies stay apart: a customer is valued with
        the invoices, opportunities and interactions of its own company and
        that company's references; a customer shared by every company with
        those of the current company.
        """
        cr = self.env.cr
        company = self.env.company
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        date_from = today - relativedelta(months=12)
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model()
        self.env["crm.lead"].flush_model()
        self.env["tz.customer.interaction"].flush_model()
        self.flush_model()
        scope = list(self.ids) if self else None
        scope_sql = "AND p.commercial_partner_id = ANY(%(scope)s)" if scope else ""
        params = {"date_from": date_from, "scope": scope, "company": company.id}
        # the valuing company of each commercial partner
        company_sql = """
              JOIN res_partner cp ON cp.id = p.commercial_partner_id
                               AND COALESCE(cp.company_id, %(company)s) = {alias}
        """
        move_company = company_sql.format(alias="m.company_id")
        lead_company = company_sql.format(
            alias="COALESCE(l.company_id, cp.company_id, %(company)s)"
        )
        interaction_company = company_sql.format(alias="i.company_id")
        # realised revenue, invoice count, last invoice
        cr.execute(
            f"""
            SELECT p.commercial_partner_id,
                   SUM(m.amount_untaxed_signed),
                   COUNT(*) FILTER (WHERE m.move_type = 'out_invoice'),
                   MAX(m.invoice_date)
              FROM account_move m
              JOIN res_partner p ON p.id = m.partner_id
              {move_company}
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.invoice_date >= %(date_from)s
               {scope_sql}
          GROUP BY p.commercial_partner_id
            """,
            params,
        )
        revenue = {row[0]: row[1:] for row in cr.fetchall()}
        # margin = income - cost of invoiced quantities (product cost price)
        cr.execute(
            f"""
            SELECT p.commercial_partner_id,
                   SUM(-l.balance
                       - CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END
                         * ABS(l.quantity)
                         * COALESCE(
                             (pp.standard_price ->> m.company_id::text)::numeric, 0)
                   )
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
              JOIN res_partner p ON p.id = m.partner_id
              {move_company}
         LEFT JOIN product_product pp ON pp.id = l.product_id
             WHERE m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.invoice_date >= %(date_from)s
               AND l.display_type = 'product'
               {scope_sql}
          GROUP BY p.commercial_partner_id
            """,
            params,
        )
        margin = dict(cr.fetchall())
        # potential: open pipeline weighted by probability
        cr.execute(
            f"""
            SELECT p.commercial_partner_id,
                   SUM(COALESCE(l.expected_revenue, 0)
                       * COALESCE(l.probability, 0) / 100.0)
              FROM crm_lead l
              JOIN res_partner p ON p.id = l.partner_id
              {lead_company}
         LEFT JOIN crm_stage s ON s.id = l.stage_id
             WHERE l.active
               AND l.type = 'opportunity'
               AND COALESCE(l.probability, 0) < 100
               AND NOT COALESCE(s.is_won, FALSE)
               {scope_sql}
          GROUP BY p.commercial_partner_id
            """,
            params,
        )
        potential = dict(cr.fetchall())
        # last interaction
        cr.execute(
            f"""
            SELECT p.commercial_partner_id, MAX(i.date)
              FROM tz_customer_interaction i
              JOIN res_partner p ON p.id = i.partner_id
              {interaction_company}
             WHERE i.active {scope_sql}
          GROUP BY p.commercial_partner_id
            """,
            params,
        )
        last_interaction = dict(cr.fetchall())
        if scope is not None:
            partner_ids = set(scope)
        else:
            cr.execute(
                """
                SELECT id FROM res_partner
                 WHERE id = commercial_partner_id
                   AND (tz_value_date IS NOT NULL OR tz_grade IS NOT NULL
                        OR customer_rank > 0)
                """
            )
            partner_ids = {row[0] for row in cr.fetchall()}
            partner_ids |= set(revenue) | set(potential) | set(last_interaction)
        grades = self.env["tz.customer.grade"].search([])
        thresholds = [(grade.id, grade.min_score) for grade in grades]
        cr.execute(
            "SELECT id, COALESCE(company_id, %s) FROM res_partner WHERE id = ANY(%s)",
            [company.id, list(partner_ids)],
        )
        partner_company = dict(cr.fetchall())
        refs = {}
        for comp in (
            self.env["res.company"]
            .sudo()
            .browse(set(partner_company.values()) | {company.id})
        ):
            refs[comp.id] = (
                comp.tz_value_monetary_ref or customer_value.DEFAULT_MONETARY_REF,
                comp.tz_value_potential_ref or customer_value.DEFAULT_POTENTIAL_REF,
                comp.tz_value_frequency_ref or customer_value.DEFAULT_FREQUENCY_REF,
            )
        rows = []
        for pid in partner_ids:
            ref_m, ref_p, ref_f = refs[partner_company.get(pid, company.id)]
            amount, count, last_invoice = revenue.get(pid, (0.0, 0, None))
            pot = float(potential.get(pid) or 0.0)
            last_dates = [d for d in (last_invoice, last_interaction.get(pid)) if d]
            last_dates = [d.date() if hasattr(d, "date") else d for d in last_dates]
            days_since = (today - max(last_dates)).days if last_dates else None
            score = customer_value.model_score(
                days_since,
                count or 0,
                float(amount or 0.0),
                pot,
                frequency_ref=ref_f,
                monetary_ref=ref_m,
                potential_ref=ref_p,
            )
            rows.append(
                (
                    pid,
                    float(amount or 0.0),
                    float(margin.get(pid) or 0.0),
                    int(count or 0),
                    last_invoice,
                    pot,
                    score,
                    customer_value.suggest_grade(score, thresholds),
                )
            )
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            cr.execute(
                """
                UPDATE res_partner p
                   SET tz_value_revenue = v.revenue,
                       tz_value_margin = v.margin,
                       tz_value_invoice_count = v.cnt,
                       tz_value_last_invoice_date = v.last_invoice,
                       tz_value_potential = v.potential,
                       tz_value_score = v.score,
                       tz_suggested_grade = v.grade,
                       tz_value_date = %(now)s
                  FROM (SELECT unnest(%(ids)s::int[]) AS id,
                               unnest(%(revenue)s::numeric[]) AS revenue,
                               unnest(%(margin)s::numeric[]) AS margin,
                               unnest(%(cnt)s::int[]) AS cnt,
                               unnest(%(last_invoice)s::date[]) AS last_invoice,
                               unnest(%(potential)s::numeric[]) AS potential,
                               unnest(%(score)s::int[]) AS score,
                               unnest(%(grade)s::int[]) AS grade) v
                 WHERE p.id = v.id
                """,
                {
                    "now": now,
                    "ids": [r[0] for r in chunk],
                    "revenue": [r[1] for r in chunk],
                    "margin": [r[2] for r in chunk],
                    "cnt": [r[3] for r in chunk],
                    "last_invoice": [r[4] for r in chunk],
                    "potential": [r[5] for r in chunk],
                    "score": [r[6] for r in chunk],
                    "grade": [r[7] for r in chunk],
                },
            )
        self.invalidate_model(
            [
                "tz_value_revenue",
                "tz_value_margin",
                "tz_value_invoice_count",
                "tz_value_last_invoice_date",
                "tz_value_potential",
                "tz_value_score",
                "tz_suggested_grade",
                "tz_value_date",
            ]
        )
        return len(rows)
