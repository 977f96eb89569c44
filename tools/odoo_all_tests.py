"""Run Odoo with ``--test-enable`` on an installed database, running the
at-install tests of the tagged modules as well as their post-install tests,
all on the fully loaded registry.

Odoo runs a module's at-install tests right after that module is installed,
before the modules depending on it are loaded: they can never see what an
addon such as ours changes. ``tzctl test --core`` runs core's own tests this
way on a database with the tz modules and on one without, to compare.
Run with the Python that runs Odoo: ``python odoo_all_tests.py <odoo args>``.
"""

import os
import sys

os.environ["TZ"] = "UTC"  # as odoo-bin does, before anything imports time

from odoo import cli
from odoo.tools import config

# the command line says --test-enable too; set early so that importing the
# test framework here is not reported as a mistake
config["test_enable"] = True
from odoo.tests import loader  # noqa: E402

_make_suite = loader.make_suite


def make_suite(module_names, position="at_install"):
    if position == "at_install":
        # Odoo runs at-install tests while it loads the registry, each module
        # right after it: a core module would run without the modules that
        # depend on it, on data of theirs (e.g. their mail aliases). Run
        # nothing there: they all run below, on the loaded registry.
        return _make_suite([], position)
    suite = _make_suite(module_names, "at_install")
    suite.addTests(_make_suite(module_names, "post_install"))
    return suite


loader.make_suite = make_suite

if __name__ == "__main__":
    sys.exit(cli.main())
