"""The OpenAPI 3 description of ``/api``, hand-written next to the views it describes.

``tests/test_service_openapi.py`` keeps the two in step: every route of the blueprint must be
here with the same methods (and nothing else), and schemathesis fuzzes the API from this
document looking for server errors.
"""

from __future__ import annotations

import functools
from typing import Any

from docproc import __version__
from docproc.service.models import (
    CASE_STATUSES,
    DOC_TYPES,
    JOB_STAGES,
    JOB_STATES,
    RESOLUTION_ACTIONS,
    ROLES,
    SOURCES,
    VERDICTS,
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    """References to the shared error responses (429 applies to every authenticated call)."""
    return {str(c): {"$ref": f"#/components/responses/E{c}"} for c in (*codes, 429)}


def _id_param(name: str, what: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": f"id of the {what}",
            "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647}}


_AUTH = [{"bearer": []}, {"session": []}]
_COMMON = (400, 401, 403)

_MULTIPART = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "array", "items": {"type": "string",
                                                            "format": "binary"}}},
    }, "encoding": {"file": {"contentType": "application/pdf, image/png, image/jpeg, "
                                            "image/tiff"}}}},
}


def _op(summary: str, responses: dict[str, Any], *, errors: tuple[int, ...] = _COMMON,
        params: list[dict[str, Any]] | None = None, body: dict[str, Any] | None = None,
        public: bool = False, idem: bool = False) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {**responses, **_errors(*errors)}}
    parameters = list(params or [])
    if idem:
        parameters.append({"name": "Idempotency-Key", "in": "header", "required": False,
                           "description": "a retried request with the same key gets the "
                                          "stored response",
                           "schema": {"type": "string", "maxLength": 200}})
    if parameters:
        op["parameters"] = parameters
    if body is not None:
        op["requestBody"] = body
    op["security"] = [] if public else _AUTH
    if public:
        op["responses"] = responses
    return op


