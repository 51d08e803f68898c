//! Synthetic review images: a drawn identity card and a cartoon selfie, encoded as PNG.
//!
//! Everything is drawn from rectangles and ellipses: no real document, no real face.

use super::prng::Rng;

/// Width of a document image.
pub const DOCUMENT_WIDTH: u32 = 320;
/// Height of a document image.
pub const DOCUMENT_HEIGHT: u32 = 200;
/// Width of a selfie image.
pub const SELFIE_WIDTH: u32 = 200;
/// Height of a selfie image.
pub const SELFIE_HEIGHT: u32 = 240;

type Rgb = [u8; 3];

const INK: Rgb = [0x33, 0x36, 0x3d];
const LABEL: Rgb = [0xa9, 0xb0, 0xbb];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const EMBLEM: Rgb = [0xc8, 0x2b, 0x2b];
const EMBLEM_STAR: Rgb = [0xf2, 0xc9, 0x4c];

/// Card tint and band colour by card family.
const CARD_COLOURS: [(Rgb, Rgb); 6] = [
    ([0xe8, 0xf1, 0xf8], [0x3a, 0x7b, 0xc8]), // resident ID
    ([0xe6, 0xf4, 0xea], [0x2e, 0x8b, 0x57]), // Hong Kong / Macau permit
    ([0xf3, 0xea, 0xf7], [0x7b, 0x4b, 0xa0]), // Taiwan permit
    ([0xff, 0xf4, 0xe0], [0xd9, 0x82, 0x2b]), // residence permit
    ([0xe9, 0xec, 0xf5], [0x8b, 0x1e, 0x2d]), // passport
    ([0xef, 0xf3, 0xe6], [0x55, 0x6b, 0x2f]), // officer ID
];

const SKINS: &[Rgb] = &[
    [0xf5, 0xd6, 0xb8],
    [0xf0, 0xc8, 0xa0],
    [0xe0, 0xb0, 0x88],
    [0xc6, 0x94, 0x6c],
    [0xfa, 0xe0, 0xc8],
];
const HAIRS: &[Rgb] = &[
    [0x1f, 0x1b, 0x18],
    [0x2b, 0x22, 0x1c],
    [0x4a, 0x35, 0x28],
    [0x6b, 0x4a, 0x2f],
    [0x8a, 0x8a, 0x8a],
];
const SHIRTS: &[Rgb] = &[
    [0x3b, 0x5b, 0x92],
    [0xd9, 0xd9, 0xd9],
    [0x2f, 0x2f, 0x36],
    [0x9c, 0x3d, 0x54],
    [0x4e, 0x8f, 0x6d],
    [0xe0, 0xa4, 0x3a],
];
const BACKDROPS: &[Rgb] = &[
    [0xdd, 0xe6, 0xf0],
    [0xf0, 0xea, 0xdc],
    [0xe3, 0xef, 0xe3],
    [0xee, 0xe0, 0xe8],
    [0xe8, 0xe8, 0xe8],
];

/// The look of a cartoon person, drawn the same way on the card and in the selfie.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Face {
    skin: Rgb,
    hair: Rgb,
    shirt: Rgb,
    long_hair: bool,
    glasses: bool,
    eye_gap: u32,
    smile: bool,
}

impl Face {
    /// A random cartoon look.
    pub(crate) fn random(rng: &mut Rng) -> Face {
        Face {
            skin: rng.pick(SKINS),
            hair: rng.pick(HAIRS),
            shirt: rng.pick(SHIRTS),
            long_hair: rng.chance(450),
            glasses: rng.chance(250),
            eye_gap: rng.range(30, 42) as u32,
            smile: rng.chance(600),
        }
    }
}

