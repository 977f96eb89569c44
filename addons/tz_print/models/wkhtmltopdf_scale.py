"""How many CSS millimetres make one printed millimetre with this wkhtmltopdf.

wkhtmltopdf built with its patched Qt honours ``--disable-smart-shrinking`` and
``--dpi 96``: 1 CSS mm prints as 1 mm. Debian's build (unpatched Qt) ignores
the switch and always prints 96 CSS px per 125 px of page, i.e. 1 CSS mm as
0.768 mm; layouts are then drawn 125/96 larger so the paper gets exact mm.
The system parameter ``tz_print.css_scale`` overrides the detection.
"""

import functools
import logging
import subprocess

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

UNPATCHED_QT_SCALE = 125.0 / 96.0


@functools.cache
def _detected_scale():
    try:
        out = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        _logger.warning("tz_print: wkhtmltopdf not found, positions assume patched Qt")
        return 1.0
    return 1.0 if "patched qt" in out.lower() else UNPATCHED_QT_SCALE


def css_scale(env):
    param = env["ir.config_parameter"].sudo().get_param("tz_print.css_scale")
    if param:
        try:
            return float(param)
        except ValueError:
            _logger.warning("tz_print.css_scale is not a number: %r", param)
    return _detected_scale()
