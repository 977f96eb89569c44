"""Make the main company of a new database a Chinese company.

Run by ``tzctl`` through ``odoo shell`` (which provides ``env``) on a database
that has only ``base`` installed, before ``account`` is: the company's
country then makes Odoo install ``l10n_cn`` and load the Chinese chart of
accounts, and everything the demo data creates afterwards is in CNY, in
Chinese, on Shanghai time.
"""

# ruff: noqa: F821  (env is provided by odoo shell)

TZ = "Asia/Shanghai"

env["res.lang"]._activate_lang("zh_CN")
cny = env.ref("base.CNY")
cny.active = True
company = env.ref("base.main_company")
company.write(
    {
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
)
company.partner_id.write({"lang": "zh_CN", "tz": TZ})
if company.resource_calendar_id:
    company.resource_calendar_id.tz = TZ
users = {
    "base.user_admin": "管理员 陈刚",
    "base.user_demo": "演示用户 李明",
}
for xmlid, name in users.items():
    user = env.ref(xmlid, raise_if_not_found=False)
    if user:
        user.write({"name": name, "lang": "zh_CN", "tz": TZ})
env.cr.commit()
print(f"tz-cn-company: {company.name} {cny.name} {company.country_id.code}")
