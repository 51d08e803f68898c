//! Reason codes for review decisions, each RETRY (may resubmit) or FINAL.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::review::Decision;

/// Why a review was decided the way it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// Document, selfie and record agree.
    DocumentsMatch,
    /// A photo is blurred, dark or cropped.
    PhotoUnclear,
    /// The selfie does not match the document photo.
    FaceMismatch,
    /// The document has expired.
    DocumentExpired,
    /// Required material is missing (e.g. no ID scan).
    MaterialMissing,
    /// The document shows signs of forgery or editing.
    DocumentForged,
    /// Name or number do not match the enrollment record.
    IdentityMismatch,
    /// A supervisor must decide.
    NeedsSupervisor,
}

/// Whether the applicant may try again after a rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Finality {
    /// Not a rejection.
    None,
    /// The applicant may resubmit.
    Retry,
    /// The applicant may not resubmit.
    Final,
}

impl ReasonCode {
    /// Every code, in catalog order.
    pub const ALL: [ReasonCode; 8] = [
        ReasonCode::DocumentsMatch,
        ReasonCode::PhotoUnclear,
        ReasonCode::FaceMismatch,
        ReasonCode::DocumentExpired,
        ReasonCode::MaterialMissing,
        ReasonCode::DocumentForged,
        ReasonCode::IdentityMismatch,
        ReasonCode::NeedsSupervisor,
    ];

    /// The decision this code belongs to.
    pub fn decision(self) -> Decision {
        match self {
            ReasonCode::DocumentsMatch => Decision::Approve,
            ReasonCode::PhotoUnclear
            | ReasonCode::FaceMismatch
            | ReasonCode::DocumentExpired
            | ReasonCode::MaterialMissing => Decision::RejectRetry,
            ReasonCode::DocumentForged | ReasonCode::IdentityMismatch => Decision::RejectFinal,
            ReasonCode::NeedsSupervisor => Decision::Escalate,
        }
    }

    /// RETRY or FINAL, as shown to reviewers.
    pub fn finality(self) -> Finality {
        match self.decision() {
            Decision::RejectRetry => Finality::Retry,
            Decision::RejectFinal => Finality::Final,
            _ => Finality::None,
        }
    }

    /// The wire name (snake_case).
    pub fn code(self) -> &'static str {
        match self {
            ReasonCode::DocumentsMatch => "documents_match",
            ReasonCode::PhotoUnclear => "photo_unclear",
            ReasonCode::FaceMismatch => "face_mismatch",
            ReasonCode::DocumentExpired => "document_expired",
            ReasonCode::MaterialMissing => "material_missing",
            ReasonCode::DocumentForged => "document_forged",
            ReasonCode::IdentityMismatch => "identity_mismatch",
            ReasonCode::NeedsSupervisor => "needs_supervisor",
        }
    }

    /// Label in Simplified Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            ReasonCode::DocumentsMatch => "证件、照片与档案一致",
            ReasonCode::PhotoUnclear => "照片不清晰",
            ReasonCode::FaceMismatch => "人像与证件照不符",
            ReasonCode::DocumentExpired => "证件已过期",
            ReasonCode::MaterialMissing => "材料不全",
            ReasonCode::DocumentForged => "证件疑似伪造或修改",
            ReasonCode::IdentityMismatch => "姓名或证件号与学籍档案不符",
            ReasonCode::NeedsSupervisor => "需主管裁定",
        }
    }

    /// Label in English.
    pub fn label_en(self) -> &'static str {
        match self {
            ReasonCode::DocumentsMatch => "Documents, photos and record match",
            ReasonCode::PhotoUnclear => "Photo unclear",
            ReasonCode::FaceMismatch => "Face does not match the document",
            ReasonCode::DocumentExpired => "Document expired",
            ReasonCode::MaterialMissing => "Material missing",
            ReasonCode::DocumentForged => "Document forged or edited",
            ReasonCode::IdentityMismatch => "Name or number differ from the record",
            ReasonCode::NeedsSupervisor => "Needs a supervisor",
        }
    }

    /// Label in the language given by a tag such as `zh-CN` or `en`.
    pub fn label(self, lang: &str) -> &'static str {
        if lang.starts_with("zh") {
            self.label_zh()
        } else {
            self.label_en()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_codes_have_the_right_finality() {
        assert_eq!(ReasonCode::DocumentsMatch.decision(), Decision::Approve);
        for c in [
            ReasonCode::PhotoUnclear,
            ReasonCode::FaceMismatch,
            ReasonCode::DocumentExpired,
        ] {
            assert_eq!(c.finality(), Finality::Retry, "{c:?}");
        }
        for c in [ReasonCode::DocumentForged, ReasonCode::IdentityMismatch] {
            assert_eq!(c.finality(), Finality::Final, "{c:?}");
        }
        assert_eq!(ReasonCode::NeedsSupervisor.decision(), Decision::Escalate);
    }

    #[test]
    fn wire_names_match_serde() {
        for c in ReasonCode::ALL {
            let json = serde_json::to_string(&c).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", c.code()));
            assert!(!c.label_zh().is_empty() && !c.label_en().is_empty());
        }
    }
}
