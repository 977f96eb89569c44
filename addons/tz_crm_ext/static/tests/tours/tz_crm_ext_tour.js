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

registry.category("web_tour.tours").add("tz_crm_ext_views_tour", {
    steps: () => [
        {
            content: "Interaction list is shown",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Switch to kanban",
            trigger: "button.o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "Kanban cards are shown",
            trigger: ".o_kanban_view .o_kanban_record",
        },
        {
            content: "Switch to calendar",
            trigger: "button.o_switch_view.o_calendar",
            run: "click",
        },
        {
            content: "Calendar is shown",
            trigger: ".o_calendar_view",
        },
        {
            content: "Switch to pivot",
            trigger: "button.o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "Pivot is shown",
            trigger: ".o_pivot_view .o_pivot",
        },
        {
            content: "Switch to graph",
            trigger: "button.o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "Graph is shown",
            trigger: ".o_graph_view",
        },
    ],
});

registry.category("web_tour.tours").add("tz_crm_ext_rule_form_tour", {
    steps: () => [
        {
            content: "Open an assignment rule",
            trigger: ".o_list_view .o_data_row .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "The rule form shows its strategy and conditions",
            trigger: ".o_form_view .o_field_widget[name='strategy']",
        },
        {
            content: "The extra-condition domain editor is rendered",
            trigger: ".o_form_view .o_field_widget[name='domain']",
        },
    ],
});

registry.category("web_tour.tours").add("tz_crm_ext_handover_wizard_tour", {
    steps: () => [
        {
            content: "The handover wizard opens",
            trigger: ".modal .o_form_view .o_field_widget[name='from_user_id'] input",
            run: "edit 业务员 导览",
        },
        {
            content: "Pick the leaving salesperson",
            trigger: ".ui-autocomplete .dropdown-item:contains('业务员 导览')",
            run: "click",
        },
        {
            content: "The customers of the leaving salesperson are counted",
            trigger: ".modal .o_field_widget[name='partner_count']:contains('1')",
        },
        {
            content: "Leave the wizard without handing over",
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("tz_crm_ext_salesperson_confirm_tour", {
    steps: () => [
        {
            content: "New interaction",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_form_view .o_field_widget[name='name'] input",
            run: "edit 导览拜访记录",
        },
        {
            content: "Customer",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input",
            run: "edit 导览业务员客户",
        },
        {
            content: "Pick the customer",
            trigger: ".ui-autocomplete .dropdown-item:contains('导览业务员客户')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Confirm the saved interaction",
            trigger: ".o_form_view .o_form_statusbar button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The interaction is confirmed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current[data-value='confirmed']",
        },
        {
            content: "It is now locked as evidence",
            trigger: ".o_form_view div.alert-info[role='status']",
        },
        {
            content: "The subject can no longer be edited",
            trigger: ".o_form_view .o_field_widget[name='name'].o_readonly_modifier",
        },
    ],
});
