//! The OpenAPI document, generated from the route annotations.

use serde_json::json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::routes::{accounts, audit, events, images, meta, reviews, session, team, tickets};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Text the server refuses when empty or only whitespace (Rust's `char::is_whitespace` set),
/// as a JSON Schema pattern: at least one character outside that set.
const NOT_BLANK: &str =
    "[^\\t\\n\\x0b\\f\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// What the handlers enforce beyond the types, so that clients (and schemathesis) can see it:
/// the error answers every operation can give, which operations need no token, the range of
/// `limit`, the shape of `If-Match`, and the text fields that must not be blank or too long.
struct Contract;

/// `(schema, property, must not be empty, must not be blank, max length)`.
const TEXT_RULES: [(&str, &str, bool, bool, Option<u64>); 14] = [
    ("SessionRequest", "operator", true, true, None),
    ("SessionRequest", "password", true, false, None),
    ("NewTicket", "subject", true, true, Some(200)),
    ("NoteRequest", "body", true, true, Some(20_000)),
    ("CallRecord", "wrap_up", true, true, None),
    ("ReasonRequest", "reason", true, true, Some(500)),
    ("RevealRequest", "reason", true, true, Some(500)),
    ("ReviewRevealRequest", "reason", true, true, Some(500)),
    ("CallRevealRequest", "reason", true, true, Some(500)),
    ("AssignRequest", "operator", true, true, None),
    ("AssignRequest", "reason", true, true, Some(500)),
    ("EscalateRequest", "note", true, true, Some(5_000)),
    (
        "DecisionRequest",
        "comment_to_user",
        false,
        false,
        Some(5_000),
    ),
    (
        "DecisionRequest",
        "internal_note",
        false,
        false,
        Some(5_000),
    ),
];

fn error_response(what: &str) -> serde_json::Value {
    json!({
        "description": what,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    })
}

fn patch_operation(path: &str, method: &str, op: &mut serde_json::Value) {
    let public =
        !path.starts_with(crate::api::PREFIX) || (path == "/api/v1/session" && method == "post");
    if public {
        // No token needed: an empty requirement list overrides the global bearer one.
        op["security"] = json!([]);
    }
    let writes = method == "post" || method == "patch" || method == "put";
    let mut errors: Vec<(&str, &str)> = Vec::new();
    if path.starts_with(crate::api::PREFIX) {
        errors.extend([
            ("400", "bad input: path, query, headers or body"),
            ("401", "no valid session"),
            ("404", "no such resource"),
            ("429", "rate-limited; see Retry-After"),
        ]);
        if !public {
            errors.push(("403", "role or four-eyes rule"));
        }
        if writes {
            errors.extend([
                ("409", "conflict, or this Idempotency-Key is in flight"),
                ("413", "body too large"),
                ("422", "Idempotency-Key reused with another body"),
            ]);
        }
    }
    if let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) {
        for (status, what) in errors {
            responses
                .entry(status)
                .or_insert_with(|| error_response(what));
        }
    }
    // Images travel as raw bytes (utoipa writes `Vec<u8>` as an array of integers).
    // (`get_mut`, not indexing: an index would add the missing keys as nulls.)
    if let Some(content) = op.get_mut("requestBody").and_then(|b| b.get_mut("content")) {
        binary_images(content);
    }
    if let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) {
        for content in responses.values_mut().filter_map(|r| r.get_mut("content")) {
            binary_images(content);
        }
    }
    let Some(params) = op.get_mut("parameters").and_then(|p| p.as_array_mut()) else {
        return;
    };
    for p in params {
        let name = p["name"].as_str().unwrap_or_default().to_ascii_lowercase();
        match (name.as_str(), p["in"].as_str()) {
            ("limit", Some("query")) => {
                let max = if [
                    "/audit",
                    "/alerts",
                    "/team",
                    "/team/{operator}",
                    "/escalations",
                    "/sla",
                ]
                .iter()
                .any(|p| path.ends_with(p))
                {
                    500
                } else {
                    200
                };
                p["schema"]["minimum"] = json!(1);
                p["schema"]["maximum"] = json!(max);
            }
            ("which", Some("path")) => {
                p["schema"]["enum"] = json!(["document", "selfie"]);
            }
            ("if-match", Some("header")) => {
                p["schema"]["pattern"] = json!("^(W/)?\"v[0-9]{1,18}\"$");
            }
            _ => {}
        }
    }
}

