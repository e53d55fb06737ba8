"""Who and where for the synthetic corpus (:mod:`kg.synth`): invented bodies, complainants, subjects, dates, furniture.

Every name here is invented or a public body's name used as a setting; nothing is copied from a real decision.
The sentences the generator writes are :mod:`kg.synth.text`.
"""

from __future__ import annotations

AUTHORITIES = (
    "Wiltshire Council",
    "Cornwall Council",
    "Leeds City Council",
    "Kent County Council",
    "Norfolk County Council",
    "Birmingham City Council",
    "Manchester City Council",
    "Bristol City Council",
    "Sheffield City Council",
    "London Borough of Hackney",
    "London Borough of Camden",
    "Royal Borough of Greenwich",
    "London Borough of Croydon",
    "Surrey County Council",
    "Devon County Council",
    "Essex County Council",
    "Lancashire County Council",
    "Nottinghamshire County Council",
    "Derbyshire County Council",
    "Hampshire County Council",
    "Suffolk County Council",
    "Somerset Council",
    "Dorset Council",
    "Cheshire East Council",
    "Durham County Council",
    "Northumberland County Council",
    "Shropshire Council",
    "North Yorkshire Council",
    "Bradford Metropolitan District Council",
    "Wakefield Metropolitan District Council",
    "Liverpool City Council",
    "Newcastle upon Tyne City Council",
    "Coventry City Council",
    "Leicester City Council",
    "Plymouth City Council",
    "Brighton and Hove City Council",
    "Milton Keynes City Council",
    "Luton Borough Council",
    "Reading Borough Council",
    "Swindon Borough Council",
    "Stockport Metropolitan Borough Council",
    "Medway Council",
    "Thurrock Council",
    "Peterborough City Council",
    "Herefordshire Council",
    "Cambridge City Council",
    "Oxford City Council",
    "Canterbury City Council",
    "Harrogate Borough Council",
    "East Riding of Yorkshire Council",
    "Isle of Wight Council",
    "Rutland County Council",
)
PROVIDERS = (
    "Meadowbank Care Ltd",
    "Harbour View Homecare Limited",
    "Larchfield House Care Home",
    "Oakridge Support Services Ltd",
)

PSEUDONYMS = (
    ("Mr", "he", "his", "him"),
    ("Mrs", "she", "her", "her"),
    ("Ms", "she", "her", "her"),
    ("Miss", "she", "her", "her"),
    ("Dr", "he", "his", "him"),
)
LETTERS = "XYBCDFGHJKLMNPRSTW"

#: top category -> (what the complaint is about, who dealt with it, a tribunal or other route of appeal)
CONTEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "Adult care services": (
        ("care and support assessment", "care home fees", "home care package", "financial assessment"),
        ("social worker", "care manager", "financial assessment officer"),
        "the courts",
    ),
    "Benefits and tax": (
        ("council tax account", "council tax reduction claim", "housing benefit claim", "business rates bill"),
        ("revenues officer", "benefits officer"),
        "the Valuation Tribunal",
    ),
    "Children's care services": (
        (
            "child and family assessment",
            "child protection enquiry",
            "foster care review",
            "special guardianship support plan",
        ),
        ("social worker", "team manager", "family support worker"),
        "the family court",
    ),
    "Education": (
        (
            "education, health and care plan",
            "school transport application",
            "school admission appeal",
            "alternative provision",
        ),
        ("caseworker", "SEN officer", "admissions officer"),
        "the SEND Tribunal",
    ),
    "Environment and regulation": (
        ("noise complaint", "missed bin collections", "licensing decision", "drainage problem"),
        ("environmental health officer", "licensing officer", "waste officer"),
        "the magistrates' court",
    ),
    "Housing": (
        ("homelessness application", "housing register application", "disrepair report", "disabled facilities grant"),
        ("housing officer", "homelessness officer", "occupational therapist"),
        "the county court",
    ),
    "Planning": (
        ("planning application", "enforcement complaint", "building control inspection"),
        ("planning officer", "enforcement officer", "building control surveyor"),
        "the Planning Inspectorate",
    ),
    "Transport and highways": (
        ("parking penalty", "pothole report", "highway adoption request", "traffic order"),
        ("highways officer", "parking officer"),
        "the Traffic Penalty Tribunal",
    ),
    "Other categories": (
        ("complaint about a councillor", "request for information", "allotment tenancy", "leisure centre membership"),
        ("monitoring officer", "information officer", "service manager"),
        "the Information Commissioner",
    ),
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

FURNITURE = """Print this page

LGO logogram

Review your privacy settings

Required cookies

These cookies enable the website to function properly. You can only disable these by changing your browser preferences, but this will affect how the website performs.

View required cookies

Analytical cookies

Google Analytics cookies help us improve the performance of the website by understanding how visitors use the site.
We recommend you set these 'ON'.

View analytical cookies

Privacy settings"""
