"""Bring an Odoo 18.0 Community of its own when none is installed.

``tzctl up`` calls :func:`ensure_odoo` when no Odoo 18 is found (or when
``--odoo-source`` is given). It puts

* the Odoo source into ``var/odoo-18.0/`` (from a git URL or a local git
  repository at a ref, a source tarball, or an unpacked folder), checks that
  it says version 18.0 and that it is Community;
* a virtual environment into ``var/venv/`` with Odoo's own requirements, Odoo
  itself installed as a package (an editable install of that source: OCA
  addon wheels then find their ``odoo`` dependency satisfied), and ours.

Both are reused while what they were made from has not changed: a second
``up`` takes seconds. Standard library only.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

DEFAULT_SOURCE = "https://github.com/odoo/odoo.git"
DEFAULT_REF = "18.0"
REQUIRED_VERSION = (18, 0)
# what an Odoo source tree consists of; the rest of a repository (CI files,
# a developer's venv...) is not needed to run it
ODOO_PATHS = (
    "addons",
    "odoo",
    "odoo-bin",
    "requirements.txt",
    "setup.py",
    "setup.cfg",
    "setup",
    "MANIFEST.in",
    "LICENSE",
    "README.md",
)
# addons that only Odoo Enterprise has
ENTERPRISE_MARKERS = ("web_enterprise", "account_accountant", "web_studio")
# Odoo 18 pins cbor2 5.4.2, whose build needs pkg_resources (setuptools < 70)
BUILD_CONSTRAINTS = "setuptools<70\n"
# gevent 22.10.2 (Odoo 18's pin for Python 3.11) does not start with the
# zope.interface 7 / zope.event 5.1 that pip would pick: in multi-process mode
# the long-polling (gevent) worker died and was restarted over and over
RUNTIME_CONSTRAINTS = "zope.interface<7\nzope.event<5.1\n"
# what pip needs to build Odoo's requirements from source on Debian
BUILD_PACKAGES = ("libpq-dev", "libldap2-dev", "libsasl2-dev", "python3-dev")
STAMP = ".tz-bootstrap.json"


class BootstrapError(Exception):
    """Something the user can fix; the message says what."""


def say(msg):
    print(f"[tzctl] {msg}", flush=True)


# ---------------------------------------------------------------- the source
def source_kind(source):
    """'git-url', 'git-dir', 'tarball', 'folder', or raise BootstrapError."""
    if re.match(r"^(https?|ssh|git|file)://", source) or re.match(
        r"^[\w.-]+@[\w.-]+:", source
    ):
        if re.search(r"\.(tar(\.gz|\.bz2|\.xz)?|tgz|zip)$", source):
            raise BootstrapError(
                f"{source}: download the tarball first and pass its path"
            )
        return "git-url"
    path = Path(source).expanduser()
    if not path.exists():
        raise BootstrapError(f"--odoo-source {source}: no such file or folder")
    if path.is_file():
        if tarfile.is_tarfile(path) or zipfile.is_zipfile(path):
            return "tarball"
        raise BootstrapError(f"{source}: neither a tarball nor a zip file")
    if (path / "odoo" / "release.py").is_file():
        return "folder"
    if _is_git_dir(path):
        return "git-dir"
    raise BootstrapError(
        f"{source}: not an Odoo source folder (no odoo/release.py), nor a git "
        "repository"
    )


def _is_git_dir(path):
    res = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "--git-dir"],
        capture_output=True,
        text=True,
        check=False,
    )
    return res.returncode == 0


def read_version(tree):
    """(major, minor, suffix) from ``odoo/release.py`` of a source tree."""
    release = Path(tree) / "odoo" / "release.py"
    if not release.is_file():
        raise BootstrapError(f"{tree}: no odoo/release.py, not an Odoo source tree")
    text = release.read_text(encoding="utf-8")
    match = re.search(r"^version_info\s*=\s*\(([^)]*)\)", text, re.M)
    if not match:
        raise BootstrapError(f"{release}: no version_info")
    parts = [p.strip() for p in match.group(1).split(",")]
    try:
        major, minor = int(parts[0]), int(parts[1].split("~")[-1])
    except (ValueError, IndexError):
        raise BootstrapError(f"{release}: unreadable version_info") from None
    suffix = parts[5].strip("'\"") if len(parts) > 5 else ""
    return major, minor, suffix


def check_tree(tree):
    """Refuse anything but an Odoo 18.0 Community source tree."""
    tree = Path(tree)
    major, minor, suffix = read_version(tree)
    if (major, minor) != REQUIRED_VERSION:
        raise BootstrapError(
            f"{tree} is Odoo {major}.{minor}; the tz addons need "
            f"{REQUIRED_VERSION[0]}.{REQUIRED_VERSION[1]}"
        )
    enterprise = [m for m in ENTERPRISE_MARKERS if (tree / "addons" / m).is_dir()]
    if suffix == "e" or enterprise:
        raise BootstrapError(
            f"{tree} is Odoo Enterprise ({', '.join(enterprise) or 'version e'}); "
            "the tz tools bring up Odoo Community only"
        )
    for needed in ("odoo-bin", "setup.py", "requirements.txt"):
        if not (tree / needed).is_file():
            raise BootstrapError(f"{tree}: {needed} is missing")
    if not (tree / "addons" / "web" / "__manifest__.py").is_file():
        raise BootstrapError(f"{tree}: the core addons folder (addons/web) is missing")


def _run(argv, **kwargs):
    res = subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)
    if res.returncode:
        detail = (res.stderr or res.stdout).strip().splitlines()[-5:]
        raise BootstrapError(f"{' '.join(argv[:4])}… failed:\n  " + "\n  ".join(detail))
    return res.stdout


def _archive_paths(git_dir, ref, dest):
    """Extract the Odoo paths of ``ref`` from a git repository into dest."""
    try:
        commit = _run(["git", f"--git-dir={git_dir}", "rev-parse", f"{ref}^{{commit}}"])
    except BootstrapError:
        raise BootstrapError(f"{git_dir}: no commit or branch '{ref}'") from None
    names = set(
        _run(["git", f"--git-dir={git_dir}", "ls-tree", "--name-only", ref]).split()
    )
    paths = [p for p in ODOO_PATHS if p in names]
    dest.mkdir(parents=True)
    archive = subprocess.Popen(
        ["git", f"--git-dir={git_dir}", "archive", "--format=tar", ref, *paths],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        _extract(tar, dest, trusted=True)  # our own git objects
    archive.stdout.close()
    if archive.wait():
        raise BootstrapError(
            f"git archive of {ref} failed: {archive.stderr.read().decode().strip()}"
        )
    return commit.strip()


def _git_dir_of(path):
    out = _run(["git", "-C", str(path), "rev-parse", "--absolute-git-dir"])
    return out.strip()


def _fetch_url(url, ref, cache):
    """Shallow fetch of ``ref`` from a git URL into a bare cache repository."""
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / "HEAD").exists():
        _run(["git", "init", "-q", "--bare", str(cache)])
    say(f"fetching Odoo {ref} from {url} (shallow)")
    _run(
        [
            "git",
            f"--git-dir={cache}",
            "fetch",
            "-q",
            "--depth=1",
            url,
            f"+{ref}:refs/tz/odoo" if not re.fullmatch(r"[0-9a-f]{7,40}", ref) else ref,
        ]
    )
    if re.fullmatch(r"[0-9a-f]{7,40}", ref):
        return ref
    return "refs/tz/odoo"


def _unpack(archive, dest):
    tmp = Path(tempfile.mkdtemp(dir=dest.parent, prefix=".unpack-"))
    try:
        if zipfile.is_zipfile(archive):
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(tmp)
        else:
            with tarfile.open(archive) as tar:
                _extract(tar, tmp)
        entries = list(tmp.iterdir())
        root = entries[0] if len(entries) == 1 and entries[0].is_dir() else tmp
        root.rename(dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _extract(tar, dest, trusted=False):
    """extractall with the safe filter where this Python has filters."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(dest, filter="fully_trusted" if trusted else "data")
    else:  # Python < 3.10.12 / 3.11.4
        tar.extractall(dest)


