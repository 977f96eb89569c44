/** @odoo-module **/

import { registry } from "@web/core/registry";

// These tours rely on the data created by tests/test_credit_tour.py.

// 1. The salesperson confirms, is blocked and requests a credit approval.
registry.category("web_tour.tours").add("tz_sales_credit_request_tour", {
    steps: () => [
        {
            content: "The quotation shows the credit banner",
            trigger: ".o_tz_credit_banner:contains('over by')",
        },
        {
            content: "Confirm the quotation",
            trigger: ".o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Blocked: the message has the figures",
            trigger: ".modal:contains('would exceed its credit limit'):contains('over by')",
        },
        {
            content: "Ask for an approval from the error message",
            trigger: ".modal button:contains('Request Credit Approval')",
            run: "click",
        },
        {
            content: "Explain why",
            trigger: ".modal div[name='request_note'] textarea",
            run: "edit 老客户，月底前付清上一批货款",
        },
        {
            content: "Submit the request",
            trigger: ".modal .modal-footer button[name='action_submit']",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});

// 2. The credit manager approves the request.
registry.category("web_tour.tours").add("tz_sales_credit_approve_tour", {
    steps: () => [
        {
            content: "The request is pending",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Pending')",
        },
        {
            content: "Approve",
            trigger: ".o_statusbar_buttons button[name='action_approve']",
            run: "click",
        },
        {
            content: "Approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});

// 3. The salesperson confirms the approved order.
registry.category("web_tour.tours").add("tz_sales_credit_confirm_tour", {
    steps: () => [
        {
            content: "The banner tells the order can be confirmed once",
            trigger: ".o_tz_credit_banner:contains('confirmed once')",
        },
        {
            content: "Confirm the quotation",
            trigger: ".o_statusbar_buttons button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Sales Order')",
        },
    ],
});
