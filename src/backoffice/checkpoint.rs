//! Signed checkpoints of the audit chain, in the spirit of C2SP `tlog-checkpoint` and
//! `signed-note`: a note of three lines (origin, number of rows, base64 of the head
//! row's hash), a blank line, and a signature line `— <key name> <base64(key id ‖
//! Ed25519 signature)>`. Someone who can write the database can re-hash a chain they
//! rewrote, or delete its newest rows, but cannot sign a checkpoint for it: the key
//! stays with the server, the checkpoints leave the database.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sha2::{Digest, Sha256};

/// Origin line and key name of kefu's checkpoints.
pub const NAME: &str = "kefu-audit";
/// Prefix of a private key file's one line.
const PRIVATE_PREFIX: &str = "KEFU-AUDIT-PRIVATE-KEY+";
/// The signed-note algorithm byte of Ed25519.
const ALG_ED25519: u8 = 1;

/// What is wrong with a key or a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// A key file does not hold a key in the expected form.
    #[error("not a kefu audit {0} key; make one with `kefu audit keygen`")]
    BadKey(&'static str),
    /// A checkpoint is not well formed.
    #[error("checkpoint {index}: {problem}")]
    Malformed {
        /// 1-based position in the log.
        index: usize,
        /// What is wrong.
        problem: String,
    },
}

/// One checkpoint: the chain had `size` rows and its newest row's hash was `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Rows in the chain.
    pub size: u64,
    /// Hash of row `size` (hex, as the audit table keeps it; zeros for an empty chain).
    pub head: String,
}

/// A key pair made from 32 random bytes.
pub fn generate() -> Result<SigningKey, getrandom::Error> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The first four bytes of SHA-256(name ‖ "\n" ‖ algorithm ‖ public key), as signed-note
/// names a key.
fn key_id(public: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(NAME.as_bytes());
    h.update(b"\n");
    h.update([ALG_ED25519]);
    h.update(public.as_bytes());
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// The private key file's text.
pub fn private_text(key: &SigningKey) -> String {
    format!("{PRIVATE_PREFIX}{NAME}+{}\n", B64.encode(key.to_bytes()))
}

/// The public key file's text (a signed-note verifier key: name+id+base64(alg ‖ key)).
pub fn public_text(key: &VerifyingKey) -> String {
    let mut raw = vec![ALG_ED25519];
    raw.extend_from_slice(key.as_bytes());
    format!("{NAME}+{}+{}\n", hex::encode(key_id(key)), B64.encode(raw))
}

/// Read a private key file's text.
pub fn parse_private(text: &str) -> Result<SigningKey, CheckpointError> {
    let bad = || CheckpointError::BadKey("private");
    let rest = text
        .trim()
        .strip_prefix(PRIVATE_PREFIX)
        .and_then(|r| r.strip_prefix(NAME))
        .and_then(|r| r.strip_prefix('+'))
        .ok_or_else(bad)?;
    let bytes: [u8; 32] = B64
        .decode(rest)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(bad)?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// Read a public key file's text.
pub fn parse_public(text: &str) -> Result<VerifyingKey, CheckpointError> {
    let bad = || CheckpointError::BadKey("public");
    // The base64 key may itself hold '+': only the first two separate.
    let mut parts = text.trim().splitn(3, '+');
    let (Some(NAME), Some(id), Some(raw)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let raw = B64.decode(raw).map_err(|_| bad())?;
    let Some((&ALG_ED25519, key)) = raw.split_first() else {
        return Err(bad());
    };
    let key: [u8; 32] = key.try_into().map_err(|_| bad())?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| bad())?;
    if hex::encode(key_id(&key)) != id {
        return Err(bad());
    }
    Ok(key)
}

/// The signed text of a checkpoint (its three body lines).
fn body(c: &Checkpoint) -> Result<String, String> {
    let head = hex::decode(&c.head).map_err(|_| "the head is not a hex hash".to_string())?;
    Ok(format!("{NAME}\n{}\n{}\n", c.size, B64.encode(head)))
}

/// A checkpoint signed with `key`, as a note ending in a newline.
pub fn sign(c: &Checkpoint, key: &SigningKey) -> Result<String, String> {
    let body = body(c)?;
    let sig = key.sign(body.as_bytes());
    let mut raw = key_id(&key.verifying_key()).to_vec();
    raw.extend_from_slice(&sig.to_bytes());
    Ok(format!("{body}\n\u{2014} {NAME} {}\n", B64.encode(raw)))
}

/// Parse a log of notes (each followed by a blank line) and check each one's signature
/// with `key`; the first bad one is named by its position.
pub fn parse_log(text: &str, key: &VerifyingKey) -> Result<Vec<Checkpoint>, CheckpointError> {
    let id = key_id(key);
    let mut out = Vec::new();
    for (i, note) in text
        .split("\n\n\u{2014}")
        .collect::<Vec<_>>()
        .windows(2)
        .enumerate()
    {
        let index = i + 1;
        let bad = |problem: &str| CheckpointError::Malformed {
            index,
            problem: problem.to_string(),
        };
        // The body is the tail of the part before the separator; the signature line
        // heads the part after it.
        let lines: Vec<&str> = note[0].trim_start_matches('\n').lines().collect();
        let [.., origin, size, head] = lines.as_slice() else {
            return Err(bad("fewer than three lines before the signature"));
        };
        let sig_line = note[1].lines().next().unwrap_or_default();
        if *origin != NAME {
            return Err(bad("its origin is not kefu-audit"));
        }
        let size: u64 = size.parse().map_err(|_| bad("its size is not a number"))?;
        let head = B64
            .decode(head)
            .map_err(|_| bad("its head hash is not base64"))?;
        let sig = sig_line
            .trim()
            .strip_prefix(NAME)
            .map(str::trim)
            .and_then(|s| B64.decode(s).ok())
            .ok_or_else(|| bad("no kefu-audit signature line"))?;
        if sig.len() != 68 || sig[..4] != id {
            return Err(bad("signed by another key"));
        }
        let sig = Signature::from_slice(&sig[4..]).map_err(|_| bad("bad signature"))?;
        let c = Checkpoint {
            size,
            head: hex::encode(head),
        };
        let signed = body(&c).map_err(|e| bad(&e))?;
        key.verify(signed.as_bytes(), &sig)
            .map_err(|_| bad("its signature does not verify (forged or edited)"))?;
        out.push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_checkpoints_round_trip_and_edits_are_caught() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let public = parse_public(&public_text(&key.verifying_key())).expect("public key");
        assert_eq!(
            parse_private(&private_text(&key)).map(|k| k.to_bytes()),
            Ok(key.to_bytes())
        );
        let a = Checkpoint {
            size: 3,
            head: "ab".repeat(32),
        };
        let b = Checkpoint {
            size: 1000,
            head: "cd".repeat(32),
        };
        let log = format!(
            "{}\n{}\n",
            sign(&a, &key).expect("sign"),
            sign(&b, &key).expect("sign")
        );
        assert!(log.starts_with("kefu-audit\n3\n"), "{log}");
        assert_eq!(parse_log(&log, &public), Ok(vec![a, b]));
        let edited = log.replacen("\n1000\n", "\n1001\n", 1);
        assert!(matches!(
            parse_log(&edited, &public),
            Err(CheckpointError::Malformed { index: 2, .. })
        ));
        let other = SigningKey::from_bytes(&[8u8; 32]).verifying_key();
        assert!(parse_log(&log, &other).is_err());
    }
}
