//! The wire size of an encoded image and the smaller box to try when it is over
//! `ui.image_max_kib` (a slow link: every byte of a photo delays the frames behind it).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_image::protocol::Protocol;
use ratatui_image::Image;

/// Bytes the terminal receives to draw `p` (its escape sequences and the cells' glyphs;
/// colours of half blocks not counted). For kitty this spends the image's one
/// transmission, so the caller draws a fresh encoding.
pub fn wire_len(p: &Protocol) -> usize {
    let s = p.size();
    let area = Rect::new(0, 0, s.width, s.height);
    let mut buf = Buffer::empty(area);
    Image::new(p).render(area, &mut buf);
    buf.content.iter().map(|c| c.symbol().len()).sum()
}

/// A box for an encoding of about `max` bytes, from one of `len` bytes made for `cells`:
/// bytes follow the pixels, so each side shrinks by √(max/len), with a margin, and at
/// least by a tenth (so trying again always changes something).
pub fn smaller_box(cells: (u16, u16), len: usize, max: usize) -> (u16, u16) {
    let ratio = (max as f64 / len.max(1) as f64).sqrt() * 0.9;
    let f = ratio.clamp(0.2, 0.9);
    let side = |n: u16| ((f64::from(n) * f).floor() as u16).max(1);
    (side(cells.0), side(cells.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_shrinks_with_the_square_root_of_the_excess() {
        // Four times over: each side to about half (0.45 with the margin).
        assert_eq!(smaller_box((100, 40), 40_000, 10_000), (45, 18));
        // Barely over: still at least a tenth smaller.
        assert_eq!(smaller_box((100, 40), 10_100, 10_000), (89, 35));
        // Far over: no less than a fifth, never zero.
        assert_eq!(smaller_box((100, 40), 10_000_000, 10), (20, 8));
        assert_eq!(smaller_box((1, 1), 10_000_000, 10), (1, 1));
    }
}
