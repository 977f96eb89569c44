import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tz_commission_settlement_pay_tour", {
    steps: () => [
        {
            content: "The draft settlement shows its commission lines",
            trigger: ".o_form_view .o_field_one2many[name=line_ids] .o_data_row",
        },
        {
            content: "The accountant confirms the settlement",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Once confirmed, it can be marked as paid",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_mark_paid]",
            run: "click",
        },
        {
            content: "Paid: no workflow button is left and the paid date shows",
            trigger:
                ".o_form_view:not(:has(.o_statusbar_buttons button[name=action_mark_paid])) .o_field_widget[name=paid_date]",
        },
    ],
});
