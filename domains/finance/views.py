"""Risk profile pages: overview with history, the questionnaire wizard, the result page.

A person sees only their own assessments; staff with the read permission may open anyone's
result page, and each such read is logged.
"""

from django.http import Http404
from django.shortcuts import redirect, render

from common.exceptions import ApplicationError
from common.permissions import permission_required
from domains.finance import selectors, services
from domains.finance.forms import FullForm, ShortForm


@permission_required("finance.view_riskassessment")
def overview(request):
    assessments = selectors.assessment_list(user=request.user)[:20]
    latest = assessments[0] if assessments else None
    return render(
        request,
        "finance/overview.html",
        {
            "assessments": assessments,
            "latest": selectors.assessment_as_dict(latest) if latest else None,
            "series": selectors.history_series(user=request.user),
        },
    )


@permission_required("finance.add_riskassessment")
def assess(request):
    kind = request.GET.get("form") or request.POST.get("form_kind") or "short"
    form_class = FullForm if kind == "full" else ShortForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                request=form.to_request(user_id=request.user.pk)
            )
        except ApplicationError as exc:
            for field, errors in exc.fields.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, str(error))
        else:
            return redirect("finance:result", assessment_id=assessment.pk)
    return render(
        request,
        "finance/assess.html",
        {"form": form, "kind": "full" if kind == "full" else "short"},
        status=400 if form.errors else 200,
    )


@permission_required("finance.view_riskassessment")
def result(request, assessment_id: int):
    assessment = selectors.assessment_read(
        reader=request.user, assessment_id=assessment_id, via="page"
    )
    if assessment is None:
        raise Http404("No such assessment")
    data = selectors.assessment_as_dict(assessment)
    chart = {
        "allocation": data["allocation"],
        "fan": data["outcomes"]["fan"],
        "comfort": data["comfort"]["six_month_loss"],
        "components": data["components"],
        "score": data["emotional_risk_score"],
    }
    return render(
        request,
        "finance/result.html",
        {
            "a": data,
            "chart": chart,
            "own": assessment.user_id == request.user.pk,
            "owner": assessment.user,
        },
    )
