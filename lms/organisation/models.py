import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class OrgUnitQuerySet(MP_NodeQuerySet):
    def subtrees(self, units: Iterable["OrgUnit"]) -> "OrgUnitQuerySet":
        """The given units and everything below them."""
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        return self.filter(condition)

    def companies(self) -> "OrgUnitQuerySet":
        return self.filter(kind=OrgUnit.Kind.COMPANY)


class OrgUnitManager(MP_NodeManager):
    def get_queryset(self) -> OrgUnitQuerySet:
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")

    def subtrees(self, units: Iterable["OrgUnit"]) -> OrgUnitQuerySet:
        return self.get_queryset().subtrees(units)

    def companies(self) -> OrgUnitQuerySet:
        return self.get_queryset().companies()


class OrgUnit(MP_Node):
    """A node of the organisation: group → companies → sites → departments."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        COMPANY = "company", _("Company")
        SITE = "site", _("Site")
        DEPARTMENT = "department", _("Department")

    class SiteKind(models.TextChoices):
        HEAD_OFFICE = "head_office", _("Head office")
        BRANCH = "branch", _("Branch")
        PLANT = "plant", _("Plant")

    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Used in roster files to name the unit.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    site_kind = models.CharField(_("site kind"), max_length=16, choices=SiteKind.choices, blank=True)
    is_overseas = models.BooleanField(_("overseas"), default=False)

    node_order_by = ["code"]
    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.site_kind and self.kind != self.Kind.SITE:
            raise ValidationError({"site_kind": _("Only a site has a site kind.")})

    def company(self) -> "OrgUnit | None":
        """The company this unit belongs to (itself if it is one)."""
        if self.kind == self.Kind.COMPANY:
            return self
        return self.get_ancestors().filter(kind=self.Kind.COMPANY).last()

    def is_within(self, other: "OrgUnit") -> bool:
        return self.path.startswith(other.path)


class EmployeeCategory(models.Model):
    """An employee category from the programme's training table (editable)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, help_text=_("Japanese name, the source."))
    translated_names = models.JSONField(
        _("translated names"),
        default=dict,
        blank=True,
        help_text=_('Name per language code, e.g. {"en": "Regular employee"}.'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("employee category")
        verbose_name_plural = _("employee categories")

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        language = language or get_language() or settings.LANGUAGE_CODE
        return self.translated_names.get(language) or self.name


class JoinedVia(models.TextChoices):
    REGULAR_INTAKE = "regular_intake", _("Regular intake")
    MID_CAREER = "mid_career", _("Mid-career hire")
    IRREGULAR = "irregular", _("Irregular hire")
    AGENCY = "agency", _("Agency / dispatch")


class EmploymentStatus(models.TextChoices):
    """Where a person stands on a given day. The one rule, used by every list, filter and scope:

    someone still works on their leaving day, so they are a leaver only from the day after it. On
    their leaving day and before it they are active, exactly like someone leaving next year. Someone
    whose hire date is still to come has not started yet.
    """

    ACTIVE = "active", _("Active")
    LEAVER = "leaver", _("Leaver")
    NOT_STARTED = "not_started", _("Not yet started")

    @staticmethod
    def conditions(on: datetime.date) -> dict[str, Q]:
        """The rule as query conditions, one per status; exactly one holds for every employee."""
        has_left = Q(leaving_date__lt=on)
        return {
            EmploymentStatus.LEAVER: has_left,
            EmploymentStatus.NOT_STARTED: Q(hire_date__gt=on) & ~has_left,
            EmploymentStatus.ACTIVE: Q(hire_date__lte=on) & ~has_left,
        }


class EmployeeQuerySet(models.QuerySet):
    def in_units(self, units: Iterable[OrgUnit]) -> "EmployeeQuerySet":
        """Employees of the given units and of all their sub-units."""
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(unit__path__startswith=unit.path)
        return self.filter(condition)

    def with_status(self, status: str, on: datetime.date | None = None) -> "EmployeeQuerySet":
        """Employees whose ``EmploymentStatus`` on the day (today by default) is ``status``."""
        return self.filter(EmploymentStatus.conditions(on or timezone.localdate())[status])

    def active(self, on: datetime.date | None = None) -> "EmployeeQuerySet":
        """Hired by ``on`` and not left before it (a person on their leaving day is active)."""
        return self.with_status(EmploymentStatus.ACTIVE, on)

    def leavers(self, on: datetime.date | None = None) -> "EmployeeQuerySet":
        """People whose leaving date is before ``on`` (a future leaver is not one yet)."""
        return self.with_status(EmploymentStatus.LEAVER, on)


class Employee(models.Model):
    company = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="company_employees",
        limit_choices_to={"kind": OrgUnit.Kind.COMPANY},
        verbose_name=_("company"),
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("unit"))
    number = models.CharField(_("employee number"), max_length=32)
    full_name = models.CharField(_("full name"), max_length=200)
    name_reading = models.CharField(_("name reading"), max_length=200, blank=True)
    category = models.ForeignKey(
        EmployeeCategory, on_delete=models.PROTECT, related_name="employees", verbose_name=_("category")
    )
    is_key_person = models.BooleanField(_("activity promotion key person"), default=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="ja"
    )
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Optional: reminders go here; people without one see them on My training."),
    )
    has_pc = models.BooleanField(_("has a PC"), default=True)
    reads_japanese = models.BooleanField(_("reads Japanese"), default=True)
    joined_via = models.CharField(_("joined via"), max_length=16, choices=JoinedVia.choices)
    hire_date = models.DateField(_("hire date"))
    leaving_date = models.DateField(_("leaving date"), null=True, blank=True)
    absent_from_roster_since = models.DateField(
        _("absent from roster since"),
        null=True,
        blank=True,
        help_text=_("Set when a full roster import did not list this employee."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employee",
        verbose_name=_("login"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["company__code", "number"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.UniqueConstraint(fields=["company", "number"], name="unique_employee_number_per_company"),
        ]
        indexes = [models.Index(fields=["number"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.number})"

    def clean(self) -> None:
        if self.unit_id and self.company_id and not self.unit.is_within(self.company):
            raise ValidationError({"unit": _("The unit must belong to the employee's company.")})
        if self.leaving_date and self.hire_date and self.leaving_date < self.hire_date:
            raise ValidationError({"leaving_date": _("The leaving date is before the hire date.")})

    def status_on(self, on: datetime.date | None = None) -> EmploymentStatus:
        """This person's ``EmploymentStatus`` on the day (today by default); mirrors ``EmploymentStatus.conditions``."""
        on = on or timezone.localdate()
        if self.leaving_date is not None and self.leaving_date < on:
            return EmploymentStatus.LEAVER
        if self.hire_date > on:
            return EmploymentStatus.NOT_STARTED
        return EmploymentStatus.ACTIVE

    def is_active_on(self, on: datetime.date | None = None) -> bool:
        return self.status_on(on) == EmploymentStatus.ACTIVE

    def has_left(self, on: datetime.date | None = None) -> bool:
        return self.status_on(on) == EmploymentStatus.LEAVER
