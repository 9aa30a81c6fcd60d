"""Date and time formats a Nordic reader cannot misread (FORMAT_MODULE_PATH).

Django's own English formats are American (08/12/2026, 2:05 p.m.) and Icelandic falls back to
them for date-times. Here: day before month, month in letters where the order could be read two
ways, and 24-hour times in every language. Languages not listed keep Django's formats, which
already are day-month-year with 24-hour times (nb, sv, da, fi).
"""
