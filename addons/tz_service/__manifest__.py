{
    "name": "Tianzong Service Management",
    "summary": "Service requests with SLA, knowledge base, diagnostic decision trees "
    "and Chinese full-text search (服务管理)",
    "version": "18.0.1.1.0",
    "license": "LGPL-3",
    "author": "Tianzong",
    "website": "https://github.com/tianzong/tz-addons",
    "category": "Services/Service",
    "depends": ["mail", "portal", "product", "sale", "tz_base"],
    "external_dependencies": {"python": ["jieba"]},
    "data": [
        "security/tz_service_security.xml",
        "security/ir.model.access.csv",
        "data/tz_service_data.xml",
        "views/tz_service_team_views.xml",
        "views/tz_service_config_views.xml",
        "views/tz_kb_article_views.xml",
        "views/tz_diagnosis_tree_views.xml",
        "views/tz_service_request_views.xml",
        "wizard/tz_diagnosis_walk_views.xml",
        "wizard/tz_service_search_views.xml",
        "wizard/tz_kb_article_submit_views.xml",
        "views/tz_service_report_views.xml",
        "views/tz_service_menus.xml",
        "views/tz_service_portal_templates.xml",
    ],
    "demo": [
        "data/tz_service_demo.xml",
        "data/tz_kb_article_demo.xml",
        "data/tz_diagnosis_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "tz_service/static/tests/tours/**/*",
        ],
    },
    "application": True,
}
