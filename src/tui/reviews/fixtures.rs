//! Fixed reviews and images for tests of the pane (not used by the desk itself).

use chrono::{Duration, NaiveDate};
use ratatui_image::picker::Picker;

use super::images::{encode, Graphics};
use super::state::IMAGES;
use crate::api::{
    DecisionRecord, DocumentKind, RecordRef, ReviewDetail, ReviewKind, ReviewState, ReviewSummary,
};
use crate::domain::reason::ReasonCode;
use crate::tui::fixtures::now;
use crate::tui::state::State;

/// A review in a list.
pub fn row(id: i64, kind: ReviewKind, applicant: &str, due: NaiveDate) -> ReviewSummary {
    ReviewSummary {
        id,
        kind,
        state: ReviewState::Pending,
        account_id: id * 10,
        applicant: applicant.into(),
        document_kind: DocumentKind::HkMacauPermit,
        document_number: "H123****78".into(),
        ticket_id: Some(id + 500),
        opened_by: "demo-agent".into(),
        submitted_at: now() - Duration::days(2),
        due_on: due,
        due_approximate: false,
        claimed_by: None,
        claim_expires_at: None,
        first_approver: None,
        version: 4,
    }
}

/// A varied queue: overdue, due today, claimed by someone else, awaiting a second approval,
/// a rare-character name and hostile text.
pub fn rows() -> Vec<ReviewSummary> {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
    let a = row(7, ReviewKind::RealName, "陈**", d(3, 6));
    let mut b = row(8, ReviewKind::PhoneRebind, "王𠮷", d(3, 10));
    b.document_kind = DocumentKind::ResidentId;
    b.document_number = "110***********1234".into();
    b.state = ReviewState::Claimed;
    b.claimed_by = Some("demo-reviewer2".into());
    b.claim_expires_at = Some(now() + Duration::minutes(11));
    let mut c = row(9, ReviewKind::IdentityClaim, "L** Wei\u{1b}[2J", d(3, 12));
    c.document_kind = DocumentKind::Passport;
    c.document_number = "E1****567".into();
    c.state = ReviewState::AwaitingSecondApproval;
    c.first_approver = Some("demo-reviewer".into());
    vec![a, b, c]
}

/// The first review of [`rows`] in full.
pub fn detail() -> ReviewDetail {
    let summary = rows().remove(0);
    ReviewDetail {
        summary,
        note: "港澳通行证人工审核，照片已上传".into(),
        new_phone: None,
        document_check: "ok".into(),
        record: RecordRef {
            name: "陈**".into(),
            id_number: "H123****78".into(),
            school: Some("香港大学".into()),
        },
        checklist: ReviewKind::RealName
            .checklist()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        decisions: Vec::new(),
        prior: vec![{
            let mut p = row(3, ReviewKind::RealName, "陈**", now().date_naive());
            p.state = ReviewState::RejectedRetry;
            p
        }],
        signals: vec!["images re-used from review #2\u{202e}".into()],
    }
}

/// A decision record.
pub fn decision_by(who: &str) -> DecisionRecord {
    DecisionRecord {
        reviewer: who.into(),
        decision: crate::api::Decision::Approve,
        reason_code: ReasonCode::DocumentsMatch,
        checklist: Vec::new(),
        comment_to_user: String::new(),
        internal_note: String::new(),
        at: now(),
    }
}

/// A synthetic PNG: a card with a photo square and text bars (document) or a face (selfie).
pub fn png(width: u32, height: u32, selfie: bool) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let (cx, cy) = (width / 2, height / 2);
        if selfie {
            let dx = i64::from(x) - i64::from(cx);
            let dy = i64::from(y) - i64::from(cy);
            if dx * dx + dy * dy < i64::from(width / 4).pow(2) {
                image::Rgb([230, 190, 160])
            } else {
                image::Rgb([90, 120, 160])
            }
        } else if x > 20 && x < width / 3 && y > 30 && y < height - 30 {
            image::Rgb([200, 170, 140])
        } else if x > width / 2 && (y / 20) % 2 == 0 {
            image::Rgb([40, 40, 60])
        } else {
            image::Rgb([180, 210, 235])
        }
    });
    let mut out = std::io::Cursor::new(Vec::new());
    match image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png) {
        Ok(()) => out.into_inner(),
        Err(_) => Vec::new(),
    }
}

/// Give the open review both images, encoded synchronously with half blocks at the size the
/// pane asks for (what the runner does off the UI thread).
pub fn with_halfblock_images(s: &mut State) {
    s.reviews.graphics = Graphics::Halfblocks;
    let picker = Picker::halfblocks();
    let zoom = s.reviews.open.as_ref().and_then(|o| o.zoom);
    let size = s.size;
    let Some(o) = s.reviews.open.as_mut() else {
        return;
    };
    for which in IMAGES {
        let (w, h) = super::view::image_cells(size, zoom, which);
        let selfie = which == crate::client::ReviewImage::Selfie;
        let bytes = if selfie {
            png(200, 240, true)
        } else {
            png(320, 200, false)
        };
        let slot = o.slot_mut(which);
        slot.encoded = encode(&picker, &bytes, w, h).ok().map(|e| (e, (w, h)));
        slot.bytes = Some(std::sync::Arc::new(bytes));
    }
}
