"""Finance API: create and read one's own risk assessments; the questionnaire items."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.permissions import HasAnyPerm, HasPerms
from domains.finance import selectors, services
from domains.finance.api.serializers import AssessmentInputSerializer, AssessmentOutputSerializer


class AssessmentListCreateApi(generics.ListAPIView):
    """POST: assess the caller (short or full form). GET: the caller's own assessments."""

    permission_classes = [
        HasPerms("finance.view_riskassessment", write=("finance.add_riskassessment",))
    ]
    serializer_class = AssessmentOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.assessment_list(user=self.request.user)

    @extend_schema(request=AssessmentInputSerializer, responses={201: AssessmentOutputSerializer})
    def post(self, request):
        data = AssessmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        payload["user_id"] = request.user.pk
        assessment = services.assessment_create(request=payload)
        return Response(selectors.assessment_as_dict(assessment), status=status.HTTP_201_CREATED)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(selectors.assessment_list_as_dicts(page))


class AssessmentDetailApi(APIView):
    """One assessment: the caller's own, or anyone's for staff with the read permission
    (logged). Everyone else gets 404, as if it did not exist."""

    permission_classes = [HasAnyPerm("finance.view_riskassessment", "finance.read_any_assessment")]

    @extend_schema(responses=AssessmentOutputSerializer)
    def get(self, request, assessment_id: int):
        assessment = selectors.assessment_read(
            reader=request.user, assessment_id=assessment_id, via="api"
        )
        if assessment is None:
            raise Http404
        return Response(selectors.assessment_as_dict(assessment))


class QuestionnaireApi(APIView):
    """The 13 risk-tolerance items and the 7 financial-anxiety items with their options."""

    permission_classes = [HasPerms("finance.add_riskassessment")]

    @extend_schema(responses=dict)
    def get(self, request):
        return Response(selectors.questionnaire())
