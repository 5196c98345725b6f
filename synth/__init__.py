"""Synthetic PDU inspection reports for tests and demos (clearly labelled as synthetic).

- ``spec``: the facts of one report (``ReportSpec``) and ``random_spec``.
- ``render``: ``render_report(spec)`` lays the facts out like a real report's text.
- ``variants``: presentation variants (CRLF, BOM, quotes, wrapping, pages, ...).
- ``generate``: write sample report files; ``DEFAULT_SAMPLE``.
- ``framework``, ``ratings``, ``phrases``, ``compose``, ``numbers``: their building blocks.
"""
