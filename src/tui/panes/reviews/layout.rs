//! Where the open review's photos and text go (pure: rectangles from the pane's size, the
//! zoom, the photos' proportions and how many rows the text needs).
//!
//! A cell is about twice as high as it is wide, so a photo `w × h` pixels fits a box of
//! `2·h·(w/h)` columns per row: the document (a card, about 1.6:1) and the selfie (about
//! 5:6) side by side take about 4.9 columns per row, and the height a pane can give them is
//! what limits them on a wide terminal, the width on a narrow one.

use ratatui::layout::Rect;

/// What the photos fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zoom {
    /// The review: photos side by side above the text.
    #[default]
    Off,
    /// The document photo alone, on the whole pane.
    Document,
    /// The selfie alone, on the whole pane.
    Selfie,
    /// Both photos side by side, on the whole pane.
    Both,
}

impl Zoom {
    /// The next step of the zoom key: document, selfie, both, back to the review.
    pub fn next(self) -> Zoom {
        match self {
            Zoom::Off => Zoom::Document,
            Zoom::Document => Zoom::Selfie,
            Zoom::Selfie => Zoom::Both,
            Zoom::Both => Zoom::Off,
        }
    }
}

/// Proportions (width / height) assumed until a photo's own are known: an identity card
/// (85.6 × 54 mm) and a portrait selfie.
pub const DEFAULT_ASPECTS: [f64; 2] = [1.6, 5.0 / 6.0];

/// Rows a photo box keeps at least in the review (its border and three rows of picture).
pub const MIN_PHOTO_ROWS: u16 = 5;

/// Rows of the one box shown instead of the photos when no image is drawn (a border and
/// two lines saying why: the reason is worth reading whole).
pub const NO_IMAGE_ROWS: u16 = 4;

/// The rectangles of the open review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewLayout {
    /// The document photo's box (border included); empty when not shown.
    pub document: Rect,
    /// The selfie's box (border included); empty when not shown.
    pub selfie: Rect,
    /// The review's text (facts, checklist or form); empty while zoomed.
    pub text: Rect,
}

/// Columns a photo of proportions `aspect` takes at `rows` rows (cells are 1:2).
fn cols_for(aspect: f64, rows: u16) -> u16 {
    let cols = (aspect * 2.0 * f64::from(rows)).round();
    // Bounded by the pane's width in every caller; the cast cannot overflow a u16 there.
    cols.clamp(1.0, f64::from(u16::MAX)) as u16
}

/// The picture cells (columns, rows) of photos with `aspects` side by side in at most
/// `width × height` cells of boxes (each box adds a border of one cell around).
fn fit_row(aspects: &[f64], width: u16, height: u16) -> Vec<(u16, u16)> {
    let n = aspects.len() as u16;
    let borders = 2 * n;
    let mut rows = height.saturating_sub(2);
    let per_row: f64 = aspects.iter().map(|a| a * 2.0).sum();
    let room = f64::from(width.saturating_sub(borders));
    if per_row > 0.0 && f64::from(rows) * per_row > room {
        rows = (room / per_row).floor() as u16;
    }
    let rows = rows.max(1);
    let mut cells: Vec<(u16, u16)> = aspects.iter().map(|a| (cols_for(*a, rows), rows)).collect();
    // Rounding may overshoot by a column or two: take them from the widest.
    while cells.iter().map(|c| c.0).sum::<u16>() + borders > width {
        let Some(widest) = cells.iter_mut().max_by_key(|c| c.0) else {
            break;
        };
        if widest.0 <= 1 {
            break;
        }
        widest.0 -= 1;
    }
    cells
}

/// Boxes of `cells` side by side from `(x, y)`.
fn boxes(x: u16, y: u16, cells: &[(u16, u16)]) -> Vec<Rect> {
    let mut at = x;
    cells
        .iter()
        .map(|(w, h)| {
            let r = Rect::new(at, y, w + 2, h + 2);
            at += w + 2;
            r
        })
        .collect()
}

/// Lay the open review out in `area`: `aspects` are the document's and the selfie's
/// proportions, `text_rows` the rows the text wants (it gets them first, the photos the
/// rest), `images` whether photos are drawn at all (if not, their boxes hold one line).
pub fn layout(
    area: Rect,
    zoom: Zoom,
    aspects: [f64; 2],
    text_rows: u16,
    images: bool,
) -> ReviewLayout {
    let empty = Rect::new(area.x, area.y, 0, 0);
    let centered = |cells: &[(u16, u16)]| {
        let used: u16 = cells.iter().map(|c| c.0 + 2).sum();
        let x = area.x + area.width.saturating_sub(used) / 2;
        boxes(x, area.y, cells)
    };
    match zoom {
        Zoom::Document | Zoom::Selfie => {
            let i = usize::from(zoom == Zoom::Selfie);
            let one = centered(&fit_row(&aspects[i..=i], area.width, area.height));
            let (doc, selfie) = if i == 0 {
                (one[0], empty)
            } else {
                (empty, one[0])
            };
            ReviewLayout {
                document: doc,
                selfie,
                text: empty,
            }
        }
        Zoom::Both => {
            let two = centered(&fit_row(&aspects, area.width, area.height));
            ReviewLayout {
                document: two[0],
                selfie: two[1],
                text: empty,
            }
        }
        Zoom::Off => {
            let photo_rows = if images {
                area.height.saturating_sub(text_rows).max(MIN_PHOTO_ROWS)
            } else {
                NO_IMAGE_ROWS
            }
            .min(area.height);
            let (doc, selfie) = if images {
                let two = boxes(area.x, area.y, &fit_row(&aspects, area.width, photo_rows));
                (two[0], two[1])
            } else {
                // One box says why for both photos.
                (Rect::new(area.x, area.y, area.width, photo_rows), empty)
            };
            let top = doc.height.max(selfie.height);
            let text = Rect::new(
                area.x,
                area.y + top,
                area.width,
                area.height.saturating_sub(top),
            );
            ReviewLayout {
                document: doc,
                selfie,
                text,
            }
        }
    }
}

