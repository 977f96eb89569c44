"""Tests of the repository tooling: Odoo discovery, log judging, static checks."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import checks  # noqa: E402
import odoo_locate  # noqa: E402
import tzctl  # noqa: E402


def fake_odoo_home(tmp_path, serie="18.0"):
    home = tmp_path / "odoo-src"
    pkg = home / "odoo"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "release.py").write_text(f"serie = {serie!r}\n")
    (home / "odoo-bin").write_text("#!/usr/bin/env python3\n")
    (home / "addons" / "web").mkdir(parents=True)
    (home / "addons" / "web" / "__manifest__.py").write_text("{}")
    return home


# ------------------------------------------------------------------ discovery
def test_locate_odoo_home(tmp_path):
    home = fake_odoo_home(tmp_path)
    found = odoo_locate.locate({"ODOO_HOME": str(home), "PATH": os.environ["PATH"]})
    assert found.series == "18.0"
    assert found.command == [sys.executable, str(home / "odoo-bin")]
    assert found.core_addons == [str(home / "addons")]
    assert found.addons_path("/repo/addons") == f"/repo/addons,{home / 'addons'}"


def test_locate_refuses_other_series(tmp_path):
    home = fake_odoo_home(tmp_path, serie="17.0")
    with pytest.raises(odoo_locate.OdooNotFound, match=r"Odoo 17\.0 .* need 18\.0"):
        odoo_locate.locate({"ODOO_HOME": str(home)})


def test_locate_odoo_home_without_odoo_bin(tmp_path):
    with pytest.raises(odoo_locate.OdooNotFound, match="no odoo-bin"):
        odoo_locate.locate({"ODOO_HOME": str(tmp_path)})


def test_locate_executable_uses_its_shebang(tmp_path, monkeypatch):
    home = fake_odoo_home(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(home))
    exe = tmp_path / "bin" / "odoo"
    exe.parent.mkdir()
    exe.write_text(f"#!{sys.executable}\nimport odoo\n")
    exe.chmod(0o755)
    found = odoo_locate.locate({"PATH": str(exe.parent), "ODOO_BIN": str(exe)})
    assert found.python == sys.executable
    assert found.command == [sys.executable, str(exe)]


def test_locate_nothing_says_what_to_set(tmp_path, monkeypatch):
    monkeypatch.setattr(odoo_locate.sys, "executable", sys.executable)
    monkeypatch.delenv("PYTHONPATH", raising=False)
    with pytest.raises(odoo_locate.OdooNotFound) as info:
        odoo_locate.locate({"PATH": str(tmp_path)})
    assert "ODOO_HOME" in str(info.value)
    assert "No Odoo 18.0 found" in str(info.value)


def test_up_without_odoo_exits_cleanly(tmp_path):
    env = {
        "PATH": f"{tmp_path}:/usr/bin:/bin",
        "ODOO_HOME": str(tmp_path / "nowhere"),
        "HOME": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "tzctl.py"), "up", "--no-start"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "ODOO_HOME" in out.stderr and "odoo-bin" in out.stderr


# ----------------------------------------------------------------- log judging
LOG_OK = """\
2026-11-26 10:00:00,000 1 INFO db odoo.tests.stats: tz_a: 12 tests 1.00s 300 queries
2026-11-26 10:00:00,000 1 INFO db odoo.tests.stats: tz_b: 3 tests 1.00s 30 queries
2026-11-26 10:00:01,000 1 INFO db odoo.tests.result: 0 failed, 0 error(s) of 15 \
tests when loading database 'db'
"""


def test_parse_log_success():
    assert tzctl.parse_odoo_log(LOG_OK, ["tz_a", "tz_b"]) == (15, 0, [])


def test_parse_log_failures_and_module_without_tests():
    log = LOG_OK.replace("0 failed, 0 error(s)", "1 failed, 2 error(s)")
    passed, failed, problems = tzctl.parse_odoo_log(log, ["tz_a", "tz_b", "tz_c"])
    assert (passed, failed) == (12, 3)
    assert "3 Odoo test(s) failed or errored" in problems
    assert "module tz_c ran no test" in problems


def test_parse_log_error_lines_fail_even_when_tests_pass():
    log = LOG_OK + "2026-11-26 10:00:02,000 1 ERROR db odoo.modules: boom\n"
    assert tzctl.parse_odoo_log(log, ["tz_a"])[2] == ["1 ERROR line(s) in the Odoo log"]


def test_parse_log_skipped_tz_test_fails():
    skip = (
        "2026-11-26 10:00:02,000 1 INFO db odoo.addons.tz_a.tests.test_tour: "
        "skipped TestTour.test_tour : websocket-client module is not installed\n"
    )
    problems = tzctl.parse_odoo_log(LOG_OK + skip, ["tz_a"])[2]
    assert problems == ["tz_a: test TestTour.test_tour was skipped"]


def test_parse_log_without_summary():
    assert tzctl.parse_odoo_log("Traceback ...", ["tz_a"])[2] == [
        "Odoo printed no test summary (did the install crash?)"
    ]


def test_read_config_defaults(tmp_path):
    conf = tmp_path / "x.conf"
    conf.write_text("[options]\ndb_user = tz\n")
    cfg = tzctl.read_config(conf)
    assert cfg["db_user"] == "tz" and cfg["db_port"] == 5432
    assert cfg["http_interface"] == "127.0.0.1"


def test_odoo_argv_pins_the_database(tmp_path):
    home = fake_odoo_home(tmp_path)
    odoo = odoo_locate.locate({"ODOO_HOME": str(home)})
    cfg = tzctl.read_config()
    argv = tzctl.odoo_argv(odoo, cfg, "tz_demo", "-i", "tz_x", http_port=8100)
    assert argv[:2] == odoo.command
    assert "--database=tz_demo" in argv and "--db-filter=^tz_demo$" in argv
    assert f"--addons-path={tzctl.ADDONS},{home / 'addons'}" in argv
    assert "--http-port=8100" in argv and argv[-2:] == ["-i", "tz_x"]


def test_repository_odoo_conf_is_loopback_with_local_addons():
    cfg = tzctl.read_config()
    assert cfg["http_interface"] == "127.0.0.1"
    assert cfg["db_host"] in ("127.0.0.1", "localhost")
    text = (ROOT / "odoo.conf").read_text()
    assert "addons_path = ./addons" in text


# --------------------------------------------------------------- static checks
def make_addon(tmp_path, manifest, files=()):
    addon = tmp_path / "addons" / "tz_x"
    (addon / "readme").mkdir(parents=True)
    (addon / "readme" / "DESCRIPTION.md").write_text("x")
    (addon / "static" / "description").mkdir(parents=True)
    (addon / "static" / "description" / "icon.png").write_bytes(b"png")
    (addon / "__manifest__.py").write_text(repr(manifest))
    (addon / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["whool"]\nbuild-backend = "whool.buildapi"\n'
    )
    for rel, content in files:
        path = addon / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return addon


GOOD = {
    "name": "X",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Tianzong",
    "summary": "x",
    "depends": ["base"],
    "data": ["security/ir.model.access.csv"],
}


def test_manifest_good(tmp_path):
    addon = make_addon(tmp_path, GOOD, [("security/ir.model.access.csv", "id\n")])
    assert checks.check_manifest(addon) == []


def test_manifest_bad_version_missing_file(tmp_path):
    addon = make_addon(tmp_path, dict(GOOD, version="17.0.1.0", license="GPL-3"))
    problems = checks.check_manifest(addon)
    assert any("is not 18.0.x.y.z" in p for p in problems)
    assert any("license 'GPL-3' not allowed" in p for p in problems)
    assert any("security/ir.model.access.csv does not exist" in p for p in problems)


def test_lgpl_addon_must_not_depend_on_agpl_addon(tmp_path):
    def addon(name, license, depends):
        path = tmp_path / name
        path.mkdir()
        manifest = dict(GOOD, license=license, depends=depends)
        (path / "__manifest__.py").write_text(repr(manifest))
        return path

    agpl = addon("tz_sys", "AGPL-3", ["base"])
    other_agpl = addon("tz_sys_ext", "AGPL-3", ["tz_sys"])
    lgpl = addon("tz_sales", "LGPL-3", ["tz_sys"])
    assert checks.check_licenses([agpl, other_agpl]) == []
    problems = checks.check_licenses([agpl, other_agpl, lgpl])
    assert problems == ["tz_sales: LGPL-3 but depends on tz_sys (AGPL-3)"]


MODEL = """
from odoo import models
class A(models.Model):
    _name = "tz.a"
