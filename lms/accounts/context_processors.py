"""Links in the learner's navigation that domain apps add without the core knowing them."""

from wagtail import hooks

# A function registered under this Wagtail hook name takes the request and returns a list of
# ``(label, url)`` pairs for the signed-in learner (an empty list when nothing applies).
LEARNER_LINKS_HOOK = "mamori_learner_links"


def learner_links(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"mamori_learner_links": []}
    links = []
    for links_for in hooks.get_hooks(LEARNER_LINKS_HOOK):
        links.extend(links_for(request))
    return {"mamori_learner_links": links}
