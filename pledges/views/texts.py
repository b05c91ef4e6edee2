"""The secretariat's pledge texts: pledge types and their versions (the Japanese, drafted, edited and
published), each version's translations (on the page or as PO files for translators), and the items
of the return checklist. Trainers (the secretariat) and administrators only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.menus import RoleMenuItem
from lms.accounts.permissions import role_required

from ..models import PledgeType, PledgeVersion, ReturnItemKind
from ..selectors import PLEDGE_EDITORS, pledge_types_with_versions
from ..services import PledgeRefused
from ..services.texts import (
    SOURCE_LANGUAGE,
    language_name,
    languages_offered,
    pledge_po_build,
    pledge_po_load,
    pledge_translations_set,
    pledge_version_draft,
    pledge_version_edit,
    pledge_version_publish,
    translation_status,
)
from ..services.types import pledge_type_create, pledge_type_update, return_item_kind_create, return_item_kind_update
from .text_forms import (
    PledgeTypeForm,
    PoImportForm,
    ReturnItemKindForm,
    TranslationForm,
    VersionEditForm,
    translation_languages,
    translation_segments,
)


def _version_for(pk: int) -> PledgeVersion:
    return get_object_or_404(PledgeVersion.objects.select_related("pledge_type"), pk=pk)


def _translation_language(language: str) -> str:
    if language not in translation_languages():
        raise Http404
    return language


def _status_rows(version: PledgeVersion) -> list[dict]:
    return [
        {"status": status, "name": language_name(status.language), "offered": status.is_complete}
        for status in translation_status(version)
    ]


def _names(codes) -> list[str]:
    return [language_name(code) for code in codes]


# --- Types and versions --------------------------------------------------------------------------


@role_required(*PLEDGE_EDITORS)
@require_GET
def text_index(request):
    """Each pledge type with its versions and in which languages each may be signed."""
    types = []
    for pledge_type in pledge_types_with_versions():
        versions = []
        for version in pledge_type.versions.all():
            status = translation_status(version)
            versions.append(
                {
                    "version": version,
                    "offered": _names([SOURCE_LANGUAGE, *(s.language for s in status if s.is_complete)]),
                    "not_ready": _names(s.language for s in status if not s.is_complete),
                }
            )
        types.append({"pledge_type": pledge_type, "versions": versions})
    return render(request, "pledges/admin/texts_index.html", {"types": types, "page_title": _("Pledge texts")})


def _form_page(request, form, *, title: str, back_url: str, status: int = 200):
    return render(
        request,
        "pledges/admin/texts_form.html",
        {"form": form, "page_title": title, "back_url": back_url},
        status=status,
    )


@role_required(*PLEDGE_EDITORS)
@require_http_methods(["GET", "POST"])
def type_add(request):
    form = PledgeTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge_type = pledge_type_create(actor=request.user, **form.values())
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            messages.success(request, _("Pledge type “%(name)s” added.") % {"name": pledge_type.display_name()})
            return redirect("pledges_admin:texts")
    return _form_page(
        request,
        form,
        title=_("Add a pledge type"),
        back_url=reverse_lazy("pledges_admin:texts"),
        status=400 if request.method == "POST" else 200,
    )


@role_required(*PLEDGE_EDITORS)
@require_http_methods(["GET", "POST"])
def type_edit(request, pk: int):
    pledge_type = get_object_or_404(PledgeType, pk=pk)
    form = PledgeTypeForm(request.POST or None, instance=pledge_type)
    if request.method == "POST" and form.is_valid():
        try:
            changes = pledge_type_update(pledge_type=pledge_type, actor=request.user, **form.values())
        except ValidationError as error:
            form.add_model_errors(error)
        except PledgeRefused as error:
            form.add_error(None, str(error))
        else:
            if changes:
                messages.success(request, _("Pledge type “%(name)s” saved.") % {"name": pledge_type.display_name()})
            return redirect("pledges_admin:texts")
    return _form_page(
        request,
        form,
        title=_("Edit the pledge type “%(name)s”") % {"name": pledge_type.display_name()},
        back_url=reverse_lazy("pledges_admin:texts"),
        status=400 if request.method == "POST" else 200,
    )


@role_required(*PLEDGE_EDITORS)
@require_POST
def version_draft(request, pk: int):
    """A new draft copied from the type's latest version, with its translations."""
    pledge_type = get_object_or_404(PledgeType, pk=pk)
    try:
        version = pledge_version_draft(pledge_type=pledge_type, actor=request.user)
    except PledgeRefused as error:
        messages.error(request, str(error))
        return redirect("pledges_admin:texts")
    messages.success(request, _("Version %(number)s drafted; edit its Japanese below.") % {"number": version.number})
    return redirect("pledges_admin:texts_version", pk=version.pk)


