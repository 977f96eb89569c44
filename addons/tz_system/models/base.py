from lxml import etree

from odoo import api, models
from odoo.exceptions import AccessError

AUDIT_BUTTON = "action_tz_audit_log"


class Base(models.AbstractModel):
    """An "审计日志" smart button on the forms of the audited models. The tz
    modules do not depend on tz_system, so their forms cannot be inherited
    by XML: the button is added where the form's view is composed."""

    _inherit = "base"

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type == "form" and self._tz_is_audited():
            self._tz_add_audit_button(arch)
        return arch, view

    @api.model
    def _tz_is_audited(self):
        if self._name == "res.partner":
            return "credit_limit" in self._fields
        return self._name in self.env["tz.system.audit"]._tz_audited_models()

    @api.model
    def _tz_add_audit_button(self, arch):
        if arch.xpath(f"//button[@name='{AUDIT_BUTTON}']"):
            return
        box = arch.xpath("//div[@name='button_box']")
        if box:
            box = box[0]
        else:
            sheet = arch.xpath("//sheet")
            if not sheet:
                return
            box = etree.Element("div", {"class": "oe_button_box", "name": "button_box"})
            sheet[0].insert(0, box)
        box.append(
            etree.Element(
                "button",
                {
                    "name": AUDIT_BUTTON,
                    "type": "object",
                    "class": "oe_stat_button",
                    "icon": "fa-history",
                    "string": self.env._("Audit log"),
                    "groups": "tz_system.group_tz_auditor,base.group_system",
                },
            )
        )

    def action_tz_audit_log(self):
        """The audit log of this record, for auditors and administrators."""
        self.ensure_one()
        user = self.env.user
        if not (
            user.has_group("tz_system.group_tz_auditor")
            or user.has_group("base.group_system")
        ):
            raise AccessError(self.env._("Only auditors may read the audit log."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "auditlog.action_auditlog_log_tree"
        )
        action.update(
            {
                "name": self.env._("Audit log: %s", self.display_name),
                "domain": [("model_model", "=", self._name), ("res_id", "=", self.id)],
                "context": {},
            }
        )
        return action
