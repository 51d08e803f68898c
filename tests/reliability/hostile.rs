//! Hostile input: body limits, and no 500 for any bad input at any endpoint. Every refusal
//! must be in the API's `{"error": {"code", "message"}}` format.

use serde_json::{json, Map, Value};

use crate::helpers::{
    add_operators, addr_of, is_error_body, raw, raw_within, request, sqlite_server, RawResp,
};

/// `haystack` with every `from` replaced by `to`.
fn replace(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if !from.is_empty() && haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// A request that went wrong in the table, kept for one report at the end.
fn check(failures: &mut Vec<String>, what: &str, r: &RawResp) {
    if r.status == 0 || r.status >= 500 {
        failures.push(format!(
            "{what}: status {} ({:?}) body {}",
            r.status,
            r.error,
            String::from_utf8_lossy(&r.body[..r.body.len().min(300)])
        ));
    } else if r.status >= 400 && !is_error_body(&r.json()) {
        failures.push(format!(
            "{what}: {} not in the error format: {:?}",
            r.status,
            String::from_utf8_lossy(&r.body[..r.body.len().min(300)])
        ));
    }
}

/// Values that are wrong for some field of some request.
fn hostile_values() -> Vec<(&'static str, Value)> {
    vec![
        ("null", Value::Null),
        ("true", json!(true)),
        ("float", json!(1.5)),
        ("negative", json!(-1)),
        ("i64 max", json!(i64::MAX)),
        ("i64 min", json!(i64::MIN)),
        ("u64 max", json!(u64::MAX)),
        ("array", json!([1, "a", null])),
        ("object", json!({"a": {"b": []}})),
        ("empty string", json!("")),
        ("unknown enum", json!("definitely_not_a_value")),
        ("NUL", json!("a\u{0}b\u{0}")),
        (
            "escape sequences",
            json!("\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}"),
        ),
        ("long string", json!("长".repeat(60_000))),
        ("numeric string", json!("99999999999999999999999")),
    ]
}

/// The write endpoints with a body that is valid (or nearly), as templates to break.
fn write_endpoints(ticket: i64, account: i64, review: i64) -> Vec<(&'static str, String, Value)> {
    vec![
        (
            "POST",
            "/api/v1/session".into(),
            json!({"operator": "nobody-here", "password": "wrong-password"}),
        ),
        (
            "POST",
            "/api/v1/tickets".into(),
            json!({"subject": "s", "body": "b", "category": "other", "channel": "phone", "account_id": account, "priority": "low"}),
        ),
        (
            "PATCH",
            format!("/api/v1/tickets/{ticket}"),
            json!({"status": "open", "priority": "high", "category": "other", "account_id": account}),
        ),
        (
            "POST",
            format!("/api/v1/tickets/{ticket}/claim"),
            json!({"steal": true}),
        ),
        (
            "POST",
            format!("/api/v1/tickets/{ticket}/release"),
            json!({}),
        ),
        (
            "POST",
            format!("/api/v1/tickets/{ticket}/notes"),
            json!({"body": "note", "visibility": "internal"}),
        ),
        (
            "POST",
            format!("/api/v1/tickets/{ticket}/calls"),
            json!({"duration_secs": 10, "wrap_up": "resolved", "summary": "s"}),
        ),
        (
            "POST",
            format!("/api/v1/accounts/{account}/reveal"),
            json!({"field": "phone", "reason": "caller verified"}),
        ),
        (
            "POST",
            format!("/api/v1/accounts/{account}/unlock"),
            json!({"reason": "r"}),
        ),
        (
            "POST",
            format!("/api/v1/accounts/{account}/freeze"),
            json!({"reason": "r"}),
        ),
        (
            "POST",
            format!("/api/v1/accounts/{account}/unfreeze"),
            json!({"reason": "r"}),
        ),
        (
            "POST",
            format!("/api/v1/accounts/{account}/resend-activation"),
            json!({}),
        ),
        (
            "POST",
            "/api/v1/reviews".into(),
            json!({"kind": "phone_rebind", "account_id": account, "ticket_id": ticket, "new_phone": "13800138000", "note": "n"}),
        ),
        ("POST", format!("/api/v1/reviews/{review}/claim"), json!({})),
        (
            "POST",
            format!("/api/v1/reviews/{review}/decision"),
            json!({"decision": "reject_retry", "reason_code": "photo_unclear", "checklist": ["x"], "comment_to_user": "c", "internal_note": "n"}),
        ),
    ]
}

/// Paths with a bad id in place of a good one.
const BAD_IDS: [&str; 7] = [
    "-1",
    "0",
    "99999999999999999999",
    "abc",
    "%00",
    "1.5",
    "%E9%95%BF",
];

/// GET endpoints with their query parameters.
const QUERIES: [(&str, &[&str]); 5] = [
    (
        "/api/v1/tickets",
        &[
            "status", "category", "assignee", "channel", "q", "sort", "overdue", "limit", "cursor",
        ],
    ),
    (
        "/api/v1/accounts",
        &["phone", "id_number", "login", "email"],
    ),
    (
        "/api/v1/reviews",
        &["state", "kind", "document_kind", "limit", "cursor"],
    ),
    ("/api/v1/audit", &["target", "operator", "limit", "cursor"]),
    ("/api/v1/me", &["x"]),
];

/// Raw query values: invalid UTF-8 (escaped and raw), NULs, huge and negative numbers.
fn query_values() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        "%FF%FE%FD",
        "%C0%80",
        "%00",
        "a%00b",
        "-1",
        "0",
        "99999999999999999999",
        "-99999999999999999999",
        "1e400",
        "%E2%80%AE",
        "%1B%5B2J",
        "",
        "%",
        "%G1",
        ",,,,",
        "true,false",
        "definitely_not_a_value",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    v.push("x".repeat(8_000).into_bytes());
    v
}

