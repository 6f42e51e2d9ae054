//! `Config::serde(true)`: generated value types (structs, tables, unions, enums, bits, result
//! unions holding `fidlwire::fidl::FrameworkErr`) go through serde and back unchanged; the
//! runtime's value types do too (fidlwire's `serde` feature). Resource types get no serde.

use fidlwire_codegen_tests::own::fidlwire::kitchen::*;
use serde::{Serialize, de::DeserializeOwned};

fn through_json<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    value: &T,
) -> String {
    let text = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&text).unwrap();
    assert_eq!(&back, value, "{text}");
    text
}

#[test]
fn generated_value_types_round_trip_through_json() {
    let text = through_json(&Extra {
        weight: Some(0.5),
        perms: Some(Perms::READ | Perms::EXEC),
    });
    assert!(text.contains("\"weight\":0.5"), "{text}");
    through_json(&ShapeKind::Polygon(vec![Point { x: 1, y: 2 }]));
    through_json(&Color::Green);
    through_json(&units::Size {
        width: 640,
        height: 480,
    });
    through_json(&Settings {
        name: Some("s".into()),
        ..Default::default()
    });
    through_json(&ShapesAddResult::Response(ShapesAddResponse { id: 7 }));
    through_json(&ShapesAddResult::FrameworkErr(
        fidlwire::fidl::FrameworkErr::UnknownMethod,
    ));
    // JSON written by hand decodes into the generated type, which then encodes to FIDL.
    let point: Point = serde_json::from_str(r#"{"x": 3, "y": 4}"#).unwrap();
    assert_eq!(fidlwire::to_vec(&point).unwrap(), [3, 0, 0, 0, 4, 0, 0, 0]);
}

#[test]
fn runtime_value_types_round_trip_through_json() {
    through_json(&fidlwire::ObjectType::VMO);
    through_json(&fidlwire::Rights::READ);
    through_json(&fidlwire::ErrorKind::StringTooLong);
    through_json(&fidlwire::Numbers::Limit {
        limit: 4,
        actual: 7,
    });
}
