//! Keeping the session token in a file only the operator can read (opt-in).

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the token of `base_url` is kept, under the runtime dir.
pub fn token_path(runtime_dir: &Path, base_url: &str) -> PathBuf {
    // One file per back office, named by a digest so the URL needs no escaping.
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(base_url.as_bytes());
    let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    runtime_dir.join(format!("token-{name}"))
}

/// Write the token with mode 0600 (created that way, never widened afterwards).
pub fn save(path: &Path, token: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(token.as_bytes())
}

/// Read a kept token.
pub fn load(path: &Path) -> Option<String> {
    let t = std::fs::read_to_string(path).ok()?;
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Forget a kept token.
pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_file_is_private_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let p = token_path(dir.path(), "https://kefu.example.cn");
        save(&p, "abc").unwrap();
        assert_eq!(load(&p).as_deref(), Some("abc"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        remove(&p);
        assert_eq!(load(&p), None);
        assert_ne!(p, token_path(dir.path(), "https://other"));
    }
}
