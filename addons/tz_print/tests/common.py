from odoo import Command
from odoo.tests import new_test_user


class TzPrintCommon:
    """Users of each role, and a picking with many lines on the ready layout."""

    @classmethod
    def _tz_setup(cls):
        env = cls.env
        cls.designer = new_test_user(
            env,
            "tzp_designer",
            groups="base.group_user,tz_print.group_print_designer",
            name="Designer 设计员",
        )
        cls.stock_user = new_test_user(
            env,
            "tzp_stock",
            groups="base.group_user,stock.group_stock_user",
            name="Stock 仓管员",
        )
        cls.plain_user = new_test_user(
            env, "tzp_plain", groups="base.group_user", name="Plain 普通用户"
        )
        cls.delivery_layout = env.ref("tz_print.layout_delivery_note")
        cls.receipt_layout = env.ref("tz_print.layout_payment_receipt")
        cls.partner = env["res.partner"].create(
            {"name": "上海天纵贸易有限公司", "street": "浦东新区世纪大道100号"}
        )
        cls.products = env["product.product"].create(
            [
                {"name": f"产品{index:02d} Widget", "is_storable": True}
                for index in range(1, 12)
            ]
        )
        picking_type = env.ref("stock.picking_type_out")
        cls.picking = env["stock.picking"].create(
            {
                "partner_id": cls.partner.id,
                "picking_type_id": picking_type.id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": env.ref("stock.stock_location_customers").id,
                "origin": "S00042",
                "scheduled_date": "2026-12-01 02:00:00",
                "move_ids_without_package": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": index + 1,
                            "product_uom": product.uom_id.id,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        }
                    )
                    for index, product in enumerate(cls.products)
                ],
            }
        )
