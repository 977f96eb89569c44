from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .tz_directory_person import _linked_ids


class TzAddressBook(models.Model):
    _name = "tz.address.book"
    _description = "Address Book"
    _inherit = ["mail.thread"]
    _order = "book_type, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    book_type = fields.Selection(
        [("shared", "Company-wide Shared"), ("team", "Team"), ("private", "Private")],
        string="Type",
        required=True,
        default="private",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    member_ids = fields.Many2many(
        "res.users",
        "tz_address_book_user_rel",
        "book_id",
        "user_id",
        string="Team Members",
    )
    person_ids = fields.Many2many(
        "tz.directory.person",
        "tz_address_book_person_rel",
        "book_id",
        "person_id",
        string="Persons",
        check_company=True,
    )
    person_count = fields.Integer(compute="_compute_person_count", string="# Persons")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    description = fields.Text()
    active = fields.Boolean(default=True)

    @api.depends("person_ids")
    def _compute_person_count(self):
        for book in self:
            book.person_count = len(book.person_ids)

    @api.constrains("book_type", "user_id", "company_id", "active")
    def _check_one_private_book(self):
        for book in self.filtered(lambda b: b.book_type == "private" and b.active):
            count = self.sudo().search_count(
                [
                    ("book_type", "=", "private"),
                    ("user_id", "=", book.user_id.id),
                    ("company_id", "=", book.company_id.id),
                ]
            )
            if count > 1:
                raise ValidationError(
                    _(
                        "%(user)s already has a private address book in this company.",
                        user=book.user_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._tz_check_linked_persons(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._tz_check_linked_persons(vals)
        return super().write(vals)

    @api.model
    def _tz_check_linked_persons(self, vals):
        """Only persons the user can see may be linked: linking a hidden private
        entry to a shared book would publish it."""
        person_ids = _linked_ids(vals.get("person_ids"))
        if person_ids:
            self.env["tz.directory.person"].browse(person_ids).check_access("read")

    @api.model
    def _get_private_book(self, user=None):
        """Return (creating it when needed) the private book of ``user``."""
        user = user or self.env.user
        book = self.sudo().search(
            [
                ("book_type", "=", "private"),
                ("user_id", "=", user.id),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )
        if not book:
            book = self.sudo().create(
                {
                    "name": _("My Address Book"),
                    "book_type": "private",
                    "user_id": user.id,
                    "company_id": self.env.company.id,
                }
            )
        return book.with_env(self.env)

    def action_view_persons(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "tz_docs_center.action_tz_directory_person"
        )
        action["domain"] = [("address_book_ids", "in", self.ids)]
        action["context"] = {
            "default_address_book_ids": [self.id],
            "default_is_private": self.book_type == "private",
        }
        return action

    @api.model
    def action_open_my_book(self):
        book = self._get_private_book()
        return {
            "type": "ir.actions.act_window",
            "res_model": "tz.address.book",
            "view_mode": "form",
            "res_id": book.id,
        }
