//! Draft files: one JSON file per draft under `<data dir>/drafts/<back office and
//! operator digest>/`, the directory 0700 and the files 0600 (drafts hold what callers
//! said). A file is replaced by writing a temporary file and renaming it over the old one,
//! so a kill in the middle leaves the previous version, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{Draft, DraftId};

/// A draft file could not be read or written.
#[derive(Debug, Error)]
pub enum DraftError {
    /// A draft file others can read was left alone (it holds what callers said).
    #[error(transparent)]
    NotPrivate(#[from] crate::secret_file::SecretFileError),
    /// A draft could not be turned into JSON.
    #[error("cannot encode a draft: {0}")]
    Encode(#[from] serde_json::Error),
    /// File-system error.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DraftError + '_ {
    move |source| DraftError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The drafts of one operator on one back office.
#[derive(Debug, Clone)]
pub struct DraftStore {
    root: PathBuf,
    scope: String,
    dir: Option<PathBuf>,
}

impl DraftStore {
    /// Drafts under `root` (`<data dir>/drafts`) for the back office `scope` names (its URL;
    /// a password in it is left out, so changing the password keeps the drafts in view).
    pub fn new(root: PathBuf, scope: &str) -> DraftStore {
        DraftStore {
            root,
            scope: without_password(scope),
            dir: None,
        }
    }

    /// Switch to `operator`'s drafts and read them. Unreadable files are skipped and
    /// logged; files others may read are skipped too, and reported with the fix.
    pub fn open(&mut self, operator: &str) -> Result<(Vec<Draft>, Vec<DraftError>), DraftError> {
        use sha2::{Digest, Sha256};
        // A digest names the directory, so neither the URL nor the operator id needs escaping.
        let digest = Sha256::digest(format!("{}\n{operator}", self.scope).as_bytes());
        let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let dir = self.root.join(name);
        create_private_dir(&dir)?;
        self.dir = Some(dir.clone());
        let mut out = Vec::new();
        let mut refused = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(io(&dir))? {
            let path = entry.map_err(io(&dir))?.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            if let Err(e) = crate::secret_file::check_private(&path) {
                refused.push(e.into());
                continue;
            }
            let parsed = std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| serde_json::from_slice::<Draft>(&b).map_err(|e| e.to_string()));
            match parsed {
                Ok(d) => out.push(d),
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "unreadable draft left alone")
                }
            }
        }
        out.sort_by_key(|d| d.id);
        Ok((out, refused))
    }

    fn file(&self, id: DraftId) -> Option<PathBuf> {
        let name = match id {
            DraftId::Ticket(n) => format!("ticket-{n}.json"),
            DraftId::Review(n) => format!("review-{n}.json"),
            DraftId::Rebind(n) => format!("rebind-{n}.json"),
            DraftId::Claim(n) => format!("claim-{n}.json"),
            DraftId::Call => "call.json".to_string(),
        };
        self.dir.as_ref().map(|d| d.join(name))
    }

    /// Write a draft (a no-op before [`DraftStore::open`]).
    pub fn save(&self, draft: &Draft) -> Result<(), DraftError> {
        let Some(path) = self.file(draft.id) else {
            return Ok(());
        };
        let tmp = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec(draft).map_err(DraftError::Encode)?;
        let mut f = crate::secret_file::create_private(&tmp).map_err(io(&tmp))?;
        f.write_all(&bytes).map_err(io(&tmp))?;
        drop(f);
        std::fs::rename(&tmp, &path).map_err(io(&path))
    }

    /// Delete a draft (missing is fine).
    pub fn drop_draft(&self, id: DraftId) -> Result<(), DraftError> {
        let Some(path) = self.file(id) else {
            return Ok(());
        };
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(&path)(e)),
            _ => Ok(()),
        }
    }
}

fn create_private_dir(dir: &Path) -> Result<(), DraftError> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(io(dir))
}

/// `url` without the password of its user info (any other text is kept as it is).
fn without_password(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            // Only fails for URLs that cannot have user info, which have no password either.
            let _ = u.set_password(None);
            u.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::DraftBody;
    use super::*;
    use crate::api::Visibility;

    fn draft(id: DraftId, text: &str) -> Draft {
        Draft {
            id,
            body: DraftBody::Note {
                visibility: Visibility::Internal,
                text: text.into(),
            },
            key: "k1".into(),
            saved_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn drafts_are_private_per_operator_and_survive_reopening() {
        let root = tempfile::tempdir().unwrap();
        let mut a = DraftStore::new(root.path().join("drafts"), "http://127.0.0.1:1");
        assert!(a.open("agent-a").unwrap().0.is_empty());
        a.save(&draft(DraftId::Ticket(7), "半句话")).unwrap();
        a.save(&draft(DraftId::Ticket(7), "半句话，后半句"))
            .unwrap();
        a.save(&draft(DraftId::Ticket(9), "x")).unwrap();
        a.drop_draft(DraftId::Ticket(9)).unwrap();
        a.drop_draft(DraftId::Review(1)).unwrap();

        let mut again = DraftStore::new(root.path().join("drafts"), "http://127.0.0.1:1");
        let (got, refused) = again.open("agent-a").unwrap();
        assert!(refused.is_empty());
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].body,
            draft(DraftId::Ticket(7), "半句话，后半句").body
        );
        let mut other = DraftStore::new(root.path().join("drafts"), "http://127.0.0.1:1");
        assert!(other.open("agent-b").unwrap().0.is_empty());

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let dir = again.dir.clone().unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&dir.join("ticket-7.json")), 0o600);
            // Widened by someone: left on disk, not used, reported with the fix.
            let f = dir.join("ticket-7.json");
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
            let (got, refused) = again.open("agent-a").unwrap();
            assert!(got.is_empty());
            assert!(
                refused[0].to_string().contains("chmod 600"),
                "{}",
                refused[0]
            );
            assert!(f.exists());
        }
    }

    #[test]
    fn a_password_in_the_url_does_not_name_the_drafts_folder() {
        let root = tempfile::tempdir().unwrap();
        let mut a = DraftStore::new(root.path().into(), "https://desk:old@kefu.example.cn/");
        a.open("demo-agent").unwrap();
        a.save(&draft(DraftId::Ticket(7), "半句话")).unwrap();
        let mut b = DraftStore::new(root.path().into(), "https://desk:new@kefu.example.cn/");
        let (found, _) = b.open("demo-agent").unwrap();
        assert_eq!(
            found.len(),
            1,
            "the same back office after a password change"
        );
        let mut c = DraftStore::new(root.path().into(), "https://other.example.cn/");
        assert!(c.open("demo-agent").unwrap().0.is_empty());
        assert_eq!(without_password("not a url"), "not a url");
        assert_eq!(
            without_password("http://127.0.0.1:8080"),
            "http://127.0.0.1:8080"
        );
    }
}
