//! libFuzzer target: the Markdown stage (see `gloss_fuzz::markdown`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gloss_fuzz::markdown(data));
