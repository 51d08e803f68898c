//! Files that hold a secret must be private to their owner, as ssh insists for keys.
//!
//! A session token or a password readable by the group or by others has to be treated as
//! leaked: kefu refuses such a file and says how to fix it rather than quietly using it.

use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why a file holding a secret is refused.
#[derive(Debug, Error)]
pub enum SecretFileError {
    /// Group or others may read or write it.
    #[error(
        "UNPROTECTED SECRET FILE: permissions {mode:04o} for {path} are too open. \
         It holds a secret, so it must not be readable or writable by group or others; \
         kefu refuses to use it. Fix: chmod 600 {path}",
        path = quote(path)
    )]
    Unprotected {
        /// The file.
        path: PathBuf,
        /// Its permission bits (e.g. 0o644).
        mode: u32,
    },
    /// Someone else owns it (they could read it, or have planted it).
    #[error(
        "BAD OWNER OF SECRET FILE: {path} belongs to uid {owner}, not to you (uid {me}); \
         kefu refuses to use it. Fix: replace it with a file of your own \
         (or sudo chown {me} {path}), then chmod 600 {path}",
        path = quote(path)
    )]
    NotOwned {
        /// The file.
        path: PathBuf,
        /// Its owner's uid.
        owner: u32,
        /// The uid kefu runs as.
        me: u32,
    },
    /// Its metadata could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

impl SecretFileError {
    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            SecretFileError::Unprotected { path, .. }
            | SecretFileError::NotOwned { path, .. }
            | SecretFileError::Io { path, .. } => path,
        }
    }
}

/// Create `path` afresh with mode 0600, for writing a secret.
///
/// Any old file is removed first: its wider mode would survive truncation, and it may be
/// a link planted by someone else.
pub fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

/// Refuse `path` unless it belongs to the current user and has no group or other
/// permission bits (`mode & 0o077 == 0`). Symlinks are followed, as ssh does.
#[cfg(unix)]
pub fn check_private(path: &Path) -> Result<(), SecretFileError> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).map_err(|source| SecretFileError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let me = effective_uid();
    if meta.uid() != me {
        return Err(SecretFileError::NotOwned {
            path: path.to_path_buf(),
            owner: meta.uid(),
            me,
        });
    }
    let mode = meta.mode() & 0o7777;
    if mode & 0o077 != 0 {
        return Err(SecretFileError::Unprotected {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

/// Without Unix permissions there is nothing to check.
#[cfg(not(unix))]
pub fn check_private(_path: &Path) -> Result<(), SecretFileError> {
    Ok(())
}

#[cfg(unix)]
fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions, cannot fail and touches no memory of ours.
    unsafe { libc::geteuid() }
}

/// `path` as a shell word, so the printed fix can be pasted as it is.
fn quote(path: &Path) -> String {
    let s = path.display().to_string();
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c));
    if plain {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn file_with_mode(dir: &Path, mode: u32) -> PathBuf {
        let p = dir.join(format!("secret-{mode:o}"));
        std::fs::write(&p, "s3cret").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        p
    }

    #[test]
    fn owner_only_modes_pass() {
        let dir = tempfile::tempdir().unwrap();
        for mode in [0o600, 0o400, 0o700] {
            check_private(&file_with_mode(dir.path(), mode)).unwrap();
        }
    }

    #[test]
    fn group_or_other_bits_are_refused_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        for (mode, shown) in [
            (0o640, "0640"),
            (0o604, "0604"),
            (0o644, "0644"),
            (0o620, "0620"),
        ] {
            let p = file_with_mode(dir.path(), mode);
            let e = check_private(&p).unwrap_err();
            assert!(
                matches!(e, SecretFileError::Unprotected { mode: m, .. } if m == mode),
                "{e:?}"
            );
            let msg = e.to_string();
            assert!(msg.contains("UNPROTECTED SECRET FILE"), "{msg}");
            assert!(msg.contains(&format!("permissions {shown} ")), "{msg}");
            assert!(
                msg.contains(&format!("chmod 600 {}", quote(&p))),
                "the fix names the file: {msg}"
            );
            assert_eq!(e.path(), p);
        }
    }

    #[test]
    fn a_missing_file_is_an_io_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope");
        let e = check_private(&p).unwrap_err();
        assert!(matches!(e, SecretFileError::Io { .. }), "{e:?}");
        assert!(e.to_string().contains("nope"));
    }

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(
            quote(Path::new("/run/user/1000/kefu/token-ab")),
            "/run/user/1000/kefu/token-ab"
        );
        assert_eq!(quote(Path::new("/home/a b/c")), "'/home/a b/c'");
        assert_eq!(quote(Path::new("/tmp/it's")), r"'/tmp/it'\''s'");
    }

    #[test]
    fn a_file_of_another_user_is_refused() {
        // Only root can give a file away; elsewhere the message test below stands in.
        if effective_uid() != 0 {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let p = file_with_mode(dir.path(), 0o600);
        std::os::unix::fs::chown(&p, Some(65534), None).unwrap();
        let e = check_private(&p).unwrap_err();
        assert!(
            matches!(
                e,
                SecretFileError::NotOwned {
                    owner: 65534,
                    me: 0,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn not_owned_message_names_both_uids_and_the_fix() {
        let e = SecretFileError::NotOwned {
            path: PathBuf::from("/home/op/.config/kefu/config.toml"),
            owner: 0,
            me: 1000,
        };
        let msg = e.to_string();
        assert!(msg.contains("uid 0") && msg.contains("uid 1000"), "{msg}");
        assert!(
            msg.contains("chmod 600 /home/op/.config/kefu/config.toml"),
            "{msg}"
        );
    }
}