@role_required(*PLEDGE_EDITORS)
@require_http_methods(["GET", "POST"])
def version_detail(request, pk: int):
    """The version's Japanese (a draft's in an edit form) and its translation status per language."""
    version = _version_for(pk)
    clauses = list(version.clauses.order_by("position"))
    form = None
    status = 200
    if request.method == "POST" or not version.is_frozen:
        form = VersionEditForm(request.POST or None, title=version.title, clauses=[c.text for c in clauses])
    if request.method == "POST":
        status = 400
        if version.is_frozen and not form.is_valid():
            # The same refusal the service gives a well-formed edit of a frozen version.
            messages.error(
                request,
                _("Version %(number)d is published and frozen; draft a new version.") % {"number": version.number},
            )
            return redirect("pledges_admin:texts_version", pk=version.pk)
        if form.is_valid():
            try:
                result = pledge_version_edit(
                    version=version, actor=request.user, title=form.cleaned_data["title"], clauses=form.clause_texts()
                )
            except PledgeRefused as error:
                messages.error(request, str(error))
                version.refresh_from_db()
                if version.is_frozen:
                    return redirect("pledges_admin:texts_version", pk=version.pk)
            else:
                count = len(result["changed"])
                if count:
                    messages.success(
                        request,
                        ngettext(
                            "Saved: %(count)s segment changed; its translations are out of date until revised.",
                            "Saved: %(count)s segments changed; their translations are out of date until revised.",
                            count,
                        )
                        % {"count": count},
                    )
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("pledges_admin:texts_version", pk=version.pk)
    context = {
        "version": version,
        "pledge_type": version.pledge_type,
        "clauses": clauses,
        "form": form,
        "languages": _status_rows(version),
        "page_title": _("%(name)s, version %(number)s")
        % {"name": version.pledge_type.display_name(), "number": version.number},
    }
    return render(request, "pledges/admin/texts_version.html", context, status=status)


@role_required(*PLEDGE_EDITORS)
@require_POST
def version_publish(request, pk: int):
    """Freeze a draft; it replaces the published version for new signatures."""
    version = _version_for(pk)
    try:
        version = pledge_version_publish(version=version, actor=request.user)
    except PledgeRefused as error:
        messages.error(request, str(error))
    else:
        offered = languages_offered(version)
        messages.success(
            request,
            _("Version %(number)s is published. It can be signed in: %(languages)s.")
            % {"number": version.number, "languages": ", ".join(_names(offered))},
        )
        waiting = [code for code in translation_languages() if code not in offered]
        if waiting:
            messages.warning(
                request,
                _("Not offered until their translation is complete and current: %(languages)s.")
                % {"languages": ", ".join(_names(waiting))},
            )
    return redirect("pledges_admin:texts_version", pk=version.pk)


# --- Translations ------------------------------------------------------------------------------


@role_required(*PLEDGE_EDITORS)
@require_http_methods(["GET", "POST"])
def translation_edit(request, pk: int, language: str):
    """Segment by segment: the Japanese and the translation, out-of-date and missing ones marked."""
    version = _version_for(pk)
    language = _translation_language(language)
    form = TranslationForm(request.POST or None, segments=translation_segments(version, language))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            texts = form.texts()
            try:
                changed = pledge_translations_set(version=version, language=language, texts=texts, actor=request.user)
            except PledgeRefused as error:
                messages.error(request, str(error))
            else:
                if changed:
                    messages.success(
                        request,
                        ngettext("%(count)s segment saved.", "%(count)s segments saved.", len(changed))
                        % {"count": len(changed)},
                    )
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("pledges_admin:texts_translation", pk=version.pk, language=language)
    context = {
        "version": version,
        "language": language,
        "language_name": language_name(language),
        "form": form,
        "offered": language in languages_offered(version),
        "page_title": _("%(name)s, version %(number)s: %(language)s")
        % {"name": version.pledge_type.display_name(), "number": version.number, "language": language_name(language)},
    }
    return render(request, "pledges/admin/texts_translation.html", context, status=status)


