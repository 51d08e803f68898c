//! Column widths of a table from its content: every column asks for what its widest cell
//! (or header) needs, and when the row is too narrow the widest columns give way first, so
//! an empty column never keeps room that a long one could use. Pure; shared by the lists.

/// What one column asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnNeed {
    /// Cells its widest cell or header needs.
    pub want: usize,
    /// Cells it keeps before it is cut further (never more than `want`).
    pub min: usize,
    /// Whether room left over after every column has its want goes to it.
    pub fill: bool,
}

impl ColumnNeed {
    /// A column that takes what it needs, down to `min`.
    pub fn new(want: usize, min: usize) -> ColumnNeed {
        ColumnNeed {
            want,
            min,
            fill: false,
        }
    }

    /// A column that also takes the room no other column needs (a subject, a comment).
    pub fn filling(want: usize, min: usize) -> ColumnNeed {
        ColumnNeed {
            want,
            min,
            fill: true,
        }
    }

    /// The widest of `cells` by display width, at least `header`'s.
    pub fn measure<'a>(header: &str, cells: impl IntoIterator<Item = &'a str>) -> usize {
        cells
            .into_iter()
            .map(crate::sanitize::width)
            .chain(std::iter::once(crate::sanitize::width(header)))
            .max()
            .unwrap_or(0)
    }
}

/// Widths for `cols` in `total` cells, `gap` cells between neighbours. The widths and gaps
/// never add up to more than `total`; when the wants fit, the rest goes to the filling
/// columns (evenly, the first ones take the odd cells) so the row spans `total`.
///
/// Too little room: one cell at a time is taken from the widest column still above its
/// minimum (so wide columns shrink towards each other and narrow ones stay whole; a
/// filling column counts half); if the minimums still do not fit, the widest columns go
/// below them, down to nothing.
pub fn allocate(total: usize, gap: usize, cols: &[ColumnNeed]) -> Vec<usize> {
    let mut w: Vec<usize> = cols.iter().map(|c| c.want).collect();
    if cols.is_empty() {
        return w;
    }
    let room = total.saturating_sub(gap * (cols.len() - 1));
    let sum: usize = w.iter().sum();
    if sum <= room {
        let fills: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].fill).collect();
        if !fills.is_empty() {
            let extra = room - sum;
            for (n, &i) in fills.iter().enumerate() {
                w[i] += extra / fills.len() + usize::from(n < extra % fills.len());
            }
        }
        return w;
    }
    let mins: Vec<usize> = cols.iter().map(|c| c.min.min(c.want)).collect();
    let fill: Vec<bool> = cols.iter().map(|c| c.fill).collect();
    shrink(&mut w, &mins, &fill, sum - room);
    let left: usize = w.iter().sum::<usize>().saturating_sub(room);
    if left > 0 {
        shrink(&mut w, &vec![0; cols.len()], &fill, left);
    }
    w
}

/// Take `excess` cells, one at a time, from the widest column above its floor; a filling
/// column counts half its width, so it keeps about twice what the others keep (it holds
/// the text that is read, such as a subject).
fn shrink(w: &mut [usize], floor: &[usize], fill: &[bool], mut excess: usize) {
    while excess > 0 {
        let weight = |i: usize| if fill[i] { w[i] } else { w[i] * 2 };
        let widest = (0..w.len())
            .filter(|&i| w[i] > floor[i])
            .max_by_key(|&i| (weight(i), std::cmp::Reverse(i)));
        let Some(i) = widest else {
            return;
        };
        w[i] -= 1;
        excess -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(w: &[usize], gap: usize) -> usize {
        w.iter().sum::<usize>() + gap * w.len().saturating_sub(1)
    }

    #[test]
    fn wants_that_fit_are_kept_and_the_rest_goes_to_the_filling_column() {
        let cols = [
            ColumnNeed::new(3, 3),
            ColumnNeed::filling(10, 8),
            ColumnNeed::new(5, 4),
        ];
        let w = allocate(40, 1, &cols);
        assert_eq!(w, vec![3, 30, 5]);
        assert_eq!(used(&w, 1), 40);
    }

    #[test]
    fn two_filling_columns_share_the_rest_evenly() {
        let cols = [ColumnNeed::filling(2, 1), ColumnNeed::filling(2, 1)];
        assert_eq!(allocate(10, 1, &cols), vec![5, 4]);
    }

    #[test]
    fn an_empty_column_gives_way_to_a_long_one() {
        // The claim column holds only "—" (its header is 5 wide): it keeps 5, not 10,
        // and the subject gets the room.
        let cols = [
            ColumnNeed::new(3, 3),
            ColumnNeed::filling(40, 12),
            ColumnNeed::new(5, 8),
            ColumnNeed::new(8, 6),
        ];
        let w = allocate(50, 1, &cols);
        assert_eq!(w[2], 5);
        assert_eq!(used(&w, 1), 50);
        assert_eq!(w[1], 50 - 3 - 3 - 5 - 8);
    }

    #[test]
    fn the_widest_columns_shrink_first_and_narrow_ones_stay_whole() {
        let cols = [
            ColumnNeed::new(3, 3),
            ColumnNeed::new(20, 6),
            ColumnNeed::new(14, 6),
            ColumnNeed::new(6, 4),
        ];
        let w = allocate(40, 1, &cols);
        assert_eq!(used(&w, 1), 40);
        assert_eq!(w[0], 3);
        assert_eq!(w[3], 6);
        // The two wide ones meet in the middle.
        assert!(w[1].abs_diff(w[2]) <= 1, "{w:?}");
    }

    #[test]
    fn a_filling_column_keeps_about_twice_what_a_shrunk_one_keeps() {
        let cols = [ColumnNeed::filling(40, 10), ColumnNeed::new(20, 6)];
        let w = allocate(31, 1, &cols);
        assert_eq!(used(&w, 1), 31);
        assert!(w[0].abs_diff(2 * w[1]) <= 2, "{w:?}");
    }

    #[test]
    fn below_the_minimums_the_row_still_never_overflows() {
        let cols = [
            ColumnNeed::new(10, 8),
            ColumnNeed::filling(20, 12),
            ColumnNeed::new(10, 8),
        ];
        for total in 0..60 {
            let w = allocate(total, 1, &cols);
            assert_eq!(w.len(), 3);
            assert!(
                w.iter().sum::<usize>() <= total.saturating_sub(2),
                "{total}: {w:?}"
            );
            for (i, c) in cols.iter().enumerate() {
                assert!(w[i] <= c.want.max(total), "{total}: {w:?}");
            }
        }
        // At 30 cells the minimums (28 with the gaps) hold.
        let w = allocate(30, 1, &cols);
        assert!(w[0] >= 8 && w[2] >= 8 && w[1] >= 10, "{w:?}");
    }

    #[test]
    fn measure_takes_the_widest_cell_or_the_header_by_display_width() {
        assert_eq!(ColumnNeed::measure("Claim", ["—", "—"]), 5);
        assert_eq!(ColumnNeed::measure("#", ["101", "王𠮷"]), 4);
        assert_eq!(ColumnNeed::measure("认领", std::iter::empty()), 4);
    }
}
