/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tz_service_search_tour", {
    steps: () => [
        {
            content: "type a 2-character Chinese term",
            trigger: ".o_field_widget[name=query] input",
            run: "edit 卡纸",
        },
        {
            trigger: ".o_form_view button[name=action_search]",
            run: "click",
        },
        {
            content: "ranked results with highlighted snippets",
            trigger: ".o_field_widget[name=result_html] .o_tz_search_result mark:contains('卡纸')",
        },
        {
            trigger: ".o_field_widget[name=result_html] a:contains('巡检卡纸')",
        },
    ],
});

registry.category("web_tour.tours").add("tz_service_article_tour", {
    steps: () => [
        {
            content: "edit the body of the article",
            trigger: ".o_field_widget[name=name] input",
            run: "edit 巡检卡纸处理（新版）",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "a new version is recorded",
            trigger: ".o_form_view button[name=action_view_versions]:contains('2')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('巡检卡纸处理（新版）') .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "the diff of the version is shown",
            trigger: ".o_field_widget[name=diff_html] ins:contains('新版')",
        },
    ],
});

registry.category("web_tour.tours").add("tz_service_tree_tour", {
    steps: () => [
        {
            content: "the nodes of the tree are listed with parent and answer",
            trigger: ".o_field_widget[name=node_ids] .o_data_row:contains('巡检纸盒附近')",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Validated')",
        },
    ],
});
