"""Phrase banks for the synthetic corpus (:mod:`kg.synth`): our own sentences, in the Ombudsman's register.

Nothing here is copied from a real decision.  Templates take ``str.format``
fields: ``{c}`` the complainant ("Mrs B"), ``{she}``/``{her}``/``{him}``
pronouns (subject, possessive, object), ``{thing}`` what the complaint is about, ``{officer}`` who dealt
with it, ``{council}`` "the Council" and ``{sub}`` the subcategory.
"""

from __future__ import annotations

# --- the complaint ----------------------------------------------------------------------------
INTRO = (
    "The complainant, whom I shall call {c}, complains that {council}:",
    "The complainant, who I refer to here as {c}, says {council}:",
    "{c} complains about the way {council} dealt with {her} {thing}. {She} says {council}:",
    "The complainant, whom I will call {c}, complained that {council}:",
)
POINTS = {
    "delay": "delayed in dealing with {her} {thing}",
    "inform": "did not explain how it reached its decision on the {thing}",
    "records": "failed to keep proper records of {her} contact with the {officer}",
    "reply": "did not reply to {her} emails and letters for several weeks",
    "procedure": "did not follow its own procedure when it considered the {thing}",
    "complaint": "handled {her} complaint about the {thing} poorly",
}
WANTS = (
    "{c} says this caused {him} a great deal of worry. {She} wants an apology and for {council} to put things right.",
    "{She} says the matter has caused {him} stress, and {she} wants {council} to refund £{refund} {she} says {she} should not have paid.",
    "{c} says {she} spent many hours chasing {council} for answers.",
)

# --- the Ombudsman's role -------------------------------------------------------------------
ROLE_REMEDY = (
    "We investigate complaints about 'maladministration' and 'service failure'. In this statement, I have used the word "
    "'fault' to refer to these. We must also consider whether any fault has had an adverse impact on the person making "
    "the complaint. I refer to this as 'injustice'. If there has been fault which has caused an injustice, we may suggest a remedy.",
    "We look at complaints about maladministration and service failure, which I call 'fault' in this statement. We also "
    "decide whether fault has caused the person complaining an injustice and, if so, may ask the body to put it right.",
)
ROLE_STATEMENT = (
    "When considering complaints, if there is a conflict of evidence, we make findings based on the balance of probabilities. "
    "If we are satisfied with an organisation's actions or proposed actions, we can complete our investigation and issue a decision statement.",
    "If we are satisfied with a council's actions or proposed actions, we can complete our investigation and issue a decision statement.",
)
ROLE_MERITS = (
    "We cannot question whether a council's decision is right or wrong simply because the complainant disagrees "
    "with it. We must consider whether there was fault in the way the decision was reached."
)
ROLE_DISCRETION = (
    "We may decide not to start or continue with an investigation if we believe it is unlikely we could add "
    "to any previous investigation by the organisation, or further investigation would not lead to a different outcome."
)
ROLE_PROVIDER = (
    "Where a private company provides services on behalf of a council, we can investigate complaints about "
    "the actions of that provider."
)
ROLE_COURT = "We cannot investigate a complaint about the start of court action or what happened in court."

METHOD = (
    "I considered the information {c} provided and the documents {council} sent in reply to my enquiries.",
    "I spoke to {c} about {her} complaint and read the papers {she} sent.",
    "{c} and {council} had an opportunity to comment on my draft decision. I considered their comments before making a final decision.",
    "I have written to {c} and {council} with my draft decision and considered the comments I received.",
)

# --- law and guidance ---------------------------------------------------------------------
LAW_INTRO = (
    "The law sets out what {council} must do.",
    "The relevant law is as follows.",
    "Councils must follow the law and the statutory guidance that goes with it.",
)
GUIDANCE = (
    "Our Guidance on Remedies says a symbolic payment can acknowledge distress that fault has caused.",
    "Our Principles of Good Administrative Practice say councils should keep proper records and explain their decisions.",
)

