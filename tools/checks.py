"""Static checks of the tz addons that need neither Odoo nor a database.

Each check returns a list of problems (strings); an empty list means it passed.
Standard library only, so the checks run before anything is installed.
"""

import ast
import csv
import email.parser
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
REQUIRED_KEYS = ("name", "version", "license", "author", "depends", "summary")
ALLOWED_LICENSES = {"LGPL-3", "AGPL-3"}
# an addon under one of these licences may only be depended on by addons
# under the same licence (the LGPL-3 tz addons never depend on tz_system)
COPYLEFT_LICENSES = {"AGPL-3"}

# Third-party libraries Odoo 18 itself requires: addons may import them without
# declaring them, unless this project's rules say otherwise (below).
ODOO_PROVIDED = {
    "babel",
    "dateutil",
    "docutils",
    "jinja2",
    "markupsafe",
    "passlib",
    "PIL",
    "psutil",
    "psycopg2",
    "pytz",
    "reportlab",
    "requests",
    "werkzeug",
    "xlrd",
    "xlwt",
    "lxml",
    "freezegun",
    "openpyxl",
    "urllib3",
    "PyPDF2",
    "pypdf",
}
# The developers' guide asks these to be declared even where Odoo ships them.
MUST_DECLARE = {
    "xlsxwriter",
    "num2words",
    "cn2an",
    "phonenumbers",
    "stdnum",
    "pypinyin",
    "jieba",
    "chinese_calendar",
}
# Import name -> distribution name in requirements.txt.
DISTRIBUTION = {
    "stdnum": "python-stdnum",
    "chinese_calendar": "chinesecalendar",
    "xlsxwriter": "xlsxwriter",
    "odoo_test_helper": "odoo-test-helper",
    "pdfminer": "pdfminer.six",
}
# Libraries only the addons' tests import: requirements-test.txt lists them
# (installed by the test command), the addons do not declare them.
TEST_ONLY = {"odoo_test_helper", "pdfminer"}
# Odoo accepts a distribution name or an import name in external_dependencies.
IMPORT_NAME = {dist.lower(): name for name, dist in DISTRIBUTION.items()}


def import_name(declared):
    return IMPORT_NAME.get(declared.lower(), declared)


def addon_dirs(addons_root):
    root = Path(addons_root)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "__manifest__.py").is_file())


def read_manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))


def check_manifest(addon):
    problems = []
    name = addon.name
    try:
        manifest = read_manifest(addon)
    except (SyntaxError, ValueError) as exc:
        return [f"{name}: __manifest__.py is not a literal dict ({exc})"]
    for key in REQUIRED_KEYS:
        if key not in manifest:
            problems.append(f"{name}: manifest lacks '{key}'")
    if not VERSION_RE.match(str(manifest.get("version", ""))):
        problems.append(
            f"{name}: version {manifest.get('version')!r} is not 18.0.x.y.z"
        )
    if manifest.get("license") not in ALLOWED_LICENSES:
        problems.append(f"{name}: license {manifest.get('license')!r} not allowed")
    if not manifest.get("depends"):
        problems.append(f"{name}: manifest 'depends' is empty")
    for key in ("data", "demo"):
        for rel in manifest.get(key, []):
            if not (addon / rel).is_file():
                problems.append(f"{name}: {key} file {rel} does not exist")
        if len(set(manifest.get(key, []))) != len(manifest.get(key, [])):
            problems.append(f"{name}: {key} lists a file twice")
    for bundle, files in manifest.get("assets", {}).items():
        for rel in files:
            rel = rel[1] if isinstance(rel, (list, tuple)) else rel
            if "*" in rel or not rel.startswith(f"{name}/"):
                continue
            if not (addon.parent / rel).is_file():
                problems.append(f"{name}: asset {rel} ({bundle}) does not exist")
    for must in ("readme/DESCRIPTION.md", "static/description/icon.png"):
        if not (addon / must).is_file():
            problems.append(f"{name}: {must} is missing")
    problems += check_pyproject(addon)
    return problems


def check_pyproject(addon):
    """Each addon builds as a wheel with the OCA backend, like OCA addons."""
    path = addon / "pyproject.toml"
    if not path.is_file():
        return [f"{addon.name}: pyproject.toml is missing (whool build backend)"]
    if 'build-backend = "whool.buildapi"' not in path.read_text(encoding="utf-8"):
        return [f"{addon.name}: pyproject.toml does not use whool.buildapi"]
    return []


