import factory

from domains.finance.models import RiskAssessment
from domains.finance.services import assessment_create


def make_assessment(user, **extra):
    request = {"user_id": user.pk, "emotional_tolerance": "moderate", "financial_anxiety_level": 6}
    request.update(extra)
    return assessment_create(request=request)


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    """A real assessment through the service (assessments are immutable engine output, so a
    row made field by field would be one the product can never hold)."""

    class Meta:
        model = RiskAssessment

    financial_anxiety_level = factory.Sequence(lambda n: n % 11)
    horizon_years = factory.Sequence(lambda n: 1 + n % 40)

    @classmethod
    def _create(cls, model_class, user=None, **kwargs):
        return make_assessment(user, **kwargs)
