from domains.finance.services import assessment_create


def make_assessment(user, **extra):
    request = {"user_id": user.pk, "emotional_tolerance": "moderate", "financial_anxiety_level": 6}
    request.update(extra)
    return assessment_create(request=request)