def wheel_metadata(wheel):
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(zf.read(name).decode("utf-8"))


def check_wheel(addon, wheel):
    """The wheel says what the manifest says: name, version, dependencies."""
    manifest = read_manifest(addon)
    meta = wheel_metadata(wheel)
    problems = []
    if meta["Name"] != f"odoo-addon-{addon.name}":
        problems.append(f"name {meta['Name']!r}, expected odoo-addon-{addon.name}")
    version = meta["Version"]
    # whool adds the commits since the manifest's version changed
    # (18.0.1.1.0.3), or .99.devN for uncommitted changes
    if not re.fullmatch(
        re.escape(manifest["version"]) + r"(\.\d+|\.99\.dev\d+)?", version
    ):
        problems.append(f"version {version} does not follow {manifest['version']}")
    requires = {
        re.split(r"[<>=!~; \[]", req)[0].lower(): req
        for req in meta.get_all("Requires-Dist") or []
    }
    if "odoo" not in requires or "18.0" not in requires["odoo"]:
        problems.append("does not require odoo 18.0")
    siblings = {a.name for a in addon_dirs(addon.parent)}
    for dep in manifest.get("depends", []):
        if dep in siblings and f"odoo-addon-{dep}".lower() not in requires:
            problems.append(f"does not require odoo-addon-{dep}")
    for lib in manifest.get("external_dependencies", {}).get("python", []):
        dist = DISTRIBUTION.get(import_name(lib), lib).lower()
        if dist not in requires:
            problems.append(f"does not require {dist}")
    return problems


def _file_imports(path):
    names = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _top_level_imports(addon):
    """What the addon imports; test-only libraries count only outside tests/."""
    names = set()
    for path in addon.rglob("*.py"):
        imports = _file_imports(path)
        if "tests" in path.relative_to(addon).parts[:-1]:
            imports -= TEST_ONLY
        names |= imports
    return names


def third_party_imports(addon):
    stdlib = set(sys.stdlib_module_names)
    return {
        n
        for n in _top_level_imports(addon)
        if n not in stdlib and n != "odoo" and n != "__future__"
    }


