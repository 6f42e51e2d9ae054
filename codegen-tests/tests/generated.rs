//! The generated code works end to end: values encode and decode through both tiers,
//! constants and ordinals are right, attribute injection applied, recursion is boxed.

use fidlwire::ordinal::method_ordinal;
use fidlwire::{Decode, ObjectType, ProtocolMarker, Rights, emulated};
use fidlwire_codegen_tests::own::fidlwire::kitchen::*;

fn shape() -> Shape {
    Shape {
        name: "triangle".into(),
        color: Color::Green,
        origin: Point { x: 1, y: -1 },
        corners: [Point { x: 0, y: 0 }, Point { x: 3, y: 4 }],
        tags: Some(vec!["a".into(), "bc".into()]),
        child: Some(Box::new(Point { x: 9, y: 9 })),
        kind: ShapeKind::Polygon(vec![Point { x: 1, y: 2 }]),
        extra: Extra {
            weight: Some(0.5),
            perms: Some(Perms::READ | Perms::EXEC),
        },
        size: units::Size {
            width: 640,
            height: 480,
        },
    }
}

#[test]
fn shape_round_trips_through_both_tiers() {
    let s = shape();
    let mut bytes = fidlwire::to_vec(&s).unwrap();
    assert_eq!(fidlwire::decode::<Shape>(&bytes).unwrap(), s);
    let v = fidlwire::view::<Shape>(&mut bytes).unwrap();
    assert_eq!(v.name(), "triangle");
    assert_eq!(v.extra().perms(), Some(Perms::READ | Perms::EXEC));
    assert_eq!(Shape::from_view(v), s);
}

#[test]
fn generated_constraints_are_enforced() {
    let mut s = shape();
    s.name = "x".repeat(33);
    assert_eq!(fidlwire::to_vec(&s).unwrap_err().code(), "STRING_TOO_LONG");
    let mut s = shape();
    s.tags = Some(vec![String::new(); 9]);
    assert_eq!(
        fidlwire::to_vec(&s).unwrap_err().code(),
        "COUNT_EXCEEDS_LIMIT"
    );
}

#[test]
fn recursive_types_round_trip() {
    let t = Tree {
        value: 1,
        children: Some(vec![Tree {
            value: 2,
            children: None,
            next: None,
        }]),
        next: Some(Box::new(Tree {
            value: 3,
            children: Some(vec![]),
            next: None,
        })),
    };
    assert_eq!(
        fidlwire::decode::<Tree>(&fidlwire::to_vec(&t).unwrap()).unwrap(),
        t
    );
    let s = Settings {
        name: Some("outer".into()),
        nested: Some(SettingsLink {
            next: Some(Box::new(SettingsHolder {
                settings: Settings {
                    name: Some("inner".into()),
                    ..Default::default()
                },
            })),
        }),
        status: Some(Status::Failed),
    };
    assert_eq!(
        fidlwire::decode::<Settings>(&fidlwire::to_vec(&s).unwrap()).unwrap(),
        s
    );
    let e = Expr::Sum(Sum {
        left: Some(Box::new(Expr::Literal(1))),
        right: Some(Box::new(Expr::Literal(2))),
    });
    assert_eq!(
        fidlwire::decode::<Expr>(&fidlwire::to_vec(&e).unwrap()).unwrap(),
        e
    );
}

#[test]
fn constants() {
    assert_eq!(MAX_NAME, 32);
    assert_eq!(GREETING, "hello, \"world\"\n");
    assert!(
        std::hint::black_box(ENABLED),
        "bool constants keep their value"
    );
    assert_eq!(RATIO, 1.5);
    assert_eq!(DEFAULT_PERMS, Perms::READ | Perms::WRITE);
    assert_eq!(DEFAULT_COLOR, Color::Blue);
    assert_eq!(Flags::B.bits(), 0x8000_0000);
}