/// An RGB pixel buffer with a few drawing primitives.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32, background: Rgb) -> Canvas {
        // `repeat` copies by doubling, which stays fast in unoptimized builds too.
        let pixels = background.repeat(width as usize).repeat(height as usize);
        Canvas {
            width,
            height,
            pixels,
        }
    }

    fn rect(&mut self, x: i32, y: i32, w: i32, h: i32, colour: Rgb) {
        let x0 = x.clamp(0, self.width as i32) as usize;
        let x1 = (x + w).clamp(0, self.width as i32) as usize;
        let y0 = y.clamp(0, self.height as i32) as usize;
        let y1 = (y + h).clamp(0, self.height as i32) as usize;
        if x0 >= x1 {
            return;
        }
        let stride = self.width as usize * 3;
        let segment = colour.repeat(x1 - x0);
        for row in y0..y1 {
            let start = row * stride + x0 * 3;
            self.pixels[start..start + segment.len()].copy_from_slice(&segment);
        }
    }

    /// A filled ellipse centred on (cx, cy) with radii `rx` and `ry`.
    fn ellipse(&mut self, cx: i32, cy: i32, rx: i32, ry: i32, colour: Rgb) {
        if rx <= 0 || ry <= 0 {
            return;
        }
        let (rx2, ry2) = (i64::from(rx * rx), i64::from(ry * ry));
        for dy in -ry..=ry {
            // Half-width of the row: x²/rx² + y²/ry² <= 1.
            let rem = rx2 * (ry2 - i64::from(dy * dy));
            let half = isqrt(rem / ry2.max(1)) as i32;
            self.rect(cx - half, cy + dy, 2 * half + 1, 1, colour);
        }
    }

    /// Copies `src` with its top-left corner at (x, y); rows that do not fit are skipped.
    fn blit(&mut self, src: &Canvas, x: i32, y: i32) {
        let stride = self.width as usize * 3;
        let src_stride = src.width as usize * 3;
        for row in 0..src.height as i32 {
            let ty = y + row;
            if ty < 0
                || ty >= self.height as i32
                || x < 0
                || x + src.width as i32 > self.width as i32
            {
                continue;
            }
            let dst = ty as usize * stride + x as usize * 3;
            let from = row as usize * src_stride;
            self.pixels[dst..dst + src_stride]
                .copy_from_slice(&src.pixels[from..from + src_stride]);
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let written = encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&self.pixels));
        // Encoding into memory only fails on a size mismatch, which the canvas rules out;
        // an empty image is the honest fallback (the tests decode every image).
        match written {
            Ok(()) => out,
            Err(_) => Vec::new(),
        }
    }
}

fn isqrt(v: i64) -> i64 {
    if v <= 0 {
        return 0;
    }
    let mut x = (v as f64).sqrt() as i64;
    while x * x > v {
        x -= 1;
    }
    while (x + 1) * (x + 1) <= v {
        x += 1;
    }
    x
}

/// Head and shoulders of `face`, the head centred on (cx, cy) with radius `r`.
fn person(c: &mut Canvas, face: &Face, cx: i32, cy: i32, r: i32) {
    // Shoulders and neck.
    c.ellipse(cx, cy + r * 2 + r / 2, r * 2, r + r / 4, face.shirt);
    c.rect(cx - r / 3, cy + r / 2, r * 2 / 3, r, face.skin);
    // Long hair falls behind the head.
    if face.long_hair {
        c.ellipse(cx, cy + r / 3, r + r / 5, r + r / 3, face.hair);
    }
    c.ellipse(cx, cy, r * 4 / 5, r, face.skin);
    // Fringe: the top of a hair ellipse, trimmed by the forehead.
    c.ellipse(cx, cy - r / 2, r * 17 / 20, r / 2 + 2, face.hair);
    c.ellipse(cx, cy - r / 5, r * 3 / 5, r / 4, face.skin);
    // Eyes, nose, mouth.
    let gap = face.eye_gap as i32 * r / 100;
    let eye_y = cy + r / 10;
    for side in [-1, 1] {
        c.ellipse(cx + side * gap, eye_y, (r / 12).max(1), (r / 9).max(1), INK);
        if face.glasses {
            let lens = r / 4;
            c.rect(cx + side * gap - lens, eye_y - lens, lens * 2, 2, INK);
            c.rect(cx + side * gap - lens, eye_y + lens, lens * 2, 2, INK);
            c.rect(cx + side * gap - lens, eye_y - lens, 2, lens * 2, INK);
            c.rect(cx + side * gap + lens, eye_y - lens, 2, lens * 2 + 2, INK);
        }
    }
    let nose = [
        face.skin[0].saturating_sub(40),
        face.skin[1].saturating_sub(45),
        face.skin[2].saturating_sub(45),
    ];
    c.ellipse(cx, cy + r * 3 / 10, (r / 14).max(1), (r / 10).max(1), nose);
    let mouth_y = cy + r * 11 / 20;
    if face.smile {
        c.ellipse(cx, mouth_y, r / 4, r / 7, [0xb0, 0x40, 0x48]);
        c.ellipse(cx, mouth_y - r / 14, r / 4 + 1, r / 8, face.skin);
    } else {
        c.rect(
            cx - r / 5,
            mouth_y,
            r * 2 / 5,
            (r / 16).max(2),
            [0xa0, 0x48, 0x4c],
        );
    }
}

