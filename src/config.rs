//! Operator config: where it lives, what it may say, and the `kefu config` commands.
//!
//! The file is TOML. Unknown keys and bad values are errors that name the file, the line
//! and the key and say what is allowed, because a typo silently ignored is a setting the
//! operator believes is on.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize};
use thiserror::Error;

use crate::api::{Category, Channel, Status};
use crate::cli::ConfigCommand;
use crate::secret_file::{check_private, SecretFileError};

mod bindings;
mod keybindings;
mod keys;

pub use bindings::{Binding, Row, Scope, DEFAULTS};
pub use keybindings::{KeybindingAt, KeybindingError, Keybindings, Override};
pub use keys::{Key, KeyChord, KeyList};

/// The documented starter file (also written by `kefu config init`).
pub const EXAMPLE: &str = include_str!("../config.example.toml");

/// Why the config could not be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// A key or value is not allowed.
    #[error("{}:{line}:{column}: `{key}`: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Dotted key, e.g. `ui.theme`.
        key: String,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// `[keybindings]` names an unknown scope or binding, or binds a key twice in a scope.
    #[error("{}:{line}:{column}: `{key}`: {problem}", path.display())]
    Keys {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Dotted key, e.g. `keybindings.lookup.unlock`.
        key: String,
        /// What is wrong (not a `source`: the message already says it).
        problem: Box<KeybindingError>,
    },
    /// The file could not be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error (not a `source`: the message already says it, and a chain printed
        /// with its causes would say it twice).
        error: std::io::Error,
    },
    /// `config init` would overwrite a file.
    #[error("{} already exists; use `kefu config init --force` to overwrite it", .0.display())]
    Exists(PathBuf),
    /// No home directory to put files in.
    #[error("no home directory found; set KEFU_CONFIG to a config file path")]
    NoHome,
    /// The file holds a secret but others may read it (or it is not the operator's own).
    #[error(transparent)]
    Secret(#[from] SecretFileError),
}

/// The whole operator config.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Operator id: the sign-in form is prefilled with it; on the embedded demo, who to sign in as.
    pub operator: Option<String>,
    /// Back office.
    pub api: ApiConfig,
    /// Look and feel.
    pub ui: UiConfig,
    /// Partial key overrides by scope: binding name → one key or a list of keys.
    pub keybindings: Keybindings,
    /// Saved queue views, one key away.
    pub views: Vec<SavedView>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            operator: None,
            api: ApiConfig::default(),
            ui: UiConfig::default(),
            keybindings: Keybindings::default(),
            views: default_views(),
        }
    }
}

/// `[api]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApiConfig {
    /// Base URL of the back office; none starts the embedded demo back office.
    pub url: Option<String>,
    /// Request timeout in seconds (1–300).
    pub timeout_secs: TimeoutSecs,
    /// Allow plain http:// to a host other than the loopback.
    pub allow_insecure_http: bool,
    /// Extra CA certificate (PEM) to trust.
    pub ca_file: Option<PathBuf>,
    /// Keep the session token in a 0600 file under $XDG_RUNTIME_DIR.
    pub keep_token: bool,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            url: None,
            timeout_secs: TimeoutSecs(10),
            allow_insecure_http: false,
            ca_file: None,
            keep_token: false,
        }
    }
}

/// A request timeout checked to be within 1–300 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimeoutSecs(pub u64);

impl<'de> Deserialize<'de> for TimeoutSecs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        if (1..=300).contains(&n) {
            Ok(TimeoutSecs(n.unsigned_abs()))
        } else {
            Err(serde::de::Error::custom(format!(
                "{n} is out of range; allowed: 1 to 300 (seconds)"
            )))
        }
    }
}

/// An encoded-image size limit in KiB checked to be 0 (no limit) or 2–65536.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImageMaxKib(pub u32);

impl<'de> Deserialize<'de> for ImageMaxKib {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        match u32::try_from(n) {
            Ok(k) if k == 0 || (2..=65536).contains(&k) => Ok(ImageMaxKib(k)),
            _ => Err(serde::de::Error::custom(format!(
                "{n} is out of range; allowed: 0 (no limit) or 2 to 65536 (KiB)"
            ))),
        }
    }
}

