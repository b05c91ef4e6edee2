"""Every interface catalog is complete: no untranslated, fuzzy or missing entry in any language."""

from babel.messages.catalog import Catalog

from lms.i18n import catalogs


def test_no_catalog_has_an_untranslated_fuzzy_or_missing_entry():
    problems = catalogs.catalog_problems()
    assert problems == [], problems[:10]
    counts = catalogs.catalog_counts()
    assert set(counts) == {"ja", "en", "pt_BR", "vi", "zh_Hans", "fil", "id"}
    assert len(set(counts.values())) == 1 and min(counts.values()) > 500


def test_a_gap_in_a_catalog_is_reported(monkeypatch):
    real = catalogs.read_catalog

    def with_gap(locale: str) -> Catalog:
        catalog = real(locale)
        if locale == "vi":
            message = next(m for m in catalog if m.id == "My training")
            message.string = ""
            next(m for m in catalog if m.id == "Log in").flags.add("fuzzy")
        return catalog

    monkeypatch.setattr(catalogs, "read_catalog", with_gap)
    problems = {(p.locale, p.msgid, p.problem) for p in catalogs.catalog_problems()}
    assert problems == {("vi", "My training", "untranslated"), ("vi", "Log in", "fuzzy")}
