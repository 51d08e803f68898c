//! The properties the fuzz targets check, shared with the stable replay test in
//! `tests/reliability/fuzz_replay.rs` (which includes this file by path): each function
//! takes raw bytes, must never panic, and asserts what must hold for every input.

use chrono::NaiveDate;
use kefu::domain::identity::{self, DocumentKind};
use kefu::domain::lookup_query::{self, QueryKind};
use kefu::domain::{mask, phone};

/// A fixed "today", so that a failure replays the same way on any day.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
}

/// Every document kind, picked by a byte.
const KINDS: [DocumentKind; 6] = [
    DocumentKind::ResidentId,
    DocumentKind::HmtResidencePermit,
    DocumentKind::HkMacauPermit,
    DocumentKind::TaiwanPermit,
    DocumentKind::Passport,
    DocumentKind::MilitaryOfficer,
];

/// `parse_resident_id`: a parsed number is 18 characters with a valid check character,
/// carries the birth date it encodes, and parses again to the same value.
pub fn resident_id(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(id) = identity::parse_resident_id(s, today()) else {
        return;
    };
    assert_eq!(id.number.chars().count(), 18, "{s:?} -> {id:?}");
    let first17: String = id.number.chars().take(17).collect();
    let last = id.number.chars().last();
    assert_eq!(
        identity::check_digit(&first17),
        last,
        "check digit of {id:?}"
    );
    assert!(id.birth_date <= today(), "born in the future: {id:?}");
    assert_eq!(
        id.birth_date.format("%Y%m%d").to_string(),
        id.number.get(6..14).unwrap_or_default(),
        "{id:?}"
    );
    let again = identity::parse_resident_id(&id.number, today());
    assert_eq!(
        again.as_ref().map(|a| &a.number),
        Ok(&id.number),
        "reparse of {id:?}"
    );
    let masked = mask::mask_id_number(&id.number);
    assert!(!masked.contains(&id.number), "masking hides the number");
}

/// `validate` (every document kind) and `detect`: a validated number validates again,
/// unchanged, as the same kind.
pub fn validate(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = identity::detect(s);
    let _ = identity::normalize(s);
    let kind = KINDS[usize::from(*first) % KINDS.len()];
    let Ok(v) = identity::validate(kind, s, today()) else {
        return;
    };
    assert_eq!(v.warnings.len(), v.warnings_zh.len(), "{v:?}");
    let again = identity::validate(kind, &v.normalized, today());
    assert_eq!(
        again.as_ref().map(|a| &a.normalized),
        Ok(&v.normalized),
        "{kind:?} {s:?}: validating the normalized form"
    );
    if let Some((a, b)) = s.split_once('|') {
        assert_eq!(
            identity::same_hk_macau_permit(a, b),
            identity::same_hk_macau_permit(b, a),
            "symmetric"
        );
    }
}

/// `normalize_mobile`: the result is 11 ASCII digits starting with 1, and normalizing it
/// again changes nothing.
pub fn mobile(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let _ = phone::looks_like_phone(s);
    let Ok(n) = phone::normalize_mobile(s) else {
        return;
    };
    assert_eq!(n.len(), 11, "{s:?} -> {n:?}");
    assert!(n.bytes().all(|b| b.is_ascii_digit()), "{s:?} -> {n:?}");
    assert!(n.starts_with('1'), "{s:?} -> {n:?}");
    assert_eq!(
        phone::normalize_mobile(&n).as_deref(),
        Ok(n.as_str()),
        "idempotent"
    );
    let masked = mask::mask_phone(&n);
    assert!(!masked.contains(&n), "masking hides the number");
}

/// `lookup_query::recognize`, the lookup input's classification: what is ready to search
/// has a kind and no problem, what is searched at once is ready, a ready mobile number is
/// 11 digits, and the reason for Enter on an incomplete input never panics.
pub fn lookup_query(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let r = lookup_query::recognize(s, today());
    let _ = lookup_query::why_incomplete(r.kind, s, today());
    if r.eager {
        assert!(r.ready.is_some(), "{s:?}: eager without a value: {r:?}");
    }
    let Some(value) = &r.ready else {
        return;
    };
    assert!(r.kind.is_some(), "{s:?}: ready without a kind: {r:?}");
    assert_eq!(r.problem, None, "{s:?}: ready with a problem");
    if r.kind == Some(QueryKind::Phone) {
        assert_eq!(
            phone::normalize_mobile(value).as_deref(),
            Ok(value.as_str())
        );
    }
}

