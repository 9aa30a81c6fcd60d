"""Tables that leaders download: the same rows as CSV or as an XLSX workbook (XlsxWriter).

Rows hold codes, not translated text, and a hidden figure (small-number suppression) is an
empty cell, never a number, so a download says no more than the page. Recording the download
in the access log is the caller's part, in the selector that fetched the figures."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import HttpResponse

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence], *, sheet: str, heading: Sequence[str] = ()
) -> bytes:
    """One sheet: the heading lines (a title, the period), a bold header row, the rows."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    worksheet = book.add_worksheet(str(sheet)[:31])  # Excel's limit for a sheet name
    bold = book.add_format({"bold": True})
    for line, text in enumerate(heading):
        worksheet.write(line, 0, str(text), bold if line == 0 else None)
    start = len(heading) + 1 if heading else 0
    worksheet.write_row(start, 0, [str(h) for h in header], bold)
    for row, values in enumerate(rows, start=start + 1):
        worksheet.write_row(row, 0, ["" if v is None else v for v in values])
    worksheet.set_column(0, max(len(header) - 1, 0), 16)
    book.close()
    return out.getvalue()


def download(content: str | bytes, *, fmt: str, filename: str) -> HttpResponse:
    """The file as a download; the name never carries personal data."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def table_download(
    header: Sequence[str], rows: list[Sequence], *, fmt: str, filename: str, sheet: str
) -> HttpResponse:
    content = csv_text(header, rows) if fmt == "csv" else xlsx_bytes(header, rows, sheet=sheet)
    return download(content, fmt=fmt, filename=filename)
