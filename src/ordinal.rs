//! Method ordinals (spec §12.3): the first 8 bytes of SHA-256 of the selector, little-endian,
//! with bit 63 cleared.

use sha2::{Digest, Sha256};

/// The ordinal of a full selector string such as `"fuchsia.io/Node.Close"`.
pub fn selector_ordinal(selector: &str) -> u64 {
    let digest = Sha256::digest(selector.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first) & 0x7FFF_FFFF_FFFF_FFFF
}

/// The selector of `method` in `protocol` of `library` (`library/Protocol.Method`); a
/// `@selector` override containing `/` replaces the whole string.
pub fn selector(library: &str, protocol: &str, method_or_selector: &str) -> String {
    if method_or_selector.contains('/') {
        method_or_selector.to_owned()
    } else {
        format!("{library}/{protocol}.{method_or_selector}")
    }
}

/// The ordinal of `method` declared in `protocol` of `library`.
pub fn method_ordinal(library: &str, protocol: &str, method_or_selector: &str) -> u64 {
    selector_ordinal(&selector(library, protocol, method_or_selector))
}
