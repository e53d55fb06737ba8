"""Findings, injustice and apologies in plain words that name no rule of the Ombudsman's own vocabulary.

Investigators write in many styles: "That was the Council's error", "Her daughter waited longer than the law
allows", "Her mother lost £1,340", "There is nothing to show the Council acted improperly", "It will write to her
to say it is sorry".  These are the patterns ``summary``, ``findings``, ``remedies`` and ``payments`` add to
their own (tested, each beside the form it must not swallow, in ``tests/test_parse_heldout3.py``).

>>> import re
>>> bool(re.search(FAILING, "That was the Council's error.", re.I)), bool(re.search(FAILING, "That was not an error.", re.I))
(True, False)
>>> bool(re.search(NOTHING_TO_SHOW, "There is nothing to show the Council acted improperly.", re.I))
True
>>> bool(re.search(NOTHING_TO_SHOW, "There is nothing to show the Council considered her objections.", re.I))
False
>>> bool(re.search(APOLOGY, "It will write to say it is sorry.", re.I)), bool(re.search(APOLOGY, "It was sorry to hear", re.I))
(True, False)
"""

from __future__ import annotations

import re

from kg.parse.text import NAMED, TITLE

#: failings: "That was the Council's error", "longer than the law allows", "mishandled"
FAILING = (
    r"\b(?:was|were) (?:an? |the (?:Council|Care Provider|provider|home|Trust|school|panel|authority)['’]s |its |their )(?:\w+ )?"
    r"(?:error|mistake)s?\b|"
    r"\blonger than (?:the law|the (?:\w+ )?(?:rules?|regulations?|guidance|code|procedure|policy|timescales?)|its own (?:\w+ )?"
    r"(?:rules?|procedures?|policy|timescales?)) (?:allows?|permits?|says|requires?|sets? out)\b|\bmishandl\w*\b|"
    r"\bkept (?:missing|losing|forgetting)\b|\b(?:appl(?:y|ies|ied|ying)|use[sd]?|using) the wrong\b|"
    r"\b(?:meant|intended) for (?:someone|somebody) else\b|\b(?:meant|intended) for (?:another|a different) "
    r"(?:person|resident|tenant|family|household)\b|\blet (?:\w+ ){1,3}?down\b|\b(?:was|were) (?:mostly |largely |partly |mainly )?"
    r"(?:down to|the fault of) (?:the )?(?:Council|Care Provider|provider|home|Trust|school|panel|authority)\b|"
    r"\b(?:was|were|is) not (?:acceptable|good enough)\b|\bgot (?:its|their) (?:\w+ )?\w+ wrong\b|"
    r"\b(?:Council|Trust|provider|home|school|officers?|staff|it) (?:then |also )?lost (?:"
    + TITLE
    + r"\.? )?(?:\w+['’]s |his |her |their |the )"
    r"(?:\w+ ){0,2}?(?:application|form|documents?|papers|file|letter|claim|request|evidence|records?)\b|\b(?:was|were) (?:an? )?(?:\w+ )?oversights?\b|"
    r"\bwithout (?:first |properly |ever )?(?:reviewing|assessing|checking|telling|asking|consulting|speaking to|visiting|"
    r"considering|notifying|warning)\b|\bnot (?:a )?proper (?:investigation|assessment|review|enquiry|inquiry|"
    r"consideration|check)\b|\btook (?:no|little) (?:notice|account) of\b|"
    r"\b(?:gave|given|giving|sent|provided) (?:" + TITLE + r"\.? )?(?:\w+['’]s )?(?:\w+ )?the wrong\b|"
    r"\bsat (?:untouched|unopened|unanswered)\b|\b(?:was|were) left (?:untouched|unanswered|unprocessed)\b|"
    r"\bbroke (?:its|their) (?:promise|word|agreement|undertaking)\b|\b(?:which|that) was (?:not true|untrue)\b|"
    r"\b(?:nobody|no one|no-one) (?:at|from|in) the (?:Council|Care Provider|provider|home|Trust|school|authority) "
    r"(?:checked|told|asked|replied|responded|visited|contacted|considered|looked)\b|\bcharged (?:\w+ )?twice\b|"
    r"\bdid (?:nothing|little) to (?:hurry|chase|speed|stop|prevent|resolve|address|sort)\b|"
    r"\blonger than (?:planned|agreed|promised)\b"
)
#: no fault: the absence of anything showing wrongdoing ("nothing to show the Council acted improperly")
NOTHING_TO_SHOW = (
    r"\bnothing (?:to show|to suggest|to indicate|that shows|that suggests) (?:that )?[^.;]{0,80}?\b(?:acted improperly|"
    r"acted wrongly|did anything wrong|did something wrong|was at fault|got (?:it|this|that|things) wrong|"
    r"made (?:a|an|any) (?:\w+ )?(?:mistake|error))|\bno (?:grounds|reason|basis) (?:for (?:me|us) )?to "
    r"(?:criticise|fault|question|interfere)\b|\b(?:made|reached|took) a decision (?:it|they|the \w+) (?:was|were) "
    r"(?:allowed|entitled) to (?:make|reach|take)\b|\bnot (?:consider|think|find|believe|see) (?:that )?(?:the \w+ |it |they )?did "
    r"anything (?:it|they) should not have\b"
)
#: no fault in what the body did right, read only where the sentence names no failing ("acted quickly when he fell",
#: "gave his father the care he needed", "did what it should"; "did what it should have done" stays unread, as before)
DID_RIGHT = (
    r"(?<!not )(?<!n't )(?<!have )(?<!never )\bacted (?:quickly|promptly|fairly|sensibly)\b|"
    r"(?<!not )(?<!never )\b(?:gave|provided) (?:\w+ ){1,3}?the (?:care|support|help) (?:he|she|they) needed\b|\bdid (?:exactly )?what (?:it|they) (?:should|was supposed to|needed to)\b(?! have)|\b(?:was|were) in line with (?:the law|its (?:own )?(?:policy|policies|guidance|procedures?))\b|"
    r"\bdid (?:everything|all) (?:that )?(?:it|they) (?:could|reasonably could)\b|\bdid (?:everything|all) (?:that )?"
    r"could (?:reasonably )?be expected\b"
)
#: injustice: money lost, chasing, going without teaching
INJUSTICE = (
    r"(?<!Council )(?<!it )\blost £|\b(?:" + NAMED + r"|she|he|they) (?:has |have )?had to (?:chase|keep chasing|"
    r"borrow|pay for|take time off|keep asking|phone|ring|put up with|live with|live next to|live beside|cope with)\b|\b(?:went|go|going|gone) without (?:\w+ ){0,3}?"
    r"(?:teaching|tuition|lessons|schooling)\b|"
    r"\bthe (?:bother|trouble|hassle) of \w+ing\b|\bleft (?:\w+ ){0,2}?(?:wondering|not knowing)\b|"
    r"\b(?:built up|ran up|fell into|got into) (?:\w+ ){0,2}(?:arrears|debt)\b[^.;]{0,60}\b(?:as a result|because of "
    r"(?:this|that|it))\b|\b(?:kept|left|placed|housed) (?:\w+ ){1,5}?in (?:a |an |the )?(?:\w+ )?(?:hostel|bed and breakfast|B&B)\b"
    r" (?:\w+ )?for (?:\w+ ){1,2}(?:weeks|months|years)\b|\b(?:was|were|been) overcharged\b|"
    r"\b(?:she|he|they|" + NAMED + r"|the family|the children) (?:could not|couldn['’]t) (?:use|get|access|"
    r"leave|go|attend|sleep|cook|wash|bathe|afford|move)\b|\b(?:she|he|they|" + NAMED + r") "
    r"(?:does|do|did|will|can) not (?:now )?(?:know|find out) (?:whether|if)\b|\bcannot (?:now )?know (?:whether|if)\b|"
    r"\bout of (?:his|her|their) own pockets?\b|(?<!have )\bwaited (?:\w+ (?:weeks|months) )?longer\b|"
    r"\bpaid (?:£[\d,.]+ )?for (?:\w+ ){1,4}?(?:she|he|they) (?:did not|didn['’]t) need\b|\bfell behind (?:with|on) "
    r"(?:her|his|their) (?:rent|bills?|payments?|mortgage)\b|\bmade repeated (?:trips|visits|calls|phone calls|journeys)\b|"
    r"\bthe time (?:he|she|they) (?:spent|lost|wasted)\b|\bmissed (?:the|a|his|her|their) (?:deadline|chance|opportunity)\b|"
    r"\bmissed (?:\w+ ){0,3}?(?:school|college|classes)\b|\bcharged (?:\w+ )?twice\b|\bspent (?:weeks|months|days|hours) trying\b"
)
#: the Ombudsman accepting an offer as fair without the word "remedy" ("The Council has offered Ms R £250 and I consider
#: that fair"); not "I do not consider that fair", nor "I consider it fair to say"
FAIR_OFFER = (
    r"(?<!not )\b(?:consider|think|find) (?:that|this|it|the offer|this offer|the sum|this sum) (?:to be |is )?(?:a )?"
    r"(?:fair|reasonable|suitable|appropriate|proportionate|sufficient)\b(?! to\b)"
)
#: an apology the body has made, as the summary records it ("The care home has written to him to apologise")
APOLOGISED = (
    r"\b(?:has|have|had) (?:already |now |since |also )?(?:written|sent (?:\w+ )?(?:a )?letter)\b[^.;]{0,30}\b"
    r"(?:apologi[sz]e|say (?:it is |they are )?sorry)"
)
#: remedies stated in plain words, for ``summary``'s own list
COMMITS = FAIR_OFFER + "|" + APOLOGISED
#: injustice ruled out in plain words: "this did not stop her getting the help she needed"
NO_INJUSTICE = (
    r"\bdid not stop (?:her|him|them|" + NAMED + r") (?:from )?(?:getting|receiving|having) "
    r"(?:\w+ ){0,2}(?:help|support|care|service|services|provision)\b|\bmade no (?:real |practical |material )?difference "
    r"to (?:her|him|them|" + NAMED + r"|the outcome)\b"
)
#: an apology: "apologise", "say sorry", "said sorry", "to say it is sorry"
APOLOGY = r"\bapolog|\b(?:say|says|saying|said)(?: (?:that )?(?:it|they|he|she) (?:is|are|was|were))? sorry\b"


_DID_RIGHT = re.compile(DID_RIGHT, re.I)
#: a contrast or a negation anywhere: the praise may be half the story ("acted quickly, but did not call his doctor")
_HEDGED = re.compile(r"\b(?:but|however|although|except|no|not|never|neither|nor|cannot)\b|n['’]t\b", re.I)


def did_right(sentence: str) -> bool:
    """Does a sentence that names no failing say only what the body did right?

    >>> did_right("I am satisfied staff gave his father the care he needed."), did_right("Staff acted quickly, but not enough.")
    (True, False)
    """
    return bool(_DID_RIGHT.search(sentence)) and not _HEDGED.search(sentence)
