/** @odoo-module **/

import { registry } from "@web/core/registry";

// Relies on the data created by tests/test_collection_tour.py: the collector
// logs a payment promise from the collector's desk (催收工作台).
registry.category("web_tour.tours").add("tz_collection_desk_tour", {
    steps: () => [
        {
            content: "My plan is on the desk",
            trigger: ".o_data_row:contains('青岛海滨物流有限公司')",
        },
        {
            content: "One click: log the call result",
            trigger: ".o_data_row:contains('青岛海滨物流有限公司') button[name='action_log_call']",
            run: "click",
        },
        {
            content: "The customer promised to pay",
            trigger: ".modal div[name='result'] input[data-value='promised']",
            run: "click",
        },
        {
            content: "Promised date",
            trigger: ".modal div[name='promised_date'] input",
            run: "edit 01/15/2099",
        },
        {
            content: "Note",
            trigger: ".modal div[name='note'] textarea",
            run: "edit 财务确认下月中付款",
        },
        {
            content: "Save",
            trigger: ".modal .modal-footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The plan is now promised",
            trigger: ".o_data_row:contains('青岛海滨物流有限公司'):contains('Promised')",
        },
    ],
});
