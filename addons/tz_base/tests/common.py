import threading

from odoo import SUPERUSER_ID, api
from odoo.tools import lazy_property


class ThreadTransaction(api.Transaction):
    """The transaction of a thread of a concurrency test. The test runner
    holds the registry lock while the tests run: resetting the transaction
    (as Odoo's retry does) keeps the registry instead of looking it up
    again."""

    __slots__ = ()

    def reset(self):
        for env in self.envs:
            lazy_property.reset_all(env)
            env._cache_key.clear()
        self.clear()


class RunnersMixin:
    """For a TransactionCase on committed data: run a job in several real
    transactions at the same moment, as cron runners of several servers do."""

    def _in_threads(self, target, count=2, uid=SUPERUSER_ID):
        """Run ``target(env)`` in ``count`` threads at once, each in its own
        transaction, committed; fail on any ERROR logged. The errors raised."""
        barrier = threading.Barrier(count)
        errors = []

        def run():
            try:
                with self.registry.cursor() as cr:
                    cr.transaction = ThreadTransaction(self.registry)
                    env = api.Environment(cr, uid, {})
                    barrier.wait(timeout=30)
                    target(env)
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as exc:  # reported to the test
                errors.append(exc)

        threads = [threading.Thread(target=run) for _i in range(count)]
        with self.assertNoLogs("odoo", level="ERROR"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse([t for t in threads if t.is_alive()])
        return errors
