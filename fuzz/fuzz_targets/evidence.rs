//! libFuzzer entry point for `kefu_fuzz::props::evidence`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kefu_fuzz::props::evidence(data));
