//! One failing input per error code the runtime can produce, and a check that the list is
//! complete: adding an `ErrorKind` without a case here fails `every_producible_code_is_covered`.

mod common;
use common::hex;
use fidlwire::handle::{HandleOpError, HandleOps};
use fidlwire::{
    DecodeOptions, Error, ErrorKind, Handle, HandleConstraint, HandleInfo, ObjectType, Rights,
    Struct, Table, Union, emulated,
};
use std::collections::BTreeSet;

#[derive(Struct, Debug, PartialEq)]
struct S {
    #[fidl(max_len = 2)]
    s: Option<String>,
    #[fidl(max_len = 2)]
    v: Option<Vec<u8>>,
    b: bool,
    e: Empty,
}

#[derive(Struct, Debug, PartialEq)]
struct Empty {}

#[derive(Table, Debug, PartialEq, Default)]
struct T {
    #[fidl(ordinal = 1)]
    a: Option<u32>,
}

#[derive(Union, Debug, PartialEq)]
#[fidl(strict)]
enum Strict {
    #[fidl(ordinal = 1)]
    A(u32),
}

#[derive(Union, Debug, PartialEq)]
enum Flexible {
    #[fidl(ordinal = 1)]
    A(u32),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(fidlwire::Enum, Debug, PartialEq, Clone, Copy)]
#[fidl(strict)]
enum E {
    A = 1,
}

#[derive(fidlwire::Bits, Debug, PartialEq, Clone, Copy)]
#[fidl(strict, members(A = 1))]
struct B(u32);

#[derive(Struct, Debug, PartialEq)]
#[fidl(resource)]
struct H {
    #[fidl(constraint = HandleConstraint::new(ObjectType::EVENT, Rights::BASIC))]
    h: Handle,
}

#[derive(Struct, Debug, PartialEq)]
struct Chain {
    next: Option<Box<Chain>>,
}

/// A handle backend whose rights reduction always fails.
struct FailingReplace;
impl HandleOps for FailingReplace {
    fn close(&self, _: u32) {}
    fn replace(&self, _: u32, _: Rights) -> Result<u32, HandleOpError> {
        Err(HandleOpError(-1))
    }
    fn name(&self) -> &'static str {
        "failing-replace"
    }
}
static FAILING: FailingReplace = FailingReplace;

fn dec<T: fidlwire::Decode + std::fmt::Debug>(bytes: &str) -> Error {
    fidlwire::decode::<T>(&hex(bytes)).expect_err("must fail")
}

fn dec_h<T: fidlwire::Decode + std::fmt::Debug>(bytes: &str, handles: Vec<HandleInfo>) -> Error {
    fidlwire::decode_with_handles::<T>(&hex(bytes), handles).expect_err("must fail")
}

fn enc<T: fidlwire::Encode>(v: &T) -> Error {
    fidlwire::encode_into(v, &mut Vec::new(), &mut Vec::new()).expect_err("must fail")
}

fn event(rights: Rights) -> HandleInfo {
    emulated::create_info(ObjectType::EVENT, rights)
}

/// `S` after its `s` header: `v` absent, then `b` and `e` zero.
const AFTER_S: &str = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00";

