"""Extract plain text from document files for full-text search (pure Python).

Supported: plain text (UTF-8 / GB18030), PDF (``pypdf`` or ``PyPDF2`` when
installed), DOCX (zip + XML, ``lxml`` or the standard library) and XLSX
(``openpyxl``).  Unsupported or broken files give an empty string: text
extraction must never block saving a document.
"""

import io
import logging
import zipfile
from xml.etree import ElementTree

_logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
TEXT_EXTENSIONS = {"txt", "csv", "md", "log", "json", "xml", "html", "htm"}
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _ext(filename):
    if not filename or "." not in filename:
        return ""
    return filename.rsplit(".", 1)[1].lower()


def decode_text(data):
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="ignore")


def extract_pdf(data):
    try:
        from pypdf import PdfReader  # noqa: PLC0415
    except ImportError:
        try:
            from PyPDF2 import PdfReader  # noqa: PLC0415
        except ImportError:
            return ""
    reader = PdfReader(io.BytesIO(data))
    parts = []
    for page in reader.pages:
        parts.append(page.extract_text() or "")
        if sum(len(p) for p in parts) > MAX_CHARS:
            break
    return "\n".join(parts)


def extract_docx(data):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml")
    root = ElementTree.fromstring(xml)
    paragraphs = []
    for para in root.iter(f"{W_NS}p"):
        text = "".join(node.text or "" for node in para.iter(f"{W_NS}t"))
        if text:
            paragraphs.append(text)
    return "\n".join(paragraphs)


def extract_xlsx(data):
    try:
        from openpyxl import load_workbook  # noqa: PLC0415
    except ImportError:
        return ""
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    size = 0
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells = [str(c) for c in row if c not in (None, "")]
                if cells:
                    line = " ".join(cells)
                    lines.append(line)
                    size += len(line)
                    if size > MAX_CHARS:
                        return "\n".join(lines)
    finally:
        wb.close()
    return "\n".join(lines)


EXTRACTORS = {"pdf": extract_pdf, "docx": extract_docx, "xlsx": extract_xlsx}


def extract_text(data, filename=None, mimetype=None):
    """Return the text content of ``data`` (bytes) or ``""``."""
    if not data:
        return ""
    ext = _ext(filename)
    if not ext and mimetype:
        if mimetype.startswith("text/"):
            ext = "txt"
        elif mimetype == "application/pdf":
            ext = "pdf"
    try:
        if ext in TEXT_EXTENSIONS:
            text = decode_text(data)
        elif ext in EXTRACTORS:
            text = EXTRACTORS[ext](data)
        else:
            return ""
    except Exception as exc:  # any broken file gives no text
        _logger.info("Text extraction failed for %s: %s", filename, exc)
        return ""
    return (text or "")[:MAX_CHARS]
