"""The public list of accredited organizations, as a page and as CSV."""

import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from django_countries import countries as country_names

from accreditation.enums import StakeholderType
from accreditation.selectors.programme import accredited_countries
from accreditation.selectors.programme import accredited_organizations as accredited_selector
from events.models import Forum
from events.selectors import active_forum
from imrf.caching import public_page
from imrf.spreadsheets import safe_row


def _accredited(request: HttpRequest, forum: Forum):
    """The list's filters, read from the query string, and the organizations they select."""
    filters = {
        "country": request.GET.get("country", "").upper(),
        "type": request.GET.get("type", ""),
        "q": request.GET.get("q", "").strip()[:100],
    }
    queryset = accredited_selector(forum=forum, country=filters["country"], kind=filters["type"], search=filters["q"])
    return queryset, filters


@require_safe
@public_page
def accredited_organizations(request: HttpRequest) -> HttpResponse:
    forum = active_forum()
    if forum is None:
        return render(request, "accreditation/public/organizations.html", {"forum": None})
    queryset, filters = _accredited(request, forum)
    paginator = Paginator(queryset, 50)
    page = paginator.get_page(request.GET.get("page"))
    countries = accredited_countries(forum=forum)
    names = dict(country_names)
    return render(
        request,
        "accreditation/public/organizations.html",
        {
            "forum": forum,
            "page": page,
            "filters": filters,
            "countries": sorted(((code, names.get(code, code)) for code in countries), key=lambda item: item[1]),
            "types": StakeholderType.choices,
            "querystring": urlencode({key: value for key, value in filters.items() if value}),
        },
    )


class _Echo:
    def write(self, value):
        return value


@require_safe
def accredited_organizations_csv(request: HttpRequest) -> StreamingHttpResponse:
    forum = active_forum()
    if forum is None:
        raise Http404
    queryset, _filters = _accredited(request, forum)
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(["organization", "acronym", "country", "stakeholder_type"])
        for accreditation in queryset.iterator(chunk_size=2000):
            organization = accreditation.organization
            yield writer.writerow(
                safe_row(
                    [
                        organization.name,
                        organization.acronym,
                        organization.country.name,
                        organization.get_stakeholder_type_display(),
                    ]
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="accredited-organizations-{forum.slug}.csv"'
    return response
