import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tz_market_activity_leads_tour", {
    steps: () => [
        {
            content: "Open the project's activities",
            trigger: ".o_form_view button[name=action_view_activities]",
            run: "click",
        },
        {
            content: "Create a new activity",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "Name the activity",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit 杭州客户交流会",
        },
        {
            content: "The project is prefilled",
            trigger: ".o_form_view .o_field_widget[name=project_id] input:value(TourProject)",
        },
        {
            content: "Save the activity",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Open the lead quick-create wizard",
            trigger: ".o_form_view .o_form_saved button[name=action_open_lead_wizard]",
            run: "click",
        },
        {
            content: "Add a first lead",
            trigger: ".modal .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Title of the first lead",
            trigger: ".modal .o_selected_row .o_field_widget[name=name] input",
            run: "edit 华通汽配 自动化改造",
        },
        {
            content: "Add a second lead",
            trigger: ".modal .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Title of the second lead",
            trigger: ".modal .o_selected_row .o_field_widget[name=name] input",
            run: "edit 甬兴模具 询价",
        },
        {
            content: "Create the leads",
            trigger: ".modal button[name=action_create_leads]",
            run: "click",
        },
        {
            content: "The activity shows its two leads",
            trigger: ".o_form_view .o_field_widget[name=lead_ids] .o_data_row:contains(甬兴模具)",
        },
        {
            content: "The activity's roll-up counts them",
            trigger: ".o_form_view button[name=action_view_rollup_leads] .o_stat_value:contains(2)",
        },
        {
            content: "Back to the project",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(TourProject)",
            run: "click",
        },
        {
            content: "The project's roll-up shows the two leads",
            trigger: ".o_form_view button[name=action_view_rollup_leads] .o_stat_value:contains(2)",
        },
    ],
});

registry.category("web_tour.tours").add("tz_market_view_smoke_tour", {
    steps: () => [
        {
            content: "The view is rendered",
            trigger: ".o_action_manager .o_view_controller",
        },
        {
            content: "The control panel is rendered",
            trigger: ".o_control_panel .o_breadcrumb",
        },
    ],
});

registry.category("web_tour.tours").add("tz_market_info_verify_tour", {
    steps: () => [
        {
            content: "Open the item waiting for verification",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(TourInfo)",
            run: "click",
        },
        {
            content: "Open the verification dialog",
            trigger: ".o_form_view button[name=action_open_verify_wizard]",
            run: "click",
        },
        {
            content: "Write how it was confirmed",
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit 电话确认属实",
        },
        {
            content: "Verify it",
            trigger: ".modal button[name=action_verify]",
            run: "click",
        },
        {
            content: "The item is verified",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains(Verified)",
        },
        {
            content: "Open the verification tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Verification)",
            run: "click",
        },
        {
            content: "The verifier is recorded",
            trigger: ".o_form_view .o_field_widget[name=verified_by_id]:contains(Tour Manager)",
        },
    ],
});
