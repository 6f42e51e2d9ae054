//! Typed transactional messages without I/O (`fidlwire::protocol`): the header a method's
//! type writes, a method's body refused under another method's ordinal, error offsets counted
//! from the start of the whole message, and the generated request and event enums.

use fidlwire::protocol::{self, DecodeMessage, TwoWay};
use fidlwire::{ErrorKind, TransactionHeader};
use fidlwire_codegen_tests::own::fidlwire::test::bindings::*;

fn encoded_echo(txid: u32, value: u64) -> Vec<u8> {
    let (mut bytes, mut handles) = (Vec::new(), Vec::new());
    protocol::encode_request::<echo::Echo>(
        txid,
        &EchoEchoRequest { value },
        &mut bytes,
        &mut handles,
    )
    .unwrap();
    assert!(handles.is_empty());
    bytes
}

#[test]
fn a_method_type_writes_its_own_header() {
    let bytes = encoded_echo(3, 9);
    assert_eq!(
        &bytes[..16],
        &TransactionHeader::new(3, echo::ECHO_ORDINAL, false).to_bytes()
    );
    assert_eq!(&bytes[16..], &9u64.to_le_bytes());
    // A flexible method sets the flexible flag.
    let (mut b, mut h) = (Vec::new(), Vec::new());
    protocol::encode_request::<open::Notify>(0, &OpenNotifyRequest { value: 1 }, &mut b, &mut h)
        .unwrap();
    assert_eq!(b[6], 0x80);
}

#[test]
fn decoding_with_another_methods_type_is_a_typed_error() {
    let bytes = encoded_echo(3, 9);
    let (header, request) = protocol::decode_request::<echo::Echo>(&bytes, Vec::new()).unwrap();
    assert_eq!((header.txid, request.value), (3, 9));
    // `Fire` has the same body shape; the ordinal still tells them apart.
    let e = protocol::decode_request::<echo::Fire>(&bytes, Vec::new()).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedOrdinal, 8));
    // A response type on a request message: same.
    let e = protocol::decode_response::<echo::Slow>(&bytes, Vec::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedOrdinal);
}

#[test]
fn body_errors_count_offsets_from_the_message_start() {
    let mut bytes = encoded_echo(3, 9);
    bytes.truncate(20);
    let e = protocol::decode_request::<echo::Echo>(&bytes, Vec::new()).unwrap_err();
    assert_eq!(
        (e.code(), e.offset()),
        ("TOO_FEW_BYTES_IN_PRIMARY_OBJECT", 20)
    );
    // The view tier: a string body with a bad byte at message offset 16 + 16 + 1.
    let (mut b, mut h) = (Vec::new(), Vec::new());
    protocol::encode_request::<echo::EchoString>(
        1,
        &EchoEchoStringRequest { text: "ab".into() },
        &mut b,
        &mut h,
    )
    .unwrap();
    let (header, view) =
        protocol::view_request::<echo::EchoString>(&mut b.clone(), &mut Vec::new())
            .map(|(h, v)| (h, v.text().to_string()))
            .unwrap();
    assert_eq!((header.txid, view.as_str()), (1, "ab"));
    b[16 + 16 + 1] = 0xff;
    let e = protocol::view_request::<echo::EchoString>(&mut b, &mut Vec::new()).unwrap_err();
    assert_eq!(e.code(), "STRING_NOT_UTF8");
    assert_eq!(
        e.offset(),
        33,
        "the bad byte sits at 33 of the whole message"
    );
}

#[test]
fn a_method_without_payload_is_exactly_the_header() {
    let (mut b, mut h) = (Vec::new(), Vec::new());
    protocol::encode_request::<ajar::Call>(5, &(), &mut b, &mut h).unwrap();
    assert_eq!(b.len(), 16);
    protocol::decode_request::<ajar::Call>(&b, Vec::new()).unwrap();
    b.extend_from_slice(&[0; 8]);
    let e = protocol::decode_request::<ajar::Call>(&b, Vec::new()).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (ErrorKind::TooManyBytesInMessage, 16)
    );
}

#[test]
fn request_and_event_enums_decode_by_ordinal() {
    let bytes = encoded_echo(3, 9);
    let (header, body) = TransactionHeader::parse(&bytes).unwrap();
    match EchoRequest::decode_message(&header, body, Vec::new()).unwrap() {
        EchoRequest::Echo(r) => assert_eq!(r.value, 9),
        other => panic!("{other:?}"),
    }
    let unknown = TransactionHeader::new(0, 0x999, true);
    let e = EchoRequest::decode_message(&unknown, &[], Vec::new()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedOrdinal);
    // Only sets with an unknown variant (events of open and ajar protocols) report unknowns.
    assert!(matches!(
        OpenEvent::unknown(7),
        Some(OpenEvent::Unknown { ordinal: 7 })
    ));
    assert!(EchoEvent::unknown(7).is_none());
}

#[test]
fn result_unions_map_to_outputs_and_back() {
    let ok = open::Call::from_output(Ok(OpenCallResponse { value: 4 }));
    assert!(matches!(&ok, OpenCallResult::Response(r) if r.value == 4));
    assert_eq!(
        open::Call::into_output(ok).unwrap(),
        Ok(OpenCallResponse { value: 4 })
    );
    let err = open::Call::from_output(Err(Error::Negative));
    assert_eq!(open::Call::into_output(err).unwrap(), Err(Error::Negative));
    let framework = OpenCallResult::FrameworkErr(fidlwire::fidl::FrameworkErr::UnknownMethod);
    assert!(open::Call::into_output(framework).is_err());
    // Flexible `-> ()`: the empty success struct is `()` to callers.
    assert!(matches!(
        open::Ping::from_output(()),
        OpenPingResult::Response(_)
    ));
}
