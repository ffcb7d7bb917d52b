"""The measure catalogue: every measure's plain-English label, units and page topic, and the
units, services and kinds a figure may have. Titles, axes, table and CSV headers read
labels from here; the figure schema (data/figures.py) checks files against it."""

from __future__ import annotations

from dataclasses import dataclass

UNITS = {
    "gbp": "pounds",
    "gbp_million": "millions of pounds",
    "gbp_per_week": "pounds per week",
    "gbp_per_hour": "pounds per hour",
    "gbp_per_visit": "pounds per visit",
    "percent": "per cent (0-100, negative for a fall)",
    "count": "a count of things (providers, homes, beds, packages, events ...)",
    "people": "a count of people",
    "hours_per_week": "hours of care per week",
    "per_100k": "a rate per 100,000 people",
    "years": "years",
    "hectares": "hectares",
}

SERVICES = {
    "all": "the whole adult social care market, or not split by service",
    "home_care": "home care (domiciliary care, care at home)",
    "care_home": "care homes, residential and nursing together",
    "care_home_older_people": "care homes for older people (65+)",
    "residential": "residential care (care homes without nursing)",
    "nursing": "nursing care (care homes with nursing)",
    "dual_registered": "care homes registered for both residential and nursing care",
    "intermediate_care": "intermediate care (short-term beds for discharge or step-up)",
    "extra_care": "Extra Care housing",
    "personal_assistant": "Personal Assistants paid through Direct Payments",
    "reablement": "reablement services",
    "benchmark": "a national or regional benchmark cited by the document, not a council service",
}
# How a service reads in a chart, a table or a CSV.
SERVICE_LABELS = {
    "all": "All services",
    "home_care": "Home care",
    "care_home": "Care homes",
    "care_home_older_people": "Older people's care homes",
    "residential": "Residential",
    "nursing": "Nursing",
    "dual_registered": "Dual registered",
    "intermediate_care": "Intermediate care",
    "extra_care": "Extra Care",
    "personal_assistant": "Personal Assistants",
    "reablement": "Reablement",
    "benchmark": "Benchmark",
}

KINDS = {
    "published": "stated in the source document",
    "derived": "computed from published figures; the note names the method",
    "illustrative": "made up to demonstrate a page; always shown with a badge",
}


@dataclass(frozen=True)
class Measure:
    """One measure in the controlled vocabulary: label, allowed units and page topic."""

    label: str
    units: tuple[str, ...]
    topic: str


def _m(label: str, unit: str | tuple[str, ...], topic: str) -> Measure:
    return Measure(label, (unit,) if isinstance(unit, str) else unit, topic)


_MONEY = ("gbp", "gbp_million")

