//! Evidence images (the document scan, the selfie) as an agent uploads them: what is
//! accepted, checked before anything large is allocated, and re-encoded as a PNG so that
//! metadata (EXIF location, camera serial numbers) never reaches the store.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use sha2::{Digest, Sha256};
use thiserror::Error;

use super::review::ReviewKind;

/// Largest upload accepted, in bytes (5 MiB).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
/// Longest side accepted, in pixels.
pub const MAX_SIDE: u32 = 8_000;
/// Most pixels accepted (64 megapixels).
pub const MAX_PIXELS: u64 = 64_000_000;
/// Longest side kept: larger photos are scaled down (a document stays legible at this
/// size, and a reviewer on a slow link does not wait for a 20 MB PNG).
pub const STORED_SIDE: u32 = 2_400;
/// Memory a decoder may take beyond the image itself.
const DECODER_ALLOC: u64 = 64 * 1024 * 1024;

/// An accepted image type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    /// `image/png`.
    Png,
    /// `image/jpeg`.
    Jpeg,
}

impl ImageType {
    /// Its media type.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
        }
    }

    /// The accepted type named by a `Content-Type` value (parameters ignored).
    pub fn from_media_type(value: &str) -> Option<ImageType> {
        let essence = value.split(';').next().unwrap_or_default().trim();
        if essence.eq_ignore_ascii_case("image/png") {
            Some(ImageType::Png)
        } else if essence.eq_ignore_ascii_case("image/jpeg") {
            Some(ImageType::Jpeg)
        } else {
            None
        }
    }

    fn format(self) -> ImageFormat {
        match self {
            ImageType::Png => ImageFormat::Png,
            ImageType::Jpeg => ImageFormat::Jpeg,
        }
    }
}

/// Whether approving a review of `kind` needs its document image on file (a phone rebind
/// or an identity claim changes who controls an account: never on a reviewer's word alone).
pub fn approval_needs_document(kind: ReviewKind) -> bool {
    matches!(kind, ReviewKind::PhoneRebind | ReviewKind::IdentityClaim)
}

/// Where a review stands, for who may see its images.
#[derive(Debug, Clone, Copy)]
pub struct ImageAccess<'a> {
    /// Who opened it.
    pub opened_by: &'a str,
    /// Who holds an unexpired claim on it, if anyone.
    pub live_claim: Option<&'a str>,
    /// Whether it is decided (approved or rejected).
    pub decided: bool,
}

/// Whether `viewer` may see a review's images (faces and documents: the minimum): a
/// supervisor, the reviewer holding the claim, or the opener while it is undecided (to see
/// what they attached).
pub fn may_view(viewer: &str, supervisor: bool, r: ImageAccess<'_>) -> bool {
    supervisor || r.live_claim == Some(viewer) || (r.opened_by == viewer && !r.decided)
}

/// The accepted type the bytes start like (their magic number), if any.
pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageType::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageType::Jpeg)
    } else {
        None
    }
}

/// Why an upload is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvidenceError {
    /// Over [`MAX_UPLOAD_BYTES`].
    #[error("the image is {bytes} bytes; at most {max} are accepted (5 MiB): send a smaller scan", max = MAX_UPLOAD_BYTES)]
    TooBig {
        /// Its size.
        bytes: usize,
    },
    /// Not a PNG or JPEG, or not the type declared.
    #[error("{0}; send a PNG or JPEG photo with its own Content-Type (image/png or image/jpeg)")]
    Unsupported(String),
    /// Declared dimensions over the limits (checked before decoding).
    #[error("the image declares {width}×{height} pixels; at most {MAX_SIDE} a side and 64 megapixels are accepted")]
    TooManyPixels {
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
    },
    /// Truncated or corrupt.
    #[error("the image cannot be decoded ({0}); it may be truncated or damaged: scan it again")]
    Undecodable(String),
}

/// An accepted image, re-encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The PNG to store (no metadata).
    pub png: Vec<u8>,
    /// SHA-256 of [`Evidence::png`], hex.
    pub sha256: String,
    /// Width stored.
    pub width: u32,
    /// Height stored.
    pub height: u32,
    /// Type received.
    pub received: ImageType,
}