def _body(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"],
                                 "properties": {"code": {"type": "string"},
                                                "message": {"type": "string"}}}},
    },
    "CaseSummary": {
        "type": "object", "required": ["id", "status", "source", "received_at"],
        "properties": {
            "id": {"type": "integer"},
            "reference": {"type": ["string", "null"]},
            "status": {"type": "string", "enum": [*CASE_STATUSES, "error"]},
            "verdict": {"type": ["string", "null"], "enum": [*VERDICTS, None]},
            "source": {"type": "string", "enum": list(SOURCES)},
            "received_at": {"type": "string", "format": "date-time"},
            "sender": {"type": ["string", "null"]},
            "subject": {"type": ["string", "null"]},
            "message_id": {"type": ["string", "null"]},
        },
    },
    "CaseListItem": {"allOf": [_ref("CaseSummary"), {"type": "object", "properties": {
        "documents": {"type": "integer"}, "open_findings": {"type": "integer"}}}]},
    "CaseList": {
        "type": "object", "required": ["items", "total", "limit", "offset"],
        "properties": {"items": {"type": "array", "items": _ref("CaseListItem")},
                       "total": {"type": "integer"}, "limit": {"type": "integer"},
                       "offset": {"type": "integer"}},
    },
    "Job": {
        "type": "object", "required": ["id", "state", "document_id", "case_id"],
        "properties": {"id": {"type": "integer"},
                       "state": {"type": "string", "enum": list(JOB_STATES)},
                       "error": {"type": "string"}, "document_id": {"type": "integer"},
                       "case_id": {"type": "integer"}, "attempts": {"type": "integer"},
                       "stage": {"type": ["string", "null"], "enum": [*JOB_STAGES, None],
                                 "description": "reading pages, extracting fields, or (state "
                                                "done) waiting for the case check"},
                       "pages_done": {"type": ["integer", "null"], "minimum": 0,
                                      "description": "pages read so far"},
                       "pages_total": {"type": ["integer", "null"], "minimum": 0,
                                       "description": "pages to read (null until known)"}},
    },
    "AcceptedJob": {
        "type": "object", "required": ["id", "document_id", "case_id", "duplicate"],
        "properties": {"id": {"type": ["integer", "null"]}, "document_id": {"type": "integer"},
                       "case_id": {"type": "integer"},
                       "state": {"type": ["string", "null"]},
                       "duplicate": {"type": "boolean",
                                     "description": "the file was already in the case"}},
    },
    "Resolution": {
        "type": "object",
        "properties": {"id": {"type": "integer"},
                       "action": {"type": "string", "enum": list(RESOLUTION_ACTIONS)},
                       "comment": {"type": ["string", "null"]}, "value": {},
                       "user_id": {"type": ["integer", "null"]},
                       "created_at": {"type": "string", "format": "date-time"}},
    },
    "Finding": {
        "type": "object", "required": ["id", "rule", "severity", "message", "status"],
        "description": "a finding of RULES.md with its id, status and current resolution",
        "properties": {"id": {"type": "integer"}, "rule": {"type": "string"},
                       "severity": {"type": "string", "enum": ["error", "warning", "info"]},
                       "message": {"type": "string"},
                       "evidence": {"type": "array", "items": {"type": "object"}},
                       "ocr_suspect": {"type": "boolean"},
                       "status": {"type": "string", "enum": ["open", "resolved"]},
                       "resolution": {"oneOf": [_ref("Resolution"), {"type": "null"}]}},
    },
    "Document": {
        "type": "object", "required": ["id", "fields", "line_items"],
        "description": "the docproc extract --json object (FIELDS.md) plus id, filename, "
                       "intake_source, page_count and job",
        "properties": {"id": {"type": "integer"}, "doc_type": {"type": ["string", "null"]},
                       "filename": {"type": "string"}, "fields": {"type": "object"},
                       "line_items": {"type": "array"}, "warnings": {"type": "array"},
                       "intake_source": {"type": "string", "enum": list(SOURCES)},
                       "page_count": {"type": "integer"},
                       "doc_type_manual": {"type": "boolean",
                                           "description": "the type was set by hand"},
                       "job": {"oneOf": [_ref("Job"), {"type": "null"}]}},
    },
    "DocumentType": {
        "type": "object",
        "required": ["id", "case_id", "doc_type", "doc_type_manual", "changed", "reprocessing"],
        "properties": {"id": {"type": "integer"}, "case_id": {"type": "integer"},
                       "doc_type": {"type": ["string", "null"]},
                       "doc_type_manual": {"type": "boolean"},
                       "changed": {"type": "boolean"},
                       "reprocessing": {"type": "boolean",
                                        "description": "the fields are being extracted again "
                                                     "for the new type (follow the job)"},
                       "job": {"oneOf": [_ref("Job"), {"type": "null"}]}},
    },
    "CaseReport": {"allOf": [_ref("CaseSummary"), {
        "type": "object", "required": ["documents", "findings", "summary"],
        "properties": {
            "schema_version": {"type": "integer"},
            "as_of": {"type": ["string", "null"]},
            "checked_at": {"type": ["string", "null"]},
            "documents": {"type": "array", "items": _ref("Document")},
            "findings": {"type": "array", "items": _ref("Finding")},
            "summary": {"type": "object", "additionalProperties": {"type": "integer"}},
            "open": {"type": "object", "additionalProperties": {"type": "integer"}},
        }}]},
    "AuditEvent": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "at": {"type": "string"},
                       "actor": {"type": "string"}, "user_id": {"type": ["integer", "null"]},
                       "action": {"type": "string"}, "entity": {"type": ["string", "null"]},
                       "entity_id": {"type": ["integer", "null"]}, "before": {}, "after": {}},
    },
    "User": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                       "role": {"type": "string", "enum": list(ROLES)},
                       "active": {"type": "boolean"}},
    },
}

