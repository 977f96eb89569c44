{
    "name": "Tianzong System Management",
    "summary": "Automatic backups proven by restore drills, an audit log of money "
    "and history, a health page (自动备份、恢复演练、审计日志、系统体检)",
    "version": "18.0.1.0.0",
    # auto_backup and auditlog are AGPL-3: so is this module. The other tz
    # addons stay LGPL-3 and never depend on it.
    "license": "AGPL-3",
    "author": "Tianzong",
    "website": "https://github.com/tianzong/tz-addons",
    "category": "Administration",
    "depends": ["base_setup", "mail", "auto_backup", "auditlog"],
    "external_dependencies": {"python": []},
    "data": [
        "security/tz_system_security.xml",
        "security/ir.model.access.csv",
        "data/tz_system_data.xml",
        "views/tz_backup_drill_views.xml",
        "views/tz_system_health_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/tz_backup_restore_wizard_views.xml",
        "views/tz_system_menus.xml",
    ],
    "demo": ["data/tz_system_demo.xml"],
    "post_init_hook": "post_init_hook",
}
