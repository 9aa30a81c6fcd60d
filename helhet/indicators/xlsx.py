"""The network comparison as a workbook (XlsxWriter): one row per indicator, one column per
municipality and the network, a hidden figure the word for hidden, never a number. Tables of
plain rows go through ``helhet.core.exports``."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

from helhet.indicators.definitions import Kind
from helhet.indicators.selectors import Comparison, Value


def _cell(kind: Kind, value: Value):
    if value.figure is None:
        return _("hidden")
    return value.figure


def comparison_xlsx(comparison: Comparison) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Comparison")[:31])
    bold = book.add_format({"bold": True})
    sheet.write(0, 0, str(comparison.network), bold)
    sheet.write(
        1,
        0,
        f"{comparison.first:%Y-%m} – {comparison.last:%Y-%m}",
    )
    header = [_("Indicator"), _("Unit")] + [m.name for m in comparison.municipalities]
    header.append(_("The network"))
    sheet.write_row(3, 0, header, bold)
    units = {Kind.COUNT: _("number"), Kind.SHARE: "%", Kind.MEDIAN: ""}
    for row, (indicator, values, total) in enumerate(comparison.rows, start=4):
        unit = str(indicator.unit) if indicator.kind == Kind.MEDIAN else units[indicator.kind]
        sheet.write(row, 0, str(indicator.title))
        sheet.write(row, 1, unit)
        for column, value in enumerate([*values, total], start=2):
            sheet.write(row, column, _cell(indicator.kind, value))
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, len(header), 14)
    book.close()
    return out.getvalue()
