import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tz_docs_center_pinyin_convert", {
    url: "/odoo/action-tz_docs_center.action_tz_directory_company",
    steps: () => [
        {
            trigger: ".o_searchview_input",
            run: "edit zgyh",
        },
        {
            trigger: ".o_searchview_autocomplete .o_menu_item:contains(Name / Pinyin)",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains(zgyh)",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_cell:contains(工商银行))) .o_data_cell[name=name]:contains(中国银行杭州分行)",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_convert_to_lead]",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_tz_view_dir_company]",
        },
        {
            trigger: ".o_main_navbar .o_nav_entry:contains(Dashboard)",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_open_companies]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_cell[name=stage]:contains(Converted to Lead)",
        },
    ],
});
