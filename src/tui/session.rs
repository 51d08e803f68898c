//! Keeping the session token in a file only the operator can read (opt-in).

use std::io::Write;
use std::path::Path;

use crate::sanitize::clean;
use crate::secret_file::{check_private, SecretFileError};
use crate::tui::locale::Catalog;

/// Write the token with mode 0600 (created that way, never widened afterwards).
pub fn save(path: &Path, token: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = crate::secret_file::create_private(path)?;
    f.write_all(token.as_bytes())
}

/// Read a kept token: none when there is no file; refused when others may read the file
/// or it is not the operator's own (a token others could copy is as good as leaked).
pub fn load(path: &Path) -> Result<Option<String>, SecretFileError> {
    if !path.exists() {
        return Ok(None);
    }
    check_private(path)?;
    let Ok(t) = std::fs::read_to_string(path) else {
        return Ok(None);
    };
    let t = t.trim();
    Ok((!t.is_empty()).then(|| t.to_string()))
}

/// The token of a kept file refused because others may read it. The file is the operator's
/// own, so the token is theirs, and it may have been copied: its session must be ended.
pub fn exposed(path: &Path, refusal: &SecretFileError) -> Option<String> {
    if !matches!(refusal, SecretFileError::Unprotected { .. }) {
        return None;
    }
    let t = std::fs::read_to_string(path).ok()?;
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Why a kept token was not used, in the operator's language.
pub fn refusal_text(c: &Catalog, e: &SecretFileError) -> String {
    let path = clean(&e.path().display().to_string());
    match e {
        SecretFileError::Unprotected { mode, .. } => c.tf(
            "signin.token_unprotected",
            &[("path", &path), ("mode", &format!("{mode:04o}"))],
        ),
        SecretFileError::NotOwned { owner, .. } => c.tf(
            "signin.token_not_owned",
            &[("path", &path), ("owner", &owner.to_string())],
        ),
        SecretFileError::Io { .. } => c.tf("signin.token_unreadable", &[("path", &path)]),
    }
}

/// Forget a kept token.
pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::token_path;

    #[test]
    fn token_file_is_private_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = token_path(dir.path(), "https://kefu.example.cn");
        save(&p, "abc").unwrap();
        assert_eq!(load(&p).unwrap().as_deref(), Some("abc"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        remove(&p);
        assert_eq!(load(&p).unwrap(), None);
        assert_ne!(p, token_path(dir.path(), "https://other"));
    }

    #[cfg(unix)]
    #[test]
    fn a_token_others_can_read_is_refused_and_replaced_privately_on_save() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = token_path(dir.path(), "https://kefu.example.cn");
        std::fs::write(&p, "leaked").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = load(&p).unwrap_err();
        assert!(
            matches!(e, SecretFileError::Unprotected { mode: 0o644, .. }),
            "{e:?}"
        );
        // The next sign-in writes a new file: private, whatever the old one was.
        save(&p, "fresh").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(load(&p).unwrap().as_deref(), Some("fresh"));
    }
}
