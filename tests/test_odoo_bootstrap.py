"""Tests of tools/odoo_bootstrap.py without network: source detection, the
version and edition checks, and that a second run reuses what the first made."""

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import odoo_bootstrap as boot  # noqa: E402
import odoo_locate  # noqa: E402
import tzctl  # noqa: E402

RELEASE = """\
RELEASE_LEVELS = [ALPHA, BETA, RELEASE_CANDIDATE, FINAL] = ['a', 'b', 'c', 'final']
version_info = ({major}, {minor}, 0, FINAL, 0, '{suffix}')
serie = '{major}.{minor}'
"""


def odoo_tree(path, major=18, minor=0, suffix="", enterprise=False):
    (path / "odoo").mkdir(parents=True)
    (path / "odoo" / "__init__.py").write_text("")
    (path / "odoo" / "release.py").write_text(
        RELEASE.format(major=major, minor=minor, suffix=suffix)
    )
    (path / "addons" / "web").mkdir(parents=True)
    (path / "addons" / "web" / "__manifest__.py").write_text("{}")
    if enterprise:
        (path / "addons" / "web_enterprise").mkdir()
    for name in ("odoo-bin", "setup.py", "requirements.txt"):
        (path / name).write_text("")
    # what a developer's checkout may hold beside Odoo: never copied
    (path / "venv").mkdir()
    (path / "venv" / "junk.py").write_text("")
    return path


def git(*argv, cwd):
    subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", *argv],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def odoo_repo(tmp_path):
    repo = odoo_tree(tmp_path / "repo")
    git("init", "-q", "-b", "18.0", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "Odoo 18", cwd=repo)
    first = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True
    ).stdout.strip()
    (repo / "odoo" / "release.py").write_text(
        RELEASE.format(major=19, minor=0, suffix="")
    )
    git("commit", "-q", "-am", "Odoo 19", cwd=repo)
    return repo, first


# ------------------------------------------------------------ source kinds
def test_source_kinds(tmp_path, odoo_repo):
    repo, _first = odoo_repo
    assert boot.source_kind("https://github.com/odoo/odoo.git") == "git-url"
    assert boot.source_kind("git@github.com:odoo/odoo.git") == "git-url"
    assert boot.source_kind(str(repo)) == "folder"  # a checkout with odoo/
    assert boot.source_kind(str(repo / ".git")) == "git-dir"
    tarball = tmp_path / "odoo.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(repo / "odoo", arcname="odoo-18.0/odoo")
    assert boot.source_kind(str(tarball)) == "tarball"
    with pytest.raises(boot.BootstrapError, match="no such file"):
        boot.source_kind(str(tmp_path / "nowhere"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(boot.BootstrapError, match="not an Odoo source folder"):
        boot.source_kind(str(tmp_path / "empty"))


# ---------------------------------------------------- version and edition
def test_check_tree_accepts_18_community(tmp_path):
    boot.check_tree(odoo_tree(tmp_path / "ok"))
    assert boot.read_version(tmp_path / "ok") == (18, 0, "")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"major": 17}, r"Odoo 17\.0; the tz addons need 18\.0"),
        ({"minor": 3}, r"Odoo 18\.3"),
        ({"suffix": "e"}, "Enterprise"),
        ({"enterprise": True}, "Enterprise.*web_enterprise"),
    ],
)
def test_check_tree_refuses(tmp_path, kwargs, message):
    with pytest.raises(boot.BootstrapError, match=message):
        boot.check_tree(odoo_tree(tmp_path / "t", **kwargs))


# ------------------------------------------------- getting it, and again
def test_git_dir_at_a_commit_takes_only_odoo_paths(tmp_path, odoo_repo):
    repo, first = odoo_repo
    var = tmp_path / "var"
    tree = boot.ensure_source(str(repo / ".git"), first, var)
    assert tree == var / "odoo-18.0"
    assert boot.read_version(tree) == (18, 0, "")
    assert not (tree / "venv").exists()
    # the branch tip is Odoo 19: refused, and the 18.0 tree is left as it was
    with pytest.raises(boot.BootstrapError, match="Odoo 19"):
        boot.ensure_source(str(repo / ".git"), "18.0", var)
    assert not (var / ".odoo-18.0.new").exists()


