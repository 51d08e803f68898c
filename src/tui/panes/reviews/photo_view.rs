//! Drawing one photo box of the open review: its title (zoom keys), how the photos are
//! drawn (on its lower border), the image or why there is none.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;
use ratatui_image::Image;

use super::layout::Zoom;
use super::state::{OpenReview, ReviewsState};
use crate::client::ReviewImage;
use crate::config::{Binding, Scope};
use crate::sanitize::{fit, width};
use crate::tui::context::ViewCx;

/// Draw the box of `which` in `area` (nothing when the layout gave it no room).
pub fn image_box(
    f: &mut Frame<'_>,
    area: Rect,
    r: &ReviewsState,
    o: &OpenReview,
    which: ReviewImage,
    v: &ViewCx<'_>,
) {
    let (c, t) = (v.c, v.theme);
    if area.width == 0 || area.height == 0 {
        return;
    }
    let g = r.graphics;
    let title = match which {
        // Without images one box stands for both photos.
        _ if !g.shows_images() => c.t("reviews.image.photos"),
        ReviewImage::Document => c.t("reviews.image.document"),
        ReviewImage::Selfie => c.t("reviews.image.selfie"),
    };
    // The first box's title says how to go on: zoom keys, and how the photos are drawn
    // on its lower border (a reviewer judging a blurry photo should know why it is).
    let first_box = which == ReviewImage::Document || o.zoom == Zoom::Selfie;
    let room = usize::from(area.width.saturating_sub(4));
    let keys: Vec<String> = if o.zoom != Zoom::Off {
        vec![
            v.keymap.text_with_keys(
                c,
                "reviews.zoom.next",
                &[("zoom", Scope::Review, &[Binding::ReviewZoom])],
                &[],
            ),
            v.keymap.text_with_keys(
                c,
                "reviews.zoom.back",
                &[("back", Scope::Review, &[Binding::Back])],
                &[],
            ),
        ]
    } else if g.shows_images() {
        vec![v.keymap.text_with_keys(
            c,
            "reviews.image.zoom",
            &[("zoom", Scope::Review, &[Binding::ReviewZoom])],
            &[],
        )]
    } else {
        Vec::new()
    };
    // Each key with what it does, whole, while they fit (a narrow box keeps the first;
    // the footer has them all): a key cut from its words would say nothing.
    let mut title = fit(title, room);
    if first_box {
        for k in keys {
            let more = format!("{title} · {k}");
            if width(&more) > room {
                break;
            }
            title = more;
        }
    }
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border)
        .title(format!(" {title} "));
    if first_box && g.shows_images() {
        let how = fit(c.t(g.label_key()), room);
        block = block.title_bottom(Line::from(format!(" {how} ")).right_aligned());
    }
    let inside = block.inner(area);
    f.render_widget(block, area);
    let slot = o.slot(which);
    let msg = if !g.shows_images() {
        Some(c.tf("reviews.no_images", &[("why", c.t(g.label_key()))]))
    } else if let Some(e) = &slot.error {
        Some(e.clone())
    } else {
        match &slot.encoded {
            Some((img, _)) => {
                let p = &img.0;
                if p.needs_placeholder(inside).is_some() && g.leaves_pixels() {
                    Some("…".to_string())
                } else {
                    f.render_widget(Image::new(p).allow_clipping(true), inside);
                    None
                }
            }
            None => Some(c.t("queue.loading").to_string()),
        }
    };
    if let Some(m) = msg {
        f.render_widget(
            Paragraph::new(m).style(t.dim).wrap(Wrap { trim: true }),
            inside,
        );
    }
}
