/** @odoo-module **/
import { registry } from "@web/core/registry";

// Drags the 单号 item of the test layout to 150 px right / 120 px down of the
// page's corner, nudges it with the arrow keys and saves; the Python test
// checks the stored coordinates.
registry.category("web_tour.tours").add("tz_print_designer_tour", {
    steps: () => [
        {
            trigger: ".o_tz_print_page .o_tz_print_item[data-name='单号']",
            timeout: 60000,
            run: async (helpers) => {
                await helpers.drag_and_drop(".o_tz_print_page", {
                    position: { left: 150, top: 120 },
                    relative: true,
                });
            },
        },
        {
            trigger: ".o_tz_print_readout:contains('单号')",
        },
        {
            trigger: ".o_tz_print_page .o_tz_print_item[data-name='单号']",
            run: "press ArrowRight",
        },
        {
            trigger: ".o_tz_print_page .o_tz_print_item[data-name='单号']",
            run: "press ArrowDown",
        },
        {
            trigger: ".o_tz_print_page .o_tz_print_item[data-name='单号']",
            run: "press ArrowDown",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: ".nav-link:contains('Items')",
            run: "click",
        },
        {
            trigger: ".o_field_one2many .o_data_row:contains('单号')",
        },
    ],
});