/// The TUI display sanitizer: nothing that steers a terminal survives `clean`/`clean_lines`
/// (C0/C1 controls, ESC, DEL, bidi and other format characters), the cap holds, and `fit`/`pad`
/// keep to the cells they are given.
pub fn display(data: &[u8]) {
    use kefu::sanitize;
    let Some((cols, rest)) = data.split_first() else {
        return;
    };
    let s = String::from_utf8_lossy(rest);
    let steering = |c: char| {
        (c < ' ' && c != '\n')
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
    };
    let one = sanitize::clean(&s);
    assert!(!one.contains('\n'), "{s:?} -> {one:?}");
    assert!(!one.chars().any(steering), "{s:?} -> {one:?}");
    assert!(one.chars().count() <= sanitize::MAX_CHARS + 1, "capped");
    for line in sanitize::clean_lines(&s) {
        assert!(
            !line.contains('\n') && !line.chars().any(steering),
            "{line:?}"
        );
    }
    let cols = usize::from(*cols % 100);
    let fitted = sanitize::fit(&one, cols);
    assert!(
        sanitize::width(&fitted) <= cols,
        "fit({one:?}, {cols}) = {fitted:?} is {} cells",
        sanitize::width(&fitted)
    );
    // Whole clusters only: what is kept is a cluster-boundary prefix of the text.
    let kept = fitted.strip_suffix('…').unwrap_or(&fitted);
    assert!(one.starts_with(kept), "fit({one:?}, {cols}) = {fitted:?}");
    let bounds: Vec<usize> = sanitize::clusters(&one)
        .scan(0, |at, (g, _)| {
            *at += g.len();
            Some(*at)
        })
        .collect();
    assert!(
        kept.is_empty() || bounds.contains(&kept.len()),
        "fit({one:?}, {cols}) split a cluster: {fitted:?}"
    );
    assert_eq!(sanitize::width(&sanitize::pad(&one, cols)), cols, "{one:?}");
    let rows = sanitize::wrap(&one, cols.max(1));
    assert_eq!(rows.concat(), one, "wrap loses nothing");
    for r in &rows {
        let single = sanitize::clusters(r).count() <= 1;
        assert!(
            single || sanitize::width(r) <= cols.max(1),
            "wrap({one:?}, {cols}) row {r:?}"
        );
    }
}

/// The operator config parser: any text gives a config or an error, never a panic.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match kefu::config::Config::parse(text, std::path::Path::new("fuzz.toml")) {
        Ok(c) => {
            let _ = format!("{c:?}");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// The evidence upload check: the first byte picks the declared type, the rest is the
/// upload. Never a panic; an accepted image is a PNG within the stored size, and checking
/// the stored PNG again gives the same image (re-encoding is stable).
pub fn evidence(data: &[u8]) {
    use kefu::domain::evidence::{accept, sniff, ImageType, STORED_SIDE};
    let Some((pick, bytes)) = data.split_first() else {
        return;
    };
    let declared =
        ["image/png", "image/jpeg", "image/gif", "image/png; q=1"][usize::from(*pick % 4)];
    let Ok(e) = accept(declared, bytes) else {
        return;
    };
    assert_eq!(sniff(&e.png), Some(ImageType::Png), "stored as PNG");
    assert!(
        e.width <= STORED_SIDE && e.height <= STORED_SIDE,
        "{}×{}",
        e.width,
        e.height
    );
    assert_eq!(
        sniff(bytes),
        Some(e.received),
        "accepted only as what it is"
    );
    let again = accept("image/png", &e.png).expect("the stored PNG is accepted again");
    assert_eq!((again.width, again.height), (e.width, e.height));
    assert_eq!(again.sha256, e.sha256, "re-encoding is stable");
}