/// Check an upload declared as `content_type` and re-encode it as a PNG: the declared type
/// must be PNG or JPEG and match the bytes' magic number; the declared dimensions are
/// checked before the pixels are allocated; a JPEG's EXIF orientation is applied; the
/// result is scaled down to [`STORED_SIDE`] at most.
pub fn accept(content_type: &str, bytes: &[u8]) -> Result<Evidence, EvidenceError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(EvidenceError::TooBig { bytes: bytes.len() });
    }
    let declared = ImageType::from_media_type(content_type).ok_or_else(|| {
        EvidenceError::Unsupported(format!("{content_type:?} is not an accepted image type"))
    })?;
    match sniff(bytes) {
        Some(t) if t == declared => {}
        Some(t) => {
            return Err(EvidenceError::Unsupported(format!(
                "declared {} but the bytes are {}",
                declared.media_type(),
                t.media_type()
            )))
        }
        None => {
            return Err(EvidenceError::Unsupported(format!(
                "declared {} but the bytes are not a PNG or JPEG",
                declared.media_type()
            )))
        }
    }
    let undecodable = |e: image::ImageError| EvidenceError::Undecodable(e.to_string());
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), declared.format())
        .into_dimensions()
        .map_err(undecodable)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(EvidenceError::TooManyPixels { width, height });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), declared.format());
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + DECODER_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let orientation = decoder.orientation().map_err(undecodable)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    img.apply_orientation(orientation);
    let img = if img.width() > STORED_SIDE || img.height() > STORED_SIDE {
        img.resize(
            STORED_SIDE,
            STORED_SIDE,
            image::imageops::FilterType::Triangle,
        )
    } else {
        img
    };
    // Eight bits a channel, alpha only where the upload had it: what a terminal can show.
    let img = if img.color().has_alpha() {
        DynamicImage::ImageRgba8(img.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(img.to_rgb8())
    };
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(undecodable)?;
    let sha256 = hex::encode(Sha256::digest(&png));
    Ok(Evidence {
        sha256,
        width: img.width(),
        height: img.height(),
        png,
        received: declared,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_pixel(w, h, [200, 10, 10].into()));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .expect("a small PNG encodes");
        out
    }

    #[test]
    fn a_png_is_re_encoded_with_its_dimensions() {
        let e = accept("image/png; charset=binary", &png(30, 20)).expect("accepted");
        assert_eq!((e.width, e.height), (30, 20));
        assert_eq!(sniff(&e.png), Some(ImageType::Png));
        assert_eq!(e.sha256.len(), 64);
    }

    #[test]
    fn the_declared_type_must_match_the_bytes() {
        let p = png(4, 4);
        assert!(matches!(
            accept("image/jpeg", &p),
            Err(EvidenceError::Unsupported(_))
        ));
        assert!(matches!(
            accept("image/gif", &p),
            Err(EvidenceError::Unsupported(_))
        ));
        assert!(matches!(
            accept("image/png", b"GIF89a\x01\x00\x01\x00"),
            Err(EvidenceError::Unsupported(_))
        ));
    }

    /// CRC-32 (IEEE) of a PNG chunk's type and data.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for b in bytes {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn huge_declared_dimensions_are_refused_before_decoding() {
        // A PNG header declaring 50 000 × 50 000 pixels (its CRC fixed), with the pixel
        // data of one pixel.
        let mut p = png(1, 1);
        p[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        p[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let crc = crc32(&p[12..29]);
        p[29..33].copy_from_slice(&crc.to_be_bytes());
        let r = accept("image/png", &p);
        assert!(
            matches!(r, Err(EvidenceError::TooManyPixels { width: 50_000, .. })),
            "{r:?}"
        );
    }

    #[test]
    fn a_truncated_png_is_undecodable() {
        let p = png(64, 64);
        let r = accept("image/png", &p[..p.len() / 2]);
        assert!(matches!(r, Err(EvidenceError::Undecodable(_))), "{r:?}");
    }
}
