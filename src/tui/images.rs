//! Images in the terminal (a review's photos; the thumbnail of an attached scan): protocol
//! choice (kitty, sixel, iTerm2, half-blocks, off), and decoding + resizing + encoding,
//! which the runner does off the UI thread.

use std::fmt;
use std::sync::Arc;

use ratatui::layout::Size;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::Resize;

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
pub fn picker_for(setting: ImageProtocol) -> (Option<Picker>, Graphics) {
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
    let detected = Picker::from_query_stdio();
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
        assert_eq!(picker_for(ImageProtocol::Off).1, Graphics::Off);
    }
}