def test_second_run_reuses_the_tree(tmp_path, odoo_repo, monkeypatch):
    repo, first = odoo_repo
    var = tmp_path / "var"
    tree = boot.ensure_source(str(repo / ".git"), first, var)
    marker = tree / "kept"
    marker.write_text("same tree")

    def no_archive(*_args):
        raise AssertionError("the source was taken again")

    monkeypatch.setattr(boot, "_archive_paths", no_archive)
    assert boot.ensure_source(str(repo / ".git"), first, var) == tree
    assert marker.exists()


def test_other_source_replaces_the_tree(tmp_path, odoo_repo):
    repo, first = odoo_repo
    var = tmp_path / "var"
    boot.ensure_source(str(repo / ".git"), first, var)
    (var / "odoo-18.0" / "kept").write_text("old")
    tarball = tmp_path / "odoo.tar.gz"
    other = odoo_tree(tmp_path / "other")
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(other, arcname="odoo-18.0")
    tree = boot.ensure_source(str(tarball), None, var)
    assert not (tree / "kept").exists()
    assert boot.read_version(tree) == (18, 0, "")


def test_unpacked_folder_is_used_in_place(tmp_path):
    folder = odoo_tree(tmp_path / "src")
    assert boot.ensure_source(str(folder), None, tmp_path / "var") == folder
    assert not (tmp_path / "var" / "odoo-18.0").exists()


def test_venv_is_made_once(tmp_path, monkeypatch):
    tree = odoo_tree(tmp_path / "src")
    var = tmp_path / "var"
    repo_root = tmp_path / "repo"
    repo_root.mkdir()
    (repo_root / "requirements.txt").write_text("cn2an\n")
    calls = []
    monkeypatch.setattr(
        boot, "_pip", lambda python, *args, what=None: calls.append(args)
    )
    monkeypatch.setattr(boot, "_pip_supports_build_constraint", lambda p: True)
    python = boot.ensure_venv(tree, var, repo_root)
    assert python == var / "venv" / "bin" / "python" and python.exists()
    flat = [" ".join(c) for c in calls]
    assert any("--build-constraint" in c and "requirements.txt" in c for c in flat)
    editable = [c for c in flat if c.endswith(f"-e {tree}")]
    # pip refuses build constraints without build isolation
    assert editable and "--build-constraint" not in editable[0]
    assert "--no-build-isolation" in editable[0]
    # addon wheels' odoo/addons/ folder must not hide the editable odoo
    assert "editable_mode=compat" in editable[0]
    assert "setuptools<70" in (var / "build-constraints.txt").read_text()
    calls.clear()
    boot.ensure_venv(tree, var, repo_root)
    assert calls == [], "a second run reinstalled"
    (repo_root / "requirements.txt").write_text("cn2an\njieba\n")
    boot.ensure_venv(tree, var, repo_root)
    assert calls, "a changed requirements.txt must be installed"


# ------------------------------------------------------ tzctl and locate
def test_locate_prefers_the_brought_odoo_to_path(tmp_path, monkeypatch):
    var = tmp_path / "var"
    tree = odoo_tree(var / "odoo-18.0")
    python = var / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)
    monkeypatch.delenv("PYTHONPATH", raising=False)
    found = odoo_locate.locate({"PATH": str(tmp_path)}, var=var)
    assert found.command == [str(python), str(tree / "odoo-bin")]
    assert "brought by tzctl up" in found.source


def test_odoo_ref_needs_a_source():
    with pytest.raises(tzctl.SetupError, match="--odoo-ref goes with --odoo-source"):
        tzctl.find_or_bring_odoo(None, "18.0")
