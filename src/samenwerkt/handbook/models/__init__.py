"""The knowledge base: every fact of the handbook *Samen werkt!*, one model per noun."""

from .edition import Chapter, Edition, ExternalLink, Source
from .examples import Example, ExampleFigure
from .forms import CollaborationForm, Outcome
from .guidance import Step, StepAction, StepHint, Tip, TipPoint
from .places import Institution, Listing, Province, Region
from .profiles import ProfileLocation, ProfilePeriod, ProfileProgramme, SchoolProfile
from .reasons import Reason, ReasonBenefit

__all__ = [
    "Chapter",
    "CollaborationForm",
    "Edition",
    "Example",
    "ExampleFigure",
    "ExternalLink",
    "Institution",
    "Listing",
    "Outcome",
    "ProfileLocation",
    "ProfilePeriod",
    "ProfileProgramme",
    "Province",
    "Reason",
    "ReasonBenefit",
    "Region",
    "SchoolProfile",
    "Source",
    "Step",
    "StepAction",
    "StepHint",
    "Tip",
    "TipPoint",
]
