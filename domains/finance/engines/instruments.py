"""The two questionnaires, in HarmonyHub's own words, and their scoring.

Risk tolerance: 13 items with the structure and scoring grid of Grable & Lytton's (1999) scale
(as distributed in the Rutgers NJAES quiz): item 1 scores a..d = 4..1; items 2, 3, 6, 7, 8, 11,
13 score a..d = 1..4; items 4, 5, 12 score a..c = 1..3; items 9 and 10 score a = 1, b = 3.
Raw 13-47; bands <=18 low, 19-22 below average, 23-28 average, 29-32 above average, >=33 high.
Published reliability: Cronbach's alpha 0.77 (n = 160,279; Kuzniak et al. 2015).

Financial anxiety: 7 items after the Financial Anxiety Scale (Archuleta, Dale & Spann 2013),
each 1 (never) .. 7 (always); raw 7-49 where higher = more anxious; anxiety 0-100 =
(raw - 7) / 42 * 100. Published reliability: alpha 0.95.
"""

from __future__ import annotations

from dataclasses import dataclass

G_AND_L_ALPHA = 0.77
FAS_ALPHA = 0.95


@dataclass(frozen=True)
class Item:
    """One questionnaire item: its text, option texts and the score of each option."""

    number: int
    text: str
    options: tuple[str, ...]
    scores: tuple[int, ...]

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple("abcd"[: len(self.options)])


_UP4 = (1, 2, 3, 4)
_UP3 = (1, 2, 3)
TOLERANCE_ITEMS: tuple[Item, ...] = (
    Item(1, "How would a close friend describe you when it comes to taking risks?",
         ("A real gambler", "Willing to take risks after doing my homework",
          "Cautious", "Someone who avoids risk"), (4, 3, 2, 1)),
    Item(2, "On a game show you may take one prize. Which do you choose?",
         ("1,000 in cash", "A 50% chance of winning 5,000", "A 25% chance of winning 10,000",
          "A 5% chance of winning 100,000"), _UP4),
    Item(3, "Three weeks before a long-saved-for holiday you lose your job. You would:",
         ("Cancel the holiday", "Take a much cheaper holiday", "Go as planned, since you need "
          "the rest before looking for work", "Extend the holiday, as it may be your last chance "
          "to travel in style"), _UP4),
    Item(4, "You receive an unexpected 20,000 to invest. You would put it in:",
         ("A savings account or money-market fund", "Safe, high-quality bonds or bond funds",
          "Shares or share funds"), _UP3),
    Item(5, "How comfortable are you investing in shares or share funds?",
         ("Not at all comfortable", "Somewhat comfortable", "Very comfortable"), _UP3),
    Item(6, "What first comes to mind when you hear the word 'risk'?",
         ("Loss", "Uncertainty", "Opportunity", "Thrill"), _UP4),
    Item(7, "Experts expect hard assets (gold, property, collectibles) to gain while government "
            "bonds lose. Most of your money is in government bonds. You would:",
         ("Keep the bonds", "Sell the bonds, put half in a savings account and half in hard "
          "assets", "Sell the bonds and put everything in hard assets", "Sell the bonds, put "
          "everything in hard assets and borrow to buy more"), _UP4),
    Item(8, "Which investment would you choose, given its best and worst year?",
         ("Gain up to 200, lose nothing", "Gain up to 800, lose up to 200",
          "Gain up to 2,600, lose up to 800", "Gain up to 4,800, lose up to 2,400"), _UP4),
    Item(9, "On top of what you own, you have been given 1,000. Choose one:",
         ("A sure gain of 500", "A 50% chance to gain 1,000 and a 50% chance to gain nothing"),
         (1, 3)),
    Item(10, "On top of what you own, you have been given 2,000. Choose one:",
         ("A sure loss of 500", "A 50% chance to lose 1,000 and a 50% chance to lose nothing"),
         (1, 3)),
    Item(11, "A relative leaves you 100,000 that must all go into one of these. You pick:",
         ("A savings account or money-market fund", "A fund of shares and bonds",
          "A portfolio of 15 ordinary shares", "Commodities such as gold, silver and oil"), _UP4),
    Item(12, "You have 20,000 to invest. Which mix appeals most?",
         ("60% low-risk, 30% medium-risk, 10% high-risk", "30% low-risk, 40% medium-risk, "
          "30% high-risk", "10% low-risk, 40% medium-risk, 50% high-risk"), _UP3),
    Item(13, "A trusted friend is raising money for a gold-mining venture that could pay 50 to "
             "100 times the stake if it works, with a 20% chance of success. You would invest:",
         ("Nothing", "One month's pay", "Three months' pay", "Six months' pay"), _UP4),
)  # fmt: skip

ANXIETY_ITEMS: tuple[str, ...] = (
    "I feel anxious about my financial situation.",
    "Worry about money makes it hard for me to sleep.",
    "Worry about money makes it hard for me to concentrate.",
    "I feel irritable because of my finances.",
    "I find it hard to stop worrying about money.",
    "My muscles feel tense when I think about money.",
    "I feel worn out because of money worries.",
)
ANXIETY_SCALE = ("Never", "Rarely", "Sometimes", "Often", "Usually", "Almost always", "Always")

TOLERANCE_BANDS = ((18, "low"), (22, "below average"), (28, "average"), (32, "above average"),
                   (47, "high"))  # fmt: skip


class AnswerError(ValueError):
    """Answers that do not fit the instrument; `field` names what was wrong."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def tolerance_band(raw: int) -> str:
    """Band of a raw Grable & Lytton score (13-47)."""
    for upper, name in TOLERANCE_BANDS:
        if raw <= upper:
            return name
    raise AnswerError("risk_tolerance_answers", f"raw score {raw} is above 47")


def score_tolerance(answers) -> tuple[int, str, float]:
    """Letters 'a'-'d' in item order -> (raw 13-47, band, tolerance 0-100 = (raw-13)/34*100)."""
    field = "risk_tolerance_answers"
    if not isinstance(answers, list | tuple):
        raise AnswerError(field, "risk_tolerance_answers must be a list of 13 letters.")
    if len(answers) != len(TOLERANCE_ITEMS):
        raise AnswerError(field, f"Expected 13 answers, got {len(answers)}.")
    raw = 0
    for item, answer in zip(TOLERANCE_ITEMS, answers, strict=True):
        letter = answer.strip().lower() if isinstance(answer, str) else None
        if letter not in item.letters:
            raise AnswerError(
                field,
                f"Item {item.number}: {answer!r} is not an option; choose one of "
                f"{', '.join(item.letters)}.",
            )
        raw += item.scores[item.letters.index(letter)]
    return raw, tolerance_band(raw), (raw - 13) / 34 * 100


def score_anxiety(answers) -> tuple[int, float]:
    """Seven integers 1-7 -> (raw 7-49, anxiety 0-100 = (raw - 7) / 42 * 100)."""
    field = "financial_anxiety_answers"
    if not isinstance(answers, list | tuple) or len(answers) != len(ANXIETY_ITEMS):
        raise AnswerError(field, "financial_anxiety_answers must be a list of 7 whole numbers.")
    for i, value in enumerate(answers, start=1):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 7:
            raise AnswerError(field, f"Item {i}: {value!r} is not a whole number from 1 to 7.")
    raw = sum(answers)
    return raw, (raw - 7) / 42 * 100


def loss_aversion_reversal(answers) -> bool:
    """Sure gain in the gain-framed item 9 and the gamble in the loss-framed item 10."""
    return str(answers[8]).lower() == "a" and str(answers[9]).lower() == "b"
