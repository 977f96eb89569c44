from odoo import Command, _, api, models
from odoo.exceptions import UserError

# Marks an environment whose writes come from a workflow method. A Python
# object, not a string: RPC clients send JSON contexts, so they cannot forge it.
WORKFLOW = object()


def _ids_after(ids, commands):
    """The ids of an x2many field after ``commands`` are applied to ``ids``."""
    result = list(ids)
    for command in commands or ():
        if not isinstance(command, (list, tuple)):
            continue
        code = command[0]
        if code in (Command.DELETE, Command.UNLINK):
            result = [i for i in result if i != command[1]]
        elif code == Command.LINK and command[1] not in result:
            result.append(command[1])
        elif code == Command.CLEAR:
            result = []
        elif code == Command.SET:
            result = list(command[2] or ())
    return result


class TzGuardedMixin(models.AbstractModel):
    """Rules every tz document shares, enforced where every write passes.

    * ``_tz_workflow_fields``: fields (state, approver, decision dates,
      quantities of a done document...) that only workflow methods write.
      Workflow methods write them through ``self._tz_workflow()``; a direct
      ``create``/``write`` of one of them by a user (form, import, RPC, x2many
      command from a parent form) is refused with a ``UserError`` and
      nothing is written. A create may still give the field's default.
    * ``_tz_evidence_locked()``: the records whose attachments are evidence.
      Their attachments (chatter or ``_tz_evidence_fields`` many2many fields)
      cannot be deleted or replaced except by members of
      ``_tz_evidence_manager_group``, whose corrections are posted on the
      record.
    """

    _name = "tz.guarded.mixin"
    _description = "Workflow and Evidence Guard"

    _tz_workflow_fields = ()
    _tz_evidence_fields = ()
    _tz_evidence_manager_group = None

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if self._tz_workflow_fields and not self._tz_in_workflow():
            for vals in vals_list:
                forced = [
                    name
                    for name in self._tz_workflow_fields
                    if name in vals
                    and not self._tz_same_value(
                        name, self._tz_static_default(name), vals[name]
                    )
                ]
                if forced:
                    # a user without the right gets Odoo's access error
                    self.check_access("create")
                    self._tz_raise_workflow_field(forced)
        return super().create(vals_list)

    def write(self, vals):
        if self._tz_workflow_fields and not self._tz_in_workflow():
            forced = [name for name in self._tz_workflow_fields if name in vals]
            if forced:
                # writing the value a record already has changes nothing
                forced = [
                    name
                    for name in forced
                    if any(
                        not rec._tz_same_value(name, rec[name], vals[name])
                        for rec in self
                    )
                ]
            if forced:
                self.check_access("write")
                self._tz_raise_workflow_field(forced)
        self._tz_check_evidence_detached(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _tz_workflow(self):
        """``self`` in workflow mode: its workflow fields become writable.

        Call it only from the model's own workflow methods, after their own
        checks (state, rights) have passed."""
        return self.with_context(tz_workflow=WORKFLOW)

    def _tz_in_workflow(self):
        return self.env.su or self._tz_from_workflow()

    def _tz_from_workflow(self):
        """Called through :meth:`_tz_workflow`, whatever the user (even the
        superuser): for locks that hold for sudo code too."""
        return self.env.context.get("tz_workflow") is WORKFLOW

    def _tz_static_default(self, name):
        field = self._fields[name]
        return field.default(self) if field.default else False

    def _tz_same_value(self, name, current, new):
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            # x2many commands are not compared (converting them would apply
            # them to the cache): any command is a change
            return False
        return field.convert_to_cache(
            current, self, validate=False
        ) == field.convert_to_cache(new, self, validate=False)

    def _tz_raise_workflow_field(self, names):
        labels = ", ".join(
            self._fields[name]._description_string(self.env) for name in names
        )
        raise UserError(
            _(
                "%(model)s: %(fields)s can only be changed by the document's own "
                "actions (buttons), not edited directly.",
                model=self._tz_model_label(),
                fields=labels,
            )
        )

    def _tz_model_label(self):
        model = self.env["ir.model"]._get(self._name)
        return model.name if model else self._description

    def _tz_check_evidence_detached(self, vals):
        """Taking an attachment off a locked record's evidence field (x2many
        commands 2, 3, 5, 6) is removing evidence too."""
        if self.env.su:
            return
        for fname in set(self._tz_evidence_fields).intersection(vals):
            for record in self.sudo()._tz_evidence_locked().with_env(self.env):
                current = record.sudo()[fname]
                removed = current - current.browse(_ids_after(current.ids, vals[fname]))
                if not removed:
                    continue
                if not record._tz_may_correct_evidence():
                    raise UserError(
                        _(
                            "%(record)s is locked: its attachments are evidence "
                            "and cannot be removed. Ask a manager to correct it.",
                            record=record.sudo().display_name,
                        )
                    )
                if hasattr(record, "message_post"):
                    record.sudo().message_post(
                        body=_(
                            "Evidence corrected by %(user)s: attachment(s) "
                            "%(names)s taken off the record.",
                            user=self.env.user.name,
                            names=", ".join(removed.mapped("name")),
                        )
                    )

    def _tz_evidence_locked(self):
        """The records of ``self`` whose attachments are evidence. Override."""
        return self.browse()

    def _tz_may_correct_evidence(self):
        group = self._tz_evidence_manager_group
        return self.env.su or bool(group and self.env.user.has_group(group))
