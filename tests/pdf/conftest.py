from tests.pdf.helpers import english, xhtml2pdf_warnings_fail  # noqa: F401