/// A drawn identity card of family `family` (0 resident ID … 5 officer ID) showing `face`.
pub(crate) fn document_png(rng: &mut Rng, family: usize, face: &Face) -> Vec<u8> {
    let (tint, band) = CARD_COLOURS[family.min(CARD_COLOURS.len() - 1)];
    let (w, h) = (DOCUMENT_WIDTH as i32, DOCUMENT_HEIGHT as i32);
    let mut c = Canvas::new(DOCUMENT_WIDTH, DOCUMENT_HEIGHT, [0x5a, 0x5f, 0x66]);
    // The card lies slightly off-centre on a dark table.
    let (ox, oy) = (rng.range(4, 14) as i32, rng.range(4, 12) as i32);
    let (cw, ch) = (w - 18, h - 16);
    c.rect(ox, oy, cw, ch, tint);
    c.rect(ox, oy, cw, 30, band);
    c.ellipse(ox + 18, oy + 15, 11, 11, EMBLEM);
    c.ellipse(ox + 18, oy + 15, 4, 4, EMBLEM_STAR);
    // Title "text" in the band.
    let title = rng.range(90, 150) as i32;
    c.rect(ox + 38, oy + 9, title, 12, WHITE);
    // Label and value bars.
    for line in 0..4 {
        let y = oy + 42 + line * 22;
        c.rect(ox + 12, y, 28, 9, LABEL);
        let mut x = ox + 48;
        let words = rng.range(1, 3);
        for _ in 0..words {
            let len = rng.range(18, 52) as i32;
            if x + len > ox + 196 {
                break;
            }
            c.rect(x, y - 1, len, 11, INK);
            x += len + 6;
        }
    }
    // The number strip: one block per "character".
    let y = oy + ch - 26;
    c.rect(ox + 12, y, 40, 9, LABEL);
    for i in 0..18 {
        let tall = if rng.chance(500) { 12 } else { 10 };
        c.rect(ox + 58 + i * 8, y - 1, 6, tall, INK);
    }
    // Photo in its frame.
    let (px, py, pw, ph) = (ox + cw - 92, oy + 40, 80, 100);
    c.rect(px - 2, py - 2, pw + 4, ph + 4, band);
    c.rect(px, py, pw, ph, [0xf4, 0xf6, 0xf8]);
    let mut photo = Canvas::new(pw as u32, ph as u32, [0xf4, 0xf6, 0xf8]);
    person(&mut photo, face, pw / 2, ph * 2 / 5, 24);
    c.blit(&photo, px, py);
    // A faint security stripe across the card.
    let stripe = [
        tint[0].saturating_sub(12),
        tint[1].saturating_sub(8),
        tint[2].saturating_sub(4),
    ];
    c.rect(ox, oy + 31, cw, 3, stripe);
    c.encode()
}

/// A cartoon selfie of `face` on a plain background, sometimes holding a card.
pub(crate) fn selfie_png(rng: &mut Rng, face: &Face) -> Vec<u8> {
    let mut c = Canvas::new(SELFIE_WIDTH, SELFIE_HEIGHT, rng.pick(BACKDROPS));
    let cx = SELFIE_WIDTH as i32 / 2 + rng.range(-12, 12) as i32;
    let cy = 96 + rng.range(-8, 8) as i32;
    person(&mut c, face, cx, cy, rng.range(44, 52) as i32);
    if rng.chance(400) {
        // Holding the card (手持证件): a small card in the lower corner.
        let (x, y) = (rng.range(112, 128) as i32, rng.range(168, 180) as i32);
        c.rect(x, y, 70, 44, [0xe8, 0xf1, 0xf8]);
        c.rect(x, y, 70, 9, [0x3a, 0x7b, 0xc8]);
        c.rect(x + 6, y + 16, 34, 5, INK);
        c.rect(x + 6, y + 27, 40, 5, INK);
        c.ellipse(x - 2, y + 30, 9, 12, face.skin);
    }
    c.encode()
}
