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


def _is_magnitude_bound(error):
    field = str(error.get("field", ""))
    message = str(error.get("message", ""))
    if field.endswith("runAt"):
        return message.startswith("is more than a year ahead")
    if field.endswith("deadline"):
        return message.startswith("must be more than zero and at most")
    if re.search(r"payload\.rows\[\d+\]$", field):
        # a report's amounts are quantity times unit price, summed: a bound on a product of two
        # fields and on a sum over rows, which no schema can state
        return message.startswith("the amounts overflow")
    return False


def _problem(response):
    try:
        return json.loads(response.content)
    except (ValueError, TypeError):
        return None


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keeps every failure except the ones that client state or the server's clock explains."""
    body = _problem(response)
    if failure.code == "ST202" and response.status_code == 400 and isinstance(body, dict):
        # a pageToken is opaque: only the nextPageToken of an earlier page is one (the stateful
        # phase follows the document's NextPage links with real ones); an invented one is a 400
        errors = body.get("errors") or []
        fields = {e.get("field") for e in errors}
        if fields == {"pageToken"}:
            return False
        # how far ahead a job may be due and how long its deadline may be are bounds on a
        # magnitude (runAt against the server's clock, a sum of duration units) that no schema
        # pattern can state; the document says them in words, the 400 names them
        if errors and all(_is_magnitude_bound(e) for e in errors):
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
    if failure.code == "ST301" and case.operation.path.startswith("/v1/jobs/{jobId}"):
        # DELETE on a job cancels it (202 with its status document) and discarding a dead
        # letter ends it: the job's status, items, result and history stay readable, as the
        # document says
        return False
    if (
        failure.code == "ST101"
        and response.status_code == 503
        and response.headers.get("retry-after")
        and isinstance(body, dict)
    ):
        # a 503 with Retry-After is the documented answer while Temporal is slow to answer (a
        # busy machine); a 500 still fails the run, and the chaos and fault tests hold the API
        # to 503 while Temporal is down
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
