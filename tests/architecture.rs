//! The shape of the source tree, checked: layers point down only, each pane is its own
//! room (it imports no other pane and not the root), no import circles between the
//! desk's modules, and no long file (unit tests aside) without a reason in its header.
//!
//! The checks read `src/` as text: a `use` or a path names a module (`crate::tui::state`,
//! `super::live`), and that is enough to see which module leans on which.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest file without a reason given in its header.
const MAX_LINES: usize = 600;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("source dir is readable") {
            let p = entry.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without its comments (doc comments name modules in prose) and
/// without its unit tests (from `#[cfg(test)]` on: tests may build the whole desk).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("source file is readable");
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module path of a file under `src/` (`tui/panes/queue/update.rs` → `[tui, panes,
/// queue, update]`; a `mod.rs` names its folder).
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("file under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The module paths a file names: `crate::a::b` and `super::…` paths, resolved to
/// absolute module paths (as far as the path goes; a trailing item name is kept).
fn named_paths(file: &Path) -> Vec<Vec<String>> {
    let code = code(file);
    let here = module_of(file);
    // A file's own module is `here`; `super` is its parent (for mod.rs too: `here` already
    // names the folder).
    let mut out = Vec::new();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let starts_word = i == 0 || !is_ident(bytes[i - 1]);
        if starts_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let mut j = i;
            while j < bytes.len() && (is_ident(bytes[j]) || bytes[j] == ':') {
                j += 1;
            }
            let path: String = bytes[i..j].iter().collect();
            let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let mut abs: Vec<String> = Vec::new();
            let mut k = 0;
            if segs.first() == Some(&"crate") {
                k = 1;
            } else {
                abs = here.clone();
                while segs.get(k) == Some(&"super") {
                    abs.pop();
                    k += 1;
                }
            }
            abs.extend(segs[k..].iter().map(|s| s.to_string()));
            out.push(abs);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn starts_with(path: &[String], prefix: &[&str]) -> bool {
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a == b)
}

#[test]
fn a_pane_imports_no_other_pane_and_not_the_root() {
    let panes_dir = src().join("tui/panes");
    let panes: Vec<String> = std::fs::read_dir(&panes_dir)
        .expect("panes dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        panes.len() >= 5,
        "queue, ticket, call, lookup, reviews: {panes:?}"
    );
    // What a pane may not lean on: the root's state, update, effects, runner, live updates,
    // link probing and the root view.
    let root = [
        "state", "update", "action", "runner", "live", "link", "view", "mod",
    ];
    let mut wrong = Vec::new();
    for pane in &panes {
        for file in rust_files(&panes_dir.join(pane)) {
            for p in named_paths(&file) {
                let other_pane = starts_with(&p, &["tui", "panes"])
                    && p.get(2).is_some_and(|q| q != pane && panes.contains(q));
                let the_root = starts_with(&p, &["tui"])
                    && p.get(1).is_some_and(|m| root.contains(&m.as_str()));
                if other_pane || the_root {
                    wrong.push(format!("{}: {}", file.display(), p.join("::")));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "panes reaching out of their room:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn layers_point_down_only() {
    // (layer, what it must not name)
    let rules: [(&str, &[&str]); 4] = [
        (
            "domain",
            &["tui", "client", "backoffice", "config", "api", "cli"],
        ),
        ("client", &["tui", "backoffice", "cli"]),
        ("backoffice", &["tui", "client", "cli"]),
        ("sanitize.rs", &["tui", "client", "backoffice", "config"]),
    ];
    let mut wrong = Vec::new();
    for (layer, banned) in rules {
        let root = src().join(layer);
        let files = if root.is_dir() {
            rust_files(&root)
        } else {
            vec![root]
        };
        assert!(!files.is_empty(), "{layer} has files");
        for file in files {
            for p in named_paths(&file) {
                if p.first().is_some_and(|m| banned.contains(&m.as_str())) {
                    wrong.push(format!("{}: {}", file.display(), p.join("::")));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "layers leaning upwards:\n{}",
        wrong.join("\n")
    );
}

/// The room a desk module belongs to: a pane's folder, or a top-level module (a folder's
/// files form one room: they are one module's parts).
fn room(module: &[String]) -> Option<String> {
    if !starts_with(module, &["tui"]) || module.len() < 2 {
        return None;
    }
    if module[1] == "panes" && module.len() >= 3 {
        return Some(format!("panes::{}", module[2]));
    }
    Some(module[1].clone())
}

#[test]
fn no_import_circles_between_the_desks_modules() {
    let files = rust_files(&src().join("tui"));
    let rooms: BTreeSet<String> = files.iter().filter_map(|f| room(&module_of(f))).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(from) = room(&module_of(file)) else {
            continue;
        };
        for p in named_paths(file) {
            if let Some(to) = room(&p).filter(|to| *to != from && rooms.contains(to)) {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    assert!(
        edges.len() > 10,
        "the scan found the desk's modules: {edges:?}"
    );
    // Depth-first search for a back edge; report the circle it closes.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        circles: &mut Vec<String>,
    ) {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_string());
            circles.push(c.join(" → "));
            return;
        }
        if !done.insert(n.to_string()) {
            return;
        }
        path.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            visit(m, edges, path, done, circles);
        }
        path.pop();
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for n in edges.keys() {
        visit(n, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn no_long_file_without_a_reason_in_its_header() {
    let mut long = Vec::new();
    for file in rust_files(&src()) {
        let text = std::fs::read_to_string(&file).expect("readable");
        // Unit tests at the end of a file (`#[cfg(test)] mod tests { … }`) are not counted.
        let all: Vec<&str> = text.lines().collect();
        let lines = all
            .windows(2)
            .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].contains("mod tests {"))
            .unwrap_or(all.len());
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        if lines > MAX_LINES && !header.contains("Longer than") {
            long.push(format!("{} ({lines} lines)", file.display()));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines need a split or a header line \"Longer than …: why\":\n{}",
        long.join("\n")
    );
}
