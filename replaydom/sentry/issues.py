"""From a Sentry issue to its replay ids, the way Sentry's issue page does it.

- An issue is named by its short id (`WEB-1`), its numeric id (`9000`) or an issue URL
  (`https://acme.sentry.io/issues/9000/`, `.../organizations/acme/issues/9000/?project=1`).
- A short id is resolved with `GET /organizations/{org}/shortids/{short_id}/`
  (`{organizationSlug, projectSlug, groupId, shortId, group}`); a numeric id with
  `GET /organizations/{org}/issues/{id}/` (the group). Both give the group's `issueCategory`.
- Replay ids come from `GET /organizations/{org}/replay-count/` with `returnIds=true`,
  `query=issue.id:[ID]`, `project=-1` and `data_source=discover` for error issues or
  `search_issues` for every other category (performance, feedback, ...), as Sentry's
  `useReplayFromIssue` / `useReplayCountForIssues` do. The body maps the issue id to at most 51
  replay ids (`MAX_REPLAY_COUNT` in `replay_counts.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import UpstreamError, UsageError
from ..targets import split_url, url_org
from . import api
from .client import SentryClient, segment

MAX_REPLAYS_PER_ISSUE = 51  # Sentry's MAX_REPLAY_COUNT
_NUMERIC = re.compile(r"^\d{1,19}$")
# `<PROJECT-SLUG>-<base32 counter>`: the slug part may itself hold dashes (`MY-APP-1A`).
_SHORT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}-[A-Za-z0-9]{1,13}$")
FORMS = "a short id (WEB-1), a numeric issue id, or an issue URL (https://<org>.sentry.io/issues/<id>/)"


@dataclass(frozen=True)
class IssueRef:
    """A parsed `--issue` argument."""

    value: str  # the numeric id or the short id (upper case)
    numeric: bool
    org: str | None = None  # from a URL
    host: str | None = None  # scheme://host of a URL

    @property
    def display(self) -> str:
        return self.value


@dataclass(frozen=True)
class Issue:
    """A resolved issue (Sentry group)."""

    id: str
    short_id: str | None
    title: str | None
    category: str | None
    project: str | None
    project_id: str | None
    org: str

    @property
    def data_source(self) -> str:
        """The replay-count dataset: error issues live in discover, the rest in the issue platform."""
        return "discover" if (self.category or "error") == "error" else "search_issues"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "shortId": self.short_id,
            "title": self.title,
            "category": self.category,
            "project": self.project,
            "projectId": self.project_id,
            "org": self.org,
            "dataSource": self.data_source,
        }


def parse_issue_ref(text: str) -> IssueRef:
    """Parse `WEB-1`, `9000` or an issue URL; `UsageError` for anything else (before any request)."""
    s = text.strip()
    if s.startswith(("http://", "https://")):
        return _parse_url(s)
    if _NUMERIC.match(s):
        return IssueRef(s, numeric=True)
    if _SHORT.match(s):
        return IssueRef(s.upper(), numeric=False)
    raise UsageError(f"bad issue {s[:80]!r}: use {FORMS}")


def _parse_url(s: str) -> IssueRef:
    url = split_url(s, "issue URL", FORMS)
    segs = url.segs
    if "issues" not in segs or segs.index("issues") + 1 >= len(segs):
        raise UsageError(f"not an issue URL: {s[:80]!r} (expected .../issues/<id>/)")
    i = segs.index("issues")
    raw = segs[i + 1]
    org, base = url_org(url, i), url.base
    if _NUMERIC.match(raw):
        return IssueRef(raw, numeric=True, org=org, host=base)
    if _SHORT.match(raw):
        return IssueRef(raw.upper(), numeric=False, org=org, host=base)
    raise UsageError(f"no issue id in URL {s[:80]!r}")


def resolve_issue(client: SentryClient, org: str, ref: IssueRef) -> Issue:
    """The issue `ref` names in `org` (one request); `NotFoundError` / `AuthError` from the client."""
    if ref.numeric:
        path = f"/organizations/{segment(org)}/issues/{segment(ref.value)}/"
        body = client.get(path, org=org, not_found=f"issue {ref.value} not found in org {org!r}").body
        group = body if isinstance(body, dict) else None
    else:
        path = f"/organizations/{segment(org)}/shortids/{segment(ref.value)}/"
        body = client.get(path, org=org, not_found=f"issue {ref.value} not found in org {org!r}").body
        group = body.get("group") if isinstance(body, dict) else None
        if isinstance(group, dict) and not group.get("id") and isinstance(body, dict):
            group = {**group, "id": body.get("groupId")}
    if not isinstance(group, dict) or group.get("id") in (None, ""):
        raise UpstreamError(f"GET {path}: expected an issue (group) object")
    raw_project = group.get("project")
    project: dict[str, Any] = raw_project if isinstance(raw_project, dict) else {}
    return Issue(
        id=str(group["id"]),
        short_id=_str(group.get("shortId")),
        title=_str(group.get("title")),
        category=_str(group.get("issueCategory")),
        project=_str(project.get("slug")),
        project_id=_str(project.get("id")),
        org=org,
    )


def replay_ids(client: SentryClient, issue: Issue, period: str) -> list[str]:
    """Replay ids linked to the issue within `period` (at most 51, Sentry's cap), deduplicated."""
    params = [
        ("returnIds", "true"),
        ("query", f"issue.id:[{issue.id}]"),
        ("data_source", issue.data_source),
        ("statsPeriod", period),
        ("project", "-1"),
    ]
    path = f"/organizations/{segment(issue.org)}/replay-count/"
    body = client.get(path, params, org=issue.org).body
    if body is None:
        return []
    if not isinstance(body, dict):
        raise UpstreamError(f'GET {path}: expected {{"<issue id>": [replay ids]}}')
    ids = body.get(issue.id)
    if ids is None:
        return []
    if not isinstance(ids, list):
        raise UpstreamError(f"GET {path}: expected a list of replay ids for issue {issue.id}")
    out: list[str] = []
    for rid in ids:
        norm = str(rid).replace("-", "").lower()
        if re.fullmatch(r"[0-9a-f]{32}", norm) and norm not in out:
            out.append(norm)
    return out


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def issue_replays(
    client: SentryClient,
    org: str,
    ref: IssueRef,
    *,
    period: str,
    sort: str = "-started_at",
    limit: int = MAX_REPLAYS_PER_ISSUE,
    query: str | None = None,
    cursor: str | None = None,
) -> tuple[Issue, api.ReplayListPage]:
    """The issue and the index rows of its replays (newest first by default), as the issue page's
    Replays tab lists them: the replay list filtered by `id:[...]` (no project filter)."""
    issue = resolve_issue(client, org, ref)
    ids = replay_ids(client, issue, period)
    if not ids:
        return issue, api.ReplayListPage([], None, 0)
    search = f"id:[{','.join(ids)}]" + (f" {query}" if query else "")
    params = [("statsPeriod", period), ("sort", sort), ("query", search)]
    params += [("cursor", cursor)] if cursor else []
    return issue, api.list_replays(client, org, params, limit=limit)
