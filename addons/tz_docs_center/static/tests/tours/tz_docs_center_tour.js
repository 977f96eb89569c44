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

function assertNotZero() {
    const value = this.anchor.textContent.trim();
    if (value === "0") {
        throw new Error("Dashboard counter shows 0 while records exist");
    }
}

registry.category("web_tour.tours").add("tz_docs_center_user_private_book", {
    url: "/odoo/action-tz_docs_center.action_tz_directory_person",
    steps: () => [
        {
            trigger: ".o_main_navbar .o_nav_entry:contains(Dashboard)",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_open_companies] .o_stat_value",
            run: assertNotZero,
        },
        {
            trigger: ".o_form_view button[name=action_open_persons] .o_stat_value",
            run: assertNotZero,
        },
        {
            trigger: ".o_main_navbar button:contains(Directories)",
            run: "click",
        },
        {
            trigger: ".dropdown-item:contains(My Address Book)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=person_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".modal .o_create_button",
            run: "click",
        },
        {
            trigger: ".modal .o_form_view .o_field_widget[name=name] input",
            run: "edit 私人客户周女士",
        },
        {
            trigger: ".modal .o_form_view .o_field_widget[name=mobile] input",
            run: "edit 13800138066",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=person_ids] .o_data_cell:contains(私人客户周女士)",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
