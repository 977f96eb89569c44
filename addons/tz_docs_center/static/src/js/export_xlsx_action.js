import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";

/**
 * Download the xlsx of the selected directory entries (action returned by
 * ``action_export_xlsx``). The ids are posted (a selection can be too long for
 * a URL) to the read-only route, which streams the file: nothing is stored.
 *
 * @param {import("@web/env").OdooEnv} env
 * @param {object} action params: {model, ids}
 */
async function exportXlsx(env, action) {
    const { model, ids } = action.params;
    env.services.ui.block();
    try {
        await download({
            url: "/tz_docs_center/export/xlsx",
            data: {
                model,
                ids: JSON.stringify(ids),
                context: JSON.stringify(user.context),
            },
        });
    } finally {
        env.services.ui.unblock();
    }
}

registry.category("actions").add("tz_docs_center.export_xlsx", exportXlsx);
