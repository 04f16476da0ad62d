//! libFuzzer target: reading a file's front matter (see `gloss_fuzz::front_matter`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gloss_fuzz::front_matter(data));
