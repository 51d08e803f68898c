//! Widths of the review queue's columns from what they hold (pure): the kind and the
//! document get the cells their texts need before the document takes what is spare, so a
//! kind is never cut ("identity …") while the document has room to give. The assignee
//! column gives way (no cells, no gap) when no review on screen is assigned.

/// The queue's columns, in order.
pub const COLUMNS: usize = 8;
/// Index of the kind column.
pub const KIND: usize = 1;
/// Index of the applicant column.
pub const APPLICANT: usize = 3;
/// Index of the document column.
pub const DOCUMENT: usize = 4;
/// Index of the claim column.
pub const CLAIM: usize = 5;
/// Index of the assignee column (absent when it would be empty).
pub const ASSIGNED: usize = 6;

/// Cells outside the columns: the selection marker and one space between the columns
/// shown (`assigned`: whether the assignee column is).
pub fn frame(assigned: bool) -> usize {
    let shown = if assigned { COLUMNS } else { COLUMNS - 1 };
    1 + (shown - 1)
}

/// The most cells the columns other than kind and document get: #, state and due are
/// short; the applicant, the claim holder and the assignee are read whole on a wide
/// terminal.
fn caps(width: usize) -> [usize; COLUMNS] {
    let wide = width >= 110;
    let (who, claim, assigned) = if wide { (12, 20, 16) } else { (8, 16, 9) };
    [7, usize::MAX, 12, who, usize::MAX, claim, assigned, 10]
}

/// Widths of the columns for a line `width` cells wide, where `need[i]` is the widest text
/// of column `i` (its title included), and `need[ASSIGNED]` is 0 when no row shown is
/// assigned: that column then gets no cells and no gap. The widths and [`frame`] add up
/// to `width` when it leaves every column shown at least one cell.
pub fn widths(width: usize, need: [usize; COLUMNS]) -> [usize; COLUMNS] {
    let caps = caps(width);
    let assigned = need[ASSIGNED] > 0;
    let mut w: [usize; COLUMNS] = std::array::from_fn(|i| need[i].min(caps[i]).max(1));
    if !assigned {
        w[ASSIGNED] = 0;
    }
    let others: usize = (0..COLUMNS)
        .filter(|i| *i != KIND && *i != DOCUMENT)
        .map(|i| w[i])
        .sum();
    let room = width.saturating_sub(frame(assigned) + others).max(2);
    let (kind, doc) = (need[KIND].max(1), need[DOCUMENT].max(1));
    if kind + doc <= room {
        w[KIND] = kind;
        w[DOCUMENT] = doc;
        // What is spare lets a cut applicant, claim holder or assignee be read whole,
        // then widens the document.
        let mut spare = room - kind - doc;
        for i in [APPLICANT, CLAIM, ASSIGNED] {
            let more = need[i].saturating_sub(w[i]).min(spare);
            w[i] += more;
            spare -= more;
        }
        w[DOCUMENT] += spare;
    } else {
        // Not both whole: the kind (a short label) whole when half the room holds it,
        // the document the rest.
        w[KIND] = kind.min(room.saturating_sub(doc).max(room / 2)).max(1);
        w[DOCUMENT] = room - w[KIND];
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the English queue holds: `#9`, "identity claim", "2nd approval", an
    /// applicant, "ID card 110***********1234", "demo-reviewer2 11m", no assignee, "2d late".
    const EN: [usize; COLUMNS] = [3, 14, 12, 11, 26, 18, 0, 7];

    #[test]
    fn at_120_columns_kind_and_document_are_whole_and_the_line_is_full() {
        let w = widths(119, EN);
        assert_eq!(w[KIND], 14);
        assert!(w[DOCUMENT] >= 26, "{w:?}");
        assert_eq!(w[APPLICANT], 11);
        assert_eq!(w[CLAIM], 18);
        assert_eq!(w.iter().sum::<usize>() + frame(false), 119);
    }

    #[test]
    fn at_80_columns_the_chinese_kind_stays_whole() {
        // 实名认证, 港澳通行证 H123****78 / 身份证 110***********1234.
        let zh = [3, 8, 10, 8, 25, 18, 0, 6];
        let w = widths(79, zh);
        assert_eq!(w[KIND], 8, "{w:?}");
        assert_eq!(w.iter().sum::<usize>() + frame(false), 79);
        assert!(w[DOCUMENT] >= 18, "{w:?}");
    }

    #[test]
    fn at_80_columns_english_shares_the_room_and_fills_the_line() {
        let w = widths(79, EN);
        assert_eq!(w.iter().sum::<usize>() + frame(false), 79);
        assert!(w[KIND] >= 10, "{w:?}");
        assert!(w[DOCUMENT] >= 10, "{w:?}");
        // Neither takes cells the other needs while having spare.
        assert!(w[KIND] <= 14 && w[DOCUMENT] <= 26, "{w:?}");
    }

    #[test]
    fn short_texts_leave_the_document_the_spare() {
        let w = widths(119, [3, 8, 6, 4, 12, 6, 0, 5]);
        assert_eq!(w[KIND], 8);
        assert_eq!(w[APPLICANT], 4);
        assert_eq!(w.iter().sum::<usize>() + frame(false), 119);
        assert!(w[DOCUMENT] > 12, "{w:?}");
    }

    #[test]
    fn a_tiny_line_keeps_every_column_a_cell() {
        let w = widths(10, EN);
        assert_eq!(w.len(), COLUMNS);
        assert!(
            w.iter().enumerate().all(|(i, x)| *x >= 1 || i == ASSIGNED),
            "{w:?}"
        );
    }

    #[test]
    fn the_assignee_column_gives_way_when_nobody_is_assigned() {
        let w = widths(119, EN);
        assert_eq!(w[ASSIGNED], 0, "{w:?}");
        // "demo-reviewer2" assigned: read whole on a wide line, the line still full.
        let mut need = EN;
        need[ASSIGNED] = 14;
        let w = widths(119, need);
        assert_eq!(w[ASSIGNED], 14, "{w:?}");
        assert_eq!(w[KIND], 14, "{w:?}");
        assert_eq!(w.iter().sum::<usize>() + frame(true), 119);
        // At 80 columns it takes its share and the kind and document still fill the line.
        let w = widths(79, need);
        assert!(w[ASSIGNED] >= 8, "{w:?}");
        assert!(w[KIND] >= 8 && w[DOCUMENT] >= 8, "{w:?}");
        assert_eq!(w.iter().sum::<usize>() + frame(true), 79);
    }
}
