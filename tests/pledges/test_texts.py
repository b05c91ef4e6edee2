"""The secretariat's pledge texts: drafting, editing and publishing versions, translating them on the
page or through PO files, pledge types and the return checklist items."""

import datetime

import polib
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import ModelLogEntry

from pledges.models import (
    LeavingCase,
    LeavingCaseItem,
    PledgeClause,
    PledgePurpose,
    PledgeTranslation,
    PledgeType,
    PledgeVersion,
    ReturnItemKind,
    sha256_text,
)
from pledges.services import PledgeRefused
from pledges.services.leaving import leaving_cases_sync
from pledges.services.texts import (
    languages_offered,
    pledge_po_build,
    pledge_text,
    pledge_version_edit,
    source_segments,
    translation_status,
)
from pledges.services.types import pledge_type_create, pledge_type_update
from pledges.views import texts as text_views
from tests.factories import EmployeeFactory
from tests.refusals import assert_forbidden, nothing_changes

pytestmark = pytest.mark.django_db

ALL_LANGUAGES = [code for code, _name in settings.LANGUAGES]
NEW_CLAUSE_3 = "私は、会社の規程とルールを守り、分からないときは上司に確認いたします。（改訂）"


def url(name: str, *args) -> str:
    return reverse(f"pledges_admin:{name}", args=args)


def audit_actions(instance) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(instance.pk), content_type__model=instance._meta.model_name)
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def hire_v2(client, trainer, english_admin, pledge_texts):
    """The trainer drafts version 2 of the hire pledge through the index page's button."""
    client.force_login(trainer)
    hire = pledge_texts["hire"]
    response = client.post(url("texts_version_draft", hire.pledge_type.pk))
    version = PledgeVersion.objects.get(pledge_type=hire.pledge_type, number=2)
    assert response.status_code == 302
    assert response["Location"] == url("texts_version", version.pk)
    return version


def edit_data(version: PledgeVersion, **replace: str) -> dict:
    """The version page's edit form as posted, with ``clause_N`` texts replaced."""
    data = {"title": version.title}
    for clause in version.clauses.order_by("position"):
        data[f"clause_{clause.position}"] = clause.text
    return {**data, **replace}


@pytest.fixture
def clause_3_changed(client, hire_v2):
    response = client.post(url("texts_version", hire_v2.pk), edit_data(hire_v2, clause_3=NEW_CLAUSE_3))
    assert response.status_code == 302
    return hire_v2


def translation_data(version: PledgeVersion, language: str, **replace: str) -> dict:
    """The translation page as posted: every segment's stored text, with ``clause/N`` keys replaced."""
    stored = dict(version.translations.filter(language=language).values_list("key", "text"))
    data = {}
    for index, (key, japanese) in enumerate(source_segments(version).items()):
        data[f"text_{index}"] = replace.get(key, stored.get(key, ""))
        data[f"source_{index}"] = sha256_text(japanese)
    return data


def test_draft_copies_the_published_version_with_its_translations(hire_v2, pledge_texts, trainer):
    v1 = pledge_texts["hire"]
    assert hire_v2.status == PledgeVersion.Status.DRAFT
    assert source_segments(hire_v2) == source_segments(v1)
    assert hire_v2.translations.count() == v1.translations.count()
    assert all(status.is_complete for status in translation_status(hire_v2))
    assert languages_offered(hire_v2) == ALL_LANGUAGES
    entry = ModelLogEntry.objects.get(action="mamori.pledge_version.create", object_id=str(hire_v2.pk))
    assert entry.user == trainer and entry.data == {"copied_from": 1}


def test_a_second_draft_is_refused_with_the_message(client, hire_v2):
    with nothing_changes(PledgeVersion, PledgeClause, PledgeTranslation):
        response = client.post(url("texts_version_draft", hire_v2.pledge_type.pk), follow=True)
    assert "already has a draft (version 2)" in response.content.decode()


def test_changing_a_clause_makes_its_translations_out_of_date(clause_3_changed, pledge_texts):
    v2 = clause_3_changed
    assert v2.clauses.get(position=3).text == NEW_CLAUSE_3
    for status in translation_status(v2):
        assert (status.out_of_date, status.missing) == (1, 0), status
        assert status.translated == status.segments - 1
    assert languages_offered(v2) == ["ja"]
    assert languages_offered(pledge_texts["hire"]) == ALL_LANGUAGES  # v1 untouched
    entry = ModelLogEntry.objects.get(action="mamori.pledge_version.update", object_id=str(v2.pk))
    assert entry.data == {"changed": ["clause/3"]}


