//! Short advice for the case at hand, from `assets/advice/` in zh-CN and en.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::api::{AccountDetail, AccountState, Category, DegreeStatus, DocumentKind, Verification};
use crate::config::Language;

const ZH_CN: &str = include_str!("../../../../assets/advice/zh-CN.toml");
const EN: &str = include_str!("../../../../assets/advice/en.toml");

/// One advice topic.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Topic {
    /// Short title.
    pub title: String,
    /// Lines to read or act on.
    pub lines: Vec<String>,
}

/// Every topic of `lang`, by name (empty when the embedded file is broken; a test checks it).
pub fn topics(lang: Language) -> BTreeMap<String, Topic> {
    let text = match lang {
        Language::ZhCn => ZH_CN,
        Language::En => EN,
    };
    toml::from_str(text).unwrap_or_default()
}

/// Names of the topics that apply to an account, most pressing first.
pub fn for_account(d: &AccountDetail) -> Vec<&'static str> {
    let mut v = Vec::new();
    match d.summary.state {
        AccountState::Locked => v.push("locked"),
        AccountState::Frozen => v.push("frozen"),
        AccountState::Unactivated => v.push("activation"),
        AccountState::Active => {}
    }
    if !d.same_identity.is_empty() {
        v.push("identity_conflict");
    }
    if d.degrees
        .iter()
        .any(|g| g.status == DegreeStatus::PendingSync)
    {
        v.push("self_study");
    }
    if d.degrees
        .iter()
        .any(|g| g.status == DegreeStatus::PaperApplication)
    {
        v.push("paper_route");
    }
    match d.summary.document_kind {
        DocumentKind::MilitaryOfficer => v.push("military"),
        DocumentKind::HkMacauPermit
        | DocumentKind::TaiwanPermit
        | DocumentKind::HmtResidencePermit => v.push("hmt"),
        _ => {}
    }
    if matches!(
        d.summary.verification,
        Verification::None | Verification::Rejected
    ) && d.summary.state == AccountState::Active
        && !v.contains(&"hmt")
    {
        v.push("face_check");
    }
    let open = |cat: Category| {
        d.tickets
            .iter()
            .any(|t| t.category == cat && t.status.is_open())
    };
    if open(Category::PhoneChange) {
        v.push("phone_change");
    }
    if open(Category::RecordCorrection) {
        v.push("name_correction");
    }
    if open(Category::FaceCheckFailed) && !v.contains(&"face_check") {
        v.push("face_check");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_topics() {
        let zh = topics(Language::ZhCn);
        let en = topics(Language::En);
        assert!(zh.len() >= 11, "{zh:?}");
        assert_eq!(zh.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
        for (k, t) in &zh {
            assert_eq!(t.lines.len(), en[k].lines.len(), "{k}");
        }
    }
}
