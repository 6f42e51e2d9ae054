//! `mk48`: 1,000 game updates made of many small integers.

use super::Rng;

super::with_peers! {
/// The kind of a contact.
#[derive(Copy, fidlwire::Enum)]
#[fidl(strict)]
#[repr(u8)]
pub enum EntityType {
    /// A ship.
    Ship = 0,
    /// A submarine.
    Submarine = 1,
    /// A torpedo.
    Torpedo = 2,
    /// A missile.
    Missile = 3,
    /// A shell.
    Shell = 4,
    /// A depth charge.
    DepthCharge = 5,
    /// A crate.
    Crate = 6,
    /// An obstacle.
    Obstacle = 7,
}
}

const TYPES: [EntityType; 8] = [
    EntityType::Ship,
    EntityType::Submarine,
    EntityType::Torpedo,
    EntityType::Missile,
    EntityType::Shell,
    EntityType::DepthCharge,
    EntityType::Crate,
    EntityType::Obstacle,
];

fn archived_type(t: &ArchivedEntityType) -> u64 {
    match t {
        ArchivedEntityType::Ship => 0,
        ArchivedEntityType::Submarine => 1,
        ArchivedEntityType::Torpedo => 2,
        ArchivedEntityType::Missile => 3,
        ArchivedEntityType::Shell => 4,
        ArchivedEntityType::DepthCharge => 5,
        ArchivedEntityType::Crate => 6,
        ArchivedEntityType::Obstacle => 7,
    }
}

super::plain_with_peers! {
    /// A 2-D position.
    pub struct Vector2f {
        /// x.
        pub x: f32,
        /// y.
        pub y: f32,
    }
}

super::with_peers! {
    /// Steering.
    #[derive(fidlwire::Struct)]
    pub struct Guidance {
        /// Target direction.
        pub direction_target: u16,
        /// Altitude target.
        pub altitude_target: i8,
        /// Submerge.
        pub submerge: bool,
        /// Target velocity.
        pub velocity_target: i16,
    }
}

super::with_peers! {
    /// Something a player sees.
    #[derive(fidlwire::Struct)]
    pub struct Contact {
        /// Damage ratio.
        pub damage: u8,
        /// Entity id.
        pub entity_id: u32,
        /// Entity kind.
        pub entity_type: EntityType,
        /// Steering.
        pub guidance: Guidance,
        /// Owner (0: none).
        pub player_id: u16,
        /// Position.
        pub position: Vector2f,
        /// Armament reload state.
        pub reloads: Vec<bool>,
        /// Heading.
        pub rotation: u16,
        /// Turret angles.
        pub turrets: Vec<u16>,
        /// Speed.
        pub velocity: i16,
    }
}

super::with_peers! {
    /// Changed terrain.
    #[derive(fidlwire::Struct)]
    pub struct TerrainUpdate {
        /// Chunk coordinates.
        pub chunk_id: [i8; 2],
        /// Compressed chunk.
        pub data: Vec<u8>,
    }
}

super::with_peers! {
    /// One update sent to a player.
    #[derive(fidlwire::Struct)]
    pub struct Update {
        /// Visible contacts.
        pub contacts: Vec<Contact>,
        /// Score.
        pub score: u32,
        /// World radius.
        pub world_radius: f32,
        /// Terrain changes.
        pub terrain_updates: Vec<TerrainUpdate>,
    }
}

super::with_peers! {
    /// The dataset.
    #[derive(fidlwire::Struct)]
    pub struct Updates {
        /// The updates.
        pub updates: Vec<Update>,
    }
}

fn contact(r: &mut Rng) -> Contact {
    Contact {
        damage: r.range(0, 256) as u8,
        entity_id: r.range(0, 1 << 20) as u32,
        entity_type: TYPES[r.range(0, 8) as usize],
        guidance: Guidance {
            direction_target: r.next_u64() as u16,
            altitude_target: r.next_u64() as i8,
            submerge: r.chance(1, 4),
            velocity_target: r.range(0, 400) as i16 - 200,
        },
        player_id: if r.chance(1, 3) {
            0
        } else {
            r.range(1, 200) as u16
        },
        position: Vector2f {
            x: r.unit_f32() * 2000.0 - 1000.0,
            y: r.unit_f32() * 2000.0 - 1000.0,
        },
        reloads: (0..r.range(0, 8)).map(|_| r.chance(1, 2)).collect(),
        rotation: r.next_u64() as u16,
        turrets: (0..r.range(0, 5)).map(|_| r.next_u64() as u16).collect(),
        velocity: r.range(0, 400) as i16 - 200,
    }
}