def _stamp(path):
    try:
        return json.loads((Path(path) / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_stamp(path, data):
    (Path(path) / STAMP).write_text(json.dumps(data, indent=1), encoding="utf-8")


def source_id(source, ref, kind):
    """What identifies the asked-for source, to know when the cache is stale."""
    if kind == "git-url":
        return {"source": source, "ref": ref}
    path = Path(source).expanduser().resolve()
    if kind == "git-dir":
        commit = _run(["git", "-C", str(path), "rev-parse", f"{ref}^{{commit}}"])
        return {"source": str(path), "ref": ref, "commit": commit.strip()}
    if kind == "tarball":
        stat = path.stat()
        return {"source": str(path), "size": stat.st_size, "mtime": int(stat.st_mtime)}
    return {"source": str(path)}


def ensure_source(source, ref, var):
    """The Odoo source tree to use: a folder as given, else ``var/odoo-18.0``."""
    kind = source_kind(source)
    if kind == "folder":
        tree = Path(source).expanduser().resolve()
        check_tree(tree)
        return tree
    tree = var / "odoo-18.0"
    wanted = source_id(source, ref, kind)
    if tree.is_dir() and _stamp(tree).get("id") == wanted:
        return tree
    if tree.exists():
        say(f"replacing {tree} (it was made from another source)")
        shutil.rmtree(tree)
    var.mkdir(parents=True, exist_ok=True)
    staging = var / ".odoo-18.0.new"
    shutil.rmtree(staging, ignore_errors=True)
    if kind == "tarball":
        say(f"unpacking {source}")
        _unpack(Path(source).expanduser(), staging)
        commit = None
    elif kind == "git-dir":
        say(f"taking Odoo {ref} from the git repository {source}")
        commit = _archive_paths(_git_dir_of(Path(source).expanduser()), ref, staging)
    else:
        cache = var / "odoo-src.git"
        fetched = _fetch_url(source, ref, cache)
        commit = _archive_paths(str(cache), fetched, staging)
    try:
        check_tree(staging)
    except BootstrapError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _write_stamp(staging, {"id": wanted, "commit": commit})
    staging.rename(tree)
    return tree


# ------------------------------------------------------------------ the venv
def venv_python(venv):
    return Path(venv) / "bin" / "python"


def _requirements_digest(tree, repo_root):
    digest = hashlib.sha256()
    for path in (
        Path(tree) / "requirements.txt",
        Path(repo_root) / "requirements.txt",
        Path(repo_root) / "requirements-test.txt",
    ):
        if path.is_file():
            digest.update(path.read_bytes())
    digest.update(str(Path(tree).resolve()).encode())
    return digest.hexdigest()


def _pip(python, *args, what=None):
    argv = [str(python), "-m", "pip", "install", "-q", *args]
    say(f"pip install {what or ' '.join(args)}")
    res = subprocess.run(argv, check=False)
    if res.returncode:
        raise BootstrapError(
            f"pip install {' '.join(args)} failed (exit {res.returncode})"
        )


def _pip_supports_build_constraint(python):
    res = subprocess.run(
        [str(python), "-m", "pip", "install", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    return "--build-constraint" in res.stdout


def ensure_venv(tree, var, repo_root, base_python=None):
    """A virtual environment with Odoo (editable) and the tz requirements."""
    venv = var / "venv"
    python = venv_python(venv)
    digest = _requirements_digest(tree, repo_root)
    if python.exists() and _stamp(venv).get("digest") == digest:
        return python
    if not python.exists():
        say(f"creating the virtual environment {venv}")
        res = subprocess.run(
            [base_python or sys.executable, "-m", "venv", str(venv)], check=False
        )
        if res.returncode:
            raise BootstrapError(
                "could not create a virtual environment: install Debian's "
                "python3-venv ('apt-get install python3-venv')"
            )
    constraints = var / "build-constraints.txt"
    constraints.write_text(BUILD_CONSTRAINTS, encoding="utf-8")
    runtime = var / "runtime-constraints.txt"
    runtime.write_text(RUNTIME_CONSTRAINTS, encoding="utf-8")
    _pip(python, "--upgrade", "pip", "wheel", "setuptools<70")
    build = ["-c", str(constraints)]
    if _pip_supports_build_constraint(python):
        build += ["--build-constraint", str(constraints)]
    _pip(
        python,
        *build,
        "-c",
        str(runtime),
        "-r",
        str(Path(tree) / "requirements.txt"),
        what="Odoo's requirements.txt",
    )
    # Odoo as a package: what lets OCA addon wheels (odoo-addon-*) install.
    # "compat" puts the source folder on sys.path (a .pth line): with the
    # default import hook, the odoo/addons/ folder that addon wheels create
    # in site-packages would hide the real odoo package.
    _pip(
        python,
        "-c",
        str(constraints),
        "--no-build-isolation",
        "--config-settings",
        "editable_mode=compat",
        "-e",
        str(tree),
        what=f"-e {tree} (Odoo itself)",
    )
    _pip(
        python,
        "-r",
        str(Path(repo_root) / "requirements.txt"),
        what="the tz addons' requirements.txt",
    )
    _write_stamp(venv, {"digest": digest, "odoo": str(Path(tree).resolve())})
    return python


# ---------------------------------------------------------- system packages
def missing_debian_packages(packages):
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for pkg in packages:
        res = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", pkg],
            capture_output=True,
            text=True,
            check=False,
        )
        if "ok installed" not in res.stdout:
            missing.append(pkg)
    return missing


def ensure_debian_packages(packages, why):
    """Install missing Debian packages when root; else say exactly what to do."""
    missing = missing_debian_packages(packages)
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"installing Debian packages ({why}): {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        update = subprocess.run(["apt-get", "update", "-q"], env=env, check=False)
        res = subprocess.run(
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
            env=env,
            check=False,
        )
        if update.returncode == 0 and res.returncode == 0:
            return
    raise BootstrapError(
        f"these Debian packages are needed ({why}): {' '.join(missing)}\n"
        f"  sudo apt-get install {' '.join(missing)}"
    )


def ensure_odoo(var, repo_root, source=None, ref=None):
    """Source tree and venv python of the Odoo the tools bring themselves."""
    source = source or DEFAULT_SOURCE
    ref = ref or DEFAULT_REF
    if not shutil.which("git") and source_kind(source) in ("git-url", "git-dir"):
        ensure_debian_packages(["git"], "to get the Odoo source")
    tree = ensure_source(source, ref, Path(var))
    python = venv_python(Path(var) / "venv")
    if not (python.exists() and _stamp(Path(var) / "venv").get("digest")):
        ensure_debian_packages(BUILD_PACKAGES, "to build Odoo's Python requirements")
    return tree, ensure_venv(tree, Path(var), repo_root)
