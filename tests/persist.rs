//! Persistence (spec §13): wire metadata followed by the message.

mod common;
use common::*;
use fidlwire::{ErrorKind, Table};

#[derive(Table, Debug, PartialEq, Default)]
struct Settings {
    #[fidl(ordinal = 1)]
    volume: Option<u8>,
    #[fidl(ordinal = 2)]
    name: Option<String>,
}

#[test]
fn persist_and_unpersist() {
    let v = Settings {
        volume: Some(3),
        name: Some("x".into()),
    };
    let bytes = fidlwire::persist(&v).unwrap();
    assert_eq!(
        bytes,
        hex("00 01 02 00 00 00 00 00
             02 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff
             03 00 00 00 00 00 01 00 18 00 00 00 00 00 00 00
             01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 78 00 00 00 00 00 00 00")
    );
    assert_eq!(fidlwire::unpersist::<Settings>(&bytes).unwrap(), v);
}

#[test]
fn metadata_is_checked() {
    let bytes = fidlwire::persist(&Settings::default()).unwrap();
    let kind = |b: &[u8]| fidlwire::unpersist::<Settings>(b).unwrap_err().kind();
    assert_eq!(kind(&bytes[..7]), ErrorKind::HeaderTooShort);
    let mut b = bytes.clone();
    b[1] = 9;
    assert_eq!(kind(&b), ErrorKind::IncompatibleMagicNumber);
    let mut b = bytes.clone();
    b[2] = 0;
    assert_eq!(kind(&b), ErrorKind::UnsupportedWireFormatVersion);
    let mut b = bytes.clone();
    b[0] = 1;
    assert_eq!(kind(&b), ErrorKind::InvalidWireMetadata);
    let mut b = bytes.clone();
    b[6] = 1;
    assert_eq!(kind(&b), ErrorKind::InvalidWireMetadata);
    let mut b = bytes.clone();
    b.extend_from_slice(&[0; 8]);
    let err = fidlwire::unpersist::<Settings>(&b).unwrap_err();
    assert_eq!(
        (err.kind(), err.offset()),
        (ErrorKind::TooManyBytesInMessage, 24)
    );
}
