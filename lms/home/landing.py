"""Where a logged-in person starts: learners on My training, staff in the administration."""

from django.urls import reverse


def landing_url(user) -> str:
    """Employees (learners, and staff who are also employees) land on My training;
    logins without an employee record (auditors, administrators) land in the admin,
    since My training would refuse them."""
    if getattr(user, "employee", None) is not None:
        return reverse("learning:my_training")
    return reverse("wagtailadmin_home")
