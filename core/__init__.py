"""The core every other package imports: reference data (reference.py, survey_catalogue.py),
the errors a file or a run can end with (errors.py) and the run's settings and limits
(settings.py). It imports none of them: the CLI (inspections/), the flows, the transforms and
the warehouse code all depend on core, never the reverse."""
