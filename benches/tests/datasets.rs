//! Every dataset round-trips exactly through every fidlwire tier and every peer, and reading
//! every field through fidlwire's views gives the same checksum as through rkyv's archive, so
//! each benchmark measures real work on the same value.

use fidlwire_bench::datasets::{log, mesh, minecraft, mk48};
use fidlwire_bench::peers::BINCODE;

macro_rules! dataset_test {
    ($name:ident, $module:ident, $root:ty, $archived:ty, $seed:expr) => {
        #[test]
        fn $name() {
            let value: $root = $module::generate($seed);
            let wire = fidlwire::to_vec(&value).unwrap();

            // Owned decode (read-only, one pass over the side table).
            assert_eq!(fidlwire::decode::<$root>(&wire).unwrap(), value);

            // Views over `&[u8]`: the bytes stay untouched and can be viewed again.
            let before = wire.clone();
            let mut views = fidlwire::ViewBuffer::new();
            let linked = $module::read_fidl(views.view::<$root>(&wire).unwrap());
            assert_eq!(wire, before, "a read-only view modified the message");
            let again = views.view::<$root>(&wire).unwrap();
            assert_eq!(<$root as fidlwire::Decode>::from_view(again), value);

            // The in-place tier agrees with the read-only one.
            let mut copy = wire.clone();
            let in_place = $module::read_fidl(fidlwire::view::<$root>(&mut copy).unwrap());
            assert_eq!(in_place, linked);

            // rkyv reads the same fields to the same checksum.
            let archive = rkyv::to_bytes::<rkyv::rancor::Error>(&value).unwrap();
            let archived = rkyv::access::<$archived, rkyv::rancor::Error>(&archive).unwrap();
            assert_eq!($module::read_rkyv(archived), linked);
            assert_eq!(
                rkyv::from_bytes::<$root, rkyv::rancor::Error>(&archive).unwrap(),
                value
            );

            // bitcode and bincode round-trip.
            assert_eq!(
                bitcode::decode::<$root>(&bitcode::encode(&value)).unwrap(),
                value
            );
            let b = bincode::encode_to_vec(&value, BINCODE).unwrap();
            assert_eq!(
                bincode::decode_from_slice::<$root, _>(&b, BINCODE)
                    .unwrap()
                    .0,
                value
            );
        }
    };
}

dataset_test!(log_round_trips, log, log::Logs, log::ArchivedLogs, 1);
dataset_test!(mesh_round_trips, mesh, mesh::Mesh, mesh::ArchivedMesh, 2);
dataset_test!(
    minecraft_round_trips,
    minecraft,
    minecraft::Players,
    minecraft::ArchivedPlayers,
    3
);
dataset_test!(
    mk48_round_trips,
    mk48,
    mk48::Updates,
    mk48::ArchivedUpdates,
    4
);

#[test]
fn datasets_have_the_issues_record_counts() {
    assert_eq!(log::generate(1).logs.len(), 10_000);
    let mesh = mesh::generate(2);
    assert_eq!(mesh.triangles.len(), 125_000);
    // 6 MB of plain data: 48 bytes per triangle, plus the 16-byte vector header.
    assert_eq!(fidlwire::to_vec(&mesh).unwrap().len(), 16 + 125_000 * 48);
    assert_eq!(minecraft::generate(3).players.len(), 500);
    assert_eq!(mk48::generate(4).updates.len(), 1000);
}

#[test]
fn plain_structs_encode_as_their_memory() {
    // The plain tier's bulk path must produce exactly the bytes field-by-field encoding does.
    let t = mesh::Triangle {
        v0: mesh::Vector3 {
            x: 1.0,
            y: -2.5,
            z: f32::MIN_POSITIVE,
        },
        v1: mesh::Vector3 {
            x: 0.0,
            y: -0.0,
            z: f32::INFINITY,
        },
        v2: mesh::Vector3 {
            x: 3.0,
            y: 4.0,
            z: 5.0,
        },
        normal: mesh::Vector3 {
            x: 0.5,
            y: 0.25,
            z: 0.125,
        },
    };
    let m = mesh::Mesh {
        triangles: vec![t; 3],
    };
    let wire = fidlwire::to_vec(&m).unwrap();
    let mut expected = Vec::new();
    expected.extend_from_slice(&3u64.to_le_bytes());
    expected.extend_from_slice(&u64::MAX.to_le_bytes());
    for _ in 0..3 {
        for v in [t.v0, t.v1, t.v2, t.normal] {
            for f in [v.x, v.y, v.z] {
                expected.extend_from_slice(&f.to_le_bytes());
            }
        }
    }
    assert_eq!(wire, expected);
    // A misaligned copy of the message decodes through the fallback path.
    let mut shifted = vec![0u8; wire.len() + 1];
    shifted[1..].copy_from_slice(&wire);
    assert_eq!(fidlwire::decode::<mesh::Mesh>(&shifted[1..]).unwrap(), m);
}

#[test]
fn a_plain_primary_object_encodes_as_its_memory() {
    // Regression guard for the root fast path (one copy instead of zero-fill + fields).
    let t = mesh::Triangle {
        v0: mesh::Vector3 {
            x: 1.0,
            y: 2.0,
            z: 3.0,
        },
        v1: mesh::Vector3 {
            x: 4.0,
            y: 5.0,
            z: 6.0,
        },
        v2: mesh::Vector3 {
            x: 7.0,
            y: 8.0,
            z: 9.0,
        },
        normal: mesh::Vector3 {
            x: -1.0,
            y: -0.0,
            z: 0.5,
        },
    };
    let wire = fidlwire::to_vec(&t).unwrap();
    let expected: Vec<u8> = [
        1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, -1.0, -0.0, 0.5,
    ]
    .iter()
    .flat_map(|f| f.to_le_bytes())
    .collect();
    assert_eq!(wire, expected);
    assert_eq!(fidlwire::decode::<mesh::Triangle>(&wire).unwrap(), t);
    // A 4-byte plain struct still gets its primary object padded to 8 bytes with zeros.
    let a = log_address();
    let wire = fidlwire::to_vec(&a).unwrap();
    assert_eq!(wire, [1, 2, 3, 4, 0, 0, 0, 0]);
}

fn log_address() -> log::Address {
    log::Address {
        x0: 1,
        x1: 2,
        x2: 3,
        x3: 4,
    }
}