impl UiConfig {
    /// Bytes an encoded image may take: the configured limit, or when unset 8 KiB in an
    /// SSH session (a 64 kbit/s link moves 8 KB a second) and none otherwise.
    pub fn image_max_bytes(&self, ssh: bool) -> Option<usize> {
        let kib = match self.image_max_kib {
            Some(ImageMaxKib(k)) => k,
            None if ssh => SSH_IMAGE_MAX_KIB,
            None => 0,
        };
        (kib > 0).then(|| kib as usize * 1024)
    }
}

/// The image size limit in an SSH session when `ui.image_max_kib` is unset.
pub const SSH_IMAGE_MAX_KIB: u32 = 8;

/// `[ui]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// `zh-CN` or `en`; unset follows LC_ALL / LC_MESSAGES / LANG.
    pub language: Option<Language>,
    /// Colour theme.
    pub theme: Theme,
    /// Capture the mouse (off keeps select-and-copy working over SSH).
    pub mouse: bool,
    /// How the review pane shows images.
    pub image_protocol: ImageProtocol,
    /// Largest encoded image, in KiB (0: no limit); unset: 8 over SSH, no limit otherwise.
    pub image_max_kib: Option<ImageMaxKib>,
    /// The pane the desk opens on; unset follows the operator's roles (reviewers who are
    /// not agents start on reviews, everyone else on the queue).
    pub start_pane: Option<StartPane>,
}

/// A pane the desk can open on (`ui.start_pane`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StartPane {
    /// The ticket queue.
    Queue,
    /// Account lookup.
    Lookup,
    /// Manual reviews.
    Reviews,
}

/// Settings given on the command line: stronger than the file and the environment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// `--config FILE`: this file instead of `KEFU_CONFIG` or the platform's.
    pub config: Option<PathBuf>,
    /// `--api-url URL`: over `KEFU_API_URL` and `api.url`.
    pub api_url: Option<String>,
    /// `--lang`: over `ui.language` and the locale.
    pub lang: Option<Language>,
}

/// UI languages with a catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Language {
    /// The language of a locale name such as `zh_CN.UTF-8`; anything not Chinese is English.
    pub fn from_locale(value: &str) -> Language {
        if value.to_ascii_lowercase().starts_with("zh") {
            Language::ZhCn
        } else {
            Language::En
        }
    }

    /// From the environment: LC_ALL, then LC_MESSAGES, then LANG (first one set and non-empty).
    pub fn from_env() -> Language {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map(|v| Language::from_locale(&v))
            .unwrap_or(Language::En)
    }

    /// A tag given on the command line: `zh-CN` (or `zh`) or `en`.
    pub fn from_tag(tag: &str) -> Result<Language, String> {
        match tag.to_ascii_lowercase().as_str() {
            "zh-cn" | "zh" | "zh_cn" => Ok(Language::ZhCn),
            "en" => Ok(Language::En),
            _ => Err(format!(
                "`{tag}` is not a language of the desk: use zh-CN or en"
            )),
        }
    }

    /// The tag, `zh-CN` or `en`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

/// Colour themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// 16 colours, readable over SSH and in tmux.
    #[default]
    Default,
    /// Strong contrast.
    HighContrast,
    /// No colour; states shown by reverse, bold and markers.
    Mono,
}

/// Image protocols for the review pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImageProtocol {
    /// Detect from the terminal.
    #[default]
    Auto,
    /// Kitty graphics.
    Kitty,
    /// Sixel.
    Sixel,
    /// iTerm2 inline images.
    Iterm2,
    /// Unicode half blocks (works everywhere).
    Halfblocks,
    /// Do not show images.
    Off,
}

/// A named queue filter, one key away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SavedView {
    /// Name shown in the status line.
    pub name: String,
    /// Key that applies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyChord>,
    /// Statuses (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<Status>,
    /// Categories (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<Category>,
    /// Channels (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channel: Vec<Channel>,
    /// `me`, `none`, or an operator id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only overdue tickets.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overdue: bool,
}

