//! A screen drawn on ratatui's TestBackend read back as text, for the snapshot tests.
#![allow(dead_code)]

use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The text of row `y`, one entry per cluster (the hidden halves of wide cells left out).
pub fn row_text(t: &Terminal<TestBackend>, y: u16) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    let mut skip = 0;
    for x in 0..buf.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let sym = buf[(x, y)].symbol();
        skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        out.push_str(sym);
    }
    out
}

/// Every row of the screen.
pub fn rows(t: &Terminal<TestBackend>) -> Vec<String> {
    (0..t.backend().buffer().area.height)
        .map(|y| row_text(t, y))
        .collect()
}
