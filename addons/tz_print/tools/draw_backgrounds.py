"""Draw the blank forms used as backgrounds of the ready layouts.

Run with the Odoo venv's Python (Pillow) from the addon directory:
``python tools/draw_backgrounds.py``; writes ``static/img/*.png`` at 6 px/mm.
The positions here are those of ``data/tz_print_layout_data.xml``.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

PX = 6  # pixels per mm
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
INK = (40, 70, 150)
OUT = Path(__file__).resolve().parent.parent / "static" / "img"


class Form:
    def __init__(self, width, height):
        self.img = Image.new("RGB", (width * PX, height * PX), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.img)

    def font(self, size_pt, bold=False):
        return ImageFont.truetype(BOLD if bold else FONT, int(size_pt * 25.4 / 72 * PX))

    def text(self, x, y, text, size=9, bold=False, anchor="la"):
        self.draw.text(
            (x * PX, y * PX), text, fill=INK, font=self.font(size, bold), anchor=anchor
        )

    def line(self, x1, y1, x2, y2, width=0.25):
        self.draw.line(
            (x1 * PX, y1 * PX, x2 * PX, y2 * PX),
            fill=INK,
            width=max(1, int(width * PX)),
        )

    def rect(self, x1, y1, x2, y2, width=0.25):
        self.draw.rectangle(
            (x1 * PX, y1 * PX, x2 * PX, y2 * PX),
            outline=INK,
            width=max(1, int(width * PX)),
        )

    def save(self, name):
        self.img.save(OUT / name, optimize=True)


def delivery_note():
    """销售出库单 241 × 140 mm, three-part continuous form."""
    f = Form(241, 140)
    f.text(120.5, 6, "销 售 出 库 单", 18, True, anchor="mt")
    f.line(95, 16, 146, 16, 0.4)
    f.text(10, 21, "客户:")
    f.line(22, 26, 120, 26)
    f.text(10, 29, "地址:")
    f.line(22, 34, 120, 34)
    f.text(155, 21, "单号:")
    f.line(168, 26, 231, 26)
    f.text(155, 29, "日期:")
    f.line(168, 34, 231, 34)
    f.rect(8, 38, 233, 117)
    heads = [
        (8, "商品名称"),
        (98, "单位"),
        (118, "应发数量"),
        (148, "实发数量"),
        (178, "备注"),
    ]
    for x, head in heads:
        if x > 8:
            f.line(x, 38, x, 117)
        f.text(x + 2, 39.5, head, 9, True)
    for row in range(11):
        f.line(8, 45 + row * 7, 233, 45 + row * 7)
    f.text(10, 121, "制单:")
    f.line(22, 126, 70, 126)
    f.text(80, 121, "发货:")
    f.line(92, 126, 140, 126)
    f.text(150, 121, "客户签收:")
    f.line(168, 126, 231, 126)
    for index, part in enumerate(["①存根(白)", "②客户(红)", "③财务(黄)"]):
        f.text(235, 40 + index * 26, part, 6)
    f.save("bg_delivery_note_241x140.png")


def receipt():
    """收款收据 210 × 93 mm."""
    f = Form(210, 93)
    f.text(105, 5, "收 款 收 据", 18, True, anchor="mt")
    f.line(80, 15, 130, 15, 0.4)
    f.text(10, 16, "No.")
    f.text(140, 16, "日期:")
    f.rect(8, 23, 202, 74)
    f.text(10, 27, "今收到")
    f.line(30, 33, 200, 33)
    f.text(10, 37, "交 来")
    f.line(30, 43, 200, 43)
    f.line(8, 45, 202, 45)
    f.text(10, 50, "人民币(大写)")
    f.line(133, 45, 133, 74)
    captions = ["亿", "千", "百", "十", "万", "千", "百", "十", "元", "角", "分"]
    for index, caption in enumerate(captions):
        x = 136 + index * 6
        f.line(x, 45, x, 74, 0.15)
        f.text(x + 3, 46, caption, 7, anchor="mt")
    f.line(136, 51, 202, 51, 0.15)
    f.line(8, 61, 133, 61)
    f.text(10, 65, "收款方式:")
    f.rect(38, 65.5, 42, 69.5, 0.2)
    f.text(44, 65, "现金")
    f.rect(60, 65.5, 64, 69.5, 0.2)
    f.text(66, 65, "转账")
    f.text(10, 78, "收款单位(盖章):")
    f.text(140, 78, "收款人:")
    f.save("bg_receipt_210x93.png")


def sale_order():
    """销售订单 A4 with a table of 25 lines."""
    f = Form(210, 297)
    f.text(105, 12, "销 售 订 单", 20, True, anchor="mt")
    f.text(15, 32, "客户:")
    f.line(28, 37, 120, 37)
    f.text(130, 32, "订单号:")
    f.line(146, 37, 195, 37)
    f.text(15, 40, "地址:")
    f.line(28, 45, 120, 45)
    f.text(130, 40, "日期:")
    f.line(146, 45, 195, 45)
    f.rect(15, 52, 195, 52 + 7 * 28)
    for x in (110, 135, 160):
        f.line(x, 52, x, 52 + 7 * 28)
    for row in range(1, 28):
        f.line(15, 52 + row * 7, 195, 52 + row * 7, 0.15)
    f.text(15, 256, "合计金额(大写):")
    f.line(45, 261, 195, 261)
    f.text(15, 270, "销售代表:")
    f.text(110, 270, "客户确认(签章):")
    f.save("bg_sale_order_a4.png")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    delivery_note()
    receipt()
    sale_order()
