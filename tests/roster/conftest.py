import pytest


@pytest.fixture(autouse=True)
def roster_upload_dir(settings, tmp_path):
    """Each test keeps pending uploads in its own directory."""
    settings.MAMORI_ROSTER_UPLOAD_DIR = tmp_path / "roster-uploads"
    return settings.MAMORI_ROSTER_UPLOAD_DIR
