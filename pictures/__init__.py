"""The comparison page (``inspections report``): pure functions from warehouse frames to plotly
figures (``figures``) and from figures to one self-contained HTML page (``page``)."""
