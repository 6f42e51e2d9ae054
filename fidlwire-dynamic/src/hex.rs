//! Hex text: reading bytes written by people (spaces, newlines, `0x`, `|` and `#` comments
//! allowed) and writing them compactly.

/// Parses hex digits, ignoring whitespace, `|`, `,`, `0x` prefixes and `#` comments to the end
/// of a line.
///
/// ```
/// assert_eq!(fidlwire_dynamic::hex::parse("0x01 02 | ff # note").unwrap(), vec![1, 2, 255]);
/// assert!(fidlwire_dynamic::hex::parse("0g").is_err());
/// ```
pub fn parse(text: &str) -> Result<Vec<u8>, String> {
    let mut digits = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        for word in line.split(|c: char| c.is_whitespace() || c == '|' || c == ',') {
            let word = word.strip_prefix("0x").unwrap_or(word);
            for c in word.chars() {
                let d = c
                    .to_digit(16)
                    .ok_or_else(|| format!("`{c}` is not a hex digit"))?;
                digits.push(d as u8);
            }
        }
    }
    if digits.len() % 2 != 0 {
        return Err(format!("odd number of hex digits ({})", digits.len()));
    }
    Ok(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect())
}

/// Lower-case hex without separators.
pub fn format(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