/// Width / height of a PNG, read from its header (no decoding).
pub fn png_aspect(png: &[u8]) -> Option<f64> {
    // Signature (8), IHDR length (4) and type (4), then width and height, big-endian.
    if png.len() < 24 || &png[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    (w > 0 && h > 0).then(|| f64::from(w) / f64::from(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The main area of a `w × h` terminal (below the title and tabs, above the status).
    fn main(w: u16, h: u16) -> Rect {
        Rect::new(0, 2, w, h - 3)
    }

    #[test]
    fn at_120x40_the_photos_are_large_and_the_text_keeps_its_rows() {
        let l = layout(main(120, 40), Zoom::Off, DEFAULT_ASPECTS, 12, true);
        assert!(l.document.height >= 22, "{l:?}");
        assert_eq!(l.document.height, l.selfie.height);
        assert!(l.document.width >= 70, "{l:?}");
        assert!(l.selfie.right() <= 120, "{l:?}");
        assert_eq!(l.selfie.x, l.document.right());
        assert!(l.text.height >= 12, "{l:?}");
        assert_eq!(l.text.y, l.document.bottom());
        assert_eq!(l.text.bottom(), main(120, 40).bottom());
    }

    #[test]
    fn at_80x24_the_text_comes_first() {
        let l = layout(main(80, 24), Zoom::Off, DEFAULT_ASPECTS, 12, true);
        assert_eq!(l.text.height, 12, "{l:?}");
        assert_eq!(l.document.height, 9, "{l:?}");
        // The document keeps its proportions: 1.6 × 2 columns a row.
        assert_eq!(l.document.width - 2, 22, "{l:?}");
        assert_eq!(l.selfie.width - 2, 12, "{l:?}");
    }

    #[test]
    fn a_long_text_leaves_the_photos_their_minimum() {
        let l = layout(main(80, 24), Zoom::Off, DEFAULT_ASPECTS, 40, true);
        assert_eq!(l.document.height, MIN_PHOTO_ROWS);
        assert_eq!(l.text.height, 21 - MIN_PHOTO_ROWS);
    }

    #[test]
    fn without_images_one_box_says_why() {
        let l = layout(main(80, 24), Zoom::Off, DEFAULT_ASPECTS, 8, false);
        assert_eq!(l.document.height, NO_IMAGE_ROWS);
        assert_eq!(l.document.width, 80);
        assert_eq!(l.selfie.width, 0);
        assert_eq!(l.text.height, 21 - NO_IMAGE_ROWS);
    }

    #[test]
    fn each_zoom_uses_the_whole_pane() {
        let area = main(120, 40);
        let doc = layout(area, Zoom::Document, DEFAULT_ASPECTS, 12, true);
        assert_eq!(doc.document.height, area.height, "{doc:?}");
        assert_eq!(doc.selfie.width, 0);
        assert_eq!(doc.text.height, 0);
        let selfie = layout(area, Zoom::Selfie, DEFAULT_ASPECTS, 12, true);
        assert_eq!(selfie.selfie.height, area.height, "{selfie:?}");
        assert_eq!(selfie.document.width, 0);
        // Centred.
        let left = selfie.selfie.x - area.x;
        let right = area.right() - selfie.selfie.right();
        assert!(left.abs_diff(right) <= 1, "{selfie:?}");
        let both = layout(area, Zoom::Both, DEFAULT_ASPECTS, 12, true);
        assert!(both.document.width + both.selfie.width <= area.width);
        assert!(
            both.document.width + both.selfie.width >= area.width - 6,
            "{both:?}"
        );
        // A zoomed document is larger than in the review.
        let off = layout(area, Zoom::Off, DEFAULT_ASPECTS, 12, true);
        assert!(doc.document.width > off.document.width);
    }

    #[test]
    fn a_narrow_pane_limits_the_width_not_the_proportions() {
        let l = layout(Rect::new(0, 0, 40, 60), Zoom::Both, [1.6, 1.0], 0, true);
        assert!(l.selfie.right() <= 40, "{l:?}");
        let (dw, dh) = (l.document.width - 2, l.document.height - 2);
        assert!(
            (f64::from(dw) / f64::from(dh) / 2.0 - 1.6).abs() < 0.2,
            "{l:?}"
        );
    }

    #[test]
    fn the_zoom_key_cycles() {
        let mut z = Zoom::Off;
        let mut seen = Vec::new();
        for _ in 0..4 {
            z = z.next();
            seen.push(z);
        }
        assert_eq!(seen, [Zoom::Document, Zoom::Selfie, Zoom::Both, Zoom::Off]);
    }

    #[test]
    fn png_proportions_come_from_the_header() {
        let img = image::RgbImage::new(320, 200);
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        assert_eq!(png_aspect(out.get_ref()), Some(1.6));
        assert_eq!(png_aspect(b"not a png"), None);
    }
}
