import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tz_commission_my_targets_tour", {
    url: "/odoo/action-tz_commission.action_tz_sales_target_my",
    steps: () => [
        {
            content: "The kanban of my targets shows my target with its achievement",
            trigger: ".o_tz_sales_target_kanban .o_kanban_record:contains('TZ Tour Seller')",
        },
        {
            content: "The card shows the achievement progress bar",
            trigger: ".o_kanban_record .o_tz_kanban_achievement .o_progressbar",
        },
        {
            content: "The card shows the forecast commission",
            trigger: ".o_kanban_record .o_tz_kanban_forecast:contains('Forecast commission')",
        },
        {
            content: "Open the target",
            trigger: ".o_kanban_record:contains('TZ Tour Seller')",
            run: "click",
        },
        {
            content: "The form shows the revenue achievement",
            trigger: ".o_form_view .o_tz_achievement_revenue:contains('75')",
        },
        {
            content: "The form shows the forecast commission",
            trigger: ".o_form_view .o_tz_forecast_commission",
        },
        {
            content: "The form tells how much more to sell for the next tier",
            trigger: ".o_form_view .o_tz_forecast_message:contains('Sell')",
        },
    ],
});
