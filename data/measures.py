"""The measure catalogue: every measure's plain-English label, units, page topic and
definition, and the units, services and kinds a figure may have. Titles, axes, table and CSV
headers read labels from here, and a measure's definition (one or two sentences saying what is
counted and over what) is read with measure_definition; the figure schema (data/figures.py)
checks files against it."""

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
# The services a workforce rate is given for, in the order they are shown and stored: the
# whole market first (Skills for Care's services, and the charts' bars).
WORKFORCE_SERVICES = ("all", "residential", "nursing", "home_care")

KINDS = {
    "published": "stated in the source document",
    "derived": "computed from published figures; the note names the method",
    "illustrative": "made up to demonstrate a page; always shown with a badge",
}


@dataclass(frozen=True)
class Measure:
    """One measure in the controlled vocabulary: label, allowed units, page topic and a
    plain-English definition of what is counted or measured."""

    label: str
    units: tuple[str, ...]
    topic: str
    definition: str


def _m(label: str, unit: str | tuple[str, ...], topic: str, definition: str) -> Measure:
    return Measure(label, (unit,) if isinstance(unit, str) else unit, topic, definition)


_MONEY = ("gbp", "gbp_million")

MEASURES: dict[str, Measure] = {
    # fees and funding
    "fee_weekly": _m(
        "Average weekly care home fee",
        "gbp_per_week",
        "fees",
        "The average weekly fee the council pays a care home for one resident whose place it "
        "funds, as the council's document reports it.",
    ),
    "fee_hourly": _m(
        "Hourly home care rate",
        "gbp_per_hour",
        "fees",
        "The rate the council pays providers for one hour of home care (also called domiciliary "
        "care: help given in a person's own home), as the council's document states it.",
    ),
    "fee_uplift_pct": _m(
        "Fee uplift",
        "percent",
        "fees",
        "The percentage rise in the fees the council pays care providers, measured against the "
        "rate paid before the rise.",
    ),
    "fee_quality_bands": _m(
        "Quality bands with fee differentials",
        "count",
        "fees",
        "The number of quality bands in the council's fee system, where providers placed in a "
        "higher band are paid a higher fee.",
    ),
    "rural_uplift_per_visit": _m(
        "Rural uplift per visit",
        "gbp_per_visit",
        "fees",
        "An extra sum the council pays per home care visit on qualifying packages in rural areas, "
        "to cover longer travel between visits.",
    ),
    "benchmark_fee_hourly_homecare_association_min": _m(
        "Homecare Association minimum hourly rate",
        "gbp_per_hour",
        "fees",
        "The lowest hourly price for home care that the Homecare Association, the providers' "
        "trade body, judges will cover the full cost of care; a national comparison figure cited "
        "by the council's document.",
    ),
    "benchmark_fee_hourly_england_avg": _m(
        "England average hourly rate paid by councils",
        "gbp_per_hour",
        "fees",
        "The average hourly rate that councils across England pay for home care; a national "
        "comparison figure cited by the council's document.",
    ),
    "grant_amount": _m(
        "Market sustainability grant",
        _MONEY,
        "fees",
        "The amount of government grant the council receives to help make its local care market "
        "sustainable, often spent on raising the fees paid to providers.",
    ),
    "grant_allocation_pct": _m(
        "Share of grant allocated",
        "percent",
        "fees",
        "The share of the market sustainability grant that the council put towards one purpose, "
        "such as care home fee rises, as a percentage of the whole grant.",
    ),
    "uplift_funding": _m(
        "Funding approved for fee uplifts",
        _MONEY,
        "fees",
        "The money the council has approved to pay for raising the fees it pays care providers, "
        "as the council's document states it.",
    ),
    "packages_receiving_increase_pct": _m(
        "Home care packages receiving a rate increase",
        "percent",
        "fees",
        "The percentage of the council's home care packages that get a higher hourly rate, out of "
        "all the packages it funds; a package is the care arranged for one person.",
    ),
    "spend_adult_social_care": _m(
        "Adult social care spend with providers",
        _MONEY,
        "fees",
        "The money the council spends buying adult social care from outside providers, such as "
        "private companies and charities, over the period stated, as the council's document "
        "counts it.",
    ),
    "spend_direct_payments": _m(
        "Direct Payments spend",
        _MONEY,
        "fees",
        "The money the council pays out as Direct Payments: sums given to people eligible for "
        "care so they can arrange and buy their own support.",
    ),
    "unit_cost_weekly_65plus": _m(
        "Weekly unit cost of care home places, people aged 65+",
        "gbp_per_week",
        "fees",
        "What one week of long-term residential or nursing care for one person aged 65 or over "
        "cost the council on average, as it reported to NHS England for the financial year.",
    ),
    "unit_cost_weekly_18_64": _m(
        "Weekly unit cost of care home places, people aged 18 to 64",
        "gbp_per_week",
        "fees",
        "What one week of long-term residential or nursing care for one person aged 18 to 64 "
        "cost the council on average, as it reported to NHS England for the financial year.",
    ),
    "unit_cost_hourly_home_care_external": _m(
        "Hourly home care rate paid to external providers",
        "gbp_per_hour",
        "fees",
        "The average standard hourly rate the council paid outside home care providers for "
        "personal care, as it reported to NHS England for the financial year.",
    ),
    "unit_cost_hourly_home_care_in_house": _m(
        "Hourly cost of the council's own home care",
        "gbp_per_hour",
        "fees",
        "The average standard hourly rate of the home care the council provides itself, as it "
        "reported to NHS England for the financial year.",
    ),
    # occupancy and capacity
    "occupancy_pct": _m(
        "Care home occupancy",
        "percent",
        "occupancy",
        "The percentage of care home beds that have a resident in them, out of all the beds in "
        "the homes counted.",
    ),
    "beds_available_pct": _m(
        "Care home beds available",
        "percent",
        "occupancy",
        "The percentage of care home beds that are empty and could take a new resident, out of "
        "all the care home beds counted.",
    ),
    "beds": _m(
        "Care home beds",
        "count",
        "occupancy",
        "The number of care home beds in the area, as the council's document counts them; the "
        "service shows whether these are residential, nursing or all beds.",
    ),
    "block_beds": _m(
        "Block-contracted beds",
        "count",
        "occupancy",
        "The number of care home beds the council has reserved under a block contract, which pays "
        "for a fixed number of beds in advance whether or not they are all used.",
    ),
    "care_homes": _m(
        "Care homes",
        "count",
        "occupancy",
        "The number of care homes in the area, as the council's document counts them; a care home "
        "gives people somewhere to live together with personal care, and some also give nursing "
        "care.",
    ),
    "care_homes_bariatric": _m(
        "Care homes equipped for bariatric needs",
        "count",
        "occupancy",
        "The number of care homes equipped to look after bariatric residents, meaning people "
        "living with severe obesity who need specialist beds, hoists and other equipment.",
    ),
    "care_homes_in_alliance": _m(
        "Care homes in the council's care home alliance",
        "count",
        "occupancy",
        "The number of care homes that belong to the council's care home alliance, a local "
        "partnership between the council and care homes as described in the council's document.",
    ),
    "care_homes_contracted": _m(
        "Care homes holding block or framework contracts",
        "count",
        "occupancy",
        "The number of care homes holding a block contract or a place on a framework with the "
        "council; a framework is an approved list of providers the council buys from on agreed "
        "terms.",
    ),
    "care_homes_closed": _m(
        "Care homes closed",
        "count",
        "occupancy",
        "The number of care homes in the area that closed during the period stated.",
    ),
    "care_homes_opened": _m(
        "Care homes opened",
        "count",
        "occupancy",
        "The number of new care homes in the area that opened during the period stated.",
    ),
    "extra_care_sites": _m(
        "Extra Care sites",
        "count",
        "occupancy",
        "The number of Extra Care housing schemes in the area: self-contained flats or bungalows, "
        "mainly for older people, with care staff available on site.",
    ),
    "council_funded_residents": _m(
        "Council-funded care home residents",
        "people",
        "occupancy",
        "The number of people living in care homes whose place the council pays for, counted on "
        "the date stated.",
    ),
    "council_share_of_placements_pct": _m(
        "Council share of care home placements",
        "percent",
        "occupancy",
        "The percentage of care home places in the area that the council funds, out of all "
        "places; the rest are paid for by residents themselves or by the NHS.",
    ),
    "nursing_placements_area_share_pct": _m(
        "Share of nursing placements in one area",
        "percent",
        "occupancy",
        "The percentage of nursing home placements that were made in one named part of the "
        "council's area, out of all the nursing placements the council's document counts.",
    ),
    "dps_specifications_with_responses_pct": _m(
        "Placement requests that drew a provider response",
        "percent",
        "occupancy",
        "The percentage of placement requests posted on the council's dynamic purchasing system, "
        "an open online list of approved providers who bid for each placement, that drew at least "
        "one provider's offer.",
    ),
    "discharge_referrals_therapy_pct": _m(
        "Bedded discharge referrals needing therapy assessment",
        "percent",
        "occupancy",
        "The percentage of referrals from hospital for a bed-based service, such as a care home "
        "bed, that needed an assessment by a therapist, such as a physiotherapist or occupational "
        "therapist.",
    ),
    # home care market
    "framework_providers": _m(
        "Home care framework providers",
        "count",
        "home_care",
        "The number of home care providers on the council's home care framework, an approved list "
        "of providers the council buys care from at agreed prices and terms.",
    ),
    "framework_providers_per_zone_min": _m(
        "Framework providers per zone (fewest)",
        "count",
        "home_care",
        "The smallest number of framework providers covering any one of the council's home care "
        "zones, the geographical areas it divides home care into.",
    ),
    "framework_providers_per_zone_max": _m(
        "Framework providers per zone (most)",
        "count",
        "home_care",
        "The largest number of framework providers covering any one of the council's home care "
        "zones.",
    ),
    "home_care_zones": _m(
        "Home care zones",
        "count",
        "home_care",
        "The number of geographical zones the council divides its area into when buying home "
        "care, with providers assigned to cover each zone.",
    ),
    "spot_providers": _m(
        "Spot-purchased home care providers",
        "count",
        "home_care",
        "The number of home care providers the council buys from by spot purchasing, meaning it "
        "buys each person's care one at a time rather than under a framework or block contract.",
    ),
    "individual_contract_providers": _m(
        "Providers on individual placement contracts",
        "count",
        "home_care",
        "The number of providers that work with the council only through individual placement "
        "contracts, a separate contract for each person's care rather than a wider agreement.",
    ),
    "contracted_providers": _m(
        "Contracted home care providers",
        "count",
        "home_care",
        "The number of home care providers holding a contract with the council, as the council's "
        "document counts them.",
    ),
    "hours_commissioned_weekly": _m(
        "Home care hours commissioned per week",
        "hours_per_week",
        "workforce",
        "The number of hours of home care the council commissions (arranges and pays for) in a "
        "week, across everyone it supports at home.",
    ),
    "hours_commissioned_growth_pct": _m(
        "Growth in hours commissioned",
        "percent",
        "workforce",
        "The percentage rise in the weekly hours of home care the council commissions (arranges "
        "and pays for), measured against the earlier date stated.",
    ),
    "hours_commissioned_change_weekly": _m(
        "Change in weekly hours commissioned",
        "hours_per_week",
        "workforce",
        "The change in the weekly hours of home care the council commissions between two dates; a "
        "negative number is a fall.",
    ),
    "home_care_demand_growth_pct": _m(
        "Growth in home care demand",
        "percent",
        "demand",
        "The percentage increase in demand for home care over the period stated, as the council's "
        "document measures it.",
    ),
    "pa_packages_monthly": _m(
        "Personal Assistant packages commissioned per month",
        "count",
        "workforce",
        "The average number of new care packages using a Personal Assistant set up each month; a "
        "Personal Assistant is a worker employed directly by the person cared for, usually paid "
        "from Direct Payments.",
    ),
    "packages_handed_back": _m(
        "Home care packages handed back",
        "count",
        "workforce",
        "The number of home care packages that providers handed back to the council, meaning they "
        "stopped giving that person's care and the council had to find someone else.",
    ),
    "handbacks_staffing_pct": _m(
        "Hand-backs due to insufficient staffing",
        "percent",
        "workforce",
        "The percentage of handed-back home care packages that providers returned because they "
        "did not have enough staff, out of all packages handed back.",
    ),
    "handbacks_other_reasons_pct": _m(
        "Hand-backs for other reasons",
        "percent",
        "workforce",
        "The percentage of handed-back home care packages returned for reasons other than staff "
        "shortages, such as a person's needs changing, out of all packages handed back.",
    ),
    # quality
    "cqc_outstanding_count": _m(
        "Rated Outstanding by CQC",
        "count",
        "quality",
        "The number of care services rated Outstanding, the highest of four ratings, by the Care "
        "Quality Commission (CQC), the independent regulator of health and social care in "
        "England.",
    ),
    "cqc_requires_improvement_count": _m(
        "Rated Requires Improvement by CQC",
        "count",
        "quality",
        "The number of care services rated Requires Improvement by the CQC, the second lowest of "
        "its four ratings, meaning the service is not performing as well as it should.",
    ),
    "complaints_to_council": _m(
        "Complaints made to the council",
        "count",
        "quality",
        "The number of complaints about care services made directly to the council over the "
        "period stated.",
    ),
    "complaints_reported_by_providers": _m(
        "Concerns and complaints reported by providers",
        "count",
        "quality",
        "The number of concerns and complaints that care providers told the council they had "
        "received over the period stated.",
    ),
    "complaints_resolved_by_providers": _m(
        "Complaints resolved by providers",
        "count",
        "quality",
        "The number of complaints that care providers settled through their own complaints "
        "procedures, without the council needing to step in.",
    ),
    "pamms_assessments_scheduled": _m(
        "PAMMS quality assessments scheduled",
        "count",
        "quality",
        "The number of PAMMS quality assessments of providers the council has planned; PAMMS "
        "(Provider Assessment and Market Management Solution) is a tool councils use to check "
        "care quality.",
    ),
    "pamms_assessments_completed": _m(
        "PAMMS quality assessments completed",
        "count",
        "quality",
        "The number of quality assessments of providers the council has finished using PAMMS, the "
        "Provider Assessment and Market Management Solution.",
    ),
    "actions_fully_achieved": _m(
        "Scrutiny actions fully achieved",
        "count",
        "quality",
        "The number of actions agreed after a review by the council's scrutiny committee of "
        "councillors that the latest progress update marks as fully achieved.",
    ),
    "actions_on_track": _m(
        "Scrutiny actions on track",
        "count",
        "quality",
        "The number of actions agreed after a scrutiny committee review that the latest progress "
        "update marks as on track to be delivered.",
    ),
    "actions_slipped": _m(
        "Scrutiny actions slipped",
        "count",
        "quality",
        "The number of actions agreed after a scrutiny committee review that the latest progress "
        "update marks as slipped, meaning they are behind their planned timetable.",
    ),
    "actions_not_achieved": _m(
        "Scrutiny actions not achieved",
        "count",
        "quality",
        "The number of actions agreed after a scrutiny committee review that the latest progress "
        "update marks as not achieved.",
    ),
    # workforce
    "staff_leavers": _m(
        "Care staff who left their jobs",
        "people",
        "workforce",
        "The number of care workers who left their jobs with local care providers over the period "
        "stated, as the council's document counts them.",
    ),
    "staff_leavers_to_care_roles_pct": _m(
        "Leavers moving to other care roles",
        "percent",
        "workforce",
        "The percentage of care workers who left their jobs and moved to another job in social "
        "care, out of all the care workers who left.",
    ),
    "vacancy_rate_pct": _m(
        "Care provider vacancy rate",
        "percent",
        "workforce",
        "The percentage of posts at care providers that are unfilled, out of all the posts they "
        "have, as the source (the council's document, or Skills for Care's workforce "
        "estimates) gives it.",
    ),
    "turnover_rate_pct": _m(
        "Staff turnover rate",
        "percent",
        "workforce",
        "The percentage of care staff who left their employer over a year, out of all the staff "
        "employed, as the source (such as Skills for Care's workforce estimates) gives it.",
    ),
    "providers_uploading_vacancies": _m(
        "Providers advertising vacancies in a campaign",
        "count",
        "workforce",
        "The number of care providers that posted job vacancies as part of a recruitment "
        "campaign, as the council's document counts them.",
    ),
    "recruitment_events": _m(
        "Recruitment events held",
        "count",
        "workforce",
        "The number of events held to recruit people into care work over the period stated.",
    ),
    "school_college_events": _m(
        "School and college events attended",
        "count",
        "workforce",
        "The number of events at schools and colleges attended to promote careers in social care.",
    ),
    "careers_event_providers": _m(
        "Providers at a careers event",
        "count",
        "workforce",
        "The number of care providers that took part in a careers event to find new staff.",
    ),
    "careers_event_attendees": _m(
        "People attending a careers event",
        "people",
        "workforce",
        "The number of people who went to a careers event about working in social care.",
    ),
    "staff_trained": _m(
        "Staff trained",
        "people",
        "workforce",
        "The number of adult social care staff who completed a training course, as the council's "
        "document counts them.",
    ),
    "staff_training_target": _m(
        "Staff training target",
        "people",
        "workforce",
        "The number of adult social care staff the council aims to train over the period stated.",
    ),
    # deprivation (English Indices of Deprivation, summed up for each council)
    "deprived_areas_share_pct": _m(
        "Small areas among England's most deprived tenth",
        "percent",
        "deprivation",
        "The percentage of the council's small areas (LSOAs, about 1,500 people each) that fall "
        "in the most deprived tenth of England's on the Index of Multiple Deprivation.",
    ),
    "older_income_deprived_pct": _m(
        "Average small-area rate of older people in income deprivation",
        "percent",
        "deprivation",
        "The IDAOPI rate (the percentage of people aged 60 and over who are income deprived) of "
        "each of the council's small areas, averaged with each small area counted once: not "
        "weighted by how many older people live there, so not the council's own rate.",
    ),
    # demand and population
    "population": _m(
        "Population",
        "people",
        "demand",
        "The number of people living in the council's area, as an estimate or a projection for "
        "the date stated.",
    ),
    "households": _m(
        "Households",
        "count",
        "demand",
        "The number of households in the council's area, a household being one person or a group "
        "of people sharing a home.",
    ),
    "area_hectares": _m(
        "Area",
        "hectares",
        "demand",
        "The land area the council covers, in hectares; one hectare is 10,000 square metres, "
        "about two and a half acres.",
    ),
    "population_growth_pct": _m(
        "Population growth",
        "percent",
        "demand",
        "The percentage change in the number of people living in the area between two dates, "
        "often a projection, measured against the earlier date.",
    ),
    "population_change": _m(
        "Population change",
        "people",
        "demand",
        "The change in the number of people living in the area between two dates; a negative "
        "number is a fall.",
    ),
    "benchmark_population_growth_pct_north_east": _m(
        "North East population growth",
        "percent",
        "demand",
        "The percentage growth in the population of the North East region of England over the "
        "period stated; a regional comparison figure cited by the council's document.",
    ),
    "benchmark_population_growth_pct_england": _m(
        "England population growth",
        "percent",
        "demand",
        "The percentage growth in the population of England as a whole over the period stated; a "
        "national comparison figure cited by the council's document.",
    ),
    "population_65plus": _m(
        "Population aged 65+",
        "people",
        "demand",
        "The number of people aged 65 or over living in the area, as an estimate or a projection "
        "for the date stated.",
    ),
    "population_65plus_growth_pct": _m(
        "Growth in population aged 65+",
        "percent",
        "demand",
        "The percentage rise in the number of people aged 65 or over in the area, measured "
        "against the number at the earlier date.",
    ),
    "population_65plus_change": _m(
        "Change in population aged 65+",
        "people",
        "demand",
        "The change in the number of people aged 65 or over living in the area between two dates.",
    ),
    "population_65plus_share_pct": _m(
        "Share of population aged 65+",
        "percent",
        "demand",
        "People aged 65 or over as a percentage of everyone living in the area.",
    ),
    "population_85plus": _m(
        "Population aged 85+",
        "people",
        "demand",
        "The number of people aged 85 or over living in the area, the age group most likely to "
        "need care, as an estimate or a projection.",
    ),
    "population_85plus_growth_pct": _m(
        "Growth in population aged 85+",
        "percent",
        "demand",
        "The percentage rise in the number of people aged 85 or over in the area, measured "
        "against the number at the earlier date stated.",
    ),
    "population_85plus_change": _m(
        "Change in population aged 85+",
        "people",
        "demand",
        "The change in the number of people aged 85 or over living in the area between the two "
        "dates stated.",
    ),
    "clinically_extremely_vulnerable_people": _m(
        "Clinically extremely vulnerable people",
        "people",
        "demand",
        "The number of people in the area identified during the COVID-19 pandemic as clinically "
        "extremely vulnerable, meaning at highest risk of serious illness and advised to shield.",
    ),
    "requests_for_support_vs_comparator_pct": _m(
        "Requests for support compared with comparator councils",
        "percent",
        "demand",
        "How the rate of new requests for adult social care support compares with similar "
        "councils, as a percentage above (positive) or below (negative) their level.",
    ),
    "requests_no_service_pct": _m(
        "Requests for support needing no service",
        "percent",
        "demand",
        "The percentage of new requests for adult social care support that led to no ongoing "
        "service, for example ending with advice or signposting elsewhere, out of all requests.",
    ),
    "long_term_cost_per_person_vs_comparator_pct": _m(
        "Long-term care cost per person compared with comparator councils",
        "percent",
        "demand",
        "How the council's average cost per person of long-term care (ongoing support, not "
        "short-term help) compares with similar councils, as a percentage above (positive) or "
        "below (negative) theirs.",
    ),
    "self_funder_share_pct": _m(
        "Self-funder share",
        "percent",
        "demand",
        "The percentage of people using a care service who pay the full cost of their own care "
        "(self-funders), out of all its users, as the council's document counts them.",
    ),
    "la_funded_share_pct": _m(
        "Council-funded share",
        "percent",
        "demand",
        "The percentage of people using a care service whose care the council funds, out of all "
        "its users, as the council's document counts them.",
    ),
    "self_funder_placements_growth": _m(
        "Growth in self-funded care home placements",
        "count",
        "demand",
        "The expected increase in the number of care home places paid for by self-funders, people "
        "who pay for their own care, over the period stated.",
    ),
    "self_funders_accessing_council_contract": _m(
        "Self-funders expected to use the council contract",
        "people",
        "demand",
        "The number of self-funders (people paying for their own care) the council expects to ask "
        "it to arrange their care at its contracted rates once national charging reforms take "
        "effect.",
    ),
    "population_65plus_with_ltc": _m(
        "People aged 65+ with a long-term condition",
        "people",
        "demand",
        "The number of people aged 65 or over with at least one long-term condition, an illness "
        "such as diabetes or heart disease that cannot be cured but can be managed.",
    ),
    "population_65plus_4plus_ltc": _m(
        "People aged 65+ with 4 or more long-term conditions",
        "people",
        "demand",
        "The number of people aged 65 or over living with four or more long-term conditions at "
        "the same time, who often need more care and support.",
    ),
    "dementia_65plus": _m(
        "People aged 65+ with dementia",
        "people",
        "demand",
        "The number of people aged 65 or over living with dementia in the area, as an estimate or "
        "a projection for the date stated.",
    ),
    "care_home_admissions_per_100k": _m(
        "Permanent care home admissions",
        "per_100k",
        "demand",
        "Permanent moves into residential or nursing care homes, as a rate per 100,000 people in "
        "the age group counted, usually those aged 65 or over.",
    ),
    "benchmark_care_home_admissions_per_100k_england": _m(
        "England permanent care home admissions",
        "per_100k",
        "demand",
        "The England rate of permanent admissions to care homes per 100,000 people in the age "
        "group counted; a national comparison figure cited by the council's document.",
    ),
    "benchmark_care_home_admissions_per_100k_north_east": _m(
        "North East permanent care home admissions",
        "per_100k",
        "demand",
        "The North East rate of permanent admissions to care homes per 100,000 people in the age "
        "group counted; a regional comparison figure cited by the council's document.",
    ),
    "care_home_admission_avg_age": _m(
        "Average age at care home admission",
        "years",
        "demand",
        "The average age of people when they move permanently into a care home, as the council's "
        "document reports it.",
    ),
    "falls_admissions_65plus_per_100k": _m(
        "Emergency admissions for falls, 65+",
        "per_100k",
        "demand",
        "Emergency hospital admissions caused by a fall among people aged 65 or over, as a rate "
        "per 100,000 people of that age in the area.",
    ),
    "benchmark_falls_admissions_65plus_per_100k_england": _m(
        "England emergency admissions for falls, 65+",
        "per_100k",
        "demand",
        "The England rate of emergency hospital admissions after a fall per 100,000 people aged "
        "65 or over; a national comparison figure cited by the council's document.",
    ),
    "benchmark_falls_admissions_65plus_per_100k_north_east": _m(
        "North East emergency admissions for falls, 65+",
        "per_100k",
        "demand",
        "The North East rate of emergency hospital admissions after a fall per 100,000 people "
        "aged 65 or over; a regional comparison figure cited by the council's document.",
    ),
    "unpaid_carers": _m(
        "Unpaid carers",
        "people",
        "demand",
        "The number of people who give unpaid help to a relative, friend or neighbour because of "
        "illness, disability or old age, usually as recorded by the Census.",
    ),
    "unpaid_carers_change_pct": _m(
        "Change in unpaid carers",
        "percent",
        "demand",
        "The percentage change in the number of unpaid carers in the area between two dates, such "
        "as two Censuses; a negative number is a fall.",
    ),
    "unpaid_carers_change": _m(
        "Change in number of unpaid carers",
        "people",
        "demand",
        "The change in the number of unpaid carers in the area between two dates, such as two "
        "Censuses.",
    ),
    "carers_65plus_poor_health_pct": _m(
        "Carers aged 65+ in poor health",
        "percent",
        "demand",
        "The percentage of unpaid carers aged 65 or over who describe their own health as poor, "
        "out of all unpaid carers of that age, as the council's document reports it.",
    ),
    "reablement_more_confident_pct": _m(
        "Reablement users feeling more confident",
        "percent",
        "demand",
        "The percentage of people surveyed after reablement, short-term help to regain everyday "
        "skills after illness or a hospital stay, who said they felt more confident.",
    ),
    "reablement_more_independent_pct": _m(
        "Reablement users doing more for themselves",
        "percent",
        "demand",
        "The percentage of reablement users answering the council's survey who said they could do "
        "more for themselves after the service.",
    ),
    "reablement_better_quality_of_life_pct": _m(
        "Reablement users reporting better quality of life",
        "percent",
        "demand",
        "The percentage of reablement users answering the council's survey who said their quality "
        "of life was better after the service.",
    ),
    "reablement_no_ongoing_care_pct": _m(
        "Repeat reablement users needing no or less ongoing care",
        "percent",
        "demand",
        "The percentage of past reablement users who needed no ongoing care, or a smaller package "
        "of care, once the service ended, as the council's document counts them.",
    ),
    "teleassist_users": _m(
        "People using Tele Assist",
        "people",
        "demand",
        "The number of people using Tele Assist, a council scheme that uses technology to support "
        "people in their own homes remotely, as the council's document describes it.",
    ),
    "activity_monitoring_users": _m(
        "People with activity monitoring installed",
        "people",
        "demand",
        "The number of people with activity monitoring at home: sensors that track daily movement "
        "so that carers can spot changes that may signal a problem.",
    ),
}


def measure_label(measure: str) -> str:
    """Return the readable label of a measure, or the measure name when it is unknown."""
    spec = MEASURES.get(measure)
    return spec.label if spec else measure


def measure_service_label(measure: str, service: str) -> str:
    """Return a measure and its service in words, the service left out where the label says
    it or where it is all services ("Care provider vacancy rate")."""
    label = measure_label(measure)
    if service == "all":
        return label
    words = SERVICE_LABELS.get(service, service).lower()
    return label if words in label.lower() else f"{label}, {words}"


def measure_definition(measure: str) -> str:
    """Return the plain-English definition of a measure, or "" when it is unknown."""
    spec = MEASURES.get(measure)
    return spec.definition if spec else ""