/// 1,000 updates from `seed`.
pub fn generate(seed: u64) -> Updates {
    let mut r = Rng::new(seed);
    let updates = (0..1000)
        .map(|_| Update {
            contacts: (0..r.range(10, 60)).map(|_| contact(&mut r)).collect(),
            score: r.range(0, 100_000) as u32,
            world_radius: 1000.0 + r.unit_f32() * 100.0,
            terrain_updates: (0..r.range(0, 3))
                .map(|_| TerrainUpdate {
                    chunk_id: [r.next_u64() as i8, r.next_u64() as i8],
                    data: (0..r.range(16, 256)).map(|_| r.next_u64() as u8).collect(),
                })
                .collect(),
        })
        .collect();
    Updates { updates }
}

/// Reads every field through fidlwire's view.
pub fn read_fidl(v: UpdatesView<'_>) -> u64 {
    let mut s = 0u64;
    for u in v.updates() {
        for c in u.contacts() {
            s = s.wrapping_add(c.damage() as u64 + c.entity_id() as u64 + c.entity_type() as u64);
            let g = c.guidance();
            s = s.wrapping_add(g.direction_target() as u64 + g.altitude_target() as u8 as u64);
            s = s.wrapping_add(g.submerge() as u64 + g.velocity_target() as u16 as u64);
            s = s.wrapping_add(c.player_id() as u64);
            let p = c.position();
            s = s.wrapping_add((p.x() + p.y()) as i64 as u64);
            s = s.wrapping_add(c.reloads().iter().filter(|b| *b).count() as u64);
            s = s.wrapping_add(c.rotation() as u64 + c.velocity() as u16 as u64);
            s = s.wrapping_add(c.turrets().iter().map(u64::from).sum::<u64>());
        }
        s = s.wrapping_add(u.score() as u64 + u.world_radius() as u64);
        for t in u.terrain_updates() {
            s = s.wrapping_add(t.chunk_id().iter().map(|c| c as u8 as u64).sum::<u64>());
            s = s.wrapping_add(t.data().as_bytes().len() as u64);
        }
    }
    s
}

/// Reads every field through rkyv's archive.
pub fn read_rkyv(v: &ArchivedUpdates) -> u64 {
    let mut s = 0u64;
    for u in v.updates.iter() {
        for c in u.contacts.iter() {
            s = s.wrapping_add(
                c.damage as u64 + c.entity_id.to_native() as u64 + archived_type(&c.entity_type),
            );
            let g = &c.guidance;
            s = s.wrapping_add(
                g.direction_target.to_native() as u64 + g.altitude_target as u8 as u64,
            );
            s = s.wrapping_add(g.submerge as u64 + g.velocity_target.to_native() as u16 as u64);
            s = s.wrapping_add(c.player_id.to_native() as u64);
            let p = &c.position;
            s = s.wrapping_add((p.x.to_native() + p.y.to_native()) as i64 as u64);
            s = s.wrapping_add(c.reloads.iter().filter(|b| **b).count() as u64);
            s = s
                .wrapping_add(c.rotation.to_native() as u64 + c.velocity.to_native() as u16 as u64);
            s = s.wrapping_add(c.turrets.iter().map(|t| t.to_native() as u64).sum::<u64>());
        }
        s = s.wrapping_add(u.score.to_native() as u64 + u.world_radius.to_native() as u64);
        for t in u.terrain_updates.iter() {
            s = s.wrapping_add(t.chunk_id.iter().map(|c| *c as u8 as u64).sum::<u64>());
            s = s.wrapping_add(t.data.len() as u64);
        }
    }
    s
}

super::dataset_bench!(
    Updates,
    ArchivedUpdates,
    "fidlwire.bench.datasets/Updates",
    generate(4),
    read_fidl,
    read_rkyv
);
