{
    "name": "Tianzong Form Printing",
    "summary": "Print documents on pre-printed forms (套打) or plain paper (全打) "
    "from layouts drawn in a what-you-see-is-what-you-get designer",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Tianzong",
    "website": "https://github.com/tianzong/tz-addons",
    "category": "Productivity/Printing",
    "depends": ["web", "sale", "stock", "account", "tz_base"],
    "data": [
        "security/tz_print_security.xml",
        "security/ir.model.access.csv",
        "report/tz_print_templates.xml",
        "views/tz_print_layout_views.xml",
        "views/tz_print_offset_views.xml",
        "views/tz_print_menus.xml",
        "data/tz_print_layout_data.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "tz_print/static/src/designer/*",
        ],
        "web.assets_tests": [
            "tz_print/static/tests/tours/*.js",
        ],
    },
}