/// The views a fresh install has: mine, unassigned, overdue.
pub fn default_views() -> Vec<SavedView> {
    let open = vec![
        Status::New,
        Status::Open,
        Status::PendingCustomer,
        Status::PendingReview,
    ];
    vec![
        SavedView {
            name: "mine".into(),
            key: Some(KeyChord::ch('m')),
            status: open.clone(),
            assignee: Some("me".into()),
            ..SavedView::default()
        },
        SavedView {
            name: "unassigned".into(),
            key: Some(KeyChord::ch('u')),
            status: open.clone(),
            assignee: Some("none".into()),
            ..SavedView::default()
        },
        SavedView {
            name: "overdue".into(),
            key: Some(KeyChord::ch('o')),
            status: open,
            overdue: true,
            ..SavedView::default()
        },
    ]
}

impl Config {
    /// Parse config text; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let cfg = toml::from_str::<Config>(text).map_err(|e| invalid(text, path, &e))?;
        cfg.keybindings.check(text, &cfg.views).map_err(|at| {
            let (line, column) = position(text, at.offset);
            ConfigError::Keys {
                path: path.to_path_buf(),
                line,
                column,
                key: at.key,
                problem: Box::new(at.error),
            }
        })?;
        Ok(cfg)
    }

    /// Read and parse a file; one that holds a secret must be private (see
    /// [`Config::holds_secret`]).
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        let cfg = Config::parse(&text, path)?;
        if cfg.holds_secret() {
            check_private(path)?;
        }
        Ok(cfg)
    }

    /// Whether the config carries a secret: today only a password in `api.url`
    /// (`https://user:password@host`). Any secret added later must be listed here.
    pub fn holds_secret(&self) -> bool {
        self.api.url.as_deref().is_some_and(url_has_password)
    }

    /// The operator's config: the file at [`config_path`] if it exists (defaults otherwise),
    /// then `KEFU_API_URL` over `api.url`.
    pub fn load() -> Result<Config, ConfigError> {
        Config::load_with(&Overrides::default())
    }

    /// [`Config::load`] with the command line's settings over the file and environment.
    pub fn load_with(o: &Overrides) -> Result<Config, ConfigError> {
        let path = match &o.config {
            Some(p) => p.clone(),
            None => config_path()?,
        };
        let explicit = o.config.is_some() || std::env::var_os("KEFU_CONFIG").is_some();
        let mut cfg = if explicit || path.exists() {
            Config::from_file(&path)?
        } else {
            Config::default()
        };
        if let Ok(url) = std::env::var("KEFU_API_URL") {
            if !url.trim().is_empty() {
                cfg.api.url = Some(url.trim().to_string());
            }
        }
        if let Some(url) = &o.api_url {
            cfg.api.url = Some(url.trim().to_string());
        }
        if let Some(lang) = o.lang {
            cfg.ui.language = Some(lang);
        }
        Ok(cfg)
    }

    /// The UI language: `ui.language`, else the locale environment.
    pub fn language(&self) -> Language {
        self.ui.language.unwrap_or_else(Language::from_env)
    }
}

/// Whether `url` carries a password (`scheme://user:password@host`). A URL that does not
/// parse but has credentials-looking `:…@` before its host counts too, to err on the safe side.
pub fn url_has_password(url: &str) -> bool {
    match url::Url::parse(url) {
        Ok(u) => u.password().is_some(),
        Err(_) => {
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            authority
                .rsplit_once('@')
                .is_some_and(|(userinfo, _)| userinfo.contains(':'))
        }
    }
}

/// Turn a toml error into one naming file, line, column and dotted key.
fn invalid(text: &str, path: &Path, e: &toml::de::Error) -> ConfigError {
    let (line, column) = position(text, e.span().map(|s| s.start).unwrap_or(0));
    ConfigError::Invalid {
        path: path.to_path_buf(),
        line,
        column,
        key: key_at(text, line),
        message: e.message().trim().to_string(),
    }
}

/// 1-based line and column of a byte offset in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The dotted key of the assignment on `line` (1-based), with its `[table]` prefix.
fn key_at(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
    let header = |l: &str| {
        let t = l.trim();
        (t.starts_with('[')).then(|| t.trim_matches(|c| c == '[' || c == ']').trim().to_string())
    };
    if let Some(h) = header(here) {
        return h;
    }
    let table = lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .rev()
        .find_map(|l| header(l));
    let key = here.split('=').next().unwrap_or("").trim().to_string();
    match table {
        Some(t) if !key.is_empty() => format!("{t}.{key}"),
        Some(t) => t,
        None => key,
    }
}

