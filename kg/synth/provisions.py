"""What each provision the synthetic corpus cites is about, by category (:mod:`kg.synth`).

Data only: the shapes a citation is written in are :mod:`kg.synth.law`.
"""

from __future__ import annotations

# --- what each provision is about, by category --------------------------------------
# (act, kind, numbers, what it says); kind sec: (section, subsection or None), sch: (schedule, para), part: (n,)

Provision = tuple[str, str, tuple, str]

PROVISIONS: dict[str, list[Provision]] = {
    "Adult care services": [
        ("Care Act 2014", "sec", ("9", None), "a council must assess any adult who appears to need care and support"),
        ("Care Act 2014", "sec", ("18", "1"), "a council must meet eligible needs of an adult who lives in its area"),
        (
            "Care Act 2014",
            "sec",
            ("42", None),
            "a council must make enquiries where it suspects an adult is at risk of abuse or neglect",
        ),
        (
            "Care Act 2014",
            "sec",
            ("24", None),
            "a council must prepare a care and support plan once it decides to meet needs",
        ),
        ("Care Act 2014", "sec", ("14", None), "a council may charge for the care and support it arranges"),
        ("Care Act 2014", "sec", ("31", None), "a council must make direct payments where the conditions are met"),
        ("Care Act 2014", "sec", ("27", "1"), "a council must keep care and support plans under review"),
        ("Care Act 2014", "part", (1,), "sets out the general duties of councils towards adults with care needs"),
        (
            "Mental Health Act 1983",
            "sec",
            ("117", None),
            "health and social care bodies must provide aftercare to some people detained in hospital",
        ),
        (
            "Mental Capacity Act 2005",
            "sec",
            ("1", None),
            "a person must be assumed to have capacity unless it is shown they lack it",
        ),
    ],
    "Benefits and tax": [
        (
            "Local Government Finance Act 1992",
            "sec",
            ("13A", "1"),
            "a council must have a council tax reduction scheme and may reduce the tax in other cases",
        ),
        (
            "Local Government Finance Act 1992",
            "sec",
            ("11", None),
            "some dwellings attract a discount where only one adult lives there",
        ),
        ("Local Government Finance Act 1992", "sec", ("6", None), "sets out who is liable to pay council tax"),
        ("Local Government Finance Act 1992", "sch", ("1", "2"), "people in detention are disregarded for discounts"),
        (
            "Human Rights Act 1998",
            "sec",
            ("6", None),
            "it is unlawful for a public authority to act in a way which is incompatible with a Convention right",
        ),
    ],
    "Children's care services": [
        (
            "Children Act 1989",
            "sec",
            ("17", None),
            "a council must safeguard and promote the welfare of children in need in its area",
        ),
        (
            "Children Act 1989",
            "sec",
            ("47", None),
            "a council must make enquiries where it has reasonable cause to suspect a child is suffering significant harm",
        ),
        (
            "Children Act 1989",
            "sec",
            ("20", None),
            "a council must provide accommodation for a child in need who requires it",
        ),
        (
            "Children Act 1989",
            "sec",
            ("22", "3"),
            "a council must safeguard and promote the welfare of a child it looks after",
        ),
        (
            "Children Act 1989",
            "sec",
            ("26", None),
            "councils must have a procedure for considering representations and complaints about children's services",
        ),
        ("Children Act 1989", "sch", ("2", "19B"), "a council must prepare a pathway plan for an eligible child"),
        ("Children Act 1989", "sec", ("23C", None), "a council keeps duties towards former relevant children"),
        (
            "Children and Families Act 2014",
            "sec",
            ("19", None),
            "a council must have regard to the views and wishes of the child and parent",
        ),
    ],
    "Education": [
        (
            "Education Act 1996",
            "sec",
            ("19", None),
            "a council must arrange suitable education for children who would not otherwise receive it",
        ),
        ("Education Act 1996", "sec", ("508B", None), "a council must make travel arrangements for eligible children"),
        (
            "Education Act 1996",
            "sec",
            ("444", None),
            "a parent commits an offence if a registered pupil fails to attend regularly",
        ),
        (
            "Children and Families Act 2014",
            "sec",
            ("42", "2"),
            "a council must secure the special educational provision in an education, health and care plan",
        ),
        (
            "Children and Families Act 2014",
            "sec",
            ("36", None),
            "a council must decide whether to carry out an education, health and care needs assessment",
        ),
        (
            "Children and Families Act 2014",
            "sec",
            ("44", None),
            "a council must review an education, health and care plan at least every twelve months",
        ),
        (
            "Children and Families Act 2014",
            "part",
            (3,),
            "sets out the law on children and young people with special educational needs",
        ),
        ("Equality Act 2010", "sec", ("20", None), "a body must make reasonable adjustments for disabled people"),
    ],
    "Environment and regulation": [
        (
            "Environmental Protection Act 1990",
            "sec",
            ("79", None),
            "a council must take reasonable steps to investigate complaints of statutory nuisance",
        ),
        (
            "Environmental Protection Act 1990",
            "sec",
            ("80", None),
            "a council must serve an abatement notice where it is satisfied a statutory nuisance exists",
        ),
        (
            "Environmental Protection Act 1990",
            "sec",
            ("46", None),
            "a council may specify the containers in which household waste is collected",
        ),
        (
            "Anti-social Behaviour, Crime and Policing Act 2014",
            "sec",
            ("104", None),
            "relevant bodies must review their response to repeated complaints of anti-social behaviour",
        ),
        (
            "Licensing Act 2003",
            "sec",
            ("4", None),
            "a licensing authority must carry out its functions to promote the licensing objectives",
        ),
    ],
    "Housing": [
        (
            "Housing Act 1996",
            "sec",
            ("184", None),
            "a council must make enquiries where it has reason to believe an applicant may be homeless",
        ),
        (
            "Housing Act 1996",
            "sec",
            ("188", None),
            "a council must secure interim accommodation for an applicant who may be homeless and in priority need",
        ),
        (
            "Housing Act 1996",
            "sec",
            ("189A", None),
            "a council must assess the case of an eligible applicant who is homeless or threatened with homelessness",
        ),
        (
            "Housing Act 1996",
            "sec",
            ("202", None),
            "an applicant may ask for a review of a council's homelessness decisions",
        ),
        (
            "Housing Act 1996",
            "sec",
            ("166A", None),
            "a council must allocate housing in line with its allocation scheme",
        ),
        ("Housing Act 1996", "part", (7,), "sets out the duties of councils to homeless people"),
        ("Housing Act 1996", "part", (6,), "sets out how councils allocate social housing"),
        (
            "Housing Grants, Construction and Regeneration Act 1996",
            "sec",
            ("23", None),
            "a disabled facilities grant is available for works to make a home suitable",
        ),
        (
            "Homelessness Reduction Act 2017",
            "sec",
            ("1", None),
            "extends the period in which a person is threatened with homelessness",
        ),
    ],
    "Planning": [
        (
            "Town and Country Planning Act 1990",
            "sec",
            ("70", None),
            "a council must have regard to the development plan when deciding an application",
        ),
        ("Town and Country Planning Act 1990", "sec", ("171B", None), "sets time limits for taking enforcement action"),
        (
            "Town and Country Planning Act 1990",
            "sec",
            ("172", None),
            "a council may issue an enforcement notice where there has been a breach of planning control",
        ),
        (
            "Town and Country Planning Act 1990",
            "sec",
            ("78", None),
            "an applicant may appeal against the refusal of planning permission",
        ),
        (
            "Human Rights Act 1998",
            "sec",
            ("6", None),
            "it is unlawful for a public authority to act in a way which is incompatible with a Convention right",
        ),
    ],
    "Transport and highways": [
        (
            "Highways Act 1980",
            "sec",
            ("41", None),
            "the highway authority must maintain highways maintainable at public expense",
        ),
        (
            "Highways Act 1980",
            "sec",
            ("130", None),
            "a highway authority must assert and protect the rights of the public to use the highway",
        ),
        (
            "Road Traffic Regulation Act 1984",
            "sec",
            ("122", None),
            "a council must secure the expeditious, convenient and safe movement of traffic",
        ),
        ("Traffic Management Act 2004", "part", (6,), "sets out how councils enforce parking contraventions"),
        (
            "Traffic Management Act 2004",
            "sec",
            ("16", None),
            "a council must manage its road network to secure the expeditious movement of traffic",
        ),
    ],
    "Other categories": [
        (
            "Localism Act 2011",
            "sec",
            ("28", None),
            "a council must have arrangements for investigating allegations that a member breached the code of conduct",
        ),
        (
            "Equality Act 2010",
            "sec",
            ("149", None),
            "public bodies must have due regard to the need to eliminate discrimination",
        ),
        (
            "Data Protection Act 2018",
            "sec",
            ("45", None),
            "a person has a right of access to personal data held about them",
        ),
        (
            "Freedom of Information Act 2000",
            "sec",
            ("1", None),
            "a person may ask a public authority for information it holds",
        ),
        (
            "Local Government Act 1974",
            "sec",
            ("34A", None),
            "the Ombudsman may investigate complaints about adult social care providers",
        ),
    ],
}

#: Acts a decision may name on their own, whatever its category.
GENERAL_ACTS = ("Equality Act 2010", "Human Rights Act 1998", "Data Protection Act 2018")
