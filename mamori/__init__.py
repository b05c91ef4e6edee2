"""The Mamori project: settings, URLs, WSGI and Celery entry points.

This package composes the platform core (``lms``) with the domain apps
(``courses.*``, ``certificates``, ``pledges``, ``demo``); it is the only
place allowed to name both.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
