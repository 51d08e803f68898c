//! The fuzz targets on stable Rust: replay each committed seed corpus (and any crash
//! artifacts libFuzzer left in `fuzz/artifacts/`) and a few thousand inputs mutated from it
//! through the same property functions as `fuzz/fuzz_targets/*`. `KEFU_FUZZ_ITERS` sets the
//! number of generated inputs per target (default 20 000); `KEFU_FUZZ_SEED` repeats a run.

use std::path::{Path, PathBuf};

use crate::helpers::{env_num, Rng};

#[path = "../../fuzz/src/props.rs"]
#[allow(dead_code)]
mod props;

/// Pieces that steer mutations towards interesting corners of the parsers.
const TOKENS: [&str; 16] = [
    "X", "x", "0", "9", "+86", "0086", " ", "-", "（", "１", "８", "\u{0}", "\u{202e}", "H", "|",
    "19491231",
];

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for dir in [
        root.join("corpus").join(target),
        root.join("artifacts").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if let Ok(b) = std::fs::read(&p) {
                out.push(b);
            }
        }
    }
    out
}

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..=rng.below(3) {
        let at = if v.is_empty() {
            0
        } else {
            rng.below(v.len() as u64 + 1) as usize
        };
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] = rng.next() as u8;
            }
            1 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] = b'0' + rng.below(10) as u8;
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len() as u64) as usize].as_bytes();
                v.splice(at..at, t.iter().copied());
            }
            3 if at < v.len() => {
                v.remove(at);
            }
            4 => v.truncate(at),
            _ => v.extend_from_slice(&seed[..at.min(seed.len())]),
        }
    }
    v
}

fn run(target: &str, f: fn(&[u8])) {
    let seeds = corpus(target);
    assert!(
        !seeds.is_empty(),
        "fuzz/corpus/{target} holds the seed corpus"
    );
    for s in &seeds {
        f(s);
    }
    let iters = env_num("KEFU_FUZZ_ITERS", 20_000);
    let mut rng = Rng::from_env("KEFU_FUZZ_SEED");
    for _ in 0..iters {
        let seed = &seeds[rng.below(seeds.len() as u64) as usize];
        let input = mutate(&mut rng, seed);
        f(&input);
    }
}

#[test]
fn resident_id_parser_holds_its_properties() {
    run("resident_id", props::resident_id);
}

#[test]
fn document_validation_holds_its_properties() {
    run("validate", props::validate);
}

#[test]
fn mobile_normalizer_holds_its_properties() {
    run("mobile", props::mobile);
}

#[test]
fn lookup_input_recognition_holds_its_properties() {
    run("lookup_query", props::lookup_query);
}

#[test]
fn display_sanitizer_holds_its_properties() {
    run("display", props::display);
}

#[test]
fn config_parser_never_panics() {
    run("config", props::config);
}

#[test]
fn evidence_upload_check_holds_its_properties() {
    run("evidence", props::evidence);
}
