{
    "name": "Tianzong Background Jobs",
    "summary": "Split the heavy tz runs into queue_job chunks run in parallel "
    "on several Odoo processes (后台任务分片并行)",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "author": "Tianzong",
    "website": "https://github.com/tianzong/tz-addons",
    "category": "Hidden",
    "depends": [
        "queue_job",
        "tz_sales_credit",
        "tz_crm_ext",
        "tz_supply",
        "tz_service",
    ],
    "data": [
        "data/queue_job_data.xml",
        "data/ir_config_parameter_data.xml",
    ],
    "auto_install": True,
}