def requirement_names(requirements_file):
    names = set()
    path = Path(requirements_file)
    if not path.is_file():
        return names
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[<>=!~;\[ ]", line)[0].lower())
    return names


def check_external_dependencies(addon, requirements):
    name = addon.name
    manifest = read_manifest(addon)
    declared = {
        import_name(d)
        for d in manifest.get("external_dependencies", {}).get("python", [])
    }
    imported = third_party_imports(addon)
    problems = []
    for lib in sorted(imported - declared):
        if lib in MUST_DECLARE or lib not in ODOO_PROVIDED:
            problems.append(
                f"{name}: imports '{lib}' but external_dependencies does not list it"
            )
    for lib in sorted(declared - imported):
        problems.append(f"{name}: external_dependencies lists '{lib}', never imported")
    for lib in sorted(declared):
        dist = DISTRIBUTION.get(lib, lib).lower()
        if lib in ODOO_PROVIDED and lib not in MUST_DECLARE:
            continue  # comes with Odoo: requirements.txt lists only what Odoo lacks
        if dist not in requirements:
            problems.append(f"{name}: '{lib}' ({dist}) is not in requirements.txt")
    return problems


def check_requirements_used(addons, requirements):
    """Every requirement is imported by some addon (or is Odoo's own driver),
    or is the wheel of an OCA addon some tz addon depends on."""
    used = set()
    for addon in addons:
        used |= {DISTRIBUTION.get(n, n).lower() for n in third_party_imports(addon)}
        used |= {
            f"odoo-addon-{dep}".lower()
            for dep in read_manifest(addon).get("depends", [])
        }
    return [
        f"requirements.txt: '{req}' is imported by no tz addon"
        for req in sorted(requirements - used)
    ]


def check_licenses(addons):
    """An LGPL-3 tz addon never depends on an AGPL-3 one."""
    licenses = {a.name: read_manifest(a).get("license") for a in addons}
    problems = []
    for addon in addons:
        for dep in read_manifest(addon).get("depends", []):
            if (
                licenses.get(dep) in COPYLEFT_LICENSES
                and licenses[addon.name] != licenses[dep]
            ):
                problems.append(
                    f"{addon.name}: {licenses[addon.name]} but depends on "
                    f"{dep} ({licenses[dep]})"
                )
    return problems


def check_xml(addon):
    problems = []
    for path in sorted(addon.rglob("*.xml")):
        try:
            ElementTree.parse(path)
        except ElementTree.ParseError as exc:
            problems.append(f"{path}: not well-formed XML ({exc})")
    return problems


def _model_names(addon):
    """(model name, kind) for every class of the addon that creates a model."""
    found = []
    for path in sorted(addon.rglob("*.py")):
        if "tests" in path.relative_to(addon).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {ast.unparse(b) for b in node.bases}
            if bases & {"models.AbstractModel", "AbstractModel"}:
                continue
            if not bases & {
                "models.Model",
                "models.TransientModel",
                "Model",
                "TransientModel",
            }:
                continue
            attrs = {}
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                    target = stmt.targets[0]
                    if isinstance(target, ast.Name):
                        try:
                            attrs[target.id] = ast.literal_eval(stmt.value)
                        except ValueError:
                            continue
            model = attrs.get("_name")
            inherit = attrs.get("_inherit") or []
            inherit = [inherit] if isinstance(inherit, str) else list(inherit)
            if model and model not in inherit:
                found.append(model)
    return found


def check_access(addon):
    csv_path = addon / "security" / "ir.model.access.csv"
    models = _model_names(addon)
    if not models:
        return []
    if not csv_path.is_file():
        return [f"{addon.name}: defines models but has no security/ir.model.access.csv"]
    with csv_path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    covered = {row.get("model_id:id", "").split(".")[-1] for row in rows}
    ids = [row.get("id") for row in rows]
    problems = [
        f"{addon.name}: model {model} has no line in ir.model.access.csv"
        for model in models
        if "model_" + model.replace(".", "_") not in covered
    ]
    dupes = {i for i in ids if ids.count(i) > 1}
    problems += [f"{addon.name}: access id {i} repeated" for i in sorted(dupes)]
    return problems


def _po_msgids(path):
    """msgids of a .po/.pot file (msgctxt ignored: Odoo uses none)."""
    ids, current, in_id = set(), [], False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            current, in_id = [line[6:]], True
        elif line.startswith("msgstr") or line.startswith("msgid_plural"):
            if in_id:
                ids.add("".join(ast.literal_eval(s) for s in current))
            in_id = False
        elif in_id and line.startswith('"'):
            current.append(line)
    ids.discard("")
    return ids


def check_translations(addon, msgfmt=None):
    name = addon.name
    i18n = addon / "i18n"
    pot, zh = i18n / f"{name}.pot", i18n / "zh_CN.po"
    problems = [
        f"{name}: {p.relative_to(addon)} is missing"
        for p in (pot, zh)
        if not p.is_file()
    ]
    if problems:
        return problems
    msgfmt = msgfmt or shutil.which("msgfmt")
    if not msgfmt:
        return [f"{name}: msgfmt (Debian's gettext) is needed to check .po files"]
    for po in [*sorted(i18n.glob("*.po")), pot]:
        out = subprocess.run(
            [msgfmt, "--check-format", "--statistics", "-o", "/dev/null", str(po)],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            problems.append(f"{po}: does not compile: {out.stderr.strip()}")
        elif po == zh and ("untranslated" in out.stderr or "fuzzy" in out.stderr):
            problems.append(f"{po}: incomplete: {out.stderr.strip()}")
    missing = _po_msgids(pot) - _po_msgids(zh)
    if missing:
        sample = ", ".join(sorted(missing)[:3])
        problems.append(
            f"{zh}: {len(missing)} terms of the .pot are missing (e.g. {sample})"
        )
    return problems


def run_all(repo_root):
    """Run every static check of this module; return the list of problems."""
    repo_root = Path(repo_root)
    addons = addon_dirs(repo_root / "addons")
    requirements = requirement_names(repo_root / "requirements.txt")
    problems = []
    for addon in addons:
        problems += check_manifest(addon)
        problems += check_xml(addon)
        problems += check_access(addon)
        problems += check_translations(addon)
        try:
            problems += check_external_dependencies(addon, requirements)
        except SyntaxError as exc:
            problems.append(f"{addon.name}: Python syntax error: {exc}")
    if addons:
        problems += check_requirements_used(addons, requirements)
    problems += check_licenses(addons)
    return problems
