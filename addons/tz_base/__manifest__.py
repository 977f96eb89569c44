{
    "name": "Tianzong Base",
    "summary": "Rules shared by the tz addons: workflow fields written only by "
    "workflow methods, attachments of locked records kept as evidence "
    "(流程字段保护、锁定单据附件存证)",
    "version": "18.0.1.2.0",
    "license": "LGPL-3",
    "author": "Tianzong",
    "website": "https://github.com/tianzong/tz-addons",
    "category": "Hidden/Tools",
    "depends": ["mail"],
    "external_dependencies": {"python": ["cn2an"]},
}
