"""Make the main company of a new database a Chinese company.

Run by ``tzctl`` through ``odoo shell`` (which provides ``env``) twice: on a
database that has only ``base`` installed, before ``account`` is — the
company's country then makes Odoo install ``l10n_cn`` and load the Chinese
chart of accounts, and everything the demo data creates afterwards is in
CNY — and again after the modules are installed, because core demo data
(``sale``, ``stock``) renames the company and resets users' time zones.
Only what differs is written, so the second run leaves the currency alone.
"""

# ruff: noqa: F821  (env is provided by odoo shell)

TZ = "Asia/Shanghai"

env["res.lang"]._activate_lang("zh_CN")
cny = env.ref("base.CNY")
cny.active = True
company = env.ref("base.main_company")
wanted = {
    "name": "天纵示范贸易（上海）有限公司",
    "currency_id": cny.id,
    "street": "浦东新区张江路 100 号",
    "street2": "天纵大厦 8 楼",
    "city": "上海",
    "zip": "201203",
    "state_id": env.ref("base.state_cn_SH").id,
    "country_id": env.ref("base.cn").id,
    "phone": "+86 21 5080 0000",
    "email": "info@tianzong-demo.example",
    "website": "https://tianzong-demo.example",
}


def write_changes(record, values):
    changed = {
        name: value
        for name, value in values.items()
        if record._fields[name].convert_to_write(record[name], record) != value
    }
    if changed:
        record.write(changed)


write_changes(company, wanted)
write_changes(company.partner_id, {"lang": "zh_CN", "tz": TZ})
if "resource_calendar_id" in company._fields and company.resource_calendar_id:
    company.resource_calendar_id.tz = TZ
users = {
    "base.user_admin": "管理员 陈刚",
    "base.user_demo": "演示用户 李明",
}
for xmlid, name in users.items():
    user = env.ref(xmlid, raise_if_not_found=False)
    if user:
        write_changes(user, {"name": name, "lang": "zh_CN", "tz": TZ})
env.cr.commit()
print(f"tz-cn-company: {company.name} {cny.name} {company.country_id.code}")