@role_required(*PLEDGE_EDITORS)
@require_GET
def po_export(request, pk: int, language: str):
    """The version for one language as a PO file; out-of-date translations are marked fuzzy."""
    version = _version_for(pk)
    language = _translation_language(language)
    po = pledge_po_build(version=version, language=language)
    response = HttpResponse(str(po), content_type="text/x-gettext-translation; charset=utf-8")
    filename = f"pledge-{version.pledge_type.code}-v{version.number}-{language}.po"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*PLEDGE_EDITORS)
@require_http_methods(["GET", "POST"])
def po_import(request, pk: int, language: str):
    """A translator's PO file: all of it, or nothing if any entry was made from other Japanese."""
    version = _version_for(pk)
    language = _translation_language(language)
    form = PoImportForm(request.POST or None, request.FILES or None, language=language)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                changed = pledge_po_load(version=version, language=language, po=form.po, actor=request.user)
            except PledgeRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "Imported: %(count)s segment updated.", "Imported: %(count)s segments updated.", len(changed)
                    )
                    % {"count": len(changed)},
                )
                return redirect("pledges_admin:texts_version", pk=version.pk)
    context = {
        "version": version,
        "language": language,
        "form": form,
        "page_title": _("Import a PO file: %(name)s, version %(number)s, %(language)s")
        % {"name": version.pledge_type.display_name(), "number": version.number, "language": language_name(language)},
    }
    return render(request, "pledges/admin/texts_po_import.html", context, status=status)


# --- Return checklist items ----------------------------------------------------------------------


@role_required(*PLEDGE_EDITORS)
@require_GET
def item_index(request):
    items = ReturnItemKind.objects.order_by("position", "code")
    return render(
        request, "pledges/admin/texts_items.html", {"items": items, "page_title": _("Return checklist items")}
    )


@role_required(*PLEDGE_EDITORS)
@require_http_methods(["GET", "POST"])
def item_add(request):
    form = ReturnItemKindForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = return_item_kind_create(actor=request.user, **form.values())
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            messages.success(request, _("Checklist item “%(name)s” added.") % {"name": item.display_name()})
            return redirect("pledges_admin:texts_items")
    return _form_page(
        request,
        form,
        title=_("Add a return checklist item"),
        back_url=reverse_lazy("pledges_admin:texts_items"),
        status=400 if request.method == "POST" else 200,
    )


@role_required(*PLEDGE_EDITORS)
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = get_object_or_404(ReturnItemKind, pk=pk)
    form = ReturnItemKindForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            changes = return_item_kind_update(item_kind=item, actor=request.user, **form.values())
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            if changes:
                messages.success(request, _("Checklist item “%(name)s” saved.") % {"name": item.display_name()})
            return redirect("pledges_admin:texts_items")
    return _form_page(
        request,
        form,
        title=_("Edit the checklist item “%(name)s”") % {"name": item.display_name()},
        back_url=reverse_lazy("pledges_admin:texts_items"),
        status=400 if request.method == "POST" else 200,
    )


admin_urlpatterns = [
    path("texts/", text_index, name="texts"),
    path("texts/types/add/", type_add, name="texts_type_add"),
    path("texts/types/<int:pk>/edit/", type_edit, name="texts_type_edit"),
    path("texts/types/<int:pk>/draft/", version_draft, name="texts_version_draft"),
    path("texts/versions/<int:pk>/", version_detail, name="texts_version"),
    path("texts/versions/<int:pk>/publish/", version_publish, name="texts_version_publish"),
    path("texts/versions/<int:pk>/<str:language>/", translation_edit, name="texts_translation"),
    path("texts/versions/<int:pk>/<str:language>/po/", po_export, name="texts_po_export"),
    path("texts/versions/<int:pk>/<str:language>/po/import/", po_import, name="texts_po_import"),
    path("texts/items/", item_index, name="texts_items"),
    path("texts/items/add/", item_add, name="texts_item_add"),
    path("texts/items/<int:pk>/edit/", item_edit, name="texts_item_edit"),
]


def menu_items() -> list[RoleMenuItem]:
    return [
        RoleMenuItem(
            gettext_lazy("Pledge texts"),
            reverse_lazy("pledges_admin:texts"),
            name="pledge-texts",
            icon_name="doc-full",
            order=50,
            roles=PLEDGE_EDITORS,
        ),
        RoleMenuItem(
            gettext_lazy("Return checklist items"),
            reverse_lazy("pledges_admin:texts_items"),
            name="pledge-return-items",
            icon_name="list-ul",
            order=60,
            roles=PLEDGE_EDITORS,
        ),
    ]
