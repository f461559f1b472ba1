"""Coordinator reports computed from the catalogue store (definitions: docs/reports.md).

    from reports.registry import REPORTS, ReportRequest, run_report
    report = run_report("coverage", store, ReportRequest(filters=OfferFilter.parse("Cevora")))
    report.to_json(); report.table("by_province").to_csv()

Each report is a pure function of offers and runs (``reports.coverage``, ``gaps``, ``access``,
``overlap``, ``freshness``, ``trends``); ``reports.cli`` is ``leeraanbod report`` and
``web.reports`` adds ``/api/v1/reports/NAME`` and the dashboard ``/rapporten/`` to the app.
"""