/// Every case: the code it must produce and the failing operation.
fn cases() -> Vec<(ErrorKind, Error)> {
    use ErrorKind::*;
    let chain = (0..33).fold(Chain { next: None }, |c, _| Chain {
        next: Some(Box::new(c)),
    });
    vec![
        (
            CountExceedsLimit,
            dec::<S>(
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 00 00 00 00 00 00 00 00",
            ),
        ),
        (
            CountExceedsLimit,
            enc(&S {
                s: None,
                v: Some(vec![1, 2, 3]),
                b: false,
                e: Empty {},
            }),
        ),
        (
            EnvelopeBytesExceedMessageLength,
            dec::<Flexible>("02 00 00 00 00 00 00 00 10 00 00 00 00 00 00 00"),
        ),
        (
            EnvelopeHandlesExceedMessageLength,
            dec::<Flexible>("02 00 00 00 00 00 00 00 00 00 00 00 01 00 01 00"),
        ),
        (ExceededMaxOutOfLineDepth, enc(&chain)),
        (FlexibleUnionUnknownField, enc(&Flexible::Unknown(5))),
        (
            IncorrectHandleType,
            dec_h::<H>(
                "ff ff ff ff 00 00 00 00",
                vec![emulated::create_info(ObjectType::CHANNEL, Rights::BASIC)],
            ),
        ),
        (
            InvalidBoolean,
            dec::<S>(
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 02 00 00 00 00 00 00 00",
            ),
        ),
        (
            InvalidEmptyStruct,
            dec::<S>(
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 01 00 00 00 00 00 00",
            ),
        ),
        (
            InvalidHandlePresenceIndicator,
            dec_h::<H>("01 00 00 00 00 00 00 00", vec![]),
        ),
        (
            InvalidInlineBitInEnvelope,
            dec::<Strict>(
                "01 00 00 00 00 00 00 00 08 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00",
            ),
        ),
        (
            InvalidInlineMarkerInEnvelope,
            dec::<Strict>("01 00 00 00 00 00 00 00 01 00 00 00 00 00 02 00"),
        ),
        (
            InvalidNumBytesInEnvelope,
            dec::<Flexible>("02 00 00 00 00 00 00 00 04 00 00 00 00 00 00 00"),
        ),
        (
            InvalidNumHandlesInEnvelope,
            dec_h::<Strict>(
                "01 00 00 00 00 00 00 00 01 00 00 00 01 00 01 00",
                vec![event(Rights::BASIC)],
            ),
        ),
        (
            InvalidPaddingByte,
            dec::<S>(
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 01 00 00 00 00 00",
            ),
        ),
        (
            InvalidPresenceIndicator,
            dec::<S>(&format!(
                "00 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 {AFTER_S}"
            )),
        ),
        (
            MissingRequiredHandleRights,
            dec_h::<H>("ff ff ff ff 00 00 00 00", vec![event(Rights::TRANSFER)]),
        ),
        (
            NonEmptyStringWithNullBody,
            dec::<S>(&format!(
                "01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 {AFTER_S}"
            )),
        ),
        (
            NonEmptyVectorWithNullBody,
            dec::<S>(
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00",
            ),
        ),
        (
            NonNullableTypeWithNullValue,
            dec::<T>("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
        ),
        (
            NonNullableTypeWithNullValue,
            enc(&H {
                h: Handle::invalid(),
            }),
        ),
        (StrictBitsUnknownBit, dec::<B>("02 00 00 00 00 00 00 00")),
        (StrictBitsUnknownBit, enc(&B::from_bits_retain(2))),
        (StrictEnumUnknownValue, dec::<E>("02 00 00 00 00 00 00 00")),
        (
            StrictUnionUnknownField,
            dec::<Strict>("02 00 00 00 00 00 00 00 01 00 00 00 00 00 01 00"),
        ),
        (
            StringCountExceeds32BitLimit,
            dec::<S>(&format!(
                "00 00 00 00 01 00 00 00 ff ff ff ff ff ff ff ff {AFTER_S}"
            )),
        ),
        (
            StringNotUtf8,
            dec::<S>(
                "01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff | 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00 00 00 00 00 | 80 00 00 00 00 00 00 00",
            ),
        ),
        (
            StringTooLong,
            dec::<S>(&format!(
                "03 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff {AFTER_S}"
            )),
        ),
        (
            StringTooLong,
            enc(&S {
                s: Some("abc".into()),
                v: None,
                b: false,
                e: Empty {},
            }),
        ),
        (
            TableCountExceeds32BitLimit,
            dec::<T>("00 00 00 00 01 00 00 00 ff ff ff ff ff ff ff ff"),
        ),
        (
            TooFewBytes,
            dec::<T>("01 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff"),
        ),
        (
            TooFewBytesInPrimaryObject,
            dec::<T>("01 00 00 00 00 00 00 00"),
        ),
        (TooFewHandles, dec_h::<H>("ff ff ff ff 00 00 00 00", vec![])),
        (
            TooManyBytesInMessage,
            dec::<E>("01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"),
        ),
        (
            TooManyHandlesInMessage,
            dec_h::<E>("01 00 00 00 00 00 00 00", vec![event(Rights::BASIC)]),
        ),
        (
            UnexpectedOrdinal,
            fidlwire::header::decode_epitaph(&hex(
                "00 00 00 00 02 00 00 01 05 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            ))
            .unwrap_err(),
        ),
        (
            UnionFieldNotSet,
            dec::<Strict>("00 00 00 00 00 00 00 00 01 00 00 00 00 00 01 00"),
        ),
        (
            VectorCountExceeds32BitLimit,
            dec::<S>(
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | 00 00 00 00 01 00 00 00 ff ff ff ff ff ff ff ff | 00 00 00 00 00 00 00 00",
            ),
        ),
        (
            HeaderTooShort,
            fidlwire::header::TransactionHeader::parse(&[0; 15]).unwrap_err(),
        ),
        (
            IncompatibleMagicNumber,
            fidlwire::header::TransactionHeader::parse(&hex(
                "00 00 00 00 02 00 00 00 00 00 00 00 00 00 00 00",
            ))
            .unwrap_err(),
        ),
        (
            UnsupportedWireFormatVersion,
            fidlwire::header::TransactionHeader::parse(&hex(
                "00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00",
            ))
            .unwrap_err(),
        ),
        (
            InvalidWireMetadata,
            fidlwire::unpersist::<T>(&hex(
                "01 01 02 00 00 00 00 00 00 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff",
            ))
            .unwrap_err(),
        ),
        (
            MessageTooLarge,
            DecodeOptions {
                max_bytes: 8,
                ..Default::default()
            }
            .decode::<T>(&[0; 16])
            .unwrap_err(),
        ),
        (
            TooManyHandlesForLimit,
            DecodeOptions {
                max_handles: 0,
                ..Default::default()
            }
            .decode_with_handles::<H>(&hex("ff ff ff ff 00 00 00 00"), vec![event(Rights::BASIC)])
            .unwrap_err(),
        ),
        (
            HandleReplaceFailed,
            dec_h::<H>(
                "ff ff ff ff 00 00 00 00",
                vec![HandleInfo {
                    handle: Handle::from_raw(7, &FAILING),
                    object_type: ObjectType::EVENT,
                    rights: Rights::EVENT_DEFAULT,
                }],
            ),
        ),
    ]
}

#[test]
fn each_case_produces_its_code() {
    for (kind, err) in cases() {
        assert_eq!(err.kind(), kind, "expected {kind}, got {err}");
        assert_eq!(err.code(), kind.code());
        assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
    }
}

/// Codes the runtime never returns, with the reason.
const NEVER_PRODUCED: &[(ErrorKind, &str)] = &[(
    ErrorKind::NonResourceUnknownHandles,
    "legacy: the bindings spec now accepts unknown handles in value types and closes them",
)];

#[test]
fn every_producible_code_is_covered() {
    let covered: BTreeSet<_> = cases().into_iter().map(|(k, _)| k.code()).collect();
    let never: BTreeSet<_> = NEVER_PRODUCED.iter().map(|(k, _)| k.code()).collect();
    let all: BTreeSet<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    let missing: Vec<_> = all
        .difference(&covered)
        .filter(|c| !never.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "error codes without a failing-input case: {missing:?}"
    );
    assert_eq!(all.len(), ErrorKind::ALL.len(), "codes are unique");
}

/// Errors carry the numbers behind them and the type being decoded (issue 15).
mod numbers {
    use fidlwire::{ErrorKind, Numbers, Struct};

    #[derive(Struct, Debug, PartialEq)]
    struct Named {
        #[fidl(max_len = 4)]
        name: String,
        flag: bool,
    }

    #[test]
    fn a_bound_says_the_limit_and_the_count() {
        // Encode a longer string through a type without the bound, decode with the bound.
        #[derive(Struct, Debug)]
        struct Loose {
            name: String,
            flag: bool,
        }
        let bytes = fidlwire::to_vec(&Loose {
            name: "toolong".into(),
            flag: true,
        })
        .unwrap();
        let err = fidlwire::decode::<Named>(&bytes).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::StringTooLong);
        assert_eq!(
            err.numbers(),
            Some(Numbers::Limit {
                limit: 4,
                actual: 7
            })
        );
        assert_eq!(err.type_name(), Some("error_codes::numbers::Named"));
        assert_eq!(
            err.to_string(),
            "STRING_TOO_LONG at byte offset 0 (at error_codes::numbers::Named.name): \
             7 exceeds the limit of 4"
        );
        // Encoding checks the same bound and says the same numbers.
        let err = fidlwire::to_vec(&Named {
            name: "toolong".into(),
            flag: false,
        })
        .unwrap_err();
        assert_eq!(
            err.numbers(),
            Some(Numbers::Limit {
                limit: 4,
                actual: 7
            })
        );
        assert_eq!(err.type_name(), Some("error_codes::numbers::Named"));
    }

    #[test]
    fn a_bad_value_is_quoted() {
        let mut bytes = fidlwire::to_vec(&Named {
            name: "ab".into(),
            flag: true,
        })
        .unwrap();
        bytes[16] = 7;
        let err = fidlwire::decode::<Named>(&bytes).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidBoolean);
        assert_eq!(err.numbers(), Some(Numbers::Value(7)));
    }

    #[test]
    fn leftover_bytes_and_handles_say_expected_and_found() {
        let mut bytes = fidlwire::to_vec(&Named {
            name: "ab".into(),
            flag: true,
        })
        .unwrap();
        let len = bytes.len() as u64;
        bytes.extend_from_slice(&[0; 8]);
        let err = fidlwire::decode::<Named>(&bytes).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TooManyBytesInMessage);
        assert_eq!(
            err.numbers(),
            Some(Numbers::Mismatch {
                expected: len,
                found: len + 8
            })
        );
        // The handle table as a whole has no byte offset.
        bytes.truncate(len as usize);
        let h = fidlwire::emulated::create_info(
            fidlwire::ObjectType::EVENT,
            fidlwire::Rights::SAME_RIGHTS,
        );
        let err = fidlwire::decode_with_handles::<Named>(&bytes, vec![h]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TooManyHandlesInMessage);
        assert_eq!(err.byte_offset(), None);
        assert_eq!(
            err.numbers(),
            Some(Numbers::Mismatch {
                expected: 0,
                found: 1
            })
        );
        assert!(!err.to_string().contains("byte offset"), "{err}");
    }

    #[test]
    fn handle_backend_errors_display_their_status() {
        let e = fidlwire::handle::HandleOpError(-30);
        assert_eq!(
            e.to_string(),
            "handle operation failed: ZX_ERR_ACCESS_DENIED (-30)"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().contains("ACCESS_DENIED"));
        assert_eq!(
            fidlwire::handle::HandleOpError(-12).name(),
            Some("ZX_ERR_WRONG_TYPE")
        );
    }
}
