//! Fuzz targets for kefu's parsers; the properties live in `props.rs`.

pub mod props;
