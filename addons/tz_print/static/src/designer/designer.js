/** @odoo-module **/
import { Component, onWillUnmount, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const PT_TO_MM = 25.4 / 72;
const STEP = 0.5; // mm, arrow keys and drag snap

function snap(value) {
    return Math.round(value / STEP) * STEP;
}

/**
 * Layout designer: the page to scale with its background, one box per item.
 * Boxes are dragged (moves x/y), resized by their corner (width/height) and
 * nudged by the arrow keys (0.5 mm, Shift: 5 mm); every change is written
 * into the item's record of the form, so the Items list and Save follow.
 */
export class TzPrintDesigner extends Component {
    static template = "tz_print.Designer";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ zoom: 3.5, selectedId: null, preview: {}, withData: false });
        this.drag = null;
        this.onMove = this.onPointerMove.bind(this);
        this.onUp = this.onPointerUp.bind(this);
        onWillUnmount(() => this.stopDrag());
    }

    get data() {
        return this.props.record.data;
    }
    get readonly() {
        return this.props.readonly;
    }
    get pageWidth() {
        return this.data.page_width || this.data.paper_width || 210;
    }
    get pageHeight() {
        return this.data.page_height || this.data.paper_height || 297;
    }
    get items() {
        return this.data.item_ids.records;
    }
    get selected() {
        return this.items.find((r) => this.itemKey(r) === this.state.selectedId);
    }
    get backgroundUrl() {
        const record = this.props.record;
        if (!record.resId || !this.data.background_image) {
            return false;
        }
        const unique = encodeURIComponent(this.data.write_date || "");
        return `/web/image/tz.print.layout/${record.resId}/background_image?unique=${unique}`;
    }
    get pageStyle() {
        const z = this.state.zoom;
        let style = `width:${this.pageWidth * z}px;height:${this.pageHeight * z}px;`;
        if (this.backgroundUrl) {
            style += `background-image:url('${this.backgroundUrl}');background-size:100% 100%;`;
        }
        return style;
    }

    itemKey(item) {
        return item.id;
    }
    itemSize(item) {
        const d = item.data;
        const fontMm = (d.font_size || 10) * PT_TO_MM;
        if (d.item_type === "table") {
            return {
                w: d.width_mm || this.pageWidth - d.x_mm - 5,
                h: (d.rows_per_page || 1) * (d.row_height_mm || 6),
            };
        }
        if (d.format === "digits") {
            return { w: 11 * (d.box_width_mm || 5), h: fontMm };
        }
        const text = this.itemText(item);
        const estimate = [...text].reduce((sum, c) => sum + (c.charCodeAt(0) > 0x2e80 ? 1 : 0.56), 0);
        return { w: d.width_mm || Math.max(estimate * fontMm, 4), h: Math.max(fontMm, 2) };
    }
    itemText(item) {
        const d = item.data;
        if (this.state.withData && item.resId && this.state.preview[item.resId] !== undefined) {
            return this.state.preview[item.resId];
        }
        if (d.item_type === "text") {
            return d.text || "";
        }
        if (d.item_type === "mark") {
            return d.mark_text || "√";
        }
        return d.name || d.field_path || "";
    }
    itemStyle(item) {
        const z = this.state.zoom;
        const d = item.data;
        const { w, h } = this.itemSize(item);
        return [
            `left:${d.x_mm * z}px`,
            `top:${d.y_mm * z}px`,
            `width:${w * z}px`,
            `height:${h * z}px`,
            `font-size:${(d.font_size || 10) * PT_TO_MM * z}px`,
            `font-weight:${d.bold ? "bold" : "normal"}`,
            `text-align:${d.align || "left"}`,
        ].join(";");
    }

    zoomIn() {
        this.state.zoom = Math.min(8, this.state.zoom + 0.5);
    }
    zoomOut() {
        this.state.zoom = Math.max(1, this.state.zoom - 0.5);
    }

    async togglePreview() {
        if (this.state.withData) {
            this.state.withData = false;
            return;
        }
        const record = this.props.record;
        if (!record.resId) {
            this.notification.add(_t("Save the layout first."), { type: "warning" });
            return;
        }
        const result = await this.orm.call("tz.print.layout", "tz_designer_preview", [
            [record.resId],
            this.data.preview_res_id || false,
        ]);
        if (result.error) {
            this.notification.add(result.error, { type: "danger" });
            return;
        }
        if (!Object.keys(result).length) {
            this.notification.add(_t("No record to preview."), { type: "warning" });
            return;
        }
        this.state.preview = result;
        this.state.withData = true;
    }

    select(item) {
        this.state.selectedId = this.itemKey(item);
    }

    async move(item, x, y) {
        await item.update({ x_mm: Math.max(0, snap(x)), y_mm: Math.max(0, snap(y)) });
    }

    onPointerDown(ev, item, mode) {
        this.select(item);
        if (this.readonly || ev.button > 0) {
            return;
        }
        ev.preventDefault();
        ev.stopPropagation();
        ev.currentTarget.closest(".o_tz_print_item")?.focus();
        const size = this.itemSize(item);
        this.drag = {
            item,
            mode,
            startX: ev.clientX,
            startY: ev.clientY,
            x: item.data.x_mm,
            y: item.data.y_mm,
            w: size.w,
            h: size.h,
        };
        window.addEventListener("pointermove", this.onMove);
        window.addEventListener("pointerup", this.onUp);
    }

    onPointerMove(ev) {
        const drag = this.drag;
        if (!drag) {
            return;
        }
        const dx = (ev.clientX - drag.startX) / this.state.zoom;
        const dy = (ev.clientY - drag.startY) / this.state.zoom;
        if (drag.mode === "move") {
            this.move(drag.item, drag.x + dx, drag.y + dy);
        } else {
            drag.item.update({
                width_mm: Math.max(STEP, snap(drag.w + dx)),
                height_mm: Math.max(STEP, snap(drag.h + dy)),
            });
        }
    }

    onPointerUp(ev) {
        this.onPointerMove(ev);
        this.stopDrag();
    }

    stopDrag() {
        this.drag = null;
        window.removeEventListener("pointermove", this.onMove);
        window.removeEventListener("pointerup", this.onUp);
    }

    onKeydown(ev, item) {
        const moves = {
            ArrowLeft: [-1, 0],
            ArrowRight: [1, 0],
            ArrowUp: [0, -1],
            ArrowDown: [0, 1],
        };
        if (this.readonly || !moves[ev.key]) {
            return;
        }
        ev.preventDefault();
        ev.stopPropagation();
        const step = ev.shiftKey ? 10 * STEP : STEP;
        const [mx, my] = moves[ev.key];
        this.move(item, item.data.x_mm + mx * step, item.data.y_mm + my * step);
    }
}

registry.category("view_widgets").add("tz_print_designer", {
    component: TzPrintDesigner,
});