MEASURES: dict[str, Measure] = {
    # fees and funding
    "fee_weekly": _m("Average weekly care home fee", "gbp_per_week", "fees"),
    "fee_hourly": _m("Hourly home care rate", "gbp_per_hour", "fees"),
    "fee_uplift_pct": _m("Fee uplift", "percent", "fees"),
    "fee_quality_bands": _m("Quality bands with fee differentials", "count", "fees"),
    "rural_uplift_per_visit": _m("Rural uplift per visit", "gbp_per_visit", "fees"),
    "benchmark_fee_hourly_homecare_association_min": _m(
        "Homecare Association minimum hourly rate", "gbp_per_hour", "fees"
    ),
    "benchmark_fee_hourly_england_avg": _m(
        "England average hourly rate paid by councils", "gbp_per_hour", "fees"
    ),
    "grant_amount": _m("Market sustainability grant", _MONEY, "fees"),
    "grant_allocation_pct": _m("Share of grant allocated", "percent", "fees"),
    "uplift_funding": _m("Funding approved for fee uplifts", _MONEY, "fees"),
    "packages_receiving_increase_pct": _m(
        "Home care packages receiving a rate increase", "percent", "fees"
    ),
    "spend_adult_social_care": _m("Adult social care spend with providers", _MONEY, "fees"),
    "spend_direct_payments": _m("Direct Payments spend", _MONEY, "fees"),
    # occupancy and capacity
    "occupancy_pct": _m("Care home occupancy", "percent", "occupancy"),
    "beds_available_pct": _m("Care home beds available", "percent", "occupancy"),
    "beds": _m("Care home beds", "count", "occupancy"),
    "block_beds": _m("Block-contracted beds", "count", "occupancy"),
    "care_homes": _m("Care homes", "count", "occupancy"),
    "care_homes_bariatric": _m("Care homes equipped for bariatric needs", "count", "occupancy"),
    "care_homes_in_alliance": _m(
        "Care homes in the council's care home alliance", "count", "occupancy"
    ),
    "care_homes_contracted": _m(
        "Care homes holding block or framework contracts", "count", "occupancy"
    ),
    "care_homes_closed": _m("Care homes closed", "count", "occupancy"),
    "care_homes_opened": _m("Care homes opened", "count", "occupancy"),
    "extra_care_sites": _m("Extra Care sites", "count", "occupancy"),
    "council_funded_residents": _m("Council-funded care home residents", "people", "occupancy"),
    "council_share_of_placements_pct": _m(
        "Council share of care home placements", "percent", "occupancy"
    ),
    "nursing_placements_area_share_pct": _m(
        "Share of nursing placements in one area", "percent", "occupancy"
    ),
    "dps_specifications_with_responses_pct": _m(
        "Placement requests that drew a provider response", "percent", "occupancy"
    ),
    "discharge_referrals_therapy_pct": _m(
        "Bedded discharge referrals needing therapy assessment", "percent", "occupancy"
    ),
    # home care market
    "framework_providers": _m("Home care framework providers", "count", "home_care"),
    "framework_providers_per_zone_min": _m(
        "Framework providers per zone (fewest)", "count", "home_care"
    ),
    "framework_providers_per_zone_max": _m(
        "Framework providers per zone (most)", "count", "home_care"
    ),
    "home_care_zones": _m("Home care zones", "count", "home_care"),
    "spot_providers": _m("Spot-purchased home care providers", "count", "home_care"),
    "individual_contract_providers": _m(
        "Providers on individual placement contracts", "count", "home_care"
    ),
    "contracted_providers": _m("Contracted home care providers", "count", "home_care"),
    "hours_commissioned_weekly": _m(
        "Home care hours commissioned per week", "hours_per_week", "workforce"
    ),
    "hours_commissioned_growth_pct": _m("Growth in hours commissioned", "percent", "workforce"),
    "hours_commissioned_change_weekly": _m(
        "Change in weekly hours commissioned", "hours_per_week", "workforce"
    ),
    "home_care_demand_growth_pct": _m("Growth in home care demand", "percent", "demand"),
    "pa_packages_monthly": _m(
        "Personal Assistant packages commissioned per month", "count", "workforce"
    ),
    "packages_handed_back": _m("Home care packages handed back", "count", "workforce"),
    "handbacks_staffing_pct": _m("Hand-backs due to insufficient staffing", "percent", "workforce"),
    "handbacks_other_reasons_pct": _m("Hand-backs for other reasons", "percent", "workforce"),
    # quality
    "cqc_outstanding_count": _m("Rated Outstanding by CQC", "count", "quality"),
    "cqc_requires_improvement_count": _m("Rated Requires Improvement by CQC", "count", "quality"),
    "complaints_to_council": _m("Complaints made to the council", "count", "quality"),
    "complaints_reported_by_providers": _m(
        "Concerns and complaints reported by providers", "count", "quality"
    ),
    "complaints_resolved_by_providers": _m("Complaints resolved by providers", "count", "quality"),
    "pamms_assessments_scheduled": _m("PAMMS quality assessments scheduled", "count", "quality"),
    "pamms_assessments_completed": _m("PAMMS quality assessments completed", "count", "quality"),
    "actions_fully_achieved": _m("Scrutiny actions fully achieved", "count", "quality"),
    "actions_on_track": _m("Scrutiny actions on track", "count", "quality"),
    "actions_slipped": _m("Scrutiny actions slipped", "count", "quality"),
    "actions_not_achieved": _m("Scrutiny actions not achieved", "count", "quality"),
    # workforce
    "staff_leavers": _m("Care staff who left their jobs", "people", "workforce"),
    "staff_leavers_to_care_roles_pct": _m(
        "Leavers moving to other care roles", "percent", "workforce"
    ),
    "vacancy_rate_pct": _m("Care provider vacancy rate", "percent", "workforce"),
    "providers_uploading_vacancies": _m(
        "Providers advertising vacancies in a campaign", "count", "workforce"
    ),
    "recruitment_events": _m("Recruitment events held", "count", "workforce"),
    "school_college_events": _m("School and college events attended", "count", "workforce"),
    "careers_event_providers": _m("Providers at a careers event", "count", "workforce"),
    "careers_event_attendees": _m("People attending a careers event", "people", "workforce"),
    "staff_trained": _m("Staff trained", "people", "workforce"),
    "staff_training_target": _m("Staff training target", "people", "workforce"),
    # demand and population
    "population": _m("Population", "people", "demand"),
    "households": _m("Households", "count", "demand"),
    "area_hectares": _m("Area", "hectares", "demand"),
    "population_growth_pct": _m("Population growth", "percent", "demand"),
    "population_change": _m("Population change", "people", "demand"),
    "benchmark_population_growth_pct_north_east": _m(
        "North East population growth", "percent", "demand"
    ),
    "benchmark_population_growth_pct_england": _m("England population growth", "percent", "demand"),
    "population_65plus": _m("Population aged 65+", "people", "demand"),
    "population_65plus_growth_pct": _m("Growth in population aged 65+", "percent", "demand"),
    "population_65plus_change": _m("Change in population aged 65+", "people", "demand"),
    "population_65plus_share_pct": _m("Share of population aged 65+", "percent", "demand"),
    "population_85plus": _m("Population aged 85+", "people", "demand"),
    "population_85plus_growth_pct": _m("Growth in population aged 85+", "percent", "demand"),
    "population_85plus_change": _m("Change in population aged 85+", "people", "demand"),
    "clinically_extremely_vulnerable_people": _m(
        "Clinically extremely vulnerable people", "people", "demand"
    ),
    "requests_for_support_vs_comparator_pct": _m(
        "Requests for support compared with comparator councils", "percent", "demand"
    ),
    "requests_no_service_pct": _m("Requests for support needing no service", "percent", "demand"),
    "long_term_cost_per_person_vs_comparator_pct": _m(
        "Long-term care cost per person compared with comparator councils", "percent", "demand"
    ),
    "self_funder_share_pct": _m("Self-funder share", "percent", "demand"),
    "la_funded_share_pct": _m("Council-funded share", "percent", "demand"),
    "self_funder_placements_growth": _m(
        "Growth in self-funded care home placements", "count", "demand"
    ),
    "self_funders_accessing_council_contract": _m(
        "Self-funders expected to use the council contract", "people", "demand"
    ),
    "population_65plus_with_ltc": _m(
        "People aged 65+ with a long-term condition", "people", "demand"
    ),
    "population_65plus_4plus_ltc": _m(
        "People aged 65+ with 4 or more long-term conditions", "people", "demand"
    ),
    "dementia_65plus": _m("People aged 65+ with dementia", "people", "demand"),
    "care_home_admissions_per_100k": _m("Permanent care home admissions", "per_100k", "demand"),
    "benchmark_care_home_admissions_per_100k_england": _m(
        "England permanent care home admissions", "per_100k", "demand"
    ),
    "benchmark_care_home_admissions_per_100k_north_east": _m(
        "North East permanent care home admissions", "per_100k", "demand"
    ),
    "care_home_admission_avg_age": _m("Average age at care home admission", "years", "demand"),
    "falls_admissions_65plus_per_100k": _m(
        "Emergency admissions for falls, 65+", "per_100k", "demand"
    ),
    "benchmark_falls_admissions_65plus_per_100k_england": _m(
        "England emergency admissions for falls, 65+", "per_100k", "demand"
    ),
    "benchmark_falls_admissions_65plus_per_100k_north_east": _m(
        "North East emergency admissions for falls, 65+", "per_100k", "demand"
    ),
    "unpaid_carers": _m("Unpaid carers", "people", "demand"),
    "unpaid_carers_change_pct": _m("Change in unpaid carers", "percent", "demand"),
    "unpaid_carers_change": _m("Change in number of unpaid carers", "people", "demand"),
    "carers_65plus_poor_health_pct": _m("Carers aged 65+ in poor health", "percent", "demand"),
    "reablement_more_confident_pct": _m(
        "Reablement users feeling more confident", "percent", "demand"
    ),
    "reablement_more_independent_pct": _m(
        "Reablement users doing more for themselves", "percent", "demand"
    ),
    "reablement_better_quality_of_life_pct": _m(
        "Reablement users reporting better quality of life", "percent", "demand"
    ),
    "reablement_no_ongoing_care_pct": _m(
        "Repeat reablement users needing no or less ongoing care", "percent", "demand"
    ),
    "teleassist_users": _m("People using Tele Assist", "people", "demand"),
    "activity_monitoring_users": _m(
        "People with activity monitoring installed", "people", "demand"
    ),
}


def measure_label(measure: str) -> str:
    """Return the readable label of a measure, or the measure name when it is unknown."""
    spec = MEASURES.get(measure)
    return spec.label if spec else measure
