from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. Employees log in with their employee number; e-mail is optional."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    HR = "hr", _("HR")
    TRAINER = "trainer", _("Trainer / secretariat")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


# Roles whose scope is a part of the organisation; the others see everything.
SCOPED_ROLES = frozenset({Role.MANAGER, Role.HR})


class RoleAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class RoleAssignment(models.Model):
    """Grants a role to a user, limited to an organisation unit and its sub-units.

    A manager or HR assignment must name a unit; trainers, auditors and
    administrators act across the whole group and have no unit.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit"),
            models.CheckConstraint(
                condition=~models.Q(role__in=["manager", "hr"]) | models.Q(unit__isnull=False),
                name="scoped_role_has_unit",
            ),
        ]

    def __str__(self) -> str:
        if self.unit_id:
            return f"{self.user} · {self.get_role_display()} · {self.unit}"
        return f"{self.user} · {self.get_role_display()}"
