"""schemathesis hooks for tools/api/schemathesis.sh.

- Serializers for the two non-JSON request bodies (raw email, JSON Lines): the generated
  string is sent as its UTF-8 bytes.
- Generated reads never carry minPosition / X-Min-Position: a random position beyond the log
  is answered, as documented, with 503 after a 2 s wait (HTTPServerTests cover it), which
  schemathesis's server-error check would count and which would make each such case take 2 s.
"""
import schemathesis


@schemathesis.serializer("message/rfc822", "application/x-ndjson", "application/jsonl")
def raw_text(ctx, value):
    return value if isinstance(value, (bytes, bytearray)) else str(value).encode("utf-8")


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """Applies to every phase's cases right before they are sent."""
    if case.query:
        case.query.pop("minPosition", None)
    if case.headers:
        for name in list(case.headers):
            if name.lower() == "x-min-position":
                case.headers.pop(name)
