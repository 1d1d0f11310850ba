"""Text of a PDF, read back with pypdf (whitespace normalised: lines may wrap anywhere)."""
import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