_RESPONSES = {
    f"E{code}": _json(_ref("Error"), text)
    for code, text in {400: "bad request", 401: "no valid credentials",
                       403: "the caller's role does not allow this", 404: "not found",
                       409: "conflict", 413: "a file or the request is too large, or too "
                       "many files", 415: "not a PDF, PNG, JPEG or TIFF (judged by the bytes)",
                       422: "the input cannot be read", 429: "rate limit exceeded "
                       "(see Retry-After)"}.items()
}

_JOBS_ACCEPTED = {"type": "object", "required": ["jobs"],
                  "properties": {"case_id": {"type": "integer"},
                                 "intake_case_id": {"type": "integer"},
                                 "jobs": {"type": "array", "items": _ref("AcceptedJob")}}}


def _paths() -> dict[str, Any]:
    case_id = _id_param("case_id", "case")
    doc_id = _id_param("document_id", "document")
    finding_id = _id_param("finding_id", "finding")
    date_q = {"type": "string", "format": "date"}
    return {
        "/api/health": {"get": _op("Liveness", {"200": _json(
            {"type": "object", "required": ["status"],
             "properties": {"status": {"const": "ok"}}}, "the service is up")}, public=True)},
        "/api/openapi.json": {"get": _op("This document", {"200": _json(
            {"type": "object"}, "OpenAPI 3.1")}, public=True)},
        "/api/cases": {
            "post": _op("Create a case", {"201": _json(_ref("CaseSummary"), "created")},
                        body=_body({"type": "object", "properties": {
                            "reference": {"type": "string", "maxLength": 200}}},
                            required=False), idem=True),
            "get": _op("List cases, newest first", {"200": _json(_ref("CaseList"), "a page")},
                       params=[
                           {"name": "verdict", "in": "query",
                            "schema": {"type": "string", "enum": list(VERDICTS)}},
                           {"name": "status", "in": "query",
                            "schema": {"type": "string", "enum": [*CASE_STATUSES, "error"]}},
                           {"name": "q", "in": "query", "description":
                            "any document number (contract, invoice, B/L, container, VIN...) "
                            "or the case reference", "schema": {"type": "string"}},
                           {"name": "received_from", "in": "query", "schema": date_q},
                           {"name": "received_to", "in": "query", "schema": date_q},
                           {"name": "limit", "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                           {"name": "offset", "in": "query",
                            "schema": {"type": "integer", "minimum": 0}},
                           {"name": "page", "in": "query", "description":
                            "1-based page number (instead of offset)",
                            "schema": {"type": "integer", "minimum": 1}},
                       ]),
        },
        "/api/cases/{case_id}": {"get": _op(
            "The case report", {"200": _json(_ref("CaseReport"), "the case")},
            errors=(*_COMMON, 404), params=[case_id])},
        "/api/cases/{case_id}/documents": {"post": _op(
            "Upload documents into a case", {"202": _json(_JOBS_ACCEPTED, "queued")},
            errors=(*_COMMON, 404, 413, 415, 422), params=[case_id], body=_MULTIPART,
            idem=True)},
        "/api/intake": {"post": _op(
            "Upload loose documents; they are grouped into cases after processing",
            {"202": _json(_JOBS_ACCEPTED, "queued")},
            errors=(*_COMMON, 413, 415, 422), body=_MULTIPART, idem=True)},
        "/api/intake/status": {"get": _op(
            "Mail intake status (admin): configuration without secrets, the last poll by any "
            "process (outcome, counts, error, consecutive failures) and recent failure / "
            "recovery events of the audit trail",
            {"200": _json({"type": "object", "required": ["mail"], "properties": {
                "mail": {"type": "object", "required": ["configured"], "properties": {
                    "configured": {"type": "boolean"},
                    "schedule": {"type": "string", "enum": ["serve", "beat", "off"]},
                    "interval": {"type": "number"}, "host": {"type": "string"},
                    "security": {"type": "string"}, "folder": {"type": "string"},
                    "auth": {"type": "string", "enum": ["LOGIN", "XOAUTH2"]},
                    "config_error": {"type": "string"},
                    "scheduler_running": {"type": "boolean"},
                    "last_poll": {"type": ["object", "null"], "properties": {
                        "outcome": {"type": "string", "enum": ["ok", "error"]},
                        "started_at": {"type": "string"}, "finished_at": {"type": "string"},
                        "processed": {"type": "integer"}, "failed": {"type": "integer"},
                        "duplicate": {"type": "integer"}, "retry": {"type": "integer"},
                        "error": {"type": ["object", "null"]},
                        "consecutive_failures": {"type": "integer"},
                        "last_ok_at": {"type": ["string", "null"]}}},
                    "recent_events": {"type": "array", "items": {"type": "object"}}}}}},
                "the status")})},
        "/api/jobs/{job_id}": {"get": _op(
            "State of a processing job", {"200": _json(_ref("Job"), "the job")},
            errors=(*_COMMON, 404), params=[_id_param("job_id", "job")])},
        "/api/documents/{document_id}": {
            "get": _op("One document with its page list",
                       {"200": _json(_ref("Document"), "the document")},
                       errors=(*_COMMON, 404), params=[doc_id]),
            "patch": _op(
                "Set the document type by hand (clerk and above; audited); the fields are "
                "extracted again for that type and the case is re-checked. null hands the "
                "type back to the classifier",
                {"200": _json(_ref("DocumentType"), "unchanged, or the type confirmed"),
                 "202": _json(_ref("DocumentType"), "set; a job re-extracts the fields")},
                errors=(*_COMMON, 404), params=[doc_id],
                body=_body({"type": "object", "required": ["doc_type"], "properties": {
                    "doc_type": {"type": ["string", "null"], "enum": [*DOC_TYPES, None]}}})),
        },
        "/api/documents/{document_id}/pages/{number}": {"get": _op(
            "A page image (PNG or JPEG), optionally scaled to a width",
            {"200": {"description": "the image; ETag and Cache-Control set",
                     "content": {"image/png": {"schema": {"type": "string",
                                                          "format": "binary"}},
                                 "image/jpeg": {"schema": {"type": "string",
                                                           "format": "binary"}}}},
             "304": {"description": "not modified (If-None-Match)"}},
            errors=(*_COMMON, 404),
            params=[doc_id, {"name": "number", "in": "path", "required": True,
                             "schema": {"type": "integer", "minimum": 1,
                                        "maximum": 2147483647}},
                    {"name": "width", "in": "query",
                     "schema": {"type": "integer", "minimum": 16, "maximum": 4000}}])},
        "/api/documents/{document_id}/fields": {"patch": _op(
            "Correct one field; the case is re-checked",
            {"200": _json({"type": "object"}, "the corrected field")},
            errors=(*_COMMON, 404), params=[doc_id],
            body=_body({"type": "object", "required": ["path", "value"], "properties": {
                "path": {"type": "string", "examples": ["line_items[0].quantity"]},
                "value": {}}}))},
        "/api/findings/{finding_id}/resolution": {
            "post": _op("Resolve a finding (waive needs a comment)",
                        {"200": _json(_ref("Finding"), "the finding, resolved")},
                        errors=(*_COMMON, 404), params=[finding_id],
                        body=_body({"type": "object", "required": ["action"], "properties": {
                            "action": {"type": "string", "enum": list(RESOLUTION_ACTIONS)},
                            "comment": {"type": "string"}, "value": {},
                            "document_id": {"type": "integer"}, "path": {"type": "string"}}})),
            "delete": _op("Reopen a finding", {"200": _json(_ref("Finding"), "reopened")},
                          errors=(*_COMMON, 404), params=[finding_id]),
        },
        "/api/cases/{case_id}/audit": {"get": _op(
            "The audit trail of a case", {"200": _json(
                {"type": "object", "properties": {"case_id": {"type": "integer"}, "events": {
                    "type": "array", "items": _ref("AuditEvent")}}}, "events, oldest first")},
            errors=(*_COMMON, 404), params=[case_id])},
        "/api/users": {
            "get": _op("List users (admin)", {"200": _json(
                {"type": "object", "properties": {"users": {"type": "array",
                                                            "items": _ref("User")}}},
                "users")}),
            "post": _op("Create a user (admin)", {"201": _json(_ref("User"), "created")},
                        errors=(*_COMMON, 409), body=_body({
                            "type": "object", "required": ["name", "role"], "properties": {
                                "name": {"type": "string", "minLength": 1, "maxLength": 120},
                                "role": {"type": "string", "enum": list(ROLES)},
                                "password": {"type": "string"}}})),
        },
        "/api/tokens": {"post": _op(
            "Issue an API token for a user (admin); shown once",
            {"201": _json({"type": "object", "properties": {
                "id": {"type": "integer"}, "user": {"type": "string"},
                "token": {"type": "string"}}}, "the new token")},
            errors=(*_COMMON, 404),
            body=_body({"type": "object", "required": ["user"],
                        "properties": {"user": {"type": "string"}}}))},
    }


