//! libFuzzer entry point for `kefu_fuzz::props::validate`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kefu_fuzz::props::validate(data));
