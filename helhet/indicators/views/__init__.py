"""The indicator pages, by page: the dashboard, the self-assessment, the networks, the research
projects (thin views: parse, call a selector or a service, render)."""

from helhet.indicators.views.dashboard import dashboard, export_csv, export_pdf, export_xlsx
from helhet.indicators.views.networks import (
    network_comparison,
    network_comparison_csv,
    network_comparison_xlsx,
    network_join,
    network_leave,
    networks,
)
from helhet.indicators.views.research import (
    research_approve,
    research_end,
    research_extract,
    research_project,
    research_projects,
)
from helhet.indicators.views.self_assessment import (
    self_assessment_record,
    self_assessments,
    self_assessments_csv,
    self_assessments_xlsx,
)

__all__ = [
    "dashboard",
    "export_csv",
    "export_pdf",
    "export_xlsx",
    "network_comparison",
    "network_comparison_csv",
    "network_comparison_xlsx",
    "network_join",
    "network_leave",
    "networks",
    "research_approve",
    "research_end",
    "research_extract",
    "research_project",
    "research_projects",
    "self_assessment_record",
    "self_assessments",
    "self_assessments_csv",
    "self_assessments_xlsx",
]
