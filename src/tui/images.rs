//! Images in the terminal (a review's photos; the thumbnail of an attached scan): protocol
//! choice (kitty, sixel, iTerm2, half-blocks, off), and decoding + resizing + encoding,
//! which the runner does off the UI thread.

use std::fmt;
use std::sync::Arc;

use ratatui::layout::Size;
use ratatui_image::picker::cap_parser::QueryStdioOptions;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::Resize;

use super::{image_budget, term_probe};
use crate::config::ImageProtocol;

/// How this terminal shows images.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Graphics {
    /// Not known yet, or not shown: `ui.image_protocol = off`.
    #[default]
    Off,
    /// No protocol works here (detection failed); the review works without images.
    Unavailable,
    /// Unicode half blocks (any colour terminal).
    Halfblocks,
    /// Sixel graphics.
    Sixel,
    /// Kitty graphics.
    Kitty,
    /// iTerm2 inline images.
    Iterm2,
}

impl Graphics {
    /// Whether images are fetched and drawn at all.
    pub fn shows_images(self) -> bool {
        !matches!(self, Graphics::Off | Graphics::Unavailable)
    }

    /// Whether the terminal keeps pixels that must be cleared explicitly.
    pub fn leaves_pixels(self) -> bool {
        matches!(self, Graphics::Sixel | Graphics::Kitty | Graphics::Iterm2)
    }

    /// Catalog key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Graphics::Off => "reviews.graphics.off",
            Graphics::Unavailable => "reviews.graphics.unavailable",
            Graphics::Halfblocks => "reviews.graphics.halfblocks",
            Graphics::Sixel => "reviews.graphics.sixel",
            Graphics::Kitty => "reviews.graphics.kitty",
            Graphics::Iterm2 => "reviews.graphics.iterm2",
        }
    }

    fn from_protocol(p: ProtocolType) -> Graphics {
        match p {
            ProtocolType::Halfblocks => Graphics::Halfblocks,
            ProtocolType::Sixel => Graphics::Sixel,
            ProtocolType::Kitty => Graphics::Kitty,
            ProtocolType::Iterm2 => Graphics::Iterm2,
        }
    }
}

/// An image encoded for the terminal at a fixed cell size (cheap to draw, cheap to clone).
#[derive(Clone)]
pub struct EncodedImage(pub Arc<Protocol>);

impl fmt::Debug for EncodedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.size();
        write!(f, "EncodedImage({}x{})", s.width, s.height)
    }
}

/// The picker for the configured protocol. Call after entering the alternate screen and
/// before reading terminal events (detection writes queries and reads the answers).
/// `compress`: ask for kitty's zlib transmission (less on the wire, more CPU), for slow links.
pub fn picker_for(setting: ImageProtocol, compress: bool) -> (Option<Picker>, Graphics) {
    if setting == ImageProtocol::Off {
        return (None, Graphics::Off);
    }
    if setting == ImageProtocol::Halfblocks
        || (setting == ImageProtocol::Auto && !graphics_hinted(|k| std::env::var(k).ok()))
    {
        // Querying a terminal that does not answer leaves a reader on stdin that eats the
        // next key press; without a hint of graphics support, half blocks need no query.
        return (Some(Picker::halfblocks()), Graphics::Halfblocks);
    }
    let Some(version) = term_probe::terminal_answers(term_probe::ANSWER_WITHIN) else {
        // Not even a status report came back: the graphics query would time out and leave
        // its reader eating a key; half blocks need nothing from the terminal.
        tracing::warn!("the terminal does not answer queries; images in half blocks");
        return (Some(Picker::halfblocks()), Graphics::Halfblocks);
    };
    let options = QueryStdioOptions {
        kitty_compression: compress,
        ..QueryStdioOptions::default()
    };
    let detected = Picker::from_query_stdio_with_options(options);
    let mut picker = match detected {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "terminal graphics detection failed");
            // Half blocks need no terminal support beyond colour; only a forced protocol
            // that cannot be honoured leaves the reviewer without images.
            if setting == ImageProtocol::Auto {
                return (Some(Picker::halfblocks()), Graphics::Halfblocks);
            }
            return (None, Graphics::Unavailable);
        }
    };
    let forced = match setting {
        ImageProtocol::Kitty => Some(ProtocolType::Kitty),
        ImageProtocol::Sixel => Some(ProtocolType::Sixel),
        ImageProtocol::Iterm2 => Some(ProtocolType::Iterm2),
        _ => None,
    };
    if let Some(p) = forced {
        picker.set_protocol_type(p);
    }
    if picker.protocol_type() == ProtocolType::Kitty
        && version
            .as_deref()
            .is_some_and(term_probe::kitty_without_placeholders)
    {
        // Debian 12's kitty 0.26 speaks the protocol but not its Unicode placeholders:
        // the photo would be boxes of a missing glyph (seen under Xvfb); no sixel there.
        tracing::warn!(?version, "kitty before 0.28: images in half blocks");
        return (Some(Picker::halfblocks()), Graphics::Halfblocks);
    }
    let g = Graphics::from_protocol(picker.protocol_type());
    (Some(picker), g)
}