#[test]
fn ordinals_and_protocol_names() {
    assert_eq!(
        shapes::ADD_ORDINAL,
        method_ordinal("fidlwire.kitchen", "Shapes", "Add")
    );
    // Composed methods keep the ordinal of the protocol that declares them.
    assert_eq!(shapes::PING_ORDINAL, base::PING_ORDINAL);
    assert_eq!(
        base::PING_ORDINAL,
        method_ordinal("fidlwire.kitchen", "Base", "Ping")
    );
    // @selector replaces the method name.
    assert_eq!(
        shapes::REMOVE_ORDINAL,
        method_ordinal("fidlwire.kitchen", "Shapes", "Remove2")
    );
    // NAME is always `library.Protocol`; DISCOVERABLE_NAME follows `@discoverable(name=…)`.
    assert_eq!(ShapesMarker::NAME, "fidlwire.kitchen.Shapes");
    assert_eq!(
        ShapesMarker::DISCOVERABLE_NAME,
        Some("fidlwire.kitchen.Shapes")
    );
    assert_eq!(EventsMarker::NAME, "fidlwire.kitchen.Events");
    assert_eq!(
        EventsMarker::DISCOVERABLE_NAME,
        Some("fidlwire.test.EventSource")
    );
    assert_eq!(BaseMarker::DISCOVERABLE_NAME, None);
    assert_eq!(DrawingService::MEMBERS, ["shapes", "events"]);
}

#[test]
fn result_unions_and_framework_errors() {
    let ok = ShapesAddResult::Response(ShapesAddResponse { id: 7 });
    assert_eq!(
        fidlwire::decode::<ShapesAddResult>(&fidlwire::to_vec(&ok).unwrap()).unwrap(),
        ok
    );
    // The framework error reply built by the runtime decodes as variant 3 of the result union.
    let request = fidlwire::TransactionHeader::new(5, shapes::ADD_ORDINAL, true);
    let reply = fidlwire::header::unknown_method_reply(&request);
    let (h, body): (_, ShapesAddResult) = fidlwire::header::decode_message(&reply, vec![]).unwrap();
    assert_eq!(h.ordinal, shapes::ADD_ORDINAL);
    assert_eq!(
        body,
        ShapesAddResult::FrameworkErr(fidlwire::fidl::FrameworkErr::UnknownMethod)
    );
    // Result unions convert to and from what the method returns.
    assert_eq!(
        body.into_result(),
        Err(fidlwire::fidl::FrameworkErr::UnknownMethod)
    );
    assert_eq!(
        ok.clone().into_result(),
        Ok(Ok(ShapesAddResponse { id: 7 }))
    );
    let back: ShapesAddResult = Ok(ShapesAddResponse { id: 7 }).into();
    assert_eq!(back, ok);
    let err: ShapesAddResult = Err(Status::Failed).into();
    assert_eq!(err, ShapesAddResult::Err(Status::Failed));
}

#[test]
fn injected_attributes_apply() {
    assert_eq!(Point::default(), Point { x: 0, y: 0 });
    // Plain number structs derive Default, Eq and Hash; Ord was injected by type_attribute
    // through the `library/Type` spelling.
    let mut set = std::collections::BTreeSet::new();
    set.insert(Point { x: 2, y: 0 });
    set.insert(Point { x: 1, y: 5 });
    assert_eq!(set.first(), Some(&Point { x: 1, y: 5 }));
    let _: std::collections::HashSet<Point> = set.into_iter().collect();
}

#[test]
fn resources_carry_declared_handle_constraints() {
    let r = Resources {
        event: emulated::create(ObjectType::EVENT, Rights::EVENT_DEFAULT),
        maybe: None,
        many: vec![emulated::create(
            ObjectType::CHANNEL,
            Rights::CHANNEL_DEFAULT,
        )],
        client: fidlwire::ClientEnd::new(emulated::create(
            ObjectType::CHANNEL,
            Rights::CHANNEL_DEFAULT,
        )),
        server: None,
    };
    let (bytes, d) = fidlwire::encode(r).unwrap();
    assert_eq!(
        (d[0].object_type, d[0].rights),
        (ObjectType::EVENT, Rights::BASIC)
    );
    assert_eq!(d[1].object_type, ObjectType::CHANNEL);
    let infos = emulated::transfer(d).unwrap();
    let back: Resources = fidlwire::decode_with_handles(&bytes, infos).unwrap();
    assert!(back.event.is_valid() && back.client.handle().is_valid());
}
