from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import TzDocsCommon


@tagged("post_install", "-at_install")
class TestAddressBook(TzDocsCommon):
    def test_private_book_isolation(self):
        Book = self.env["tz.address.book"]
        book1 = Book.with_user(self.user)._get_private_book()
        self.assertEqual(book1.user_id, self.user)
        self.assertEqual(book1.book_type, "private")
        # the same book is returned again
        self.assertEqual(Book.with_user(self.user)._get_private_book(), book1)
        person = (
            self.Person.with_user(self.user)
            .with_context(default_is_private=True)
            .create(
                {
                    "name": "私人联系人",
                    "mobile": "13800138000",
                    "address_book_ids": [(4, book1.id)],
                }
            )
        )
        self.assertTrue(person.is_private)
        # another user sees neither the book nor the private person
        self.assertFalse(Book.with_user(self.user2).search([("id", "=", book1.id)]))
        self.assertFalse(
            self.Person.with_user(self.user2).search([("id", "=", person.id)])
        )
        with self.assertRaises(AccessError):
            book1.with_user(self.user2).read(["name"])
        with self.assertRaises(AccessError):
            person.with_user(self.user2).read(["mobile"])
        # managers do not see private books of others either
        self.assertFalse(Book.with_user(self.manager).search([("id", "=", book1.id)]))
        # the owner does
        self.assertEqual(
            Book.with_user(self.user).search([("id", "=", book1.id)]), book1
        )
        self.assertTrue(person.with_user(self.user).read(["mobile"]))

    def test_person_only_in_private_book_becomes_private(self):
        book = self.env["tz.address.book"].with_user(self.user)._get_private_book()
        person = self.Person.with_user(self.user).create(
            {"name": "私密", "address_book_ids": [(4, book.id)]}
        )
        self.assertTrue(person.is_private)
        shared = self.env.ref("tz_docs_center.address_book_shared")
        public = self.Person.create(
            {"name": "公开", "address_book_ids": [(4, shared.id)]}
        )
        self.assertFalse(public.is_private)
        self.assertTrue(
            self.Person.with_user(self.user2).search([("id", "=", public.id)])
        )

    def test_shared_and_team_books(self):
        Book = self.env["tz.address.book"]
        shared = Book.create({"name": "全员通讯录", "book_type": "shared"})
        team = Book.create(
            {
                "name": "华南团队",
                "book_type": "team",
                "member_ids": [(6, 0, self.user.ids)],
            }
        )
        self.assertIn(shared, Book.with_user(self.user2).search([]))
        self.assertIn(team, Book.with_user(self.user).search([]))
        self.assertNotIn(team, Book.with_user(self.user2).search([]))
        self.assertIn(team, Book.with_user(self.manager).search([]))

    def test_one_private_book_per_user(self):
        Book = self.env["tz.address.book"]
        Book.create({"name": "我的一", "book_type": "private", "user_id": self.user.id})
        with self.assertRaises(ValidationError):
            Book.create(
                {"name": "我的二", "book_type": "private", "user_id": self.user.id}
            )

    def test_multi_company_isolation(self):
        other = self.env["res.company"].create({"name": "天纵深圳分公司"})
        person = self.Person.create({"name": "分公司联系人", "company_id": other.id})
        self.assertFalse(
            self.Person.with_user(self.user).search([("id", "=", person.id)])
        )