def test_the_draft_page_edits_adds_and_removes_clauses(client, hire_v2):
    count = hire_v2.clauses.count()
    page = client.get(url("texts_version", hire_v2.pk)).content.decode()
    assert f'name="clause_{count + 2}"' in page and f'name="clause_{count + 3}"' not in page
    assert "Publishing freezes the Japanese text; the version replaces the published one for new signatures." in page
    data = edit_data(hire_v2, clause_1="", **{f"clause_{count + 1}": "追加の条項。"})
    assert client.post(url("texts_version", hire_v2.pk), data).status_code == 302
    texts = list(hire_v2.clauses.order_by("position").values_list("text", flat=True))
    assert len(texts) == count and texts[-1] == "追加の条項。"


def test_a_draft_without_clauses_is_refused_and_the_form_kept(client, hire_v2):
    data = {"title": hire_v2.title, **{f"clause_{n}": "" for n in range(1, 12)}}
    with nothing_changes(PledgeVersion, PledgeClause):
        response = client.post(url("texts_version", hire_v2.pk), data)
    assert response.status_code == 400
    assert "A pledge needs at least one clause." in response.content.decode()


def test_publish_freezes_v2_and_retires_v1(client, clause_3_changed, pledge_texts, trainer):
    v1, v2 = pledge_texts["hire"], clause_3_changed
    response = client.post(url("texts_version_publish", v2.pk), follow=True)
    assert "Version 2 is published. It can be signed in: 日本語." in response.content.decode()
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (PledgeVersion.Status.RETIRED, PledgeVersion.Status.PUBLISHED)
    assert v2.published_by == trainer
    assert "mamori.pledge_version.retire" in audit_actions(v1)
    assert "mamori.pledge_version.publish" in audit_actions(v2)

    # Frozen: the service refuses, and so does the page, which no longer offers the form.
    with pytest.raises(PledgeRefused), nothing_changes(PledgeClause, PledgeVersion):
        pledge_version_edit(version=v2, actor=trainer, title="改", clauses=["改"])
    with nothing_changes(PledgeClause, PledgeVersion):
        refused = client.post(url("texts_version", v2.pk), edit_data(v2, clause_1="改"), follow=True)
    page = refused.content.decode()
    assert "Version 2 is published and frozen; draft a new version." in page
    assert "This version is frozen" in page and 'id="version-edit"' not in page


def test_an_out_of_date_translation_cannot_be_signed_until_fixed(client, clause_3_changed, trainer):
    v2 = clause_3_changed
    client.post(url("texts_version_publish", v2.pk))
    with pytest.raises(PledgeRefused):
        pledge_text(version=v2, language="vi")

    page = client.get(url("texts_translation", v2.pk, "vi")).content.decode()
    assert "The Japanese changed since this was translated" in page
    assert "People who already signed keep the exact text they signed" in page
    old = v2.translations.get(language="vi", key="clause/3").text
    assert old in page  # the old translation is there to revise

    # Saving the page unchanged does not pass the old translation off as current.
    with nothing_changes(PledgeTranslation):
        client.post(url("texts_translation", v2.pk, "vi"), translation_data(v2, "vi"))
    assert "vi" not in languages_offered(v2)

    response = client.post(
        url("texts_translation", v2.pk, "vi"), translation_data(v2, "vi", **{"clause/3": "Tôi tuân thủ (sửa đổi)."})
    )
    assert response.status_code == 302
    assert "vi" in languages_offered(v2) and "en" not in languages_offered(v2)
    assert pledge_text(version=v2, language="vi").clauses[2].text == "Tôi tuân thủ (sửa đổi)."
    row = v2.translations.get(language="vi", key="clause/3")
    assert row.updated_by == trainer and row.source_sha256 == sha256_text(NEW_CLAUSE_3)


def test_an_unchanged_out_of_date_translation_can_be_confirmed(client, clause_3_changed):
    v2 = clause_3_changed
    data = translation_data(v2, "en")
    index = list(source_segments(v2)).index("clause/3")
    client.post(url("texts_translation", v2.pk, "en"), {**data, f"confirm_{index}": "on"})
    assert "en" in languages_offered(v2)


def test_a_translation_against_japanese_changed_meanwhile_is_refused(client, hire_v2):
    data = translation_data(hire_v2, "vi", **{"clause/3": "Bản dịch mới."})
    client.post(url("texts_version", hire_v2.pk), edit_data(hire_v2, clause_3=NEW_CLAUSE_3))
    with nothing_changes(PledgeTranslation):
        response = client.post(url("texts_translation", hire_v2.pk, "vi"), data)
    assert response.status_code == 400
    assert "changed while you were translating" in response.content.decode()