/// Decode a PNG and encode it to fit `cols × rows` cells (blocking: run it off the UI thread).
pub fn encode(picker: &Picker, png: &[u8], cols: u16, rows: u16) -> Result<EncodedImage, String> {
    if cols == 0 || rows == 0 {
        return Err("no room".to_string());
    }
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    let p = picker
        .new_protocol(img, Size::new(cols, rows), scaling())
        .map_err(|e| e.to_string())?;
    Ok(EncodedImage(Arc::new(p)))
}

/// [`encode`] in at most `max_bytes` on the wire when given: a larger encoding is made
/// again for a smaller box (fewer pixels, drawn smaller) until it fits, and in half blocks
/// (bounded by the cells, whatever the photo) when it still does not.
pub fn encode_within(
    picker: &Picker,
    png: &[u8],
    cols: u16,
    rows: u16,
    max_bytes: Option<usize>,
) -> Result<EncodedImage, String> {
    let Some(max) = max_bytes.filter(|_| picker.protocol_type() != ProtocolType::Halfblocks) else {
        return encode(picker, png, cols, rows);
    };
    let (mut c, mut r) = (cols, rows);
    for _ in 0..SHRINK_TRIES {
        let len = image_budget::wire_len(&encode(picker, png, c, r)?.0);
        if len <= max {
            // Measuring a kitty image spends its one transmission: encode it afresh.
            return encode(picker, png, c, r);
        }
        (c, r) = image_budget::smaller_box((c, r), len, max);
    }
    tracing::info!(max, "image over the size limit at every size; half blocks");
    encode(&Picker::halfblocks(), png, cols, rows)
}

/// Encodings tried at ever smaller sizes before half blocks.
const SHRINK_TRIES: usize = 4;

/// How a photo is brought to its cells: scaled up or down to fit, keeping its aspect ratio,
/// with Lanczos3 (the default nearest-neighbour filter drops whole pixel rows of a document's
/// print, and `Fit` never enlarges, which left a 320-pixel photo 32 cells wide in any pane).
fn scaling() -> Resize {
    Resize::Scale(Some(ratatui_image::FilterType::Lanczos3))
}

/// A PNG as a half-block thumbnail of `cols × rows` cells (blocking: run it off the UI
/// thread). Half blocks need no terminal support and leave no pixels to clear.
pub fn thumbnail(png: &[u8], cols: u16, rows: u16) -> Result<EncodedImage, String> {
    encode(&Picker::halfblocks(), png, cols, rows)
}

/// Escape sequence that deletes every kitty image (other protocols are cleared by a redraw).
pub const KITTY_DELETE_ALL: &str = "\x1b_Ga=d,d=A\x1b\\";

