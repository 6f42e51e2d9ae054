//! `ViewBuffer`: zero-copy views over read-only bytes.

use fidlwire::{Handle, ObjectType, Rights, Struct, Table, Union, ViewBuffer, emulated};

#[derive(Struct, Debug, PartialEq, Clone)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Table, Debug, PartialEq, Clone, Default)]
struct Meta {
    #[fidl(ordinal = 1)]
    title: Option<String>,
    #[fidl(ordinal = 2)]
    origin: Option<Point>,
}

#[derive(Union, Debug, PartialEq, Clone)]
#[fidl(flexible)]
enum Shape {
    #[fidl(ordinal = 1)]
    Label(String),
    #[fidl(ordinal = 2)]
    Path(Vec<Point>),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Doc {
    name: String,
    words: Vec<String>,
    meta: Meta,
    shape: Shape,
    boxed: Option<Box<Point>>,
    maybe: Option<String>,
}

fn doc(n: usize) -> Doc {
    Doc {
        name: "ünïcödé".repeat(n),
        words: (0..n).map(|i| format!("w{i}")).collect(),
        meta: Meta {
            title: Some("t".into()),
            origin: Some(Point { x: n as i32, y: 2 }),
        },
        shape: Shape::Path(vec![Point { x: 1, y: 1 }; n]),
        boxed: n
            .is_multiple_of(2)
            .then(|| Box::new(Point { x: -1, y: -2 })),
        maybe: None,
    }
}

#[test]
fn views_leave_the_bytes_untouched_and_match_owned_decoding() {
    let value = doc(3);
    let bytes = fidlwire::to_vec(&value).unwrap();
    let before = bytes.clone();
    let mut views = ViewBuffer::new();
    let v = views.view::<Doc>(&bytes).unwrap();
    assert_eq!(v.name(), value.name);
    assert_eq!(v.words().iter().collect::<Vec<_>>(), ["w0", "w1", "w2"]);
    assert_eq!(v.meta().title(), Some("t"));
    assert_eq!(v.meta().origin().map(|p| p.x()), Some(3));
    assert!(matches!(v.shape(), ShapeView::Path(p) if p.len() == 3));
    assert!(v.boxed().is_none());
    assert_eq!(v.maybe(), None);
    assert_eq!(v.to_owned(), value);
    assert_eq!(bytes, before);
}

#[test]
fn one_buffer_serves_messages_of_any_size_in_turn() {
    // Entries left by a bigger message must never leak into a smaller one's view.
    let mut views = ViewBuffer::new();
    for n in [40, 2, 17, 0, 5, 40, 1] {
        let value = doc(n);
        let bytes = fidlwire::to_vec(&value).unwrap();
        let v = views.view::<Doc>(&bytes).unwrap();
        assert_eq!(v.to_owned(), value, "message of size {n}");
    }
    assert!(views.capacity_bytes() >= fidlwire::to_vec(&doc(40)).unwrap().len());
}

#[test]
fn errors_are_the_in_place_tiers_errors() {
    let bytes = fidlwire::to_vec(&doc(2)).unwrap();
    let mut views = ViewBuffer::new();
    // Flip every byte in turn: both tiers agree on the verdict, the code and the offset.
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0x80;
        let ours = views.view::<Doc>(&bad).map(|v| v.to_owned());
        let mut copy = bad.clone();
        let theirs = fidlwire::view::<Doc>(&mut copy).map(|v| v.to_owned());
        match (ours, theirs) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "byte {i}"),
            (Err(a), Err(b)) => {
                assert_eq!((a.code(), a.offset()), (b.code(), b.offset()), "byte {i}");
                assert_eq!(a.to_string(), b.to_string(), "byte {i}");
            }
            (a, b) => panic!("byte {i}: read-only {a:?} vs in place {b:?}"),
        }
    }
}

#[test]
fn invalid_utf8_is_rejected_and_never_viewed() {
    let bytes = fidlwire::to_vec(&doc(1)).unwrap();
    let at = bytes.windows(2).position(|w| w == "ü".as_bytes()).unwrap();
    let mut bad = bytes.clone();
    bad[at + 1] = 0xff;
    let err = ViewBuffer::new().view::<Doc>(&bad).unwrap_err();
    assert_eq!(err.code(), "STRING_NOT_UTF8");
    assert_eq!(
        fidlwire::decode::<Doc>(&bad).unwrap_err().code(),
        "STRING_NOT_UTF8"
    );
}

#[derive(Struct, Debug)]
#[fidl(resource)]
struct Pair {
    a: Handle,
    b: Option<Handle>,
    c: Handle,
}

#[test]
fn handles_are_found_by_slot() {
    let pair = Pair {
        a: emulated::create(ObjectType::EVENT, Rights::BASIC),
        b: None,
        c: emulated::create(ObjectType::VMO, Rights::BASIC),
    };
    let (ka, kc) = (
        emulated::state(pair.a.raw()).unwrap().koid,
        emulated::state(pair.c.raw()).unwrap().koid,
    );
    let (bytes, d) = fidlwire::encode(pair).unwrap();
    let mut infos = emulated::transfer(d).unwrap();
    let mut views = ViewBuffer::new();
    let v = views.view_with_handles::<Pair>(&bytes, &mut infos).unwrap();
    let koid = |h: &fidlwire::HandleInfo| emulated::state(h.handle.raw()).unwrap().koid;
    assert_eq!(koid(v.a()), ka);
    assert!(v.b().is_none());
    assert_eq!(koid(v.c()), kc);
    assert_eq!(v.c().object_type, ObjectType::VMO);
}

#[test]
fn too_few_handles_clears_the_handle_list() {
    let (bytes, d) = fidlwire::encode(Pair {
        a: emulated::create(ObjectType::EVENT, Rights::BASIC),
        b: None,
        c: emulated::create(ObjectType::EVENT, Rights::BASIC),
    })
    .unwrap();
    let mut infos = emulated::transfer(d).unwrap();
    infos.pop();
    let err = ViewBuffer::new()
        .view_with_handles::<Pair>(&bytes, &mut infos)
        .unwrap_err();
    assert_eq!(err.code(), "TOO_FEW_HANDLES");
    assert!(infos.is_empty());
}
