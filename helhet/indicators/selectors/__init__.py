"""What the indicator pages read, by page: the dashboard, the self-assessment, the network, the
research projects. Every selector takes the actor and checks access through the policy."""

from helhet.indicators.selectors.dashboard import (
    EXPORT_HEADER,
    KEY_LABELS,
    Dashboard,
    Figure,
    Value,
    _median,
    dashboard,
    dashboard_export,
    export_rows,
)
from helhet.indicators.selectors.network import (
    COMPARISON_HEADER,
    Comparison,
    ListedNetwork,
    comparison,
    comparison_export,
    comparison_rows,
    networks_listed,
)
from helhet.indicators.selectors.research import research_extracts, research_projects
from helhet.indicators.selectors.self_assessment import (
    SELF_ASSESSMENT_HEADER,
    AreaAssessment,
    AssessedPeriod,
    self_assessment_export,
    self_assessments,
)

__all__ = [
    "COMPARISON_HEADER",
    "EXPORT_HEADER",
    "KEY_LABELS",
    "SELF_ASSESSMENT_HEADER",
    "AreaAssessment",
    "AssessedPeriod",
    "Comparison",
    "Dashboard",
    "Figure",
    "ListedNetwork",
    "Value",
    "_median",
    "comparison",
    "comparison_export",
    "comparison_rows",
    "dashboard",
    "dashboard_export",
    "export_rows",
    "networks_listed",
    "research_extracts",
    "research_projects",
    "self_assessment_export",
    "self_assessments",
]
