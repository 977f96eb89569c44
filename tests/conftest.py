"""Shared pytest helpers for the pure-Python tests of the tz addons.

Pure logic lives in ``addons/<module>/lib/<name>.py`` and must not import
``odoo`` nor use relative imports, so it can be loaded here by file path
without importing the addon package (whose ``__init__`` imports Odoo).
"""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"


def load_addon_lib(module, name):
    """Import ``addons/<module>/lib/<name>.py`` as a standalone module."""
    path = ADDONS / module / "lib" / f"{name}.py"
    qualname = f"_tzlib_{module}_{name}"
    if qualname in sys.modules:
        return sys.modules[qualname]
    spec = importlib.util.spec_from_file_location(qualname, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[qualname] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def addon_lib():
    return load_addon_lib
