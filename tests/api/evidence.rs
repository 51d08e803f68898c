//! Evidence images: the opener's upload (PNG, JPEG; metadata dropped), who may attach and
//! when, `evidence_missing` on approval, and who may read an image (the claim holder, a
//! supervisor, the opener), audited and rate-limited.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::common::{png, v, Api};
use crate::reviews::{approve, open_rebind, rebind_story_account, PHONE_REBIND};
use crate::support::server::Server;

/// A JPEG of `w`×`h` with an EXIF segment (a GPS-like marker string inside) after SOI.
fn jpeg_with_exif(w: u32, h: u32, marker: &[u8]) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        [(x * 7) as u8, (y * 5) as u8, 120].into()
    }));
    let mut jpeg = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut jpeg),
        image::ImageFormat::Jpeg,
    )
    .expect("a small JPEG encodes");
    // APP1 "Exif\0\0" + a little-endian TIFF header with no IFD entries, then the marker.
    let mut payload = b"Exif\0\0II*\0\x08\0\0\0\0\0".to_vec();
    payload.extend_from_slice(marker);
    let len = u16::try_from(payload.len() + 2).expect("a short segment");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn image_path(rid: i64, slot: &str) -> String {
    format!("/api/v1/reviews/{rid}/images/{slot}")
}

/// The dimensions of a stored image read by `api` (asserting a PNG, 200).
fn stored_dimensions(api: &Api, rid: i64, slot: &str) -> (u32, u32, Vec<u8>) {
    let (status, bytes) = api.get_bytes(&image_path(rid, slot));
    assert_eq!(status, StatusCode::OK, "GET {slot} of review {rid}");
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .expect("the stored image is a PNG");
    (img.width(), img.height(), bytes)
}

/// A phone rebind of the story account opened by `api` (its id).
fn new_rebind(api: &Api, to: &str) -> i64 {
    let account = rebind_story_account(api);
    let r = open_rebind(api, account, to);
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["id"].as_i64().expect("review id")
}

fn slots(review: &Value) -> Vec<(String, String)> {
    review["images"]
        .as_array()
        .expect("the review lists its images")
        .iter()
        .map(|i| {
            (
                i["slot"].as_str().unwrap_or("?").to_string(),
                i["sha256"].as_str().unwrap_or("?").to_string(),
            )
        })
        .collect()
}

#[test]
fn the_opener_attaches_a_png_and_a_jpeg_stored_as_png_without_metadata_and_replaces_one() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let rid = new_rebind(&agent, "18600002468");
    let before = agent.get_ok(&format!("/api/v1/reviews/{rid}"));
    assert_eq!(slots(&before), vec![], "a new review has no images");

    let doc = agent.put_bytes(
        &image_path(rid, "document"),
        "image/png",
        png(40, 30, [1, 2, 3]),
    );
    assert_eq!(doc.status, StatusCode::OK, "{}", doc.body);
    assert_eq!(
        doc.body["version"].as_i64(),
        before["version"].as_i64().map(|n| n + 1),
        "the version moves on"
    );
    assert_eq!(stored_dimensions(&agent, rid, "document").0, 40);

    let marker = b"GPS 39.9042N 116.4074E secret-marker";
    let selfie = agent.put_bytes(
        &image_path(rid, "selfie"),
        "image/jpeg",
        jpeg_with_exif(48, 36, marker),
    );
    assert_eq!(selfie.status, StatusCode::OK, "{}", selfie.body);
    let (w, h, bytes) = stored_dimensions(&agent, rid, "selfie");
    assert_eq!((w, h), (48, 36));
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|x| x == needle);
    assert!(!has(b"Exif"), "no EXIF in the stored PNG");
    assert!(!has(b"secret-marker"), "the metadata is dropped");

    let first_sha = slots(&selfie.body)[0].1.clone();
    let replaced = agent.put_bytes(
        &image_path(rid, "document"),
        "image/png",
        png(50, 20, [9, 9, 9]),
    );
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
    let now = slots(&replaced.body);
    assert_eq!(now.len(), 2, "{now:?}");
    assert_eq!(now[0].0, "document");
    assert_ne!(now[0].1, first_sha, "the document was replaced");
    assert_eq!(stored_dimensions(&agent, rid, "document").0, 50);
    assert_eq!(
        s.db.query_i64(&format!(
            "SELECT COUNT(*) FROM review_images WHERE review_id = {rid}"
        )),
        2,
        "one row per slot"
    );

    let lead = s.client("demo-lead");
    let audit = lead.get_ok(&format!("/api/v1/audit?target=review:{rid}"));
    let rows: Vec<&Value> = audit["items"]
        .as_array()
        .expect("audit rows")
        .iter()
        .filter(|r| r["action"] == "review.image_upload")
        .collect();
    assert_eq!(rows.len(), 3, "{audit}");
    let text = json!(rows).to_string();
    assert!(text.contains(&now[0].1), "the audit names the hash: {text}");
    assert!(text.contains("\"width\""), "and the dimensions: {text}");
    assert!(text.len() < 8_000, "never the bytes");
}