def _reference_paths() -> dict[str, Any]:
    """Admin edits of reference data (``docproc.service.refdata_api``)."""
    from docproc.refdata import KINDS

    info = {"type": "object", "required": ["name", "file", "overridden", "version"],
            "properties": {"name": {"type": "string", "enum": list(KINDS)},
                           "file": {"type": "string"}, "title": {"type": "string"},
                           "description": {"type": "string"},
                           "overridden": {"type": "boolean",
                                          "description": "an admin's edit is in force"},
                           "updated_at": {"type": ["string", "null"], "format": "date-time"},
                           "version": {"type": "string", "description":
                                       "changes with every save; send it back to refuse "
                                       "saving over someone else's edit"}}}
    doc = {"allOf": [info, {"type": "object", "required": ["content"], "properties": {
        "content": {"description": "glossary: a list of rows {concept_id, en, zh, variants, "
                                   "hs_prefix}; agencies: {\"agencies\": [{name, aliases?, "
                                   "from?, until?, reason?, source?}]}; thresholds: the "
                                   "object of check.yaml"}}}]}
    name = {"name": "name", "in": "path", "required": True, "description": "which data",
            "schema": {"type": "string", "enum": list(KINDS)}}
    return {
        "/api/reference": {"get": _op(
            "List the editable reference data (admin)", {"200": _json(
                {"type": "object", "required": ["items"],
                 "properties": {"items": {"type": "array", "items": info}}}, "the files")})},
        "/api/reference/{name}": {
            "get": _op("Reference data content (admin)", {"200": _json(doc, "the content")},
                       errors=(*_COMMON, 404), params=[name]),
            "put": _op("Replace reference data (admin; validated, audited)",
                       {"200": _json(doc, "saved")}, errors=(*_COMMON, 404, 409, 422),
                       params=[name],
                       body=_body({"type": "object", "required": ["content"], "properties": {
                           "content": {}, "version": {"type": "string"}}})),
            "delete": _op("Reset reference data to the shipped default (admin; audited)",
                          {"200": _json(doc, "the default, in force again")},
                          errors=(*_COMMON, 404), params=[name]),
        },
    }


@functools.cache
def spec() -> dict[str, Any]:
    """The whole OpenAPI document (built once)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "docproc", "version": __version__,
                 "description": "Trade-document verification service. Errors are "
                                "{\"error\": {\"code\", \"message\"}}."},
        "paths": {**_paths(), **_reference_paths()},
        "components": {
            "schemas": _SCHEMAS,
            "responses": _RESPONSES,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
        },
    }
