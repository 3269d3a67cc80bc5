//! Every CSV register parser on arbitrary bytes, with read options picked by the first byte.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../targets.rs"]
mod targets;

fuzz_target!(|data: &[u8]| {
    targets::registers(targets::FILE, data, &targets::options_for(data));
});
