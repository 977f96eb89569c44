import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tz_supply_inspection_tour", {
    url: "/odoo/action-tz_supply.action_tz_inspection",
    steps: () => [
        {
            content: "Open the inspection of the test product",
            trigger: ".o_data_row .o_data_cell:contains('导览测试电芯')",
            run: "click",
        },
        {
            content: "Record the visual check as failed",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row .o_data_cell[name='result']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_data_row .o_field_widget[name='result'] select",
            run: 'select "fail"',
        },
        {
            content: "Reject 3 units",
            trigger: ".o_field_widget[name='qty_rejected'] input",
            run: "edit 3",
        },
        {
            trigger: ".o_field_widget[name='qty_accepted'] input",
            run: "click",
        },
        {
            content: "Confirm the result",
            trigger: ".o_form_view button[name='action_done']",
            run: "click",
        },
        {
            trigger: ".o_form_view .ribbon:contains('Partially Rejected')",
        },
        {
            content: "Return the rejected goods to the vendor",
            trigger: ".o_form_view button[name='action_return_to_vendor']",
            run: "click",
        },
        {
            content: "The vendor return is open",
            trigger: ".o_form_view .o_field_widget[name='move_ids_without_package']:contains('导览测试电芯')",
        },
    ],
});
