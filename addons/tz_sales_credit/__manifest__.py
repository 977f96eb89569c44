{
    "name": "Tianzong Sales Credit Control",
    "summary": "Enforced credit limits, payment-term holds, temporary credit "
    "and credit approvals for sales orders (信用控制)",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Tianzong",
    "website": "https://github.com/tianzong/tz-addons",
    "category": "Sales/Sales",
    "depends": ["sale_management", "account", "stock"],
    "external_dependencies": {"python": ["cn2an"]},
    "data": [
        "security/tz_sales_credit_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/tz_credit_approval_views.xml",
        "views/tz_credit_limit_temp_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/tz_sales_credit_menus.xml",
        "report/sale_report_templates.xml",
        "report/account_invoice_report_templates.xml",
    ],
    "demo": ["data/tz_sales_credit_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "tz_sales_credit/static/tests/tours/*.js",
        ],
    },
}