class B(models.TransientModel):
    _name = "tz.b.wizard"
class C(models.Model):
    _inherit = "res.partner"
class D(models.AbstractModel):
    _name = "tz.mixin"
class E(models.Model):
    _name = "res.users"
    _inherit = ["res.users", "mail.thread"]
"""


def test_access_every_model_needs_a_line(tmp_path):
    csv_text = "id,name,model_id:id,group_id:id,perm_read\naccess_a,a,model_tz_a,,1\n"
    addon = make_addon(
        tmp_path,
        GOOD,
        [("models/a.py", MODEL), ("security/ir.model.access.csv", csv_text)],
    )
    assert checks.check_access(addon) == [
        "tz_x: model tz.b.wizard has no line in ir.model.access.csv"
    ]


def test_xml_well_formed(tmp_path):
    addon = make_addon(tmp_path, GOOD, [("views/a.xml", "<odoo><record></odoo>")])
    assert "not well-formed" in checks.check_xml(addon)[0]


def test_external_dependencies_consistent(tmp_path):
    code = "import jieba\nimport lxml\nfrom stdnum.cn import uscc\n"
    manifest = dict(GOOD, external_dependencies={"python": ["jieba", "pypinyin"]})
    addon = make_addon(tmp_path, manifest, [("models/a.py", code)])
    problems = checks.check_external_dependencies(addon, {"jieba"})
    assert problems == [
        "tz_x: imports 'stdnum' but external_dependencies does not list it",
        "tz_x: external_dependencies lists 'pypinyin', never imported",
        "tz_x: 'pypinyin' (pypinyin) is not in requirements.txt",
    ]


def test_external_dependencies_by_distribution_name(tmp_path):
    code = "from stdnum.cn import uscc\nimport chinese_calendar\nimport openpyxl\n"
    deps = ["python-stdnum", "chinesecalendar", "openpyxl"]
    manifest = dict(GOOD, external_dependencies={"python": deps})
    addon = make_addon(tmp_path, manifest, [("models/a.py", code)])
    reqs = {"python-stdnum", "chinesecalendar"}
    assert checks.check_external_dependencies(addon, reqs) == []


def test_requirements_used(tmp_path):
    addon = make_addon(tmp_path, GOOD, [("lib/a.py", "import chinese_calendar\n")])
    assert checks.check_requirements_used([addon], {"chinesecalendar", "cn2an"}) == [
        "requirements.txt: 'cn2an' is imported by no tz addon"
    ]


POT = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_translations_complete(tmp_path):
    pot = POT + 'msgid "Hello"\nmsgstr ""\n\nmsgid "World"\nmsgstr ""\n'
    po = POT + 'msgid "Hello"\nmsgstr "你好"\n\nmsgid "World"\nmsgstr ""\n'
    addon = make_addon(tmp_path, GOOD, [("i18n/tz_x.pot", pot), ("i18n/zh_CN.po", po)])
    problems = checks.check_translations(addon)
    assert len(problems) == 1 and "incomplete" in problems[0]
    (addon / "i18n" / "zh_CN.po").write_text(POT + 'msgid "Hello"\nmsgstr "你好"\n')
    problems = checks.check_translations(addon)
    assert problems == [
        f"{addon}/i18n/zh_CN.po: 1 terms of the .pot are missing (e.g. World)"
    ]


def test_manifest_needs_whool_pyproject(tmp_path):
    addon = make_addon(tmp_path, GOOD, [("security/ir.model.access.csv", "id\n")])
    (addon / "pyproject.toml").unlink()
    assert checks.check_manifest(addon) == [
        "tz_x: pyproject.toml is missing (whool build backend)"
    ]


def fake_wheel(path, name, version, requires):
    meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    meta += "".join(f"Requires-Dist: {r}\n" for r in requires)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name.replace('-', '_')}-{version}.dist-info/METADATA", meta)
    return path


def test_wheel_metadata_follows_the_manifest(tmp_path):
    manifest = dict(
        GOOD,
        depends=["sale", "tz_y"],
        external_dependencies={"python": ["cn2an", "stdnum"]},
    )
    addon = make_addon(tmp_path, manifest)
    make_addon(tmp_path / "y", GOOD).rename(tmp_path / "addons" / "tz_y")
    good = fake_wheel(
        tmp_path / "good.whl",
        "odoo-addon-tz_x",
        GOOD["version"] + ".99.dev3",
        ["odoo==18.0.*", "odoo-addon-tz_y==18.0.*", "cn2an", "python-stdnum"],
    )
    assert checks.check_wheel(addon, good) == []
    committed = fake_wheel(
        tmp_path / "committed.whl",
        "odoo-addon-tz_x",
        GOOD["version"] + ".4",
        ["odoo==18.0.*", "odoo-addon-tz_y==18.0.*", "cn2an", "python-stdnum"],
    )
    assert checks.check_wheel(addon, committed) == []
    bad = fake_wheel(tmp_path / "bad.whl", "odoo-addon-tz_z", "17.0.1.0.0", ["cn2an"])
    assert checks.check_wheel(addon, bad) == [
        "name 'odoo-addon-tz_z', expected odoo-addon-tz_x",
        f"version 17.0.1.0.0 does not follow {GOOD['version']}",
        "does not require odoo 18.0",
        "does not require odoo-addon-tz_y",
        "does not require python-stdnum",
    ]


# ------------------------------------------------------------ core vs core
CORE_LOG = """\
2026-12-01 06:00:00,000 1 ERROR db odoo.addons.sale.tests.test_sale_order: \
FAIL: TestSaleOrder.test_confirm
2026-12-01 06:00:00,000 1 ERROR db odoo.addons.base.tests.test_reports: \
ERROR: Subtest TestReports.test_reports_with_report_lang (report='tz_x')
2026-12-01 06:00:00,000 1 INFO db odoo.addons.crm.tests.test_crm_lead: \
Starting TestCrmLead.test_x ...
2026-12-01 06:00:00,000 1 ERROR db odoo.tests.suite: ERROR: setUpClass \
(odoo.addons.crm.tests.test_crm_lead.TestCRMLead)
"""


def test_failed_tests_ids():
    assert tzctl.failed_tests(CORE_LOG) == {
        "odoo.addons.sale.tests.test_sale_order: TestSaleOrder.test_confirm",
        "odoo.addons.base.tests.test_reports: "
        "TestReports.test_reports_with_report_lang",
        "odoo.addons.crm.tests.test_crm_lead: TestCRMLead.setUpClass",
    }


def test_test_tag_runs_one_test_or_a_failed_class():
    assert (
        tzctl.test_tag("odoo.addons.crm.tests.test_crm_ui: TestUi.test_01_crm_tour")
        == "/crm:TestUi.test_01_crm_tour"
    )
    assert (
        tzctl.test_tag("odoo.addons.crm.tests.test_crm_lead: TestCRMLead.setUpClass")
        == "/crm:TestCRMLead"
    )


PLAIN_LOG = (
    "2026-12-01 06:00:00,000 1 ERROR db odoo.tests.result: 0 failed, 0 error(s) "
    "of 9 tests when loading database 'db'\n"
)
TZ_LOG = CORE_LOG + PLAIN_LOG.replace("0 failed, 0", "2 failed, 1")


def test_compare_core_runs_counts_only_what_fails_again(monkeypatch):
    monkeypatch.setattr(tzctl, "read_core_differences", lambda: {})
    reported, asked = [], []
    sale = "odoo.addons.sale.tests.test_sale_order: TestSaleOrder.test_confirm"

    def rerun(tests):
        asked.append(set(tests))
        return {sale}  # the other two pass the second time

    line = tzctl.compare_core_runs(reported.append, PLAIN_LOG, TZ_LOG, rerun=rerun)
    assert asked == [tzctl.failed_tests(CORE_LOG)]
    assert reported == [f"core test passes without tz and fails with it: {sale}"]
    assert "9 run with and without tz: 1 broken by tz, 2 failed under load" in line


def test_compare_core_runs_without_rerun_counts_every_difference(monkeypatch):
    monkeypatch.setattr(tzctl, "read_core_differences", lambda: {})
    reported = []
    line = tzctl.compare_core_runs(reported.append, PLAIN_LOG, TZ_LOG)
    assert len(reported) == 3
    assert "3 broken by tz, 0 failed under load" in line


def test_rerun_that_crashes_clears_nothing(monkeypatch):
    monkeypatch.setattr(tzctl, "run_core_tests", lambda *a, **k: (1, "Traceback"))
    tests = tzctl.failed_tests(CORE_LOG)
    assert tzctl.rerun_core_tests(None, {}, "db", tests) == tests


def test_core_differences_file(tmp_path):
    path = tmp_path / "diff.txt"
    path.write_text(
        "# comment\n\nodoo.addons.sale.tests.test_sale_order: "
        "TestSaleOrder.test_confirm | tz_sales_credit blocks over-limit orders\n"
    )
    assert tzctl.read_core_differences(path) == {
        "odoo.addons.sale.tests.test_sale_order: TestSaleOrder.test_confirm": (
            "tz_sales_credit blocks over-limit orders"
        )
    }


def test_repository_core_differences_each_say_why():
    for test, why in tzctl.read_core_differences(tzctl.CORE_DIFFERENCES).items():
        assert tzctl.FAILED_TEST_RE.search(f" {test}".replace(": ", ": FAIL: ", 1))
        assert why, f"{test}: say why the difference is intended"


def test_parse_log_demo_data_failure_fails():
    log = LOG_OK + (
        "2026-11-26 10:00:00,000 1 WARNING db odoo.modules.loading: Module tz_a "
        "demo data failed to install, installed without demo data\n"
    )
    _passed, _failed, problems = tzctl.parse_odoo_log(log, ["tz_a", "tz_b"])
    assert problems == ["tz_a: its demo data failed to install"]
