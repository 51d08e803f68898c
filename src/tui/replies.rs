//! Canned replies per category, from `assets/replies/` (inserted, then edited, before sending).

use serde::Deserialize;

use crate::api::Category;
use crate::config::Language;

const ZH_CN: &str = include_str!("../../assets/replies/zh-CN.toml");
const EN: &str = include_str!("../../assets/replies/en.toml");

/// One canned reply.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// Category it fits.
    pub category: Category,
    /// Short title for the picker.
    pub title: String,
    /// Text inserted into the editor.
    pub body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    reply: Vec<Reply>,
}

/// Every reply of a language.
pub fn all(lang: Language) -> Vec<Reply> {
    let text = match lang {
        Language::ZhCn => ZH_CN,
        Language::En => EN,
    };
    // Checked by a test; a broken file leaves the picker empty rather than crashing.
    toml::from_str::<File>(text)
        .map(|f| f.reply)
        .unwrap_or_default()
}

/// Replies for a category (those for `other` fit every ticket and come last).
pub fn for_category(lang: Language, category: Category) -> Vec<Reply> {
    let all = all(lang);
    let mut out: Vec<Reply> = all
        .iter()
        .filter(|r| r.category == category)
        .cloned()
        .collect();
    if category != Category::Other {
        out.extend(all.into_iter().filter(|r| r.category == Category::Other));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_cover_every_category() {
        for lang in [Language::ZhCn, Language::En] {
            let text = if lang == Language::ZhCn { ZH_CN } else { EN };
            let all = toml::from_str::<File>(text).unwrap().reply;
            for c in Category::ALL {
                assert!(
                    all.iter().any(|r| r.category == c),
                    "{lang:?} has no reply for {c:?}"
                );
            }
        }
    }

    #[test]
    fn category_replies_come_first() {
        let r = for_category(Language::ZhCn, Category::AccountLocked);
        assert_eq!(r[0].category, Category::AccountLocked);
        assert!(r.iter().any(|x| x.category == Category::Other));
    }
}