/// Whether the environment says the terminal may speak a graphics protocol (kitty, WezTerm,
/// iTerm2, foot, mlterm, Ghostty, Konsole, Windows Terminal…), so querying it is safe.
pub fn graphics_hinted(var: impl Fn(&str) -> Option<String>) -> bool {
    let set = |k: &str| var(k).is_some_and(|v| !v.is_empty());
    if set("KITTY_WINDOW_ID") || set("WEZTERM_EXECUTABLE") || set("KONSOLE_VERSION") {
        return true;
    }
    let program = var("TERM_PROGRAM").unwrap_or_default().to_ascii_lowercase();
    if ["iterm.app", "wezterm", "ghostty", "mintty", "rio", "vscode"]
        .iter()
        .any(|p| program == *p)
    {
        return true;
    }
    let term = var("TERM").unwrap_or_default().to_ascii_lowercase();
    [
        "kitty", "foot", "mlterm", "wezterm", "ghostty", "sixel", "contour",
    ]
    .iter()
    .any(|t| term.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `w × h` pixels with detail everywhere (a photo compresses worse than flat
    /// colour: the size limit must bite).
    fn noisy_png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            let v = x.wrapping_mul(7919) ^ y.wrapping_mul(104_729) ^ (x * y);
            image::Rgb([(v % 251) as u8, (v / 7 % 241) as u8, (v / 13 % 239) as u8])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    fn picker(p: ProtocolType) -> Picker {
        let mut picker = Picker::halfblocks();
        picker.set_protocol_type(p);
        picker
    }

    #[test]
    fn an_image_over_the_limit_is_encoded_smaller_until_it_fits() {
        let png = noisy_png(400, 300);
        for p in [
            ProtocolType::Sixel,
            ProtocolType::Kitty,
            ProtocolType::Iterm2,
        ] {
            let free = encode_within(&picker(p), &png, 60, 20, None).unwrap();
            let free_len = image_budget::wire_len(&free.0);
            let max = 24 * 1024;
            assert!(free_len > 2 * max, "{p:?}: {free_len} bytes unlimited");
            let capped = encode_within(&picker(p), &png, 60, 20, Some(max)).unwrap();
            assert_eq!(
                ProtocolType::from_protocol(&capped.0),
                p,
                "still {p:?}, only smaller"
            );
            let size = capped.0.size();
            assert!(
                size.width < 60 && size.height <= 20,
                "{p:?}: drawn smaller, {size:?}"
            );
            let len = image_budget::wire_len(&capped.0);
            assert!(len <= max && len > max / 8, "{p:?}: {len} bytes for {max}");
        }
    }

    #[test]
    fn a_limit_no_size_meets_gives_half_blocks() {
        let png = noisy_png(400, 300);
        let img = encode_within(&picker(ProtocolType::Sixel), &png, 60, 20, Some(64)).unwrap();
        assert_eq!(
            ProtocolType::from_protocol(&img.0),
            ProtocolType::Halfblocks
        );
        // The limit leaves half blocks alone (the cells bound them).
        let hb = encode_within(&Picker::halfblocks(), &png, 60, 20, Some(64)).unwrap();
        assert_eq!(hb.0.size(), img.0.size());
    }

    /// The protocol an encoding is in.
    trait ProtocolOf {
        fn from_protocol(p: &Protocol) -> ProtocolType;
    }

    impl ProtocolOf for ProtocolType {
        fn from_protocol(p: &Protocol) -> ProtocolType {
            match p {
                Protocol::Halfblocks(_) => ProtocolType::Halfblocks,
                Protocol::Sixel(_) => ProtocolType::Sixel,
                Protocol::Kitty(_) => ProtocolType::Kitty,
                Protocol::ITerm2(_) => ProtocolType::Iterm2,
            }
        }
    }

    #[test]
    fn only_hinted_terminals_are_queried() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(graphics_hinted(env(&[("TERM", "xterm-kitty")])));
        assert!(graphics_hinted(env(&[("TERM_PROGRAM", "iTerm.app")])));
        assert!(graphics_hinted(env(&[("TERM", "foot")])));
        assert!(!graphics_hinted(env(&[("TERM", "xterm-256color")])));
        assert!(!graphics_hinted(env(&[("TERM", "screen-256color")])));
        assert_eq!(picker_for(ImageProtocol::Off, false).1, Graphics::Off);
    }
}
