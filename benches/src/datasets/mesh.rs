//! `mesh`: 125,000 triangles of `f32` vectors — 6 MB of plain data.

use super::Rng;

super::plain_with_peers! {
/// A point or direction.
pub struct Vector3 {
    /// x.
    pub x: f32,
    /// y.
    pub y: f32,
    /// z.
    pub z: f32,
}

/// A triangle with its normal.
pub struct Triangle {
    /// Vertex 0.
    pub v0: Vector3,
    /// Vertex 1.
    pub v1: Vector3,
    /// Vertex 2.
    pub v2: Vector3,
    /// Normal.
    pub normal: Vector3,
}
}

super::with_peers! {
/// The dataset.
#[derive(fidlwire::Struct)]
pub struct Mesh {
    /// The triangles.
    pub triangles: Vec<Triangle>,
}
}

/// 125,000 triangles from `seed`.
pub fn generate(seed: u64) -> Mesh {
    let mut r = Rng::new(seed);
    let mut v = || Vector3 {
        x: r.unit_f32(),
        y: r.unit_f32(),
        z: r.unit_f32(),
    };
    let triangles = (0..125_000)
        .map(|_| Triangle {
            v0: v(),
            v1: v(),
            v2: v(),
            normal: v(),
        })
        .collect();
    Mesh { triangles }
}

fn sum3(x: f32, y: f32, z: f32) -> f32 {
    x + y + z
}

/// Reads every field through fidlwire's view.
pub fn read_fidl(v: MeshView<'_>) -> f32 {
    let mut sum = 0.0;
    for t in v.triangles() {
        for p in [t.v0(), t.v1(), t.v2(), t.normal()] {
            sum += sum3(p.x(), p.y(), p.z());
        }
    }
    sum
}

/// Reads every field through rkyv's archive.
pub fn read_rkyv(v: &ArchivedMesh) -> f32 {
    let mut sum = 0.0;
    for t in v.triangles.iter() {
        for p in [&t.v0, &t.v1, &t.v2, &t.normal] {
            sum += sum3(p.x.to_native(), p.y.to_native(), p.z.to_native());
        }
    }
    sum
}

super::dataset_bench!(
    Mesh,
    ArchivedMesh,
    "fidlwire.bench.datasets/Mesh",
    generate(2),
    read_fidl,
    read_rkyv
);
