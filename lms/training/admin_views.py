"""Admin operations beyond create/edit: launching a campaign, correcting a completion record."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin

from lms.accounts.policies import ScopedObjectMixin

from .forms import CompletionCorrectionForm
from .models import Campaign, CompletionRecord, TrainingMethod
from .selectors import campaign_launch_preview
from .services import TrainingError, campaign_launch, completion_correct


class ObjectOperationMixin(ScopedObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """Loads the object from the permission policy's scope for ``permission_required``.

    Without that permission the request is a 403; an object outside the user's scope is a 404,
    whatever its ID.
    """

    model = None
    index_url_name = None
    pk_url_kwarg = "pk"

    @property
    def scope_action(self) -> str:
        return self.permission_required

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_scoped_object()

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.model._meta.verbose_name_plural.capitalize()},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


class CampaignLaunchView(ObjectOperationMixin, TemplateView):
    """Trainers and administrators: confirm, then create every assignment of a draft campaign."""

    model = Campaign
    permission_required = "launch"
    page_title = gettext_lazy("Launch campaign")
    header_icon = "resubmit"
    template_name = "mamori_admin/campaign_launch.html"

    def get(self, request, *args, **kwargs):
        if self.object.status != Campaign.Status.DRAFT:
            messages.error(request, _("This campaign has already been launched."))
            return redirect(self.index_url_name)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = campaign_launch_preview(campaign=self.object)
        context.update(
            campaign=self.object,
            units=list(self.object.units.all()),
            total=sum(preview.values()),
            breakdown=[(TrainingMethod(method).label, count) for method, count in sorted(preview.items())],
            index_url=reverse(self.index_url_name),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            created = campaign_launch(campaign=self.object, actor=request.user)
        except TrainingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Campaign “%(campaign)s” launched: %(count)s assignments created.")
                % {"campaign": self.object, "count": created},
            )
        return redirect(self.index_url_name)


class CompletionCorrectView(ObjectOperationMixin, FormView):
    """HR (own units) and administrators: replace a completion record by a correction with a reason."""

    model = CompletionRecord
    permission_required = "correct"
    page_title = gettext_lazy("Correct completion record")
    header_icon = "edit"
    template_name = "mamori_admin/completion_correct.html"
    form_class = CompletionCorrectionForm

    def dispatch(self, request, *args, **kwargs):
        if CompletionRecord.objects.filter(corrects=self.object).exists():
            messages.error(request, _("This record has already been corrected."))
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(record=self.object, index_url=reverse(self.index_url_name))
        return context

    def form_valid(self, form):
        try:
            completion_correct(
                record=self.object,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
                completed_on=form.cleaned_data["completed_on"],
                void=form.cleaned_data["void"],
            )
        except TrainingError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The completion record was corrected; the original is kept."))
        return redirect(self.index_url_name)
