"""Shop pages: mood-and-budget recommendations, feedback, products, own history, staff import.

Every page shows only the signed-in person's own recommendations and feedback.
"""

import contextlib

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.permissions import permission_required
from common.uploads import read_upload
from domains.commerce import selectors, services
from domains.commerce.forms import CatalogueImportForm, FeedbackForm, ShopForm
from domains.commerce.services.recommend import recommendation_as_dict
from domains.moods import selectors as mood_selectors

FIELD_MAP = {"budget_range": "budget_min", "non_field_errors": None, "user_id": None}


def _emotion_words() -> list[str]:
    return sorted({w for e in mood_selectors.lexicon_get() for w in (e.name, *e.synonyms)})


def _apply_errors(form, exc: ApplicationError) -> None:
    for field, errors in exc.fields.items():
        target = FIELD_MAP.get(field, field)
        for error in errors if isinstance(errors, list) else [errors]:
            form.add_error(target if target in form.fields else None, str(error))
    if not exc.fields:
        form.add_error(None, exc.message)


def _chart(result: dict | None) -> dict | None:
    if not result:
        return None
    return {
        "mood": result["mood"],
        "target": result["target"],
        "items": [
            {"name": r["name"], "valence": r["valence"], "arousal": r["arousal"], "rank": r["rank"]}
            for r in result["recommendations"]
        ],
    }


def _shop_context(request, form, rec) -> dict:
    result = recommendation_as_dict(rec) if rec is not None else None
    feedback = (
        selectors.product_feedback_state(user=request.user, product_ids=rec.product_ids)
        if rec is not None
        else {}
    )
    if result:
        for item in result["recommendations"]:
            item["feedback"] = sorted(feedback.get(item["product_id"], ()))
    return {
        "form": form,
        "result": result,
        "chart": _chart(result),
        "variety_setting": rec.diversity_param if rec is not None else None,
    }


def _render_shop(request, form, rec, status=200):
    context = _shop_context(request, form, rec)
    if request.headers.get("HX-Request"):
        return render(request, "commerce/_shop.html", context, status=status)
    context["emotion_words"] = _emotion_words()
    return render(request, "commerce/shop.html", context, status=status)


def _run(request, form):
    """Run the form's request; returns the Recommendation or None with errors on the form."""
    if not form.is_valid():
        return None
    try:
        return services.recommendation_create(request=form.to_request(user_id=request.user.pk))
    except ApplicationError as exc:
        _apply_errors(form, exc)
        return None


@permission_required("commerce.view_product", "commerce.add_recommendation")
def shop(request):
    categories = selectors.category_list()
    if request.method == "POST":
        form = ShopForm(request.POST, categories=categories)
        rec = _run(request, form)
        return _render_shop(request, form, rec, status=400 if form.errors else 200)
    latest = mood_selectors.mood_entry_list(user=request.user).first()
    last = selectors.recommendation_latest(user=request.user)
    initial = {"current_mood": latest.emotion if latest else ""}
    if last is not None:
        # The page shows the last suggestions, so the form shows the request that made them.
        initial.update(
            current_mood=last.mood_input or last.mood,
            budget_min=last.budget_min,
            budget_max=last.budget_max,
            strategy=last.strategy,
            diversity=last.diversity_param,
            category=last.category,
        )
    form = ShopForm(initial=initial, categories=categories)
    return _render_shop(request, form, last)


@require_POST
@permission_required("commerce.add_interaction")
def feedback(request):
    """Record save / buy / not-for-me, then refresh the list with the same mood and budget."""
    fb = FeedbackForm(request.POST)
    categories = selectors.category_list()
    form = ShopForm(request.POST, categories=categories)
    if not fb.is_valid():
        messages.error(request, "That feedback could not be recorded.")
        return redirect("commerce:index")
    try:
        services.interaction_create(user=request.user, **fb.cleaned_data)
    except ApplicationError as exc:
        if not request.headers.get("HX-Request"):
            messages.error(request, exc.message)
            return redirect("commerce:index")
        form.is_valid()
        form.add_error(None, exc.message)
        return _render_shop(request, form, selectors.recommendation_latest(user=request.user), 400)
    if not request.headers.get("HX-Request"):
        messages.success(request, "Thanks, noted.")
        product_id = request.POST.get("return_product")
        if product_id and product_id.isdigit():
            return redirect("commerce:product", product_id=int(product_id))
        last = selectors.recommendation_latest(user=request.user)
        if last is not None:
            # If the old request no longer validates (a retired category), the old list stays.
            with contextlib.suppress(ApplicationError):
                services.recommendation_repeat(recommendation=last)
        return redirect("commerce:index")
    rec = _run(request, form)
    if rec is None:
        rec = selectors.recommendation_latest(user=request.user)
    return _render_shop(request, form, rec)


@permission_required("commerce.view_product")
def product_detail(request, product_id: int):
    product = selectors.product_get(product_id=product_id)
    if product is None:
        raise Http404("No such product")
    mine = selectors.interaction_list(user=request.user).filter(product=product)[:20]
    return render(
        request,
        "commerce/product_detail.html",
        {
            "product": product,
            "mine": mine,
            "kinds": {i.kind for i in mine},
            "point": {"valence": product.valence, "arousal": product.arousal, "name": product.name},
        },
    )


@permission_required("commerce.view_product")
def product_list(request):
    products = selectors.product_list(filters=request.GET)
    page = Paginator(products, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "commerce/product_list.html",
        {"page": page, "categories": selectors.category_list()},
    )


@permission_required("commerce.view_recommendation", "commerce.view_interaction")
def history(request):
    recs = Paginator(selectors.recommendation_list(user=request.user), 10).get_page(
        request.GET.get("page")
    )
    interactions = selectors.interaction_list(user=request.user, filters=request.GET)[:50]
    return render(
        request,
        "commerce/history.html",
        {"recs": recs, "interactions": interactions, "kind": request.GET.get("kind", "")},
    )


@permission_required("commerce.add_product", "commerce.change_product")
def catalogue_import(request):
    form = CatalogueImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.catalogue_import_csv(
                content=read_upload(
                    form.cleaned_data["file"], limit=services.catalogue.MAX_IMPORT_BYTES
                ),
                dry_run=form.cleaned_data["dry_run"],
            )
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            if not report.errors and not form.cleaned_data["dry_run"]:
                selectors.snapshot_clear()
                messages.success(
                    request,
                    f"Imported {report.rows} rows: {report.created} created, "
                    f"{report.updated} updated, {report.unchanged} unchanged.",
                )
    status = 400 if form.errors or (report and report.errors) else 200
    return render(
        request, "commerce/catalogue_import.html", {"form": form, "report": report}, status=status
    )
