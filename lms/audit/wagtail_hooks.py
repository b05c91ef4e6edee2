from wagtail import hooks

from .actions import ACTIONS


@hooks.register("register_log_actions")
def register_mamori_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