/// Give every `image/*` entry of a content map the schema of raw bytes.
fn binary_images(content: &mut serde_json::Value) {
    let Some(map) = content.as_object_mut() else {
        return;
    };
    for (media, entry) in map.iter_mut() {
        if media.starts_with("image/") {
            entry["schema"] =
                json!({"type": "string", "format": "binary", "contentMediaType": media});
        }
    }
}

impl Contract {
    /// Patch the generated document (as JSON: utoipa cannot read its own `$ref` siblings back).
    fn apply(v: &mut serde_json::Value) {
        if let Some(paths) = v.get_mut("paths").and_then(|p| p.as_object_mut()) {
            for (path, item) in paths.iter_mut() {
                if let Some(item) = item.as_object_mut() {
                    for (method, op) in item.iter_mut() {
                        patch_operation(path, method, op);
                    }
                }
            }
        }
        // The live stream, event by event (the shape OpenAPI 3.2 gives `text/event-stream`
        // items): `event: ready` with `{}` first, then `event: ticket|review|account` with a
        // change as `data`, and `event: resync` with `{"missed": n}` when a client fell behind.
        let sse = &mut v["paths"]["/api/v1/events"]["get"]["responses"]["200"]["content"]
            ["text/event-stream"]["schema"];
        if sse.is_object() {
            let change = sse.clone();
            *sse = json!({
                "type": "object",
                "required": ["data"],
                "properties": {
                    "event": {"type": "string", "description": "ready, ticket, review, account, security.alert, alert or resync"},
                    "id": {"type": "string", "description": "audit sequence of the change"},
                    "retry": {"type": "integer"},
                    "data": {
                        "type": "string",
                        "contentMediaType": "application/json",
                        "contentSchema": {"anyOf": [
                            change,
                            {"type": "object", "description": "event: ready", "maxProperties": 0},
                            {"type": "object",
                                "description": "event: resync: reload what is shown; `missed` counts the events dropped for a slow reader, null when a Last-Event-ID could not be replayed (`reason` says why)",
                                "required": ["missed"],
                                "properties": {
                                    "missed": {"type": ["integer", "null"], "minimum": 0},
                                    "reason": {"type": "string", "enum": ["too_far_behind"]}}},
                        ]},
                    },
                },
            });
        }
        let schemas = &mut v["components"]["schemas"];
        let duration = &mut schemas["CallRecord"]["properties"]["duration_secs"];
        if duration.is_object() {
            duration["maximum"] = json!(super::routes::tickets::MAX_CALL_SECS);
        }
        for (schema, prop, not_empty, not_blank, max) in TEXT_RULES {
            let p = &mut schemas[schema]["properties"][prop];
            if !p.is_object() {
                continue;
            }
            if not_empty {
                p["minLength"] = json!(1);
            }
            if not_blank {
                p["pattern"] = json!(NOT_BLANK);
            }
            if let Some(max) = max {
                p["maxLength"] = json!(max);
            }
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "kefu back office", description = "Support-desk API: tickets, accounts, manual reviews, audit."),
    paths(
        session::sign_in, session::me, session::sign_out,
        tickets::list, tickets::create, tickets::get, tickets::patch, tickets::claim,
        tickets::release, tickets::note, tickets::call, tickets::call_reveal, tickets::assign, tickets::escalate,
        accounts::find, accounts::get, accounts::reveal, accounts::unlock, accounts::freeze,
        accounts::unfreeze, accounts::resend_activation,
        reviews::list, reviews::counts, reviews::create, reviews::get, images::image, images::upload, reviews::claim, reviews::release, reviews::decide, reviews::reveal, reviews::assign,
        audit::list,
        team::list, team::member, team::escalations, team::sla, team::alerts, team::ack,
        events::stream,
        meta::healthz, meta::metrics, meta::openapi,
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
struct ApiDoc;

/// The document served at `/openapi.json`.
pub fn document() -> serde_json::Value {
    let mut v = serde_json::to_value(ApiDoc::openapi()).unwrap_or_else(|e| {
        tracing::error!(error = %e, "cannot serialize the OpenAPI document");
        json!({})
    });
    Contract::apply(&mut v);
    v
}
