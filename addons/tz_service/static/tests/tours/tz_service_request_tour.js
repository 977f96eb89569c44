/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tz_service_request_tour", {
    steps: () => [
        {
            content: "type the subject of the request",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 旅游巴士激光打印机卡纸",
        },
        {
            content: "a published article is suggested",
            trigger: ".o_tz_suggestions .o_data_row:contains('巡检专用卡纸指南')",
        },
        {
            content: "diagnose with the decision tree",
            trigger: ".o_form_view button[name=action_walk_tree]",
            run: "click",
        },
        {
            content: "first question: answer where the paper is stuck",
            trigger: ".modal .o_radio_item:contains('巡检纸盒附近') input",
            run: "click",
        },
        {
            trigger: ".modal .o_field_radio input:checked",
        },
        {
            content: "next question",
            trigger: ".modal button[name=action_next]",
            run: "click",
        },
        {
            content: "second question: roller worn",
            trigger: ".modal .o_radio_item:contains('巡检已磨损') input",
            run: "click",
        },
        {
            trigger: ".modal .o_field_radio input:checked",
        },
        {
            trigger: ".modal button[name=action_next]",
            run: "click",
        },
        {
            content: "apply the solution",
            trigger: ".modal button[name=action_apply]",
            run: "click",
        },
        {
            content: "the path is saved on the request",
            trigger: "body:not(:has(.modal)) .o_form_view .o_notebook a[name=diagnosis]",
            run: "click",
        },
        {
            trigger: ".o_notebook a[name=diagnosis].active",
        },
        {
            trigger: ".o_field_widget[name=diagnosis_ids] .o_data_row:contains('巡检已磨损'):visible",
        },
        {
            content: "close the request",
            trigger: ".o_form_view button[name=action_close]",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_reopen]",
        },
    ],
});