#[test]
fn only_the_opener_or_a_supervisor_attaches_and_only_before_an_approval() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let agent = s.client("demo-agent");
    let r1 = s.client("demo-reviewer");
    let r2 = s.client("demo-reviewer2");
    let rid = new_rebind(&lead, "18600001357");
    let put = |api: &Api| {
        api.put_bytes(
            &image_path(rid, "document"),
            "image/png",
            png(8, 8, [5, 5, 5]),
        )
    };

    let other_agent = put(&agent);
    assert_eq!(
        other_agent.status,
        StatusCode::FORBIDDEN,
        "{}",
        other_agent.body
    );
    assert_eq!(other_agent.body["error"]["code"], "not_review_opener");
    let reviewer = put(&r1);
    assert_eq!(reviewer.status, StatusCode::FORBIDDEN, "{}", reviewer.body);
    let by_lead = put(&lead);
    assert_eq!(by_lead.status, StatusCode::OK, "{}", by_lead.body);
    let sha = slots(&by_lead.body)[0].1.clone();

    let path = format!("/api/v1/reviews/{rid}/decision");
    let first = r1.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&by_lead.body["version"]))],
    );
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let locked = put(&lead);
    assert_eq!(locked.status, StatusCode::CONFLICT, "{}", locked.body);
    assert_eq!(locked.body["error"]["code"], "evidence_locked");
    let second = r2.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&first.body["version"]))],
    );
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let decided = put(&lead);
    assert_eq!(decided.status, StatusCode::CONFLICT, "{}", decided.body);
    assert_eq!(decided.body["error"]["code"], "already_decided");
    let after = lead.get_ok(&format!("/api/v1/reviews/{rid}"));
    assert_eq!(
        slots(&after),
        vec![("document".to_string(), sha)],
        "unchanged"
    );
}

#[test]
fn approving_a_rebind_or_identity_claim_without_a_document_is_refused_and_rejecting_is_allowed() {
    let s = Server::start();
    let lead = s.client("demo-lead");
    let r1 = s.client("demo-reviewer");
    let rid = new_rebind(&lead, "18600001122");
    let path = format!("/api/v1/reviews/{rid}/decision");
    // A selfie alone is no document.
    let selfie = lead.put_bytes(
        &image_path(rid, "selfie"),
        "image/png",
        png(8, 8, [1, 1, 1]),
    );
    assert_eq!(selfie.status, StatusCode::OK, "{}", selfie.body);
    let refused = r1.post(
        &path,
        approve(&PHONE_REBIND),
        &[("If-Match", &v(&selfie.body["version"]))],
    );
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.body["error"]["code"], "evidence_missing");
    let still = lead.get_ok(&format!("/api/v1/reviews/{rid}"));
    assert_eq!(still["state"], "pending", "nothing decided");
    let reject = r1.post(
        &path,
        json!({"decision": "reject_retry", "reason_code": "photo_unclear", "checklist": [],
               "comment_to_user": "请补充身份证照片", "internal_note": "无证件照"}),
        &[("If-Match", &v(&still["version"]))],
    );
    assert_eq!(reject.status, StatusCode::OK, "{}", reject.body);
    assert_eq!(reject.body["state"], "rejected_retry");

    let account = rebind_story_account(&lead);
    let claim = lead.post(
        "/api/v1/reviews",
        json!({"kind": "identity_claim", "account_id": account, "note": "申请表已收到"}),
        &[],
    );
    assert_eq!(claim.status, StatusCode::CREATED, "{}", claim.body);
    let cid = claim.body["id"].as_i64().expect("review id");
    let checklist = claim.body["checklist"].clone();
    let approve_claim = |version: &Value| {
        r1.post(
            &format!("/api/v1/reviews/{cid}/decision"),
            json!({"decision": "approve", "reason_code": "documents_match", "checklist": checklist,
                   "comment_to_user": "通过", "internal_note": "一致"}),
            &[("If-Match", &v(version))],
        )
    };
    let refused = approve_claim(&claim.body["version"]);
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.body["error"]["code"], "evidence_missing");
    let attached = lead.attach_document(cid);
    let ok = approve_claim(&attached["version"]);
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
}