# --- what happened (background: nothing here is a finding) --------------------------------
NARRATIVE = (
    "In {month} {year} {c} contacted {council} about {her} {thing}.",
    "The {officer} visited {c} at home in {month} {year} and made notes of the conversation.",
    "{council} wrote to {c} in {month} {year} to say it was still looking into the matter.",
    "{c} chased {council} by email several times over the following weeks.",
    "{council}'s records show the {officer} was on leave for part of this period and the case was not reallocated.",
    "{c} made a formal complaint in {month} {year}. {council} replied at stage two of its procedure some weeks later.",
    "The bill {council} sent in {month} {year} showed £{charge} as owing.",
    "{council} says it received a large number of similar requests during this period.",
)

# --- findings ----------------------------------------------------------------------------
FAULT = {
    "delay": (
        "{council} took {n} months to deal with the {thing}. That delay was fault.",
        "I find {council} at fault for the delay in dealing with {her} {thing}.",
        "There was fault in how long {council} took to progress the {thing}.",
    ),
    "inform": (
        "{council} did not explain to {c} how it had reached its decision. This was fault.",
        "I find {council} at fault for failing to tell {c} the reasons for its decision on the {thing}.",
    ),
    "records": (
        "The {officer} did not keep a note of the meeting, which is fault.",
        "{council} has no record of several calls {c} made. Its poor record keeping was fault.",
    ),
    "reply": (
        "{council} did not reply to {c}'s emails for several weeks. This was fault by {council}.",
        "Failing to answer {c}'s letters was fault.",
    ),
    "procedure": (
        "{council} did not follow its own procedure when it considered the {thing}. That was fault.",
        "I find {council} at fault because it did not follow the process its policy sets out.",
    ),
    "complaint": (
        "{council}'s handling of {c}'s complaint was fault, as it missed its own timescales.",
        "There was fault in how {council} dealt with the complaint.",
    ),
}
NO_FAULT = {
    "delay": (
        "The records show {council} dealt with the {thing} within a reasonable time. I do not find fault.",
        "{council} acted in line with its timescales, so there was no fault on this point.",
    ),
    "inform": ("{council} explained its decision clearly in its letter to {c}. I do not find fault in how it did so.",),
    "records": ("The notes {council} kept are detailed and dated. I have found no fault in its record keeping.",),
    "reply": ("{council} replied to each of {c}'s emails within a few days. There was no fault.",),
    "procedure": (
        "{council} followed its procedure and considered the relevant information, so I find no fault.",
        "I am satisfied {council} considered the {thing} properly. I do not find fault in its decision making.",
    ),
    "complaint": ("{council} answered {c}'s complaint at both stages of its procedure. I do not find fault.",),
}
INJUSTICE = (
    "This caused {c} avoidable distress and uncertainty.",
    "{c} was put to unnecessary time and trouble pursuing the matter.",
    "The fault caused {c} frustration and uncertainty about what would happen next.",
    "As a result {c} was caused avoidable distress.",
)
ALREADY = (
    "{council} has already apologised to {c} for the delay.",
    "{council} has already paid {c} £{amount} as a goodwill gesture.",
)
#: already paid: never a multiple of 50, so no sum with it equals a payment of AMOUNTS
ALREADY_PAID = (60, 85, 135)
AGREED_IN_FINDINGS = "{council} has agreed to apologise and pay {c} £{amount} to acknowledge the distress caused."

