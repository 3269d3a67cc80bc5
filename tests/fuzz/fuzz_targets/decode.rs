//! The import's decoder (encodings, BOMs, the header peek and separator sniffing) on arbitrary
//! bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| {
    targets::decode(data);
});