def test_po_export_has_the_japanese_and_marks_the_out_of_date_segment_fuzzy(client, clause_3_changed):
    response = client.get(url("texts_po_export", clause_3_changed.pk, "vi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/x-gettext-translation; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pledge-hire-v2-vi.po"'
    po = polib.pofile(response.content.decode("utf-8"))
    entries = {entry.msgctxt: entry for entry in po}
    assert entries["hire/clause/3"].msgid == NEW_CLAUSE_3
    assert entries["hire/clause/3"].flags == ["fuzzy"]
    assert [entry.msgctxt for entry in po if "fuzzy" in entry.flags] == ["hire/clause/3"]


def upload(content: bytes, name: str = "vi.po") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="text/x-gettext-translation")}


def test_po_import_of_a_file_made_for_the_old_japanese_writes_nothing(client, clause_3_changed, pledge_texts):
    old_file = str(pledge_po_build(version=pledge_texts["hire"], language="vi")).encode("utf-8")
    with nothing_changes(PledgeTranslation, PledgeVersion):
        response = client.post(url("texts_po_import", clause_3_changed.pk, "vi"), upload(old_file))
    assert response.status_code == 400
    assert "The file was made from other Japanese text (clause/3)" in response.content.decode()


def test_po_import_of_a_revised_file_updates_the_segment(client, clause_3_changed):
    po = pledge_po_build(version=clause_3_changed, language="vi")
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.msgstr = "Tôi tuân thủ (sửa đổi)."
    response = client.post(
        url("texts_po_import", clause_3_changed.pk, "vi"), upload(str(po).encode("utf-8")), follow=True
    )
    assert "Imported: 1 segment updated." in response.content.decode()
    assert "vi" in languages_offered(clause_3_changed)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "The file is not a PO file: it is not text in UTF-8."),
        (b"<html>\n<body>not a catalog</body>\n</html>\n", "The file is not a PO file the import can read."),
        (b'msgid ""\nmsgstr ""\n' + b"#" * (1024 * 1024), "The file is larger than 1 MB."),
        (b'msgid ""\nmsgstr ""\n"Language: pt_BR\\n"\n', "The file is for the language “pt-br”, not Tiếng Việt."),
    ],
    ids=["binary", "not-po", "oversized", "other-language"],
)
def test_an_unreadable_upload_is_refused_clearly(client, hire_v2, content, message):
    with nothing_changes(PledgeTranslation):
        response = client.post(url("texts_po_import", hire_v2.pk, "vi"), upload(content))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "Nothing was imported." in page


def test_an_unknown_language_is_not_found(client, hire_v2):
    assert client.get(url("texts_translation", hire_v2.pk, "ja")).status_code == 404
    assert client.get(url("texts_po_export", hire_v2.pk, "xx")).status_code == 404


URLS = [
    ("texts", ()),
    ("texts_type_add", ()),
    ("texts_type_edit", ("type",)),
    ("texts_version_draft", ("type",)),
    ("texts_version", ("version",)),
    ("texts_version_publish", ("version",)),
    ("texts_translation", ("version", "vi")),
    ("texts_po_export", ("version", "vi")),
    ("texts_po_import", ("version", "vi")),
    ("texts_items", ()),
    ("texts_item_add", ()),
    ("texts_item_edit", ("item",)),
]


@pytest.mark.parametrize(("name", "args"), URLS, ids=[name for name, _args in URLS])
def test_hr_and_other_roles_are_refused_every_screen(client, pledge_texts, hr_a, manager_a, auditor, name, args):
    version = pledge_texts["hire"]
    objects = {"type": version.pledge_type.pk, "version": version.pk, "item": ReturnItemKind.objects.first().pk}
    target = url(name, *(objects.get(arg, arg) for arg in args))
    for user in (hr_a, manager_a, auditor):
        client.force_login(user)
        with nothing_changes(PledgeType, PledgeVersion, PledgeClause, PledgeTranslation, ReturnItemKind):
            assert_forbidden(client.get(target))
            assert_forbidden(client.post(target, {"title": "x", "code": "x", "name": "x", "position": 0}))


def test_the_index_lists_types_versions_and_languages(client, hire_v2):
    page = client.get(url("texts")).content.decode()
    assert "入社時誓約書" in page and "退職時誓約書" in page
    assert "Draft" in page and "Published" in page and "Tiếng Việt" in page
    assert url("texts_version", hire_v2.pk) in page


def test_the_index_says_when_there_are_no_pledge_types(client, trainer, english_admin):
    client.force_login(trainer)
    assert "No pledge types yet." in client.get(url("texts")).content.decode()


