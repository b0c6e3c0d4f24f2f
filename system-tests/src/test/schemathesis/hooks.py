"""What the API fuzz run knows that no OpenAPI document can say.

Each hook below is one fact about client state, not about the shape of a request: the failures it
drops are the ones that fact explains, matched narrowly, so that everything else still fails the run.
"""

import json
import re
import uuid

import schemathesis

# The document's IdempotencyKey schema: 1 to 255 printable ASCII characters.
_VALID_KEY = re.compile(r"^[\x21-\x7e][\x20-\x7e]{0,254}$")


@schemathesis.hook
def map_headers(context, headers):
    """A client names each new request with a new Idempotency-Key.

    The fuzzer would send the document's example key with every generated body, and a key reused
    for another request is the client's mistake (422), not a schema's. A valid key becomes a fresh
    one; an invalid one (a negative test) is sent as generated.
    """
    if headers and isinstance(headers.get("Idempotency-Key"), str):
        if _VALID_KEY.match(headers["Idempotency-Key"]):
            headers["Idempotency-Key"] = "fuzz-" + uuid.uuid4().hex
    return headers


def _problem(response):
    try:
        return json.loads(response.content)
    except (ValueError, TypeError):
        return None


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keeps every failure except the three that client state explains."""
    body = _problem(response)
    if failure.code == "ST202" and response.status_code == 400 and isinstance(body, dict):
        # a pageToken is opaque: only the nextPageToken of an earlier page is one (the stateful
        # phase follows the document's NextPage links with real ones); an invented one is a 400
        fields = {e.get("field") for e in body.get("errors") or []}
        if fields == {"pageToken"}:
            return False
    if (
        failure.code == "ST202"
        and response.status_code == 422
        and isinstance(body, dict)
        and body.get("type", "").endswith(":idempotency-key-reused")
    ):
        # the phases that replay the document's example key send it with many requests; a key
        # reused for another request is the client's mistake, which the 422 names
        return False
    if (
        failure.code == "ST201"
        and response.status_code == 200
        and case.operation.path == "/v1/jobs:batch"
        and isinstance(body, dict)
    ):
        # jobs:batch answers per job (200 with a 4xx problem for each refused one, as the
        # document says): a batch whose every job is refused has refused the invalid request
        results = body.get("results") or []
        if results and all(400 <= r.get("status", 0) < 500 for r in results):
            return False
    return True
