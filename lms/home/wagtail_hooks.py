from wagtail import hooks


@hooks.register("construct_main_menu")
def hide_help_menu(request, menu_items):
    """Wagtail's help menu links to external sites; nothing here points users off the server."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]
