//! Widths of the review queue's columns from what they hold (pure): the kind and the
//! document get the cells their texts need before the document takes what is spare, so a
//! kind is never cut ("identity …") while the document has room to give.

/// The queue's columns, in order.
pub const COLUMNS: usize = 7;
/// Index of the kind column.
pub const KIND: usize = 1;
/// Index of the applicant column.
pub const APPLICANT: usize = 3;
/// Index of the document column.
pub const DOCUMENT: usize = 4;
/// Index of the claim column.
pub const CLAIM: usize = 5;

/// Cells outside the columns: the selection marker and one space between columns.
pub const FRAME: usize = 1 + (COLUMNS - 1);

/// The most cells the columns other than kind and document get: #, state and due are
/// short; the applicant and the claim holder are read whole on a wide terminal.
fn caps(width: usize) -> [usize; COLUMNS] {
    let wide = width >= 110;
    let (who, claim) = if wide { (12, 20) } else { (8, 16) };
    [7, usize::MAX, 12, who, usize::MAX, claim, 10]
}

/// Widths of the columns for a line `width` cells wide, where `need[i]` is the widest text
/// of column `i` (its title included). The widths and [`FRAME`] add up to `width` when
/// it leaves every column at least one cell.
pub fn widths(width: usize, need: [usize; COLUMNS]) -> [usize; COLUMNS] {
    let caps = caps(width);
    let mut w: [usize; COLUMNS] = std::array::from_fn(|i| need[i].min(caps[i]).max(1));
    let others: usize = (0..COLUMNS)
        .filter(|i| *i != KIND && *i != DOCUMENT)
        .map(|i| w[i])
        .sum();
    let room = width.saturating_sub(FRAME + others).max(2);
    let (kind, doc) = (need[KIND].max(1), need[DOCUMENT].max(1));
    if kind + doc <= room {
        w[KIND] = kind;
        w[DOCUMENT] = doc;
        // What is spare lets a cut applicant or claim holder be read whole, then widens
        // the document.
        let mut spare = room - kind - doc;
        for i in [APPLICANT, CLAIM] {
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
    /// applicant, "ID card 110***********1234", "demo-reviewer2 11m", "2d late".
    const EN: [usize; COLUMNS] = [3, 14, 12, 11, 26, 18, 7];

    #[test]
    fn at_120_columns_kind_and_document_are_whole_and_the_line_is_full() {
        let w = widths(119, EN);
        assert_eq!(w[KIND], 14);
        assert!(w[DOCUMENT] >= 26, "{w:?}");
        assert_eq!(w[APPLICANT], 11);
        assert_eq!(w[CLAIM], 18);
        assert_eq!(w.iter().sum::<usize>() + FRAME, 119);
    }

    #[test]
    fn at_80_columns_the_chinese_kind_stays_whole() {
        // 实名认证, 港澳通行证 H123****78 / 身份证 110***********1234.
        let zh = [3, 8, 10, 8, 25, 18, 6];
        let w = widths(79, zh);
        assert_eq!(w[KIND], 8, "{w:?}");
        assert_eq!(w.iter().sum::<usize>() + FRAME, 79);
        assert!(w[DOCUMENT] >= 18, "{w:?}");
    }

    #[test]
    fn at_80_columns_english_shares_the_room_and_fills_the_line() {
        let w = widths(79, EN);
        assert_eq!(w.iter().sum::<usize>() + FRAME, 79);
        assert!(w[KIND] >= 10, "{w:?}");
        assert!(w[DOCUMENT] >= 10, "{w:?}");
        // Neither takes cells the other needs while having spare.
        assert!(w[KIND] <= 14 && w[DOCUMENT] <= 26, "{w:?}");
    }

    #[test]
    fn short_texts_leave_the_document_the_spare() {
        let w = widths(119, [3, 8, 6, 4, 12, 6, 5]);
        assert_eq!(w[KIND], 8);
        assert_eq!(w[APPLICANT], 4);
        assert_eq!(w.iter().sum::<usize>() + FRAME, 119);
        assert!(w[DOCUMENT] > 12, "{w:?}");
    }

    #[test]
    fn a_tiny_line_keeps_every_column_a_cell() {
        let w = widths(10, EN);
        assert_eq!(w.len(), COLUMNS);
        assert!(w.iter().all(|x| *x >= 1), "{w:?}");
    }
}
