from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestReadonlyPaths(HttpCase):
    """The read paths marked for the read replica (``@api.readonly`` methods,
    ``readonly=True`` routes) really only read: the test server runs them in a
    READ ONLY transaction, like a hot standby; a write there makes Odoo log
    "retrying with a read/write cursor", which fails these tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="tz_ro_agent",
            password="tz_ro_agent_pw",
            groups="base.group_user,tz_service.group_tz_service_user",
        )
        cls.article = cls.env["tz.kb.article"].create(
            {"name": "打印机卡纸处理方法", "body": "<p>打开后盖，取出卡纸。</p>"}
        )

    def test_search_articles_is_readonly(self):
        method = type(self.env["tz.kb.article"]).search_articles
        self.assertTrue(getattr(method, "_readonly", False))
        self.authenticate("tz_ro_agent", "tz_ro_agent_pw")
        with self.assertNoLogs("odoo.http", "WARNING"):
            ids = self.make_jsonrpc_request(
                "/web/dataset/call_kw/tz.kb.article/search_articles",
                {
                    "model": "tz.kb.article",
                    "method": "search_articles",
                    "args": ["卡纸"],
                    "kwargs": {},
                },
            )
        self.assertIn(self.article.id, ids)

    def test_write_in_readonly_request_is_detected(self):
        """The safety net itself: a write on a read-only route is retried on
        the primary with a warning (what the tests above watch for)."""
        self.authenticate("tz_ro_agent", "tz_ro_agent_pw")
        with (
            mute_logger("odoo.sql_db"),
            self.assertLogs("odoo.http", "WARNING") as logs,
        ):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/tz.kb.article/search_articles",
                {
                    "model": "tz.kb.article",
                    "method": "search_articles",
                    "args": ["卡纸"],
                    "kwargs": {"domain": [("id", "=", self._write_probe())]},
                },
            )
        self.assertIn("read/write cursor", "\n".join(logs.output))

    def _write_probe(self):
        # a domain value computed server-side cannot write; instead patch the
        # method for this call so that it writes, like a careless read path
        Article = type(self.env["tz.kb.article"])
        original = Article._fts_search

        def writing_search(model, *args, **kwargs):
            model.env.cr.execute("UPDATE tz_kb_article SET view_count = view_count")
            return original(model, *args, **kwargs)

        self.patch(Article, "_fts_search", writing_search)
        return self.article.id