# --- remedies -----------------------------------------------------------------------------
DEADLINES = (
    "within one month of my final decision",
    "within four weeks of the final decision",
    "within 20 working days",
    "within one month",
    "within three months of the final decision",
)
OPENER_AGREED = (
    "To remedy the injustice caused, {council} has agreed that {deadline} it will:",
    "{council} has agreed to take the following action {deadline}:",
)
OPENER_RECOMMENDED = (
    "To remedy the injustice, I recommend that {deadline} {council}:",
    "I recommend {council} takes the following action {deadline}:",
)
APOLOGY_ITEM = (
    "apologise to {c} for the faults identified in this statement",
    "apologise in writing to {c}",
    "send {c} a written apology for the distress caused",
)
PAY_ITEM = (
    "pay {c} £{amount} to acknowledge the distress caused",
    "pay {him} £{amount} for the time and trouble {she} was put to in pursuing the complaint",
    "make a payment of £{amount} to {c} to recognise the uncertainty caused",
    "pay {c} £{amount} to reflect the frustration caused by the delay",
)
SERVICE_ITEM = (
    "remind staff of the need to keep proper records of conversations",
    "review its procedure for dealing with {sub} cases and share the learning with staff",
    "provide training to officers on responding to complaints within its timescales",
    "make sure its letters explain the reasons for its decisions",
)
PAY_PARA_AGREED = (
    "{council} has also agreed to pay {c} £{amount} {deadline} to acknowledge the distress caused.",
    "{Deadline}, {council} has agreed to make a payment of £{amount} to {c} for {her} time and trouble.",
)
PAY_PARA_RECOMMENDED = (
    "I recommend {council} pays {c} £{amount} {deadline} to recognise the uncertainty caused.",
    "To remedy the injustice, {council} should pay {c} £{amount} {deadline} for {her} time and trouble.",
)
TOTALS = (
    "This is a total payment of £{total}.",
    "{council} will therefore pay {c} £{total} in total.",
)
TOTAL_FIRST = (
    "{council} has agreed to pay {c} a total of £{total}, made up of £{a} to acknowledge the distress caused "
    "and £{b} for {her} time and trouble."
)
EVIDENCE_ITEM = "{council} should provide us with evidence it has complied with the above actions."

# --- the end ------------------------------------------------------------------------------
FINAL_UPHELD = (
    "I have completed my investigation. There was fault by {council} which caused injustice to {c}. {council} has agreed "
    "to take action to remedy that injustice.",
    "I uphold {c}'s complaint. {council} was at fault and has accepted my recommendations.",
)
FINAL_NOT_UPHELD = (
    "I have completed my investigation. I have not found fault by {council}.",
    "I do not uphold {c}'s complaint. I have completed my investigation because there was no fault in the way {council} acted.",
)
CLOSED_REASONS = {
    "late": (
        "{c} complained to us more than twelve months after {she} first knew about the matter. The law says we "
        "cannot normally consider a late complaint unless there are good reasons.",
        "late",
        "I have seen no good reason why {c} could not have come to us sooner.",
    ),
    "appeal": (
        "{c} had a right of appeal to {tribunal}. We cannot normally look at a complaint where the person could "
        "have appealed to a tribunal or used a legal remedy.",
        "appeal",
        "It would have been reasonable for {c} to use that right of appeal.",
    ),
    "court": (
        "The matters {c} complains about are now the subject of court proceedings. "
        "What happens in court is for the court to decide.",
        "court",
        "It would not be appropriate for us to look at this while the proceedings continue.",
    ),
    "outcome": (
        "{council} has already apologised to {c} and explained what went wrong. We are unlikely to achieve "
        "anything more for {him}.",
        "discretion",
        "An investigation would not lead to a different outcome.",
    ),
}
FINAL_CLOSED = (
    "We will not investigate {c}'s complaint about the {thing}. {Reason}",
    "I will not investigate this complaint. {Reason}",
)
SUMMARY = {
    "Upheld": (
        "{c} complains {council} {point}. We found fault causing injustice. {council} has agreed to apologise{pay}.",
        "{c} complained about the way {council} dealt with {her} {thing}. {council} was at fault and has agreed a remedy.",
    ),
    "Not upheld": (
        "{c} complains {council} {point}. We have not found fault by {council}.",
        "{c} complained about {council}'s handling of {her} {thing}. We did not find fault.",
    ),
    "Closed after initial enquiries": (
        "{c} complains about the {thing}. We will not investigate the complaint. {Reason}",
        "{c} complained about {council}'s handling of {her} {thing}. We will not investigate.",
    ),
}
OUTCOME_WORDS = {
    "Upheld": ("Upheld", "Upheld", "Upheld: fault and injustice"),
    "Not upheld": ("Not upheld", "Not upheld", "Not upheld: no fault"),
    "Closed after initial enquiries": (
        "Closed after initial enquiries",
        "Closed after initial enquiries",
        "Closed after initial enquiries - out of jurisdiction",
    ),
}
