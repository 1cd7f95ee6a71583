from .comments import Comment
from .economy import (
    AllocationAmount,
    Conversion,
    ConversionAmount,
    FundingAmount,
    FundingLine,
    FundingLinePart,
    FundingPartAmount,
    NoteTotal,
    PreviousAllocation,
)
from .notes import BudgetNote, EffectRow, ExtraSection, Scenario
from .notifications import MutedNotification, Notification, NotificationKind, NotifiedObject
from .organisation import Administration, AppropriationArea, Committee, District, User
from .prices import PriceIndex, PriceIndexSet
from .rounds import BudgetRound

__all__ = [
    "Administration",
    "AllocationAmount",
    "AppropriationArea",
    "BudgetNote",
    "BudgetRound",
    "Comment",
    "Committee",
    "Conversion",
    "ConversionAmount",
    "District",
    "EffectRow",
    "ExtraSection",
    "FundingAmount",
    "FundingLine",
    "FundingLinePart",
    "FundingPartAmount",
    "MutedNotification",
    "NoteTotal",
    "Notification",
    "NotificationKind",
    "NotifiedObject",
    "PreviousAllocation",
    "PriceIndex",
    "PriceIndexSet",
    "Scenario",
    "User",
]
from .visits import NoteVisit as NoteVisit