/// A note on ticket 1 as raw bytes: `framing` is its `Content-Length` or
/// `Transfer-Encoding` header; `rest` follows the blank line as is (possibly unfinished).
fn raw_note(token: &str, framing: &str, rest: &[u8]) -> Vec<u8> {
    let mut req = format!(
        "POST /api/v1/tickets/1/notes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"
    )
    .into_bytes();
    req.extend_from_slice(rest);
    req
}

#[test]
fn a_body_over_the_limit_is_413_in_the_error_format() {
    let s = sqlite_server(&[]);
    let api = s.client("demo-lead");
    let token = api.token.clone().unwrap_or_default();
    let addr = addr_of(&s.url);
    let big = json!({"body": "x".repeat(1024 * 1024), "visibility": "internal"}).to_string();
    for path in [
        "/api/v1/tickets/1/notes",
        "/api/v1/tickets",
        "/api/v1/reviews",
        "/api/v1/session",
    ] {
        let r = raw(
            addr,
            &request("POST", path.as_bytes(), Some(&token), Some(big.as_bytes())),
        );
        assert_eq!(r.status, 413, "{path}: {}", r.describe());
        assert!(is_error_body(&r.json()), "{path}: {:?}", r.json());
        assert_eq!(r.json()["error"]["code"], "body_too_large");
        assert!(
            r.head.contains("content-type: application/json"),
            "{}",
            r.head
        );
    }
    // A body that only claims to be huge is refused from its Content-Length alone.
    let r = raw(addr, &raw_note(&token, "Content-Length: 1073741824", b""));
    assert_eq!(r.status, 413, "{}", r.describe());
    assert!(is_error_body(&r.json()));
    assert!(r.head.contains("connection: close"), "{}", r.head);
    // A body announced at 1 MB that stalls after a few bytes does not hold the connection:
    // the drain gives up, the 413 goes out and the connection is closed (else `raw` would
    // wait for its 30 s read timeout and see no status).
    let r = raw(
        addr,
        &raw_note(&token, "Content-Length: 1048576", b"{\"body\": \"x"),
    );
    assert_eq!(r.status, 413, "{}", r.describe());
    assert!(r.head.contains("connection: close"), "{}", r.head);
    // A chunked body (no Content-Length) over the limit: the same answer, read to its end.
    let mut req = raw_note(&token, "Transfer-Encoding: chunked", b"");
    for piece in big.as_bytes().chunks(64 * 1024) {
        req.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        req.extend_from_slice(piece);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let r = raw(addr, &req);
    assert_eq!(r.status, 413, "{}", r.describe());
    assert_eq!(r.json()["error"]["code"], "body_too_large");
    // A chunked body within the limit still arrives whole.
    let small = json!({"body": "chunked but small", "visibility": "internal"}).to_string();
    let chunks = format!("{:x}\r\n{small}\r\n0\r\n\r\n", small.len());
    let r = raw(
        addr,
        &raw_note(&token, "Transfer-Encoding: chunked", chunks.as_bytes()),
    );
    assert_eq!(r.status, 201, "{}", r.describe());
    // An ordinary client (reqwest, keeping its connection) sending 1 MB reads the 413, not a
    // reset, every time: the server reads the refused body to its end before answering.
    for round in 0..20 {
        let r = api.post(
            "/api/v1/tickets/1/notes",
            json!({"body": "x".repeat(1024 * 1024), "visibility": "internal"}),
            &[],
        );
        assert_eq!(r.status.as_u16(), 413, "round {round}: {}", r.body);
        assert_eq!(r.body["error"]["code"], "body_too_large");
    }
    // The server is still fine.
    assert_eq!(api.get_ok("/api/v1/me")["id"], "demo-lead");
}

#[test]
fn a_body_that_never_arrives_gets_408_and_does_not_hold_the_connection() {
    let s = sqlite_server(&[]);
    let api = s.client("demo-lead");
    let token = api.token.clone().unwrap_or_default();
    let addr = addr_of(&s.url);
    let events = |api: &crate::common::Api| {
        api.get_ok("/api/v1/tickets/1")["events"]
            .as_array()
            .map_or(0, Vec::len)
    };
    let before = events(&api);
    // Within the limit by its declaration, but only its first bytes are ever sent: the
    // server gives up after its body deadline (30 s) instead of waiting for ever (`raw`
    // would then see no status, after its own 30 s read timeout, well past the server's).
    let stalled = |chunked: bool| {
        let req = if chunked {
            raw_note(
                &token,
                "Transfer-Encoding: chunked",
                b"400\r\n{\"body\": \"x",
            )
        } else {
            raw_note(&token, "Content-Length: 1024", b"{\"body\": \"x")
        };
        raw_within(addr, &req, std::time::Duration::from_secs(60))
    };
    // Both at once: each waits out the server's deadline.
    let answers = std::thread::scope(|scope| {
        let runs: Vec<_> = [false, true]
            .map(|chunked| scope.spawn(move || (chunked, stalled(chunked))))
            .into_iter()
            .collect();
        runs.into_iter()
            .map(|h| h.join().expect("the stalled request's thread"))
            .collect::<Vec<_>>()
    });
    for (chunked, r) in answers {
        assert_eq!(r.status, 408, "chunked {chunked}: {}", r.describe());
        assert_eq!(r.json()["error"]["code"], "body_timeout");
        assert!(r.head.contains("connection: close"), "{}", r.head);
    }
    // Nothing was added, and the server answers as before.
    assert_eq!(events(&api), before);
    assert_eq!(api.get_ok("/api/v1/me")["id"], "demo-lead");
}

#[test]
fn no_500_and_always_the_error_format_for_bad_input() {
    let s = sqlite_server(&["--reveals-per-min", "0"]);
    let api = s.client("demo-lead");
    let token = api.token.clone().unwrap_or_default();
    let addr = addr_of(&s.url);
    let ticket = api.get_ok("/api/v1/tickets?limit=1")["items"][0]["id"]
        .as_i64()
        .unwrap_or(1);
    let account = api.get_ok("/api/v1/tickets?limit=1")["items"][0]["account_id"]
        .as_i64()
        .unwrap_or(1);
    let review = api.get_ok("/api/v1/reviews?state=pending&limit=1")["items"][0]["id"]
        .as_i64()
        .unwrap_or(1);
    // The general limit (1200 a minute per operator) would answer most of the table with
    // 429; spread it over enough supervisors that every request reaches its handler.
    let ops = add_operators(s.db.path(), "hostile", 4, "agent,reviewer,supervisor");
    let mut failures = Vec::new();
    let mut sent = 0usize;
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    let mut send = |what: String, req: Vec<u8>, failures: &mut Vec<String>| {
        // Put the next operator's token in place of demo-lead's.
        let (_, tok) = &ops[sent % ops.len()];
        let req = replace(&req, token.as_bytes(), tok.as_bytes());
        sent += 1;
        let r = raw(addr, &req);
        *statuses.entry(r.status).or_default() += 1;
        check(failures, &what, &r);
    };

    for (method, path, good) in write_endpoints(ticket, account, review) {
        let tok = Some(token.as_str());
        // Not JSON, the wrong JSON shape, missing fields.
        for body in [
            &b"{"[..],
            b"{\"body\": \"unterminated",
            b"[]",
            b"null",
            b"\"text\"",
            b"12345678901234567890123456789",
            b"{}",
            b"\xff\xfe\x00\x01",
            b"{\"a\":1e999999}",
            b"\x00",
            &[b'['; 10_000],
        ] {
            send(
                format!(
                    "{method} {path} body {:?}",
                    String::from_utf8_lossy(&body[..body.len().min(20)])
                ),
                request(method, path.as_bytes(), tok, Some(body)),
                &mut failures,
            );
        }
        // Each field, in turn, given each hostile value.
        let fields: Vec<String> = good
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        for field in fields.iter().map(String::as_str).chain(["unknown_field"]) {
            for (label, value) in hostile_values() {
                let mut b: Map<String, Value> = good.as_object().cloned().unwrap_or_default();
                b.insert(field.to_string(), value);
                let body = Value::Object(b).to_string();
                send(
                    format!("{method} {path} {field}={label}"),
                    request(method, path.as_bytes(), tok, Some(body.as_bytes())),
                    &mut failures,
                );
            }
        }
        // Bad ids in the path, and hostile headers.
        if let Some(pos) = path
            .find(&ticket.to_string())
            .or_else(|| path.find(&account.to_string()))
            .or_else(|| path.find(&review.to_string()))
        {
            let end = path[pos..].find('/').map_or(path.len(), |e| pos + e);
            for bad in BAD_IDS {
                let p = format!("{}{bad}{}", &path[..pos], &path[end..]);
                send(
                    format!("{method} {p}"),
                    request(method, p.as_bytes(), tok, Some(good.to_string().as_bytes())),
                    &mut failures,
                );
            }
        }
        for (name, value) in [
            ("If-Match", "garbage"),
            ("If-Match", "\"v99999999999999999999\""),
            ("If-Match", "\"v-1\""),
            ("Idempotency-Key", &"k".repeat(5_000)),
            ("Idempotency-Key", "ключ-é"),
            ("Content-Type", "text/plain"),
            ("Authorization", "Bearer ключ-é"),
            ("Authorization", "Bearer "),
            ("Authorization", "Basic Zm9vOmJhcg=="),
        ] {
            let body = good.to_string();
            let mut req = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n")
                .into_bytes();
            if name != "Authorization" {
                req.extend_from_slice(format!("Authorization: Bearer {token}\r\n").as_bytes());
            }
            if name != "Content-Type" {
                req.extend_from_slice(b"Content-Type: application/json\r\n");
            }
            req.extend_from_slice(
                format!(
                    "{name}: {value}\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .as_bytes(),
            );
            send(
                format!("{method} {path} header {name}: {value:.20}"),
                req,
                &mut failures,
            );
        }
        // No Content-Type, no body.
        let req = format!("{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Length: 0\r\n\r\n").into_bytes();
        send(format!("{method} {path} empty"), req, &mut failures);
    }

    // GET endpoints: every parameter with every hostile value, and bad ids.
    for (path, params) in QUERIES {
        for p in params {
            for value in query_values() {
                let mut target = format!("{path}?{p}=").into_bytes();
                target.extend_from_slice(&value);
                send(
                    format!(
                        "GET {}",
                        String::from_utf8_lossy(&target[..target.len().min(80)])
                    ),
                    request("GET", &target, Some(&token), None),
                    &mut failures,
                );
            }
        }
    }
    for bad in BAD_IDS {
        for p in [
            format!("/api/v1/tickets/{bad}"),
            format!("/api/v1/accounts/{bad}"),
            format!("/api/v1/reviews/{bad}"),
            format!("/api/v1/reviews/{bad}/images/document"),
            format!("/api/v1/reviews/{review}/images/{bad}"),
        ] {
            send(
                format!("GET {p}"),
                request("GET", p.as_bytes(), Some(&token), None),
                &mut failures,
            );
        }
    }
    // Unknown paths and methods, and no token at all.
    for (m, p) in [
        ("GET", "/api/v1/nothing"),
        ("DELETE", "/api/v1/tickets"),
        ("PUT", "/api/v1/tickets/1"),
        ("GET", "/api/v2/tickets"),
        ("GET", "/api/v1/tickets/1/notes"),
        ("POST", "/healthz"),
        ("GET", "/api/v1/tickets/1/../../../etc/passwd"),
    ] {
        send(
            format!("{m} {p}"),
            request(m, p.as_bytes(), Some(&token), Some(b"{}")),
            &mut failures,
        );
        send(
            format!("{m} {p} anonymous"),
            request(m, p.as_bytes(), None, Some(b"{}")),
            &mut failures,
        );
    }
    // Not HTTP at all: control characters in a header value, raw bytes that are not UTF-8 in
    // the request line. hyper refuses these while parsing, before any handler runs, with a
    // bare `400` (no body, so no error format is possible); all we ask is that no 5xx comes
    // back and that the server stays up.
    let mut malformed = Vec::new();
    for (what, req) in [
        ("control character in a header", format!("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nIdempotency-Key: a\u{1}b\r\n\r\n").into_bytes()),
        ("DEL in a header", b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer \x7f\r\n\r\n".to_vec()),
        ("NUL in the request line", b"GET /api/v1/me?a=\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("invalid UTF-8 in the query", b"GET /api/v1/tickets?q=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec()),
        ("garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec()),
    ] {
        let r = raw(addr, &req);
        sent += 1;
        if r.status >= 500 || (r.status != 0 && r.status >= 400 && !r.body.is_empty() && !is_error_body(&r.json())) {
            malformed.push(format!("{what}: {} {:?}", r.status, String::from_utf8_lossy(&r.body)));
        }
        eprintln!("malformed HTTP, {what}: {}", r.status);
    }
    failures.extend(malformed);
    eprintln!(
        "hostile input: {sent} requests, {} failures; statuses {statuses:?}",
        failures.len()
    );
    let limited = statuses.get(&429).copied().unwrap_or(0);
    assert!(
        limited < 50,
        "{limited} requests were rate-limited instead of checked"
    );
    assert!(
        failures.is_empty(),
        "{} of {sent} hostile requests got a 5xx or an answer outside the error format:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // And the server still serves.
    assert_eq!(
        s.client("demo-agent").get_ok("/api/v1/me")["id"],
        "demo-agent"
    );
}

/// The images on file for review `rid`, as `(slot, sha256)`.
fn images_of(api: &crate::common::Api, rid: i64) -> Vec<(String, String)> {
    let r = api.get_ok(&format!("/api/v1/reviews/{rid}"));
    let list = r["images"].as_array().expect("the review lists its images");
    list.iter()
        .map(|i| {
            (
                i["slot"].as_str().unwrap_or("?").to_string(),
                i["sha256"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect()
}

#[test]
fn hostile_evidence_uploads_are_clear_4xx_store_nothing_and_leave_the_server_answering() {
    use crate::common::{png, png_bomb};
    let s = sqlite_server(&[]);
    let lead = s.client("demo-lead");
    let account = lead.account_by("phone=13900139000")["id"].clone();
    let open = lead.post(
        "/api/v1/reviews",
        json!({"kind": "phone_rebind", "account_id": account, "new_phone": "18600007777", "note": "n"}),
        &[],
    );
    assert_eq!(open.status.as_u16(), 201, "{}", open.body);
    let rid = open.body["id"].as_i64().expect("review id");
    let path = format!("/api/v1/reviews/{rid}/images/document");
    let good = png(64, 64, [10, 20, 30]);
    let mut six_mb = good.clone();
    six_mb.resize(6 * 1024 * 1024, 0);
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    let cases: [(&str, &str, Vec<u8>, u16, &str); 6] = [
        ("6 MB", "image/png", six_mb, 413, "image_too_big"),
        (
            "PNG bomb 50000×50000",
            "image/png",
            png_bomb(50_000, 50_000),
            400,
            "image_too_large",
        ),
        (
            "PNG bomb 8001×8000",
            "image/png",
            png_bomb(8_001, 8_000),
            400,
            "image_too_large",
        ),
        (
            "truncated PNG",
            "image/png",
            good[..good.len() / 2].to_vec(),
            400,
            "bad_image",
        ),
        (
            "GIF as image/png",
            "image/png",
            gif.to_vec(),
            415,
            "unsupported_image",
        ),
        (
            "PDF as image/jpeg",
            "image/jpeg",
            pdf.to_vec(),
            415,
            "unsupported_image",
        ),
    ];
    for (what, ct, bytes, status, code) in cases {
        let r = lead.put_bytes(&path, ct, bytes);
        assert_eq!(r.status.as_u16(), status, "{what}: {}", r.body);
        assert_eq!(r.body["error"]["code"], code, "{what}: {}", r.body);
        assert!(images_of(&lead, rid).is_empty(), "{what}: nothing stored");
    }
    // A declared 6 MB sent raw is refused the same way, in the error format.
    let token = lead.token.clone().unwrap_or_default();
    let mut req = request(
        "PUT",
        path.as_bytes(),
        Some(&token),
        Some(&vec![0u8; 6 * 1024 * 1024]),
    );
    req = replace(
        &req,
        b"Content-Type: application/json",
        b"Content-Type: image/png",
    );
    let r = raw(addr_of(&s.url), &req);
    assert_eq!(r.status, 413, "{}", r.describe());
    assert!(is_error_body(&r.json()), "{}", r.describe());

    // Decided: a good image is refused and the one on file stays.
    let attached = lead.put_bytes(&path, "image/png", good);
    assert_eq!(attached.status.as_u16(), 200, "{}", attached.body);
    let before = images_of(&lead, rid);
    assert_eq!(before.len(), 1);
    let r1 = s.client("demo-reviewer");
    let reject = r1.post(
        &format!("/api/v1/reviews/{rid}/decision"),
        json!({"decision": "reject_final", "reason_code": "document_forged", "checklist": [],
               "comment_to_user": "c", "internal_note": "n"}),
        &[("If-Match", &format!("\"v{}\"", attached.body["version"]))],
    );
    assert_eq!(reject.status.as_u16(), 200, "{}", reject.body);
    let late = lead.put_bytes(&path, "image/png", png(32, 32, [1, 1, 1]));
    assert_eq!(late.status.as_u16(), 409, "{}", late.body);
    assert_eq!(late.body["error"]["code"], "already_decided");
    assert_eq!(images_of(&lead, rid), before, "unchanged");
    assert_eq!(
        lead.get_ok("/api/v1/me")["id"],
        "demo-lead",
        "still answering"
    );
}
