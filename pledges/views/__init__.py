"""Pledge screens: the learner's signing pages and the public check (``signing``), HR's records and
paper recording (``records``), leaving cases (``leaving``), "Pledges missing" (``missing``) and the
secretariat's pledge texts (``texts``). Each admin module exposes ``admin_urlpatterns`` and
``menu_items()``; ``wagtail_hooks`` mounts them under one namespace and one menu."""
