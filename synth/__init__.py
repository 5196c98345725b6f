"""Synthetic PDU inspection reports for tests and demos (clearly labelled as synthetic).

- ``spec``: the facts of one report (``ReportSpec``) and ``random_spec``, in the format of
  a framework from ``framework.FRAMEWORKS`` ("pdu-2021", the default, or "pdu-2023").
- ``render``: ``render_report(spec)`` lays the facts out like a real report's text.
- ``variants``: presentation variants (CRLF, BOM, quotes, wrapping, pages, ...).
- ``generate``: write sample report files; ``DEFAULT_SAMPLE``.
- ``national``: ``national_sample`` / ``write_national_sample``: every PDU in each
  inspection round, superseded PDUs under their old names before a reorganisation.
- ``surveys``, ``survey_exports``, ``national_surveys``: survey extracts consistent with the
  reports, in the shapes survey platforms export; every survey of every national inspection.
- ``framework``, ``ratings``, ``phrases``, ``compose``, ``numbers``: their building blocks.
"""