fn project_dirs() -> Result<directories::ProjectDirs, ConfigError> {
    directories::ProjectDirs::from("", "", "kefu").ok_or(ConfigError::NoHome)
}

/// Where the config file is: `KEFU_CONFIG`, else the platform config dir.
pub fn config_path() -> Result<PathBuf, ConfigError> {
    if let Some(p) = std::env::var_os("KEFU_CONFIG") {
        return Ok(PathBuf::from(p));
    }
    Ok(project_dirs()?.config_dir().join("config.toml"))
}

/// The operator's data dir (logs, the embedded back office's SQLite file).
pub fn data_dir() -> Result<PathBuf, ConfigError> {
    Ok(project_dirs()?.data_dir().to_path_buf())
}

/// Where a session token may be kept: `$XDG_RUNTIME_DIR/kefu` (none on systems without one).
pub fn runtime_dir() -> Option<PathBuf> {
    project_dirs().ok()?.runtime_dir().map(Path::to_path_buf)
}

/// Write the starter file at `path`; refuses to overwrite unless `force`.
pub fn init_file(path: &Path, force: bool) -> Result<(), ConfigError> {
    if path.exists() && !force {
        return Err(ConfigError::Exists(path.to_path_buf()));
    }
    let io = |error| ConfigError::Io {
        path: path.to_path_buf(),
        error,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    // Private from the start, so a password added to api.url later is not refused.
    let mut f = crate::secret_file::create_private(path).map_err(io)?;
    std::io::Write::write_all(&mut f, EXAMPLE.as_bytes()).map_err(io)
}

/// Run a `kefu config …` command.
pub fn run_command(cmd: &ConfigCommand, o: &Overrides) -> anyhow::Result<()> {
    let chosen = || match &o.config {
        Some(p) => Ok(p.clone()),
        None => config_path(),
    };
    match cmd {
        ConfigCommand::Path => println!("{}", chosen()?.display()),
        ConfigCommand::Init { force } => {
            let path = chosen()?;
            init_file(&path, *force)?;
            println!("wrote {}", path.display());
        }
        ConfigCommand::Check { path } => {
            let path = match path {
                Some(p) => p.clone(),
                None => chosen()?,
            };
            let cfg = Config::from_file(&path)?;
            if cfg.holds_secret() {
                println!(
                    "{}: holds a secret (password in api.url); private to you",
                    path.display()
                );
            }
            check_kept_token(&cfg)?;
            println!("{}: ok", path.display());
        }
    }
    Ok(())
}

/// Where the session token of `base_url` is kept, under the runtime dir.
pub fn token_path(runtime_dir: &Path, base_url: &str) -> PathBuf {
    // One file per back office, named by a digest so the URL needs no escaping.
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(base_url.as_bytes());
    let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    runtime_dir.join(format!("token-{name}"))
}

/// `config check`: a kept session token of the configured back office must be private too.
fn check_kept_token(cfg: &Config) -> Result<(), ConfigError> {
    let (Some(url), true, Some(dir)) = (&cfg.api.url, cfg.api.keep_token, runtime_dir()) else {
        return Ok(());
    };
    let token = token_path(&dir, url);
    if token.exists() {
        check_private(&token)?;
        println!("{}: kept session token, private to you", token.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/home/op/.config/kefu/config.toml"))
    }

    /// The message of a refused config.
    fn refused(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn example_file_is_valid_and_states_the_defaults() {
        let cfg = parse(EXAMPLE).unwrap();
        assert_eq!(cfg.api, ApiConfig::default());
        assert_eq!(cfg.ui.theme, Theme::Default);
        assert!(!cfg.ui.mouse);
        assert_eq!(cfg.ui.image_protocol, ImageProtocol::Auto);
        assert_eq!(cfg.views, default_views());
        assert!(cfg.keybindings.is_empty());
        assert_eq!(cfg.ui.start_pane, None, "unset: from the roles");
        // The documented line, uncommented, is a valid setting.
        let set = EXAMPLE.replace("# start_pane = \"reviews\"", "start_pane = \"reviews\"");
        assert_ne!(set, EXAMPLE, "the example documents ui.start_pane");
        assert_eq!(parse(&set).unwrap().ui.start_pane, Some(StartPane::Reviews));
        assert!(refused("[ui]\nstart_pane = \"team\"\n").contains("ui.start_pane"));
    }

    #[test]
    fn the_image_size_limit_is_checked_and_defaults_by_link() {
        let cfg = parse(EXAMPLE).unwrap();
        assert_eq!(cfg.ui.image_max_kib, None, "unset: by link");
        assert_eq!(cfg.ui.image_max_bytes(true), Some(8 * 1024));
        assert_eq!(cfg.ui.image_max_bytes(false), None);
        // The documented line, uncommented, is a valid setting.
        let set = EXAMPLE.replace("# image_max_kib = 8", "image_max_kib = 8");
        assert_ne!(set, EXAMPLE, "the example documents ui.image_max_kib");
        assert_eq!(parse(&set).unwrap().ui.image_max_kib, Some(ImageMaxKib(8)));
        let none = parse("[ui]\nimage_max_kib = 0\n").unwrap();
        assert_eq!(
            none.ui.image_max_bytes(true),
            None,
            "0: no limit, even over SSH"
        );
        let big = parse("[ui]\nimage_max_kib = 512\n").unwrap();
        assert_eq!(big.ui.image_max_bytes(false), Some(512 * 1024));
        for bad in ["1", "-3", "65537"] {
            let why = refused(&format!("[ui]\nimage_max_kib = {bad}\n"));
            assert!(
                why.contains("ui.image_max_kib") && why.contains("out of range"),
                "{bad}: {why}"
            );
        }
    }

    #[test]
    fn the_command_line_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kefu.toml");
        std::fs::write(
            &path,
            "[api]\nurl = \"http://file.example:1\"\n[ui]\nlanguage = \"en\"\n",
        )
        .unwrap();
        let o = Overrides {
            config: Some(path.clone()),
            ..Overrides::default()
        };
        let cfg = Config::load_with(&o).unwrap();
        assert_eq!(cfg.language(), Language::En, "the file given is read");
        let o = Overrides {
            config: Some(path),
            api_url: Some("http://flag.example:2".into()),
            lang: Some(Language::ZhCn),
        };
        let cfg = Config::load_with(&o).unwrap();
        assert_eq!(cfg.api.url.as_deref(), Some("http://flag.example:2"));
        assert_eq!(cfg.language(), Language::ZhCn);
        assert_eq!(Language::from_tag("zh-CN"), Ok(Language::ZhCn));
        assert!(Language::from_tag("fr").is_err());
    }

    /// The `[keybindings.<scope>]` part of the example: every scope, every name, its
    /// default keys, commented out.
    fn example_scopes() -> String {
        let mut out = String::new();
        for scope in Scope::ALL {
            out.push_str(&format!("# [keybindings.{scope}]\n"));
            for (_, b, keys) in scope.rows() {
                let v: Vec<String> = keys
                    .iter()
                    .map(|k| format!("\"{}\"", k.to_config()))
                    .collect();
                let v = match v.as_slice() {
                    [one] => one.clone(),
                    _ => format!("[{}]", v.join(", ")),
                };
                out.push_str(&format!("# {} = {v}\n", b.name()));
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn example_lists_every_scope_and_binding_with_its_defaults() {
        let want = example_scopes();
        assert!(
            EXAMPLE.contains(&want),
            "config.example.toml should hold:\n{want}"
        );
        // Uncommented, the lines parse back to the defaults.
        let text: String = want
            .lines()
            .map(|l| format!("{}\n", l.trim_start_matches("# ")))
            .collect();
        let cfg = parse(&text).unwrap();
        assert_eq!(cfg.keybindings.overrides().len(), DEFAULTS.len());
        assert_eq!(
            cfg.keybindings.in_force(),
            Keybindings::default().in_force()
        );
    }

    #[test]
    fn empty_file_means_defaults() {
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn unknown_key_names_file_line_key_and_allowed_keys() {
        let e = parse("operator = \"a\"\n\n[ui]\nthem = \"mono\"\n").unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("/home/op/.config/kefu/config.toml:4:1:"),
            "{msg}"
        );
        assert!(msg.contains("`ui.them`"), "{msg}");
        assert!(msg.contains("theme"), "says what is allowed: {msg}");
    }

    #[test]
    fn bad_value_says_what_is_allowed() {
        let msg = refused("[ui]\ntheme = \"blue\"\n");
        assert!(msg.contains(":2:") && msg.contains("ui.theme"), "{msg}");
        assert!(
            msg.contains("high-contrast") && msg.contains("mono"),
            "{msg}"
        );
        let msg = refused("[api]\ntimeout_secs = 0\n");
        assert!(
            msg.contains("api.timeout_secs") && msg.contains("1 to 300"),
            "{msg}"
        );
        let msg = refused("[keybindings]\nquit = \"ctrl-\"\n");
        assert!(
            msg.contains("keybindings.quit") && msg.contains("shift-tab"),
            "{msg}"
        );
        let msg = refused("[keybindings]\nfly = \"x\"\n");
        assert!(
            msg.contains("keybindings.fly") && msg.contains("quit"),
            "{msg}"
        );
    }

    /// A config refused with a message holding every one of `parts`.
    fn refused_saying(text: &str, parts: &[&str]) {
        let msg = refused(text);
        for p in parts {
            assert!(msg.contains(p), "{p:?} is not in: {msg}");
        }
    }

    /// The overrides a config sets, as (scope, binding, keys).
    fn overrides_of(cfg: &Config) -> Vec<(Scope, Binding, Vec<KeyChord>)> {
        cfg.keybindings
            .overrides()
            .iter()
            .map(|o| (o.scope, o.binding, o.keys.clone()))
            .collect()
    }

    #[test]
    fn keybindings_and_views_parse() {
        let cfg = parse(
            "[keybindings]\nquit = [\"q\", \"ctrl-q\"]\nhelp = \"f1\"\n\
             [[views]]\nname = \"phone\"\nkey = \"P\"\nchannel = [\"phone\"]\n",
        )
        .unwrap();
        let quit = vec![KeyChord::ch('q'), KeyChord::ctrl('q')];
        let help = vec![KeyChord::plain(Key::F(1))];
        assert_eq!(
            overrides_of(&cfg),
            vec![
                (Scope::Global, Binding::Quit, quit),
                (Scope::Global, Binding::Help, help)
            ]
        );
        assert_eq!(cfg.views.len(), 1);
        assert_eq!(cfg.views[0].channel, vec![Channel::Phone]);
    }

    #[test]
    fn scoped_tables_and_the_flat_table_parse() {
        let cfg = parse(
            "[keybindings]\nrefresh = \"R\"\n\
             [keybindings.lookup]\nunlock = \"u\"\n\
             [keybindings.review]\ndecide = [\"d\", \"enter\"]\n",
        )
        .unwrap();
        let decide = vec![KeyChord::ch('d'), KeyChord::plain(Key::Enter)];
        assert_eq!(
            overrides_of(&cfg),
            vec![
                (Scope::Queue, Binding::Refresh, vec![KeyChord::ch('R')]),
                (Scope::Lookup, Binding::Unlock, vec![KeyChord::ch('u')]),
                (Scope::Review, Binding::ReviewDecide, decide),
            ]
        );
    }

    #[test]
    fn one_key_in_two_scopes_is_fine() {
        // `x` releases a ticket by default; in the lookup pane it may unlock.
        parse("[keybindings.lookup]\nunlock = \"x\"\n[keybindings.review]\nzoom = \"x\"\n")
            .unwrap();
        // Taking a default key of the same scope moves it: `n` no longer writes a note.
        parse("[keybindings.ticket]\nreply = \"n\"\n").unwrap();
    }

    #[test]
    fn a_clash_in_one_scope_names_both_bindings_the_key_and_the_lines() {
        refused_saying(
            "[keybindings.ticket]\nnote = \"m\"\nreply = \"m\"\n",
            &[
                "/home/op/.config/kefu/config.toml:3:",
                "`keybindings.ticket.reply`",
                "`m` is bound twice in scope `ticket`",
                "`ticket.note` (line 2)",
                "`ticket.reply` (line 3)",
            ],
        );
        // The flat table and a scope's table meet in the same scope.
        refused_saying(
            "[keybindings]\nsort_next = \"w\"\n[keybindings.queue]\nfilter = \"w\"\n",
            &["`queue.sort_next` (line 2)", "`queue.filter` (line 4)"],
        );
    }

    #[test]
    fn a_view_key_shares_the_queue_scope() {
        refused_saying(
            "[[views]]\nname = \"phone\"\nkey = \"s\"\nchannel = [\"phone\"]\n",
            &[
                ":3:",
                "`queue.sort_next` (default)",
                "saved view `phone` (line 3)",
            ],
        );
        // The default views count too.
        refused_saying(
            "[keybindings]\nrefresh = \"o\"\n",
            &["`queue.refresh` (line 2)", "saved view `overdue` (default)"],
        );
        // Rebinding the queue key frees it for the view.
        parse(
            "[keybindings]\nsort_next = \"o\"\n\
             [[views]]\nname = \"phone\"\nkey = \"s\"\nchannel = [\"phone\"]\n",
        )
        .unwrap();
    }

    #[test]
    fn unknown_names_and_scopes_are_refused_by_name() {
        refused_saying(
            "[keybindings.lookup]\nunlok = \"u\"\n",
            &[
                ":2:",
                "`keybindings.lookup.unlok`",
                "`unlok` is not a binding of [keybindings.lookup]",
                "valid names: filter, back",
            ],
        );
        refused_saying(
            "[keybindings.lokup]\nunlock = \"u\"\n",
            &["`lokup` is not a scope", "lookup"],
        );
        // A flat name of another scope says where it goes.
        refused_saying(
            "\n[keybindings]\nclaim = \"c\"\n",
            &[":3:", "put it under [keybindings.ticket]"],
        );
        refused_saying(
            "[keybindings]\nlookup = \"u\"\n",
            &["under [keybindings.lookup]"],
        );
        refused_saying(
            "[keybindings]\nup = \"u\"\n[keybindings.queue]\nup = \"i\"\n",
            &["`queue.up` is set twice (lines 2 and 4)"],
        );
    }

    #[test]
    fn key_syntax() {
        assert_eq!(
            KeyChord::parse("shift-tab"),
            Ok(KeyChord::plain(Key::BackTab))
        );
        assert_eq!(KeyChord::parse("shift-j"), Ok(KeyChord::ch('J')));
        assert_eq!(KeyChord::parse("-"), Ok(KeyChord::ch('-')));
        assert!(KeyChord::parse("f13").is_err());
        assert!(KeyChord::parse("").is_err());
        assert_eq!(KeyChord::ctrl('c').to_string(), "Ctrl-c");
    }

    #[test]
    fn language_from_locale() {
        assert_eq!(Language::from_locale("zh_CN.UTF-8"), Language::ZhCn);
        assert_eq!(Language::from_locale("en_US.UTF-8"), Language::En);
        assert_eq!(Language::from_locale("C"), Language::En);
    }

    #[test]
    fn a_password_in_the_url_is_a_secret() {
        assert!(url_has_password("https://u:p@kefu.example.cn"));
        assert!(url_has_password("https://:token@kefu.example.cn/api"));
        assert!(url_has_password("not a url://u:p@host"));
        assert!(!url_has_password("https://u@kefu.example.cn"));
        assert!(!url_has_password("https://kefu.example.cn/a:b@c"));
        assert!(!url_has_password("http://127.0.0.1:8080"));
    }

    #[cfg(unix)]
    #[test]
    fn a_config_with_a_secret_must_be_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let set =
            |mode| std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        // No secret: any mode will do.
        std::fs::write(&path, "[api]\nurl = \"https://kefu.example.cn\"\n").unwrap();
        set(0o644);
        Config::from_file(&path).unwrap();
        // A password in the URL: 0644 and 0640 are refused with the fix, 0600 is fine.
        std::fs::write(&path, "[api]\nurl = \"https://u:p@kefu.example.cn\"\n").unwrap();
        for mode in [0o644, 0o640] {
            set(mode);
            let msg = Config::from_file(&path).unwrap_err().to_string();
            assert!(msg.contains(&format!("permissions {mode:04o}")), "{msg}");
            assert!(
                msg.contains(&format!("chmod 600 {}", path.display())),
                "{msg}"
            );
        }
        set(0o600);
        assert!(Config::from_file(&path).unwrap().holds_secret());
    }

    #[cfg(unix)]
    #[test]
    fn init_writes_a_private_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        init_file(&path, false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn init_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.toml");
        init_file(&path, false).unwrap();
        assert!(matches!(
            init_file(&path, false),
            Err(ConfigError::Exists(_))
        ));
        std::fs::write(&path, "x").unwrap();
        init_file(&path, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
    }
}
