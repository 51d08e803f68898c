//! The desk host's file system for the attach form (the runner's side, blocking: run it
//! off the UI task): listing a directory for a completion, and reading a file to attach,
//! its size checked before it is read.

use std::io::Read as _;
use std::path::PathBuf;

use super::msg::{AttachError, DirEntry};
use crate::domain::evidence::{sniff, MAX_UPLOAD_BYTES};

/// Most entries listed from one directory.
const MAX_ENTRIES: usize = 2_000;

/// A typed path with a leading `~/` put in the home directory.
pub fn expand(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ if typed == "~" => std::env::var_os("HOME").map_or_else(|| "~".into(), PathBuf::from),
        _ => PathBuf::from(typed),
    }
}

/// The entries of the directory a typed path is in (the current directory when it names
/// none); nothing when it cannot be read.
pub fn list_dir(typed: &str) -> Vec<DirEntry> {
    let dir = match typed.rfind('/') {
        Some(i) => expand(&typed[..=i]),
        None => PathBuf::from("."),
    };
    let Ok(read) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    read.filter_map(Result::ok)
        .take(MAX_ENTRIES)
        .map(|e| DirEntry {
            name: e.file_name().to_string_lossy().into_owned(),
            // Follows links: a link to a directory completes as one.
            dir: e.path().is_dir(),
        })
        .collect()
}

/// The file at `typed` as an image to attach: its content type and bytes. Refused before
/// reading when it is missing, not a file or over the limit; refused after reading its
/// first bytes when it is not a PNG or JPEG.
pub fn read_evidence(typed: &str) -> Result<(&'static str, Vec<u8>), AttachError> {
    let path = expand(typed);
    let meta = std::fs::metadata(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => AttachError::Missing(typed.to_string()),
        _ => AttachError::Unreadable(e.to_string()),
    })?;
    if !meta.is_file() {
        return Err(AttachError::NotAFile(typed.to_string()));
    }
    if meta.len() > MAX_UPLOAD_BYTES as u64 {
        return Err(AttachError::TooBig(meta.len()));
    }
    let file = std::fs::File::open(&path).map_err(|e| AttachError::Unreadable(e.to_string()))?;
    let mut bytes = Vec::new();
    // The file may grow between the check and the read: never more than the limit + 1.
    file.take(MAX_UPLOAD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| AttachError::Unreadable(e.to_string()))?;
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(AttachError::TooBig(bytes.len() as u64));
    }
    let kind = sniff(&bytes).ok_or(AttachError::NotAnImage)?;
    Ok((kind.media_type(), bytes))
}
