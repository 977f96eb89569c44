"""Find the Odoo 18.0 that runs the tz addons, and the Python that runs it.

Looked for, in this order (the first that is set or found wins):

1. ``ODOO_HOME``: an Odoo source tree (the folder holding ``odoo-bin``).
   Its Python is ``ODOO_PYTHON`` if set, else the Python running this tool.
2. ``ODOO_BIN``: an ``odoo``/``odoo-bin`` executable; its Python is read from
   its ``#!`` line (``ODOO_PYTHON`` overrides it).
3. The Odoo that ``tzctl up`` brought into this checkout (``var/odoo-18.0``
   run by ``var/venv``), when there is one.
4. ``odoo`` (then ``odoo-bin``) on ``PATH``, handled like ``ODOO_BIN``.
5. An ``odoo`` package importable by ``ODOO_PYTHON`` or by this Python.

Whatever is found must report version 18.0, else it is refused with a reason.
Standard library only: this runs before any requirement is installed.
"""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REQUIRED_SERIES = "18.0"

HOW_TO_POINT = (
    "Point the tz tools at an Odoo 18.0 Community installation with one of:\n"
    "  export ODOO_HOME=/path/to/odoo        # a source checkout holding odoo-bin\n"
    "  export ODOO_BIN=/path/to/odoo-bin     # or a packaged 'odoo' executable\n"
    "  export ODOO_PYTHON=/path/to/python    # the Python that runs that Odoo\n"
    "or put 'odoo' on PATH, or install Odoo into the Python running this tool;\n"
    "or let 'python3 tools/tzctl.py up' bring Odoo 18.0 Community into var/\n"
    "(--odoo-source URL|PATH [--odoo-ref REF] where there is no internet)."
)


class OdooNotFound(Exception):
    """No usable Odoo 18.0; the message says what was tried and why."""


@dataclass
class OdooInstall:
    python: str
    command: list  # argv prefix that starts odoo (server and sub-commands)
    series: str
    root: str  # folder of the ``odoo`` package
    source: str  # how it was found, for messages
    core_addons: list = field(default_factory=list)

    def addons_path(self, repo_addons):
        """Comma list for --addons-path: ours first, then core addons folders."""
        return ",".join([str(repo_addons), *self.core_addons])


def _shebang_python(executable):
    try:
        with open(executable, "rb") as fh:
            first = fh.readline().decode("utf-8", "replace").strip()
    except OSError:
        return None
    if not first.startswith("#!"):
        return None
    parts = first[2:].split()
    if not parts:
        return None
    if os.path.basename(parts[0]) == "env" and len(parts) > 1:
        return shutil.which(parts[1])
    return parts[0]


_PROBE = (
    "import os, odoo.release as r; "
    "print(r.serie); "
    "print(os.path.dirname(os.path.abspath(r.__file__)))"
)


def _probe(python, extra_sys_path=None):
    """Ask ``python`` which Odoo it imports: (series, package folder)."""
    env = dict(os.environ)
    if extra_sys_path:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (extra_sys_path, env.get("PYTHONPATH")) if p
        )
    try:
        out = subprocess.run(
            [python, "-c", _PROBE],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"cannot run {python}: {exc}"
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"{python} cannot import odoo ({last})"
    lines = out.stdout.strip().splitlines()
    return (lines[-2], lines[-1]), None


def _core_addons(package_root):
    """Addons folders to add beside ours (source trees keep them outside odoo/)."""
    folders = []
    sibling = Path(package_root).parent / "addons"
    if (sibling / "web" / "__manifest__.py").is_file():
        folders.append(str(sibling))
    return folders


def _build(python, command, probe, source):
    found, error = probe
    if error:
        raise OdooNotFound(f"{source}: {error}")
    series, root = found
    if series != REQUIRED_SERIES:
        raise OdooNotFound(
            f"{source}: found Odoo {series} at {root}, the tz addons need "
            f"{REQUIRED_SERIES}"
        )
    return OdooInstall(
        python=python,
        command=command,
        series=series,
        root=root,
        source=source,
        core_addons=_core_addons(root),
    )


def from_home(home, python):
    home = Path(home).expanduser().resolve()
    odoo_bin = home / "odoo-bin"
    if not odoo_bin.is_file() or not (home / "odoo" / "release.py").is_file():
        raise OdooNotFound(
            f"ODOO_HOME={home}: no odoo-bin and odoo/release.py in that folder"
        )
    res = _probe(python, extra_sys_path=str(home))
    return _build(python, [python, str(odoo_bin)], res, f"ODOO_HOME={home}")


def _from_executable(executable, python, source):
    python = python or _shebang_python(executable)
    if not python:
        raise OdooNotFound(f"{source}: cannot tell which Python runs {executable}")
    return _build(python, [python, executable], _probe(python), source)


def brought(var):
    """The Odoo that ``tzctl up`` brought into ``var``, or None."""
    if not var:
        return None
    tree, python = Path(var) / "odoo-18.0", Path(var) / "venv" / "bin" / "python"
    if not ((tree / "odoo-bin").is_file() and python.is_file()):
        return None
    install = from_home(tree, str(python))
    install.source = f"brought by tzctl up into {tree}"
    return install


def locate(environ=None, var=None):
    """Return an :class:`OdooInstall` or raise :class:`OdooNotFound`.

    ``var``: the folder where ``tzctl up`` puts the Odoo it brings."""
    environ = os.environ if environ is None else environ
    python = environ.get("ODOO_PYTHON") or None
    if environ.get("ODOO_HOME"):
        return from_home(environ["ODOO_HOME"], python or sys.executable)
    if environ.get("ODOO_BIN"):
        executable = shutil.which(environ["ODOO_BIN"]) or environ["ODOO_BIN"]
        if not os.path.isfile(executable):
            raise OdooNotFound(f"ODOO_BIN={environ['ODOO_BIN']}: no such file")
        return _from_executable(executable, python, f"ODOO_BIN={executable}")
    tried = []
    try:
        install = brought(var)
    except OdooNotFound as exc:
        install = None
        tried.append(str(exc))
    if install:
        return install
    for name in ("odoo", "odoo-bin"):
        executable = shutil.which(name, path=environ.get("PATH"))
        if executable:
            try:
                return _from_executable(executable, python, f"{name} on PATH")
            except OdooNotFound as exc:
                tried.append(str(exc))
    for candidate in dict.fromkeys(filter(None, [python, sys.executable])):
        res = _probe(candidate)
        if not res[1]:
            return _build(
                candidate, [candidate, "-m", "odoo"], res, f"odoo in {candidate}"
            )
        tried.append(res[1])
    detail = "\n".join(f"  - {t}" for t in tried) or "  - nothing to try"
    raise OdooNotFound(
        f"No Odoo {REQUIRED_SERIES} found. Tried:\n{detail}\n\n{HOW_TO_POINT}"
    )
