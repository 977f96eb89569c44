from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReadonlyPaths(HttpCase):
    """``tz_pinyin_domain`` is served read-only (replica): the test server runs
    it in a READ ONLY transaction; a write would be retried with a warning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(
            cls.env,
            login="tz_ro_docs",
            password="tz_ro_docs_pw",
            groups="base.group_user,tz_docs_center.group_docs_user",
        )
        cls.person = cls.env["tz.directory.person"].create({"name": "张伟"})

    def test_pinyin_domain_is_readonly(self):
        method = type(self.env["tz.directory.person"]).tz_pinyin_domain
        self.assertTrue(getattr(method, "_readonly", False))
        self.authenticate("tz_ro_docs", "tz_ro_docs_pw")
        with self.assertNoLogs("odoo.http", "WARNING"):
            domain = self.make_jsonrpc_request(
                "/web/dataset/call_kw/tz.directory.person/tz_pinyin_domain",
                {
                    "model": "tz.directory.person",
                    "method": "tz_pinyin_domain",
                    "args": ["zw"],
                    "kwargs": {},
                },
            )
        found = self.env["tz.directory.person"].search(domain)
        self.assertIn(self.person, found)
