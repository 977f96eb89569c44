import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tz_crm_ext_log_visit_tour", {
    steps: () => [
        {
            content: "Open the customer file tab",
            trigger: ".o_form_view .o_notebook a[name='tz_customer_file']",
            run: "click",
        },
        {
            content: "The customer is overdue",
            trigger: ".o_field_widget[name='tz_visit_overdue'] input:checked",
        },
        {
            content: "Log a visit",
            trigger: "button[name='action_tz_log_interaction']",
            run: "click",
        },
        {
            content: "Subject of the visit",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit 季度拜访(导览)",
        },
        {
            content: "Save the visit",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Dialog closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The overdue flag is cleared",
            trigger: ".o_field_widget[name='tz_visit_overdue'] input:not(:checked)",
        },
    ],
});
