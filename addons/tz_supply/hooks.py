def post_init_hook(env):
    """Give every existing warehouse its quarantine location."""
    env["stock.warehouse"].search([])._tz_get_quarantine_location()