def test_a_pledge_type_is_added_with_translated_names(client, trainer, english_admin):
    client.force_login(trainer)
    form = client.get(url("texts_type_add")).content.decode()
    assert "Name in Tiếng Việt" in form and "Name in English" in form
    data = {"code": "partner", "purpose": "other", "name": "共同開発誓約書", "position": 30}
    data |= {"name_en": "Joint development pledge", "name_vi": "Cam kết phát triển chung", "name_pt_br": " "}
    assert client.post(url("texts_type_add"), data).status_code == 302
    partner = PledgeType.objects.get(code="partner")
    assert partner.translated_names == {"en": "Joint development pledge", "vi": "Cam kết phát triển chung"}
    entry = ModelLogEntry.objects.get(action="mamori.pledge_type.create", object_id=str(partner.pk))
    assert entry.user == trainer and entry.data["changes"]["code"] == [None, "partner"]

    # A code already taken is shown on the form, nothing written.
    with nothing_changes(PledgeType):
        again = client.post(url("texts_type_add"), data)
    assert again.status_code == 400


def test_the_purpose_of_a_published_type_cannot_change(client, trainer, english_admin, pledge_texts):
    hire = pledge_texts["hire"].pledge_type
    with pytest.raises(PledgeRefused), nothing_changes(PledgeType):
        pledge_type_update(pledge_type=hire, actor=trainer, purpose=PledgePurpose.OTHER)
    client.force_login(trainer)
    data = {"code": "hire", "purpose": "other", "name": hire.name, "position": hire.position}
    with nothing_changes(PledgeType):
        response = client.post(url("texts_type_edit", hire.pk), data)
    assert response.status_code == 400
    assert "cannot change: a version of it has been published" in response.content.decode()
    # Its names can.
    client.post(url("texts_type_edit", hire.pk), {**data, "purpose": "hire", "name_en": "Pledge at hiring"})
    hire.refresh_from_db()
    assert hire.translated_names["en"] == "Pledge at hiring"
    assert audit_actions(hire)[-1] == "mamori.pledge_type.update"


def test_the_purpose_of_an_unpublished_type_can_change(trainer):
    partner = pledge_type_create(actor=trainer, code="partner", purpose="other", name="共同開発", position=1)
    assert pledge_type_update(pledge_type=partner, actor=trainer, purpose="hire") == {"purpose": ["other", "hire"]}


def test_return_items_are_added_edited_and_taken_out_of_new_checklists(
    client, trainer, english_admin, pledge_texts, units
):
    client.force_login(trainer)
    data = {"code": "keys", "name": "鍵", "name_en": "Keys", "position": 70, "active": "on"}
    assert client.post(url("texts_item_add"), data).status_code == 302
    keys = ReturnItemKind.objects.get(code="keys")
    assert keys.active and keys.translated_names == {"en": "Keys"}
    assert audit_actions(keys) == ["mamori.return_item_kind.create"]

    leaver = EmployeeFactory(unit=units["plant_a"], leaving_date=datetime.date(2026, 9, 30))
    leaving_cases_sync(employee_ids=[leaver.pk])
    case = LeavingCase.objects.get(employee=leaver)
    assert case.items.filter(kind=keys).exists()

    edit = client.get(url("texts_item_edit", keys.pk)).content.decode()
    assert "Checklists already opened keep it" in edit
    data = {"code": "keys", "name": "鍵・入館証", "name_en": "Keys and passes", "position": 70}  # unticked
    assert client.post(url("texts_item_edit", keys.pk), data).status_code == 302
    keys.refresh_from_db()
    assert (keys.active, keys.name, keys.translated_names) == (False, "鍵・入館証", {"en": "Keys and passes"})
    assert audit_actions(keys) == ["mamori.return_item_kind.create", "mamori.return_item_kind.update"]
    assert LeavingCaseItem.objects.filter(case=case, kind=keys).exists()  # the open checklist keeps it

    later = EmployeeFactory(unit=units["plant_a"], leaving_date=datetime.date(2026, 10, 31))
    leaving_cases_sync(employee_ids=[later.pk])
    assert not LeavingCaseItem.objects.filter(case__employee=later, kind=keys).exists()

    listing = client.get(url("texts_items")).content.decode()
    assert "鍵・入館証" in listing and "Keys and passes" in listing


def test_menu_items_are_for_the_secretariat(trainer, hr_a):
    request = RequestFactory().get("/admin/")
    items = text_views.menu_items()
    assert [item.name for item in items] == ["pledge-texts", "pledge-return-items"]
    for item in items:
        request.user = trainer
        assert item.is_shown(request)
        request.user = hr_a
        assert not item.is_shown(request)


def test_a_second_hire_pledge_type_is_refused(trainer, pledge_texts):
    with pytest.raises(PledgeRefused, match="already the pledge for this purpose"), nothing_changes(PledgeType):
        pledge_type_create(actor=trainer, code="hire-2", purpose="hire", name="別の入社時誓約書", position=1)
    partner = pledge_type_create(actor=trainer, code="partner", purpose="other", name="共同開発先誓約書", position=30)
    with pytest.raises(PledgeRefused, match="already the pledge for this purpose"):
        pledge_type_update(pledge_type=partner, actor=trainer, purpose="leaving")
