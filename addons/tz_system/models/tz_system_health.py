import logging
import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta

from markupsafe import Markup, escape

import odoo
from odoo import api, fields, models
from odoo.modules.module import get_manifest
from odoo.tools import config, find_in_path

from .tz_backup_drill import STALE_AFTER

_logger = logging.getLogger(__name__)

CJK_FAMILY = "Noto Sans CJK SC"
FONT_RE = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^/\s<>\[\]()]+)")


class TzSystemHealth(models.TransientModel):
    """系统体检: one screen of what an administrator checks before trusting a
    server. Everything is read when the page opens."""

    _name = "tz.system.health"
    _description = "System Health"

    odoo_version = fields.Char(readonly=True)
    module_table = fields.Html(readonly=True, sanitize=False)
    upgrade_needed = fields.Char(readonly=True)
    pg_version = fields.Char(string="PostgreSQL", readonly=True)
    db_size = fields.Char(string="Database size", readonly=True)
    server_mode = fields.Char(readonly=True)
    cron_table = fields.Html(string="Scheduled jobs", readonly=True, sanitize=False)
    cron_failures = fields.Integer(readonly=True)
    wkhtmltopdf_version = fields.Char(readonly=True)
    cjk_font_ok = fields.Boolean(string="Chinese font embedded", readonly=True)
    cjk_font_detail = fields.Char(readonly=True)
    backup_folder = fields.Char(readonly=True)
    backup_free_space = fields.Char(readonly=True)
    last_backup = fields.Char(readonly=True)
    backup_ok = fields.Boolean(readonly=True)
    last_drill = fields.Char(readonly=True)
    drill_ok = fields.Boolean(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        values.update(self._tz_versions())
        values.update(self._tz_database())
        values.update(self._tz_crons())
        values.update(self._tz_pdf())
        values.update(self._tz_backups())
        return values

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.model
    def _tz_versions(self):
        modules = (
            self.env["ir.module.module"]
            .sudo()
            .search(
                [("state", "=", "installed"), ("name", "=like", "tz\\_%")], order="name"
            )
        )
        rows, outdated = [], []
        for module in modules:
            code = get_manifest(module.name).get("version", "")
            code = odoo.modules.adapt_version(code) if code else ""
            stale = bool(code) and code != module.latest_version
            if stale:
                outdated.append(module.name)
            rows.append(
                Markup("<tr{}><td>{}</td><td>{}</td><td>{}</td></tr>").format(
                    Markup(' class="text-danger"') if stale else "",
                    module.name,
                    module.latest_version or "",
                    code,
                )
            )
        table = Markup(
            "<table class='table table-sm'><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
            "</tr></thead><tbody>{}</tbody></table>"
        ).format(
            self.env._("Module"),
            self.env._("In the database"),
            self.env._("In the code"),
            Markup("").join(rows),
        )
        return {
            "odoo_version": odoo.release.version,
            "module_table": table,
            "upgrade_needed": ", ".join(outdated)
            or self.env._("none: the database matches the code"),
        }

    @api.model
    def _tz_database(self):
        cr = self.env.cr
        cr.execute("SHOW server_version")
        pg_version = cr.fetchone()[0]
        cr.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cr.fetchone()[0]
        workers = config["workers"]
        mode = (
            self.env._("multi-process: %(workers)s workers", workers=workers)
            if workers
            else self.env._("one threaded process")
        ) + self.env._(", %(crons)s cron threads", crons=config["max_cron_threads"])
        if config.get("db_replica_host") or config.get("db_replica_port"):
            mode += self.env._(
                ", read replica %(host)s:%(port)s",
                host=config.get("db_replica_host") or "",
                port=config.get("db_replica_port") or "",
            )
        return {"pg_version": pg_version, "db_size": size, "server_mode": mode}

    @api.model
    def _tz_crons(self):
        crons = self.env["ir.cron"].sudo().with_context(active_test=False).search([])
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search([("model", "=", "ir.cron"), ("res_id", "in", crons.ids)])
        )
        tz_ids = {d.res_id for d in data if d.module.startswith("tz_")} | {
            c.id for c in crons if c.model_id.model.startswith("tz.")
        }
        rows, failures = [], 0
        for cron in crons.filtered(lambda c: c.id in tz_ids).sorted("cron_name"):
            failed = cron.failure_count > 0
            failures += failed
            rows.append(
                Markup(
                    "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"
                ).format(
                    Markup(' class="text-danger"') if failed else "",
                    cron.cron_name,
                    self.env._("yes") if cron.active else self.env._("no"),
                    fields.Datetime.to_string(cron.lastcall) if cron.lastcall else "",
                    fields.Datetime.to_string(cron.nextcall) if cron.nextcall else "",
                    cron.failure_count or "",
                )
            )
        table = Markup(
            "<table class='table table-sm'><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
            "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>"
        ).format(
            self.env._("Job"),
            self.env._("Active"),
            self.env._("Last run (UTC)"),
            self.env._("Next run (UTC)"),
            self.env._("Failures in a row"),
            Markup("").join(rows),
        )
        return {"cron_table": table, "cron_failures": failures}

    @api.model
    def _tz_pdf(self, family=CJK_FAMILY):
        values = {"wkhtmltopdf_version": self.env._("not installed")}
        try:
            binary = find_in_path("wkhtmltopdf")
        except OSError:
            binary = None
        if not binary:
            values.update(
                cjk_font_ok=False,
                cjk_font_detail=self.env._(
                    "wkhtmltopdf is missing: no PDF can be printed"
                ),
            )
            return values
        out = subprocess.run(
            [binary, "--version"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
        values["wkhtmltopdf_version"] = (out.stdout or out.stderr).strip()
        ok, detail = self._tz_check_cjk_font(family)
        values.update(cjk_font_ok=ok, cjk_font_detail=detail)
        return values

    @api.model
    def _tz_check_cjk_font(self, family=CJK_FAMILY):
        """Render one Chinese line in ``family`` with Odoo's PDF engine and
        look for that font, embedded, in the PDF."""
        html = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'/></head>"
            f"<body><p style=\"font-family: '{escape(family)}'; font-size: 14pt\">"
            "天纵营销管理 系统体检 人民币壹万元整</p></body></html>"
        )
        try:
            pdf = self.env["ir.actions.report"]._run_wkhtmltopdf([html])
        except Exception as exc:
            return False, self.env._("The test PDF could not be made: %s", exc)
        # a font is embedded when its descriptor carries a font file
        embedded = (
            sorted({name.decode() for name in FONT_RE.findall(pdf)})
            if b"/FontFile" in pdf
            else []
        )
        expected = self._tz_font_postscript_name(family)
        if expected and expected in embedded:
            return True, self.env._("embedded: %s", ", ".join(embedded))
        return False, self.env._(
            "The font %(family)s is not installed: the PDF embeds %(fonts)s instead",
            family=family,
            fonts=", ".join(embedded) or self.env._("no font"),
        )

    @api.model
    def _tz_font_postscript_name(self, family):
        """The PostScript name fontconfig gives ``family``, or None when no
        installed font has that family (fontconfig would substitute one)."""
        try:
            fc_list = find_in_path("fc-list")
            fc_match = find_in_path("fc-match")
        except OSError:
            return None
        listed = subprocess.run(
            [fc_list, family, "family"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if not listed:
            return None
        return (
            subprocess.run(
                [fc_match, "-f", "%{postscriptname}", family],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            or None
        )

    @api.model
    def _tz_backups(self):
        path, backup = self.env["db.backup"].sudo()._tz_newest_backup()
        folder = backup.folder if backup else ""
        values = {"backup_folder": folder}
        probe = folder
        while probe and not os.path.exists(probe):
            probe = os.path.dirname(probe)
        if probe:
            free = shutil.disk_usage(probe).free
            values["backup_free_space"] = f"{free / 1024**3:.1f} GB"
        if path:
            when = datetime.fromtimestamp(os.path.getmtime(path))
            values["last_backup"] = "{} ({:.1f} MB)".format(
                when.strftime("%Y-%m-%d %H:%M"), os.path.getsize(path) / 1024**2
            )
            values["backup_ok"] = when >= datetime.now() - STALE_AFTER
        else:
            values["last_backup"] = self.env._("no backup yet")
            values["backup_ok"] = False
        drill = self.env["tz.backup.drill"].sudo().search([], limit=1)
        if drill:
            values["last_drill"] = "{} {} ({})".format(
                fields.Datetime.to_string(drill.date),
                dict(drill._fields["result"]._description_selection(self.env))[
                    drill.result
                ],
                drill.error or self.env._("counts match"),
            )
            values["drill_ok"] = (
                drill.result == "passed"
                and drill.date >= datetime.now() - timedelta(days=8)
            )
        else:
            values["last_drill"] = self.env._("no drill yet")
            values["drill_ok"] = False
        return values
