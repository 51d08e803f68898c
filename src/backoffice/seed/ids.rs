//! Identity numbers and mobile numbers that look real and pass their checks.

use super::prng::Rng;

/// Real county-level region codes (GB/T 2260) used for mainland resident IDs.
const REGIONS: &[&str] = &[
    "110101", "110102", "110105", "110106", "110108", "110114", "120101", "120104", "130102",
    "130104", "140105", "150102", "210102", "210202", "220102", "230102", "310101", "310104",
    "310105", "310112", "310115", "320102", "320106", "320583", "330102", "330106", "330212",
    "340104", "350102", "350203", "360102", "370102", "370202", "410105", "420102", "420106",
    "430102", "430104", "440103", "440104", "440106", "440304", "440305", "450103", "460106",
    "500103", "500106", "510104", "510107", "520102", "530102", "540102", "610103", "610113",
    "620102", "630102", "640104", "650102",
];

/// Region prefixes of residence permits for Hong Kong, Macau and Taiwan residents.
const PERMIT_REGIONS: &[&str] = &["810000", "820000", "830000"];

/// Mobile prefixes of the three carriers (13x, 15x, 18x, 19x).
const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187",
    "188", "189", "191", "193", "195", "198", "199",
];

/// Military region characters seen on officer ID cards (军官证).
const MILITARY_PREFIXES: &[&str] = &["北", "沈", "兰", "济", "南", "广", "成", "海", "空", "政"];

/// ISO 7064 MOD 11-2 check character; the generator only ever passes 17 digits.
fn resident_check_digit(first17: &str) -> char {
    crate::domain::identity::check_digit(first17).unwrap_or('?')
}

/// Whether `id` is 18 characters, 17 digits plus the right check character.
#[cfg(test)]
pub(crate) fn resident_id_is_valid(id: &str) -> bool {
    id.len() == 18
        && id[..17].bytes().all(|b| b.is_ascii_digit())
        && id[17..].starts_with(resident_check_digit(&id[..17]))
}

/// A birth date between 1960 and 2006 as (year, month, day).
pub(crate) fn birth_date(rng: &mut Rng, from_year: i32, to_year: i32) -> (i32, u32, u32) {
    let year = rng.range(i64::from(from_year), i64::from(to_year)) as i32;
    let month = rng.range(1, 12) as u32;
    let day = rng.range(1, i64::from(days_in_month(year, month))) as u32;
    (year, month, day)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An 18-character number from a region prefix, a birth date and a sequence.
pub(crate) fn resident_number(region: &str, birth: (i32, u32, u32), seq: u32) -> String {
    let first17 = format!("{region}{:04}{:02}{:02}{seq:03}", birth.0, birth.1, birth.2);
    let check = resident_check_digit(&first17);
    format!("{first17}{check}")
}

/// A mainland resident ID for someone born on `birth`.
pub(crate) fn resident_id(rng: &mut Rng, birth: (i32, u32, u32)) -> String {
    let region = rng.pick(REGIONS);
    resident_number(region, birth, rng.range(1, 999) as u32)
}

/// A residence permit number for a Hong Kong, Macau or Taiwan resident.
pub(crate) fn residence_permit(rng: &mut Rng, birth: (i32, u32, u32)) -> String {
    let region = rng.pick(PERMIT_REGIONS);
    resident_number(region, birth, rng.range(1, 999) as u32)
}

/// A Hong Kong/Macau travel permit: H or M and 8 digits.
pub(crate) fn hk_macau_permit(rng: &mut Rng) -> String {
    let letter = if rng.chance(700) { 'H' } else { 'M' };
    format!("{letter}{}", rng.digits(8))
}

/// A Taiwan travel permit (台胞证): 8 digits.
pub(crate) fn taiwan_permit(rng: &mut Rng) -> String {
    rng.digits(8)
}

/// A passport number: E and 8 digits.
pub(crate) fn passport(rng: &mut Rng) -> String {
    format!("E{}", rng.digits(8))
}

/// An officer ID number such as 南字第20154321号.
pub(crate) fn officer_id(rng: &mut Rng) -> String {
    let region = rng.pick(MILITARY_PREFIXES);
    format!("{region}字第{}号", rng.digits(8))
}

/// An 11-digit mobile number (uniqueness is the caller's job).
pub(crate) fn mobile(rng: &mut Rng) -> String {
    let prefix = rng.pick(MOBILE_PREFIXES);
    format!("{prefix}{}", rng.digits(8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_example_checks_out() {
        assert_eq!(resident_check_digit("11010519491231002"), 'X');
        assert!(resident_id_is_valid("11010519491231002X"));
        assert!(!resident_id_is_valid("110105194912310021"));
        assert!(!resident_id_is_valid("11010519491231002"));
    }

    #[test]
    fn generated_numbers_are_well_formed() {
        let mut rng = Rng::new(1);
        for _ in 0..500 {
            let birth = birth_date(&mut rng, 1960, 2006);
            assert!(resident_id_is_valid(&resident_id(&mut rng, birth)));
            assert!(resident_id_is_valid(&residence_permit(&mut rng, birth)));
            let m = mobile(&mut rng);
            assert!(m.len() == 11 && m.bytes().all(|b| b.is_ascii_digit()));
            let p = hk_macau_permit(&mut rng);
            assert!(p.len() == 9 && (p.starts_with('H') || p.starts_with('M')));
        }
    }
}
