{
    "name": "Docs Center 资料中心",
    "version": "18.0.1.1.0",
    "category": "Marketing",
    "summary": "Company & person directories, pinyin search, address books, "
    "documents with versions, mass email and SMS through Chinese gateways",
    "author": "Tianzong",
    "website": "https://github.com/tianzong/tz-addons",
    "license": "LGPL-3",
    "depends": [
        "tz_base",
        "contacts",
        "crm",
        "mass_mailing",
        "sms",
        "mass_mailing_sms",
    ],
    "external_dependencies": {
        "python": [
            "pypinyin",
            "python-stdnum",
            "phonenumbers",
            "xlsxwriter",
            "openpyxl",
            "requests",
        ]
    },
    "data": [
        "security/tz_docs_center_security.xml",
        "security/ir.model.access.csv",
        "data/tz_docs_center_data.xml",
        "views/tz_directory_company_views.xml",
        "views/tz_directory_person_views.xml",
        "views/tz_address_book_views.xml",
        "views/tz_document_views.xml",
        "views/tz_sms_gateway_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/tz_docs_dashboard_views.xml",
        "wizard/tz_directory_company_merge_views.xml",
        "views/tz_docs_center_menus.xml",
    ],
    "demo": [
        "data/tz_docs_center_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "tz_docs_center/static/src/js/*.js",
        ],
        "web.assets_tests": [
            "tz_docs_center/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