#[test]
fn an_image_is_read_by_the_claim_holder_a_supervisor_or_the_opener_each_read_audited() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let r1 = s.client("demo-reviewer");
    let r2 = s.client("demo-reviewer2");
    let lead = s.client("demo-lead");
    let rid = new_rebind(&agent, "18600003579");
    agent.attach_document(rid);
    let path = image_path(rid, "document");
    let views = || {
        s.db.query_i64(&format!(
            "SELECT COUNT(*) FROM audit WHERE action = 'review.image_view' AND target = 'review:{rid}'"
        ))
    };

    let no_claim = r1.send(reqwest::Method::GET, &path, None, &[]);
    assert_eq!(no_claim.status, StatusCode::FORBIDDEN, "{}", no_claim.body);
    assert_eq!(no_claim.body["error"]["code"], "claim_required");
    assert_eq!(
        views(),
        0,
        "a refused read shows nothing and audits no view"
    );

    let claimed = r1.post(&format!("/api/v1/reviews/{rid}/claim"), json!({}), &[]);
    assert_eq!(claimed.status, StatusCode::OK, "{}", claimed.body);
    let (status, bytes) = r1.get_bytes(&path);
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"\x89PNG"));
    assert_eq!(views(), 1);
    let audit = lead.get_ok(&format!("/api/v1/audit?target=review:{rid}"));
    let viewed: Vec<&Value> = audit["items"]
        .as_array()
        .expect("audit rows")
        .iter()
        .filter(|r| r["action"] == "review.image_view")
        .collect();
    assert_eq!(viewed.len(), 1, "{audit}");
    assert_eq!(viewed[0]["operator"], "demo-reviewer");
    assert_eq!(viewed[0]["after"]["slot"], "document");

    let (status, _) = r2.get_bytes(&path);
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "another reviewer, without the claim"
    );
    assert_eq!(lead.get_bytes(&path).0, StatusCode::OK, "a supervisor");
    assert_eq!(
        agent.get_bytes(&path).0,
        StatusCode::OK,
        "the opener, undecided"
    );
    assert_eq!(views(), 3);
}

#[test]
fn image_reads_are_limited_per_operator_with_retry_after() {
    let s = Server::start_with(&["--seed-demo", "--images-per-10min", "3"]);
    let lead = s.client("demo-lead");
    let agent = s.client("demo-agent");
    let rid = new_rebind(&agent, "18600008642");
    agent.attach_document(rid);
    let path = image_path(rid, "document");
    for i in 0..3 {
        assert_eq!(lead.get_bytes(&path).0, StatusCode::OK, "read {i}");
    }
    let over = lead.send(reqwest::Method::GET, &path, None, &[]);
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    let wait: u64 = over
        .headers
        .get("retry-after")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=600).contains(&wait), "{wait}");
    assert_eq!(
        agent.get_bytes(&path).0,
        StatusCode::OK,
        "limits are per operator"
    );
}

#[test]
fn an_upload_that_is_not_the_declared_image_is_refused_with_its_code() {
    let s = Server::start();
    let agent = s.client("demo-agent");
    let rid = new_rebind(&agent, "18600009753");
    let put = |ct: &str, bytes: Vec<u8>| agent.put_bytes(&image_path(rid, "document"), ct, bytes);
    let gif = put(
        "image/png",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00,".to_vec(),
    );
    assert_eq!(
        gif.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        gif.body
    );
    assert_eq!(gif.body["error"]["code"], "unsupported_image");
    let mislabelled = put("image/jpeg", png(4, 4, [0, 0, 0]));
    assert_eq!(mislabelled.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let p = png(32, 32, [7, 7, 7]);
    let truncated = put("image/png", p[..p.len() - 20].to_vec());
    assert_eq!(
        truncated.status,
        StatusCode::BAD_REQUEST,
        "{}",
        truncated.body
    );
    assert_eq!(truncated.body["error"]["code"], "bad_image");
    let slot = agent.put_bytes(
        &image_path(rid, "passport"),
        "image/png",
        png(4, 4, [0, 0, 0]),
    );
    assert_eq!(slot.status, StatusCode::BAD_REQUEST);
    assert_eq!(slot.body["error"]["code"], "bad_image_slot");
    let r = agent.get_ok(&format!("/api/v1/reviews/{rid}"));
    assert_eq!(slots(&r), vec![], "nothing stored");
}
