#!/usr/bin/env python3
"""Writes Sources/HTTPServer/Resources/openapi.json (docs/openapi.json links to it).

The document is authored here as Python data because it repeats a lot (the error answers,
the staff headers, the store path parameter); run this after changing a route and commit
both files. OpenAPIDocumentTests checks the result against the routes the server registers.
Usage: python3 tools/api/generate_openapi.py
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Sources", "HTTPServer", "Resources", "openapi.json")

ERROR_CODES = [
    "malformed_input", "missing_field", "invalid_field", "too_large", "not_found", "unprocessable",
    "conflict", "unavailable", "storage_failure", "unauthorized", "forbidden", "unsupported_media_type",
    "method_not_allowed", "internal_error", "too_many_requests",
]

ERROR_TEXT = {
    "400": "Bad input: malformed JSON, a missing or invalid field or header (`field` names it).",
    "401": "Missing or unknown bearer token.",
    "403": "The token's scope does not allow this route, or the token may not send X-Staff-User.",
    "404": "No such store, contact target, task, lead, call or tag (or a tag the contact does not carry) -- or one the token may not see.",
    "409": "Version conflict (`actualVersion` and `ETag` give the stream's version) or an Idempotency-Key reused with a different body.",
    "413": "The body is over the route's limit (1 MiB; 10 MiB for /v1/ingest/email).",
    "415": "Unsupported Content-Type.",
    "422": "Well-formed but not acceptable (no store for the account, a task already ended, ...).",
    "429": "Too many audits are running at once; retry after `Retry-After` seconds.",
    "500": "The event store failed; nothing was acknowledged.",
    "503": "The store is not accepting writes, or a read's minPosition was not reached within 2 s.",
}


def ref(name):
    return {"$ref": "#/components/schemas/" + name}


def error_responses(*statuses):
    return {status: {"$ref": "#/components/responses/E" + status} for status in statuses}


def json_body(schema, required=True, description=None):
    body = {"required": required, "content": {"application/json": {"schema": schema}}}
    if description:
        body["description"] = description
    return body


STORE_ID = {"name": "storeId", "in": "path", "required": True, "description": "The store's UUID.",
            "schema": {"type": "string"}, "example": "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"}
PHONE = {"name": "phone", "in": "path", "required": True,
         "description": "The contact's phone, E.164, URL-encoded (`%2B14155550123`).", "schema": {"type": "string"},
         "example": "+14155550123"}
TASK_ID = {"name": "taskId", "in": "path", "required": True, "description": "The task's UUID.", "schema": {"type": "string"}}
TAG = {"name": "tag", "in": "path", "required": True, "description": "The tag id.", "schema": {"type": "string"}}
MIN_POSITION = [
    {"name": "minPosition", "in": "query", "required": False,
     "description": "Wait (up to 2 s) until the read side has applied this log position; 503 otherwise.",
     "schema": {"type": "integer", "minimum": 0}},
    {"name": "X-Min-Position", "in": "header", "required": False, "description": "Same as minPosition.",
     "schema": {"type": "integer", "minimum": 0}},
]
STAFF_HEADERS = [
    {"name": "Idempotency-Key", "in": "header", "required": True,
     "description": "The client's request id (1-200 printable ASCII bytes): a retry returns the first result.",
     "schema": {"type": "string", "minLength": 1, "maxLength": 200}},
    {"name": "X-Staff-User", "in": "header", "required": False,
     "description": "The staff user, recorded as the actor: 1-64 letters, digits and . _ @ - +. Required from admin tokens and "
                    "tokens the tokens file marks actsForStaff; any other token gets 403 for sending it, and its commands are "
                    "recorded as the token's own actor (staff `token:<name>`).",
     "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9._@+-]{1,64}$"}},
    {"name": "If-Match", "in": "header", "required": False,
     "description": "The stream version the client last saw (`\"3\"`); 409 when it moved.",
     "schema": {"type": "string"}},
]
X_POSITION = {"X-Position": {"description": "The log position this answer reflects.", "schema": {"type": "integer"}}}
VALIDATION_TOKEN = [
    {"name": "Validation-Token", "in": "header", "required": False,
     "description": "RingCentral's subscription handshake: echoed back; with no body, nothing is appended.",
     "schema": {"type": "string"}},
    {"name": "Verification-Token", "in": "header", "required": False,
     "description": "The integration token, as RingCentral sends it (instead of Authorization).",
     "schema": {"type": "string"}},
]


def accepted(description="Durably appended (or a duplicate of an earlier request)."):
    return {"202": {"description": description, "headers": X_POSITION,
                    "content": {"application/json": {"schema": ref("WriteAccepted")}}}}


def write_op(summary, tags, body, errors, parameters=None, description=None):
    op = {"summary": summary, "tags": tags, "responses": {**accepted(), **error_responses(*errors)}}
    if description:
        op["description"] = description
    if parameters:
        op["parameters"] = parameters
    if body is not None:
        op["requestBody"] = body
    return op


STAFF_ERRORS = ("400", "401", "403", "404", "409", "413", "415", "422", "500", "503")

schemas = {
    "Error": {
        "type": "object", "required": ["error"], "additionalProperties": False,
        "properties": {"error": {
            "type": "object", "required": ["code", "message", "field"],
            "properties": {
                "code": {"type": "string", "enum": ERROR_CODES},
                "message": {"type": "string"},
                "field": {"type": ["string", "null"], "description": "The field or header at fault; null for the input as a whole."},
                "line": {"type": "integer", "description": "The 1-based line of a JSON Lines input."},
                "actualVersion": {"type": "integer", "description": "On a version conflict: the stream's version."},
            }}},
    },
    "WriteAccepted": {
        "type": "object", "required": ["position", "deduplicated", "positions"],
        "description": "The durable position, whether nothing new was appended, each event's position, and the ids the command touched (storeId, messageId, callId, leadId, customerPhone, phone, taskId, tagId, targetPhone, events ...), all as strings.",
        "properties": {
            "position": {"type": "integer", "minimum": 0,
                         "description": "0 only when nothing needed recording (an A2P opt-in notice that may not clear a staff Do-Not-Contact; notes say why)."},
            "deduplicated": {"type": "boolean"},
            "positions": {"type": "array", "items": {"type": "integer", "minimum": 1}},
            "notes": {"type": "array", "items": {"type": "string"}},
            "routed": {"type": "boolean",
                       "description": "For RingCentral messages, calls, A2P opt-out notices and lead emails: false when no store owns the input and it was kept on an unrouted/... stream (GET /v1/unrouted); registering the store that owns it re-routes it."},
        },
        "additionalProperties": {"type": "string"},
    },
    "Store": {
        "type": "object",
        "required": ["storeId", "name", "franchiseId", "accountId", "trackingIds", "leadSenders", "phoneNumbers", "timeZone", "quietHours", "ruleSets"],
        "properties": {
            "storeId": {"type": "string"},
            "name": {"type": "string"},
            "franchiseId": {"type": "string"},
            "accountId": {"type": "string"},
            "trackingIds": {"type": "array", "items": {"type": "string"}},
            "leadSenders": {"type": "array", "items": {"type": "string"}},
            "phoneNumbers": {"type": "array", "items": {"type": "string"}},
            "timeZone": {"type": "string"},
            "quietHours": {"type": "object", "required": ["start", "end"],
                           "properties": {"start": {"type": "string"}, "end": {"type": "string"}}},
            "ruleSets": {"type": "array", "items": {"type": "string", "enum": ["federal", "florida", "oklahoma", "maryland"]}},
            "sla": {"type": "object", "properties": {
                "highMinutes": {"type": "integer"}, "mediumMinutes": {"type": "integer"}, "lowMinutes": {"type": "integer"}}},
        },
    },
    "StoreList": {"type": "object", "required": ["stores"],
                  "properties": {"stores": {"type": "array", "items": ref("Store")}}},
    "Event": {
        "type": "object",
        "required": ["position", "id", "type", "stream", "version", "storeId", "occurredAt", "recordedAt", "idempotencyKey", "actor", "schemaVersion", "payload"],
        "properties": {
            "position": {"type": "integer"}, "id": {"type": "string"}, "type": {"type": "string"},
            "stream": {"type": "string"}, "version": {"type": "integer"},
            "storeId": {"type": ["string", "null"]},
            "occurredAt": {"type": "string"}, "recordedAt": {"type": "string"},
            "idempotencyKey": {"type": "string"},
            "actor": {"type": "object", "required": ["type", "id"],
                      "properties": {"type": {"type": "string"}, "id": {"type": "string"}}},
            "schemaVersion": {"type": "integer"},
            "payload": {"description": "The event's payload (docs/EVENTS.md); a string when payloadEncoding is given."},
            "payloadEncoding": {"type": "string", "enum": ["text", "base64"]},
        },
    },
    "UnroutedInput": {
        "type": "object",
        "required": ["position", "stream", "idempotencyKey", "kind", "sourceId", "reason", "occurredAt", "recordedAt", "actor", "status"],
        "properties": {
            "position": {"type": "integer"}, "stream": {"type": "string"}, "idempotencyKey": {"type": "string"},
            "kind": {"type": "string", "enum": ["ringcentral.message", "ringcentral.call", "ringcentral.opt_out", "lead.email"]},
            "sourceId": {"type": "string"}, "reason": {"type": "string"},
            "occurredAt": {"type": "string"}, "recordedAt": {"type": "string"},
            "actor": {"type": "object", "required": ["type", "id"],
                      "properties": {"type": {"type": "string"}, "id": {"type": "string"}}},
            "accountId": {"type": "string"}, "storePhone": {"type": "string"}, "trackingId": {"type": "string"},
            "leadSender": {"type": "string"},
            "status": {"type": "string", "enum": ["pending", "rerouted"]},
            "reroutedPosition": {"type": "integer"}, "reroutedStoreId": {"type": "string"},
        },
    },
    "UnroutedPage": {
        "type": "object", "required": ["inputs", "next", "position"],
        "properties": {
            "inputs": {"type": "array", "items": ref("UnroutedInput")},
            "next": {"type": ["integer", "null"], "description": "Where to continue (from=next); null at the end."},
            "position": {"type": "integer"},
        },
    },
    "EventPage": {
        "type": "object", "required": ["events", "next", "position"],
        "properties": {
            "events": {"type": "array", "items": ref("Event")},
            "next": {"type": ["integer", "null"], "description": "Where to continue (from=next); null at the durable end."},
            "position": {"type": "integer"},
        },
    },
    "Health": {
        "type": "object", "required": ["status", "live", "ready", "position", "projections"],
        "properties": {
            "status": {"type": "string", "enum": ["ok", "unavailable"]},
            "live": {"type": "boolean"}, "ready": {"type": "boolean"},
            "position": {"type": "integer"},
            "projections": {"type": "array", "items": {
                "type": "object", "required": ["name", "appliedPosition", "lagEvents"],
                "properties": {"name": {"type": "string"}, "appliedPosition": {"type": "integer"}, "lagEvents": {"type": "integer"}}}},
        },
    },
    "RingCentralMessage": {
        "description": "A RingCentral message-store notification: the envelope {uuid, event, ownerId, subscriptionId, timestamp, body}, the WebSocket form [header, envelope], or a bare message record; plus _client_id and _account_id (INTAKE.md).",
        "type": ["object", "array"],
    },
    "RingCentralCall": {
        "description": "A RingCentral call-log record plus _account_id (INTAKE.md).",
        "type": "object",
    },
    "CallAnalysis": {
        "type": "object", "required": ["analysisId", "callId", "callState", "analyzedAt"],
        "properties": {
            "analysisId": {"type": "string"}, "callId": {"type": "string"}, "storeId": {"type": "string"},
            "callState": {"type": "string"}, "firstName": {"type": "string"}, "lastName": {"type": "string"},
            "summary": {"type": "string"}, "analyzedAt": {"type": "string"},
        },
    },
    "ContactAnalysis": {
        "type": "object", "required": ["analysisId", "storeId", "phone", "analyzedAt"],
        "description": "Absent fields are left unchanged; values outside the documented sets are a 400 naming the field (INTAKE.md).",
        "properties": {
            "analysisId": {"type": "string"}, "storeId": {"type": "string"}, "phone": {"type": "string"},
            "analyzedAt": {"type": "string"}, "lifecycleStage": {"type": "string"}, "lifecycleState": {"type": "string"},
            "leadStatus": {"type": "string"}, "leadStatusReason": {"type": "string"},
            "leadObjections": {"type": "array", "items": {"type": "string"}},
            "leadRejectionReasons": {"type": "array", "items": {"type": "string"}},
            "purchaseIntent": {"type": "string"}, "purchaseIntentReason": {"type": "string"},
            "goals": {"type": "array"}, "customerSummary": {"type": "string"},
            "actionNeeded": {"type": "boolean"}, "actionNeededReason": {"type": "string"},
            "suggestedActions": {"type": "array"}, "hasOpenComplaint": {"type": "boolean"}, "doNotContact": {"type": "boolean"},
        },
    },
    "Notes": {"type": "object", "required": ["notes"], "properties": {"notes": {"type": "string"}}},
    "DoNotContact": {"type": "object", "required": ["doNotContact"],
                     "properties": {"doNotContact": {"type": "boolean"}, "reason": {"type": "string"}}},
    "Tag": {"type": "object", "required": ["tagId"], "properties": {"tagId": {"type": "string"}}},
    "Convert": {"type": "object", "properties": {"leadId": {"type": "string"}, "note": {"type": "string"}}},
    "Merge": {"type": "object", "required": ["from", "into"],
              "properties": {"from": {"type": "string"}, "into": {"type": "string"}, "reviewId": {"type": "string"}}},
    "NewTask": {
        "type": "object", "required": ["taskType", "priority"],
        "properties": {
            "taskType": {"type": "string", "enum": ["follow_up", "callback", "complaint", "other"]},
            "priority": {"type": "string", "enum": ["high", "medium", "low"]},
            "contactPhone": {"type": "string"}, "actionNeeded": {"type": "boolean"},
            "actionNeededReason": {"type": "string"},
            "dueAt": {"type": "string", "description": "ISO-8601 with a zone; default: now plus the priority's SLA in open time."},
            "assignee": {"type": "string"},
        },
    },
    "Contact": {
        "type": "object", "description": "A row of the Contacts table (READMODELS.md contacts, plus derived columns).",
        "required": ["storeId", "phone", "doNotContact", "actionNeeded", "hasOpenComplaint", "createdAt", "updatedAt", "version", "callCount", "smsCount"],
        "properties": {
            "storeId": {"type": "string"}, "phone": {"type": "string"},
            "firstName": {"type": ["string", "null"]}, "lastName": {"type": ["string", "null"]},
            "email": {"type": ["string", "null"]},
            "lifecycleStage": {"type": ["string", "null"]}, "lifecycleState": {"type": ["string", "null"]},
            "doNotContact": {"type": "boolean"}, "actionNeeded": {"type": "boolean"}, "hasOpenComplaint": {"type": "boolean"},
            "leadStatus": {"type": ["string", "null"]}, "priority": {"type": ["string", "null"]},
            "lastActivityAt": {"type": ["string", "null"]}, "createdAt": {"type": "string"}, "updatedAt": {"type": "string"},
            "version": {"type": "integer", "description": "The contact stream's version, for If-Match."},
            "callCount": {"type": "integer"}, "smsCount": {"type": "integer"},
            "leadTemperature": {"type": ["string", "null"]},
        },
    },
    "ContactsPage": {"type": "object", "required": ["contacts"],
                     "properties": {"contacts": {"type": "array", "items": ref("Contact")},
                                    "nextCursor": {"type": ["string", "null"]}}},
    "TimelinePage": {"type": "object", "required": ["entries"],
                     "properties": {"entries": {"type": "array", "items": {
                         "type": "object", "required": ["timelineId", "eventType", "occurredAt", "logPosition"],
                         "properties": {"timelineId": {"type": "string"}, "eventType": {"type": "string"},
                                        "eventCategory": {"type": "string"}, "occurredAt": {"type": "string"},
                                        "logPosition": {"type": "integer"}}}},
                         "nextCursor": {"type": ["string", "null"]}}},
    "CommunicationsPage": {"type": "object", "required": ["items"],
                           "properties": {"items": {"type": "array", "items": {
                               "type": "object", "required": ["kind", "id", "time", "direction", "type", "logPosition"],
                               "properties": {"kind": {"type": "string", "enum": ["call", "message"]}, "id": {"type": "string"},
                                              "time": {"type": "string"}, "direction": {"type": "string"},
                                              "type": {"type": "string"}, "logPosition": {"type": "integer"}}}},
                               "nextCursor": {"type": ["string", "null"]}}},
    "Task": {
        "type": "object", "required": ["taskId", "storeId", "taskType", "status", "priority", "dueAt", "createdAt", "overdue"],
        "properties": {
            "taskId": {"type": "string"}, "storeId": {"type": "string"}, "contactPhone": {"type": ["string", "null"]},
            "taskType": {"type": "string"}, "status": {"type": "string"}, "priority": {"type": "string"},
            "dueAt": {"type": "string"}, "createdAt": {"type": "string"}, "assignee": {"type": ["string", "null"]},
            "overdue": {"type": "boolean"},
        },
    },
    "TasksPage": {"type": "object", "required": ["tasks"],
                  "properties": {"tasks": {"type": "array", "items": ref("Task")}, "nextCursor": {"type": ["string", "null"]}}},
    "ContactProfile": {
        "type": "object", "required": ["contact", "timeline", "communications", "openTasks", "leads"],
        "properties": {"contact": ref("Contact"), "timeline": ref("TimelinePage"), "communications": ref("CommunicationsPage"),
                       "openTasks": {"type": "array", "items": ref("Task")}, "leads": {"type": "array"}},
    },
    "TaskNote": {"type": "object", "properties": {"note": {"type": "string"}}},
    "Snooze": {"type": "object", "required": ["until"],
               "properties": {"until": {"type": "string", "description": "ISO-8601 with a zone, in the future."}, "note": {"type": "string"}}},
    "Reassign": {"type": "object", "properties": {"assignee": {"type": ["string", "null"]}}},
    "Cancel": {"type": "object", "properties": {"reason": {"type": "string"}}},
    "TCPAReport": {
        "type": "object",
        "description": "The TCPA audit report (docs/AUDIT.md \"Report\"): byte-identical for the same log and options except generatedAt.",
        "required": ["report", "formatVersion", "generatedAt", "rules", "parameters", "filters", "range", "zoneTable", "stores",
                     "counts", "revocations", "violations"],
        "properties": {
            "report": {"type": "string", "const": "contactledger.tcpa-audit"},
            "formatVersion": {"type": "integer"},
            "generatedAt": {"type": "string"},
            "requestedRuleSets": {"type": "array", "items": {"type": "string"},
                                  "description": "The ruleSets asked for; absent when each store's configured sets applied."},
            "rules": {"type": "array", "items": {
                "type": "object", "required": ["id", "ruleSet", "summary", "basis"],
                "properties": {"id": {"type": "string"}, "ruleSet": {"type": "string"}, "summary": {"type": "string"},
                               "basis": {"type": "string"}}}},
            "parameters": {"type": "object"},
            "filters": {"type": "object", "properties": {
                "storeId": {"type": "string"}, "from": {"type": "string"}, "to": {"type": "string"}}},
            "range": {"type": "object", "required": ["firstPosition", "lastPosition", "eventsReplayed"],
                      "properties": {"firstPosition": {"type": "integer"}, "lastPosition": {"type": "integer"},
                                     "eventsReplayed": {"type": "integer"}, "lastBatchChecksum": {"type": "object"},
                                     "horizon": {"type": "string"}}},
            "zoneTable": {"type": "object", "required": ["source", "prefixes"],
                          "properties": {"source": {"type": "string"}, "prefixes": {"type": "integer"}}},
            "stores": {"type": "array", "items": {
                "type": "object", "required": ["storeId", "ruleSets", "registered"],
                "properties": {"storeId": {"type": "string"}, "name": {"type": "string"}, "timeZone": {"type": "string"},
                               "ruleSets": {"type": "array", "items": {"type": "string"}}, "registered": {"type": "boolean"}}}},
            "counts": {"type": "object",
                       "required": ["outboundCalls", "outboundSMS", "optOuts", "revocations", "contactsAudited", "violations",
                                    "violationsByRule"],
                       "properties": {"outboundCalls": {"type": "integer"}, "outboundSMS": {"type": "integer"},
                                      "optOuts": {"type": "integer"}, "revocations": {"type": "integer"},
                                      "contactsAudited": {"type": "integer"}, "violations": {"type": "integer"},
                                      "violationsByRule": {"type": "object", "additionalProperties": {"type": "integer"}}}},
            "revocations": {"type": "array", "items": {
                "type": "object", "required": ["storeId", "phone", "position", "eventType", "receivedAt", "businessDays", "outcome"],
                "properties": {"storeId": {"type": "string"}, "phone": {"type": "string"}, "position": {"type": "integer"},
                               "eventType": {"type": "string"}, "receivedAt": {"type": "string"},
                               "businessDays": {"type": "integer"},
                               "outcome": {"type": "string", "enum": ["honoured", "late", "not_honoured", "pending", "withdrawn"]}}}},
            "violations": {"type": "array", "items": {
                "type": "object",
                "required": ["rule", "ruleSet", "storeId", "phone", "position", "eventType", "occurredAt", "recordedAt",
                             "localTimes", "timeZoneUncertain", "evidence", "detail"],
                "properties": {
                    "rule": {"type": "string"}, "ruleSet": {"type": "string"}, "storeId": {"type": "string"},
                    "phone": {"type": "string"}, "position": {"type": "integer"}, "eventType": {"type": "string"},
                    "occurredAt": {"type": "string"}, "recordedAt": {"type": "string"},
                    "localTimes": {"type": "array", "items": {"type": "object", "required": ["zone", "time"],
                                                              "properties": {"zone": {"type": "string"}, "time": {"type": "string"}}}},
                    "timeZoneUncertain": {"type": "boolean"}, "actor": {"type": "string"},
                    "evidence": {"type": "array", "items": {
                        "type": "object", "required": ["role", "position", "eventType", "occurredAt", "recordedAt"],
                        "properties": {"role": {"type": "string"}, "position": {"type": "integer"}, "eventType": {"type": "string"},
                                       "occurredAt": {"type": "string"}, "recordedAt": {"type": "string"},
                                       "actor": {"type": "string"}}}},
                    "detail": {"type": "string"}}}},
        },
    },
    "ContactState": {
        "type": "object",
        "description": "A contact as of an instant, reconstructed from the log alone (docs/AUDIT.md \"audit state\"). Absent members are unknown at that instant.",
        "required": ["storeId", "phone", "at", "order", "lastPosition", "eventsApplied", "exists", "doNotContact", "openTasks"],
        "properties": {
            "storeId": {"type": "string"}, "phone": {"type": "string"}, "at": {"type": "string"}, "knownAt": {"type": "string"},
            "order": {"type": "string", "enum": ["event_time", "log_order"]},
            "lastPosition": {"type": "integer", "description": "The last log position applied (0: none)."},
            "eventsApplied": {"type": "integer"}, "exists": {"type": "boolean"}, "doNotContact": {"type": "boolean"},
            "doNotContactUpdatedBy": {"type": "string"},
            "doNotContactSetBy": {"type": "object", "required": ["position", "eventType", "occurredAt", "recordedAt", "actor"],
                                  "properties": {"position": {"type": "integer"}, "eventType": {"type": "string"},
                                                 "occurredAt": {"type": "string"}, "recordedAt": {"type": "string"},
                                                 "actor": {"type": "string"}}},
            "lifecycleStage": {"type": "string"}, "lifecycleState": {"type": "string"}, "leadStatus": {"type": "string"},
            "firstName": {"type": "string"}, "lastName": {"type": "string"},
            "openTasks": {"type": "array", "items": {
                "type": "object", "required": ["taskId", "taskType", "sourceType", "priority", "status", "dueAt", "createdAt", "position"],
                "properties": {"taskId": {"type": "string"}, "taskType": {"type": "string"}, "sourceType": {"type": "string"},
                               "sourceLeadId": {"type": "string"}, "priority": {"type": "string"}, "status": {"type": "string"},
                               "dueAt": {"type": "string"}, "createdAt": {"type": "string"}, "assignee": {"type": "string"},
                               "position": {"type": "integer"}}}},
        },
    },
}

responses = {}
for status, text in ERROR_TEXT.items():
    answer = {"description": text, "content": {"application/json": {"schema": ref("Error")}}}
    if status == "401":
        answer["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    responses["E" + status] = answer

STORE_READ_ERRORS = ("400", "401", "403", "404", "503")
INGEST_ERRORS = ("400", "401", "403", "404", "409", "413", "415", "422", "500", "503")
contact = "/v1/stores/{storeId}/contacts/{phone}"
task = "/v1/stores/{storeId}/tasks/{taskId}"

paths = {
    "/v1/stores": {
        "post": write_op("Register or update a store (admin)", ["stores"], json_body(ref("Store")),
                         ("400", "401", "403", "409", "413", "415", "422", "500", "503"),
                         parameters=[{"name": "X-Staff-User", "in": "header", "required": False,
                                      "description": "Recorded as the actor (default: admin).", "schema": {"type": "string"}}]),
        "get": {"summary": "The stores the token may see", "tags": ["stores"], "parameters": MIN_POSITION,
                "responses": {"200": {"description": "Stores, by storeId.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("StoreList")}}},
                              **error_responses("400", "401", "403", "503")}},
    },
    "/v1/stores/{storeId}": {
        "get": {"summary": "One store", "tags": ["stores"], "parameters": [STORE_ID] + MIN_POSITION,
                "responses": {"200": {"description": "The registry record.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("Store")}}},
                              **error_responses(*STORE_READ_ERRORS)}},
    },
    "/v1/ingest/email": {
        "post": write_op("Ingest one raw RFC 822 lead email (up to 10 MiB)", ["ingest"],
                         {"required": True, "content": {"message/rfc822": {"schema": {"type": "string"}}}}, INGEST_ERRORS),
    },
    "/v1/ingest/ringcentral/message": {
        "post": {**write_op("Ingest a RingCentral message notification", ["ingest"],
                            json_body(ref("RingCentralMessage"), required=False), INGEST_ERRORS,
                            parameters=VALIDATION_TOKEN),
                 "responses": {"200": {"description": "The Validation-Token handshake (no body): echoed, nothing appended.",
                                       "headers": {"Validation-Token": {"schema": {"type": "string"}}}},
                               **accepted(), **error_responses(*INGEST_ERRORS)}},
    },
    "/v1/ingest/ringcentral/call": {
        "post": {**write_op("Ingest a RingCentral call-log record", ["ingest"],
                            json_body(ref("RingCentralCall"), required=False), INGEST_ERRORS, parameters=VALIDATION_TOKEN),
                 "responses": {"200": {"description": "The Validation-Token handshake (no body): echoed, nothing appended.",
                                       "headers": {"Validation-Token": {"schema": {"type": "string"}}}},
                               **accepted(), **error_responses(*INGEST_ERRORS)}},
    },
    "/v1/ingest/analysis/call": {
        "post": write_op("Ingest an AI call analysis", ["ingest"], json_body(ref("CallAnalysis")), INGEST_ERRORS),
    },
    "/v1/ingest/analysis/contact": {
        "post": write_op("Ingest an AI contact analysis", ["ingest"], json_body(ref("ContactAnalysis")), INGEST_ERRORS),
    },
    "/v1/ingest/events": {
        "post": write_op("Ingest documented events in their JSON envelope, one per line", ["ingest"],
                         {"required": True, "content": {
                             "application/x-ndjson": {"schema": {"type": "string"}},
                             "application/jsonl": {"schema": {"type": "string"}}}},
                         INGEST_ERRORS,
                         parameters=[{"name": "X-Staff-User", "in": "header", "required": False,
                                      "description": "The staff user that staff-actor lines must name (their actor comes from "
                                                     "the credentials, not the body).",
                                      "schema": {"type": "string", "pattern": "^[A-Za-z0-9._@+-]{1,64}$"}}],
                         description="Admin tokens only. All lines are validated before the first append; a bad line is a 400 "
                                     "naming its line. Over HTTP, store events (use POST /v1/stores) and the system actor are "
                                     "refused, and a staff actor must be the request's X-Staff-User."),
    },
    contact + "/notes": {
        "put": write_op("Replace a contact's notes", ["contacts"], json_body(ref("Notes")), STAFF_ERRORS,
                        parameters=[STORE_ID, PHONE] + STAFF_HEADERS),
    },
    contact + "/dnc": {
        "post": write_op("Set or clear Do-Not-Contact (staff)", ["contacts"], json_body(ref("DoNotContact")), STAFF_ERRORS,
                         parameters=[STORE_ID, PHONE] + STAFF_HEADERS),
    },
    contact + "/tags": {
        "post": write_op("Add a manual tag (the tag must be defined)", ["contacts"], json_body(ref("Tag")), STAFF_ERRORS,
                         parameters=[STORE_ID, PHONE] + STAFF_HEADERS),
    },
    contact + "/tags/{tag}": {
        "delete": write_op("Remove a manual tag", ["contacts"], None, STAFF_ERRORS,
                           parameters=[STORE_ID, PHONE, TAG] + STAFF_HEADERS),
    },
    contact + "/convert": {
        "post": write_op("Mark a contact converted (member)", ["contacts"], json_body(ref("Convert"), required=False),
                         STAFF_ERRORS, parameters=[STORE_ID, PHONE] + STAFF_HEADERS),
    },
    "/v1/stores/{storeId}/contacts/merge": {
        "post": write_op("Merge one contact into another", ["contacts"], json_body(ref("Merge")), STAFF_ERRORS,
                         parameters=[STORE_ID] + STAFF_HEADERS),
    },
    "/v1/stores/{storeId}/tasks": {
        "post": write_op("Create a manual task", ["tasks"], json_body(ref("NewTask")), STAFF_ERRORS,
                         parameters=[STORE_ID] + STAFF_HEADERS),
        "get": {"summary": "A store's tasks, soonest due first", "tags": ["tasks"],
                "parameters": [STORE_ID] + [
                    {"name": n, "in": "query", "required": False, "schema": sch} for n, sch in [
                        ("status", {"type": "string", "enum": ["pending", "snoozed", "completed", "cancelled"]}),
                        ("overdue", {"type": "boolean"}),
                        ("priority", {"type": "string", "enum": ["high", "medium", "low"]}),
                        ("assignee", {"type": "string"}), ("contact", {"type": "string"}),
                        ("limit", {"type": "integer", "minimum": 1, "maximum": 200}), ("cursor", {"type": "string"})]
                ] + MIN_POSITION,
                "responses": {"200": {"description": "One page of tasks.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("TasksPage")}}},
                              **error_responses("400", "401", "403", "404", "500", "503")}},
    },
    task + "/complete": {
        "post": write_op("Complete a task", ["tasks"], json_body(ref("TaskNote"), required=False), STAFF_ERRORS,
                         parameters=[STORE_ID, TASK_ID] + STAFF_HEADERS),
    },
    task + "/snooze": {
        "post": write_op("Snooze a task", ["tasks"], json_body(ref("Snooze")), STAFF_ERRORS,
                         parameters=[STORE_ID, TASK_ID] + STAFF_HEADERS),
    },
    task + "/reassign": {
        "post": write_op("Reassign a task (null or blank: unassigned)", ["tasks"], json_body(ref("Reassign")), STAFF_ERRORS,
                         parameters=[STORE_ID, TASK_ID] + STAFF_HEADERS),
    },
    task + "/cancel": {
        "post": write_op("Cancel a task", ["tasks"], json_body(ref("Cancel"), required=False), STAFF_ERRORS,
                         parameters=[STORE_ID, TASK_ID] + STAFF_HEADERS),
    },
    "/v1/stores/{storeId}/contacts": {
        "get": {"summary": "The Contacts table", "tags": ["contacts"],
                "parameters": [STORE_ID] + [
                    {"name": n, "in": "query", "required": False, "schema": sch} for n, sch in [
                        ("stage", {"type": "string"}), ("leadStatus", {"type": "string"}),
                        ("dnc", {"type": "boolean"}), ("actionNeeded", {"type": "boolean"}), ("openComplaint", {"type": "boolean"}),
                        ("q", {"type": "string"}),
                        ("sort", {"type": "string", "description": "A shown column, '-' for descending (default -lastActivityAt)."}),
                        ("limit", {"type": "integer", "minimum": 1, "maximum": 200}), ("cursor", {"type": "string"})]
                ] + MIN_POSITION,
                "responses": {"200": {"description": "One page of contacts.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("ContactsPage")}}},
                              **error_responses("400", "401", "403", "404", "500", "503")}},
    },
    contact: {
        "get": {"summary": "A contact's profile (360 view)", "tags": ["contacts"], "parameters": [STORE_ID, PHONE] + MIN_POSITION,
                "responses": {"200": {"description": "The profile; ETag is the contact stream's version.",
                                      "headers": {**X_POSITION, "ETag": {"schema": {"type": "string"}}},
                                      "content": {"application/json": {"schema": ref("ContactProfile")}}},
                              **error_responses("400", "401", "403", "404", "500", "503")}},
    },
    contact + "/timeline": {
        "get": {"summary": "A contact's timeline, newest first", "tags": ["contacts"],
                "parameters": [STORE_ID, PHONE,
                               {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                               {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"}}] + MIN_POSITION,
                "responses": {"200": {"description": "One page of entries.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("TimelinePage")}}},
                              **error_responses("400", "401", "403", "404", "500", "503")}},
    },
    contact + "/communications": {
        "get": {"summary": "Calls and messages, newest first", "tags": ["contacts"],
                "parameters": [STORE_ID, PHONE,
                               {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
                               {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"}}] + MIN_POSITION,
                "responses": {"200": {"description": "One page of the communication log.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("CommunicationsPage")}}},
                              **error_responses("400", "401", "403", "404", "500", "503")}},
    },
    "/v1/events": {
        "get": {"summary": "The raw log (admin)", "tags": ["events"],
                "parameters": [
                    {"name": "from", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
                    {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
                    {"name": "type", "in": "query", "required": False, "description": "Event types, comma-separated or repeated.",
                     "schema": {"type": "string"}},
                    {"name": "storeId", "in": "query", "required": False, "schema": {"type": "string"}},
                ] + MIN_POSITION,
                "responses": {"200": {"description": "Events in log order.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("EventPage")}}},
                              **error_responses("400", "401", "403", "500", "503")}},
    },
    "/v1/unrouted": {
        "get": {"summary": "Inputs no store owned, kept for re-routing (admin)", "tags": ["events"],
                "description": "RingCentral messages, calls and A2P opt-out notices for accounts and numbers no store owns, and "
                               "leads with no store mapping, in log order (CDP.md section 8). Registering or updating the store "
                               "that owns one re-routes it at its original occurredAt.",
                "parameters": [
                    {"name": "from", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
                    {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 1000}},
                    {"name": "status", "in": "query", "required": False,
                     "description": "pending (default): not re-routed yet; all: also the re-routed ones.",
                     "schema": {"type": "string", "enum": ["pending", "all"]}},
                ] + MIN_POSITION,
                "responses": {"200": {"description": "Kept inputs in log order.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("UnroutedPage")}}},
                              **error_responses("400", "401", "403", "500", "503")}},
    },
    "/v1/audit/tcpa": {
        "get": {"summary": "The TCPA audit report, replayed from the log", "tags": ["audit"],
                "description": "Admin tokens may audit every store (no storeId) or any one; franchise and store tokens must name a "
                               "store they can see (another store is 404, none is 403). The replay runs off the event loop; at "
                               "most two run at once, one per token scope (429 beyond). The html format carries a "
                               "Content-Security-Policy that lets the page load and run nothing.",
                "parameters": [
                    {"name": "storeId", "in": "query", "required": False, "description": "One store's UUID; absent: every store (admin).",
                     "schema": {"type": "string"}},
                    {"name": "from", "in": "query", "required": False,
                     "description": "Report events with occurredAt at or after this ISO-8601 instant.", "schema": {"type": "string"}},
                    {"name": "to", "in": "query", "required": False,
                     "description": "Report events with occurredAt before this ISO-8601 instant (later than from).",
                     "schema": {"type": "string"}},
                    {"name": "ruleSets", "in": "query", "required": False,
                     "description": "Comma-separated rule sets instead of each store's configured ones: federal, florida, oklahoma, maryland.",
                     "schema": {"type": "string"}},
                    {"name": "format", "in": "query", "required": False, "description": "json (default), csv (one row per violation) or html.",
                     "schema": {"type": "string", "enum": ["json", "csv", "html"]}},
                ] + MIN_POSITION,
                "responses": {"200": {"description": "The report in the asked format.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("TCPAReport")},
                                                  "text/csv": {"schema": {"type": "string"}},
                                                  "text/html": {"schema": {"type": "string"}}}},
                              **error_responses("400", "401", "403", "404", "429", "500", "503")}},
    },
    "/v1/audit/state": {
        "get": {"summary": "A contact's state as of an instant, replayed from the log", "tags": ["audit"],
                "description": "at alone: what was true at that instant (event time); with knownAt: what the system knew then "
                               "(only events recorded by knownAt, in log order). Tokens as for /v1/audit/tcpa.",
                "parameters": [
                    {"name": "storeId", "in": "query", "required": True, "description": "The contact's store (UUID).",
                     "schema": {"type": "string"}},
                    {"name": "phone", "in": "query", "required": True, "description": "The contact's phone, any NANP spelling.",
                     "schema": {"type": "string"}, "example": "+14155550123"},
                    {"name": "at", "in": "query", "required": True, "description": "The instant (ISO-8601).",
                     "schema": {"type": "string"}, "example": "2026-03-05T04:30:00Z"},
                    {"name": "knownAt", "in": "query", "required": False, "description": "Only what was recorded by this instant (ISO-8601).",
                     "schema": {"type": "string"}},
                ] + MIN_POSITION,
                "responses": {"200": {"description": "The contact's state.", "headers": X_POSITION,
                                      "content": {"application/json": {"schema": ref("ContactState")}}},
                              **error_responses("400", "401", "403", "404", "429", "500", "503")}},
    },
    "/health": {
        "get": {"summary": "Liveness and readiness", "tags": ["operations"], "security": [],
                "responses": {
                    "200": {"description": "Ready.", "content": {"application/json": {"schema": ref("Health")}}},
                    "503": {"description": "Not ready (projections too far behind).",
                            "content": {"application/json": {"schema": ref("Health")}}}}},
    },
    "/metrics": {
        "get": {"summary": "Prometheus metrics", "tags": ["operations"], "security": [],
                "responses": {"200": {"description": "Prometheus text exposition.",
                                      "content": {"text/plain": {"schema": {"type": "string"}}}}}},
    },
    "/openapi.json": {
        "get": {"summary": "This document", "tags": ["operations"], "security": [],
                "responses": {"200": {"description": "OpenAPI 3.1.", "content": {"application/json": {"schema": {"type": "object"}}}}}},
    },
}

document = {
    "openapi": "3.1.0",
    "info": {
        "title": "ContactLedger API",
        "version": "1.0.0",
        "description": "The HTTP API of `contactledger serve` (shared/spec/API.md). Every /v1 route needs `Authorization: Bearer <token>`; "
                       "errors are `{\"error\": {\"code\", \"message\", \"field\"}}`; writes answer 202 after the durable append. "
                       "Every GET route also answers HEAD (the GET's headers, no body); every answer carries "
                       "`X-Content-Type-Options: nosniff`.",
    },
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "security": [{"bearer": []}],
    "tags": [{"name": n} for n in ["stores", "ingest", "contacts", "tasks", "events", "audit", "operations"]],
    "paths": paths,
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": schemas,
        "responses": responses,
    },
}

with open(OUT, "w") as f:
    json.dump(document, f, indent=2)
    f.write("\n")
print("wrote", OUT)
