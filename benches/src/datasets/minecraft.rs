//! `minecraft`: 500 player saves — deeply nested, with enums and optional parts.

use super::{ALNUM, Rng};

super::with_peers! {
/// A game mode.
#[derive(Copy, fidlwire::Enum)]
#[fidl(strict)]
#[repr(u8)]
pub enum GameType {
    /// Survival.
    Survival = 0,
    /// Creative.
    Creative = 1,
    /// Adventure.
    Adventure = 2,
    /// Spectator.
    Spectator = 3,
}
}

impl GameType {
    fn pick(r: &mut Rng) -> GameType {
        [
            Self::Survival,
            Self::Creative,
            Self::Adventure,
            Self::Spectator,
        ][r.range(0, 4) as usize]
    }
}

fn archived_game_type(g: &ArchivedGameType) -> u64 {
    match g {
        ArchivedGameType::Survival => 0,
        ArchivedGameType::Creative => 1,
        ArchivedGameType::Adventure => 2,
        ArchivedGameType::Spectator => 3,
    }
}

super::with_peers! {
    /// An inventory slot.
    #[derive(fidlwire::Struct)]
    pub struct Item {
        /// Stack size.
        pub count: i8,
        /// Slot number.
        pub slot: u8,
        /// Item id, `minecraft:…`.
        pub id: String,
    }
}

super::with_peers! {
    /// Player abilities.
    #[derive(fidlwire::Struct)]
    pub struct Abilities {
        /// Walking speed.
        pub walk_speed: f32,
        /// Flying speed.
        pub fly_speed: f32,
        /// May fly.
        pub may_fly: bool,
        /// Is flying.
        pub flying: bool,
        /// Invulnerable.
        pub invulnerable: bool,
        /// May build.
        pub may_build: bool,
        /// Builds instantly.
        pub instabuild: bool,
    }
}

super::plain_with_peers! {
    /// A position.
    pub struct Vector3d {
        /// x.
        pub x: f64,
        /// y.
        pub y: f64,
        /// z.
        pub z: f64,
    }
}

super::with_peers! {
    /// A spawn point.
    #[derive(fidlwire::Struct)]
    pub struct Spawn {
        /// x.
        pub x: i32,
        /// y.
        pub y: i32,
        /// z.
        pub z: i32,
        /// Forced.
        pub forced: bool,
    }
}

super::with_peers! {
    /// An entity (a mount or a shoulder pet).
    #[derive(fidlwire::Struct)]
    pub struct Entity {
        /// Entity id.
        pub id: String,
        /// Position.
        pub pos: [f64; 3],
        /// Motion.
        pub motion: [f64; 3],
        /// Rotation.
        pub rotation: [f32; 2],
        /// Fall distance.
        pub fall_distance: f32,
        /// Fire ticks.
        pub fire: u16,
        /// Air ticks.
        pub air: u16,
        /// On the ground.
        pub on_ground: bool,
        /// No gravity.
        pub no_gravity: bool,
        /// Invulnerable.
        pub invulnerable: bool,
        /// Portal cooldown.
        pub portal_cooldown: i32,
        /// UUID.
        pub uuid: [u32; 4],
        /// Custom name.
        pub custom_name: Option<String>,
        /// Name shown.
        pub custom_name_visible: bool,
        /// Silent.
        pub silent: bool,
        /// Glowing.
        pub glowing: bool,
        /// Tags.
        pub tags: Vec<String>,
    }
}

super::with_peers! {
    /// The vehicle a player rides.
    #[derive(fidlwire::Struct)]
    pub struct Vehicle {
        /// Attachment UUID.
        pub uuid: [u32; 4],
        /// The mount.
        pub entity: Entity,
    }
}

super::with_peers! {
    /// Known recipes.
    #[derive(fidlwire::Struct)]
    pub struct RecipeBook {
        /// Recipes.
        pub recipes: Vec<String>,
        /// Recipes to display.
        pub to_be_displayed: Vec<String>,
        /// Filter.
        pub is_filtering_craftable: bool,
        /// GUI open.
        pub is_gui_open: bool,
        /// Furnace filter.
        pub is_furnace_filtering_craftable: bool,
        /// Furnace GUI open.
        pub is_furnace_gui_open: bool,
        /// Blast furnace filter.
        pub is_blasting_furnace_filtering_craftable: bool,
        /// Blast furnace GUI open.
        pub is_blasting_furnace_gui_open: bool,
        /// Smoker filter.
        pub is_smoker_filtering_craftable: bool,
        /// Smoker GUI open.
        pub is_smoker_gui_open: bool,
    }
}

super::with_peers! {
    /// One player save.
    #[derive(fidlwire::Struct)]
    pub struct Player {
        /// Game mode.
        pub game_type: GameType,
        /// Previous game mode.
        pub previous_game_type: GameType,
        /// Score.
        pub score: i64,
        /// Dimension.
        pub dimension: String,
        /// Selected hotbar slot.
        pub selected_item_slot: u32,
        /// Selected item.
        pub selected_item: Item,
        /// Spawn dimension.
        pub spawn_dimension: Option<String>,
        /// Spawn point.
        pub spawn: Option<Spawn>,
        /// Sleep timer.
        pub sleep_timer: u16,
        /// Exhaustion.
        pub food_exhaustion_level: f32,
        /// Saturation.
        pub food_saturation_level: f32,
        /// Food tick timer.
        pub food_tick_timer: u32,
        /// XP level.
        pub xp_level: u32,
        /// XP progress.
        pub xp_p: f32,
        /// Total XP.
        pub xp_total: i32,
        /// XP seed.
        pub xp_seed: i32,
        /// Inventory.
        pub inventory: Vec<Item>,
        /// Ender chest.
        pub ender_items: Vec<Item>,
        /// Abilities.
        pub abilities: Abilities,
        /// Where the player entered the nether.
        pub entered_nether_position: Option<Vector3d>,
        /// Mount.
        pub root_vehicle: Option<Box<Vehicle>>,
        /// Left shoulder.
        pub shoulder_entity_left: Option<Box<Entity>>,
        /// Right shoulder.
        pub shoulder_entity_right: Option<Box<Entity>>,
        /// Seen the credits.
        pub seen_credits: bool,
        /// Recipes.
        pub recipe_book: RecipeBook,
    }
}

super::with_peers! {
    /// The dataset.
    #[derive(fidlwire::Struct)]
    pub struct Players {
        /// The saves.
        pub players: Vec<Player>,
    }
}

fn id(r: &mut Rng) -> String {
    format!("minecraft:{}", r.string(ALNUM, 3, 16))
}

fn item(r: &mut Rng) -> Item {
    Item {
        count: r.range(1, 65) as i8,
        slot: r.range(0, 36) as u8,
        id: id(r),
    }
}

fn entity(r: &mut Rng) -> Entity {
    Entity {
        id: id(r),
        pos: [r.unit_f64() * 1e4, r.unit_f64() * 256.0, r.unit_f64() * 1e4],
        motion: [r.unit_f64(), r.unit_f64(), r.unit_f64()],
        rotation: [r.unit_f32() * 360.0, r.unit_f32() * 180.0],
        fall_distance: r.unit_f32() * 10.0,
        fire: r.range(0, 1000) as u16,
        air: r.range(0, 300) as u16,
        on_ground: r.chance(1, 2),
        no_gravity: r.chance(1, 10),
        invulnerable: r.chance(1, 10),
        portal_cooldown: r.range(0, 1000) as i32,
        uuid: [
            r.next_u64() as u32,
            r.next_u64() as u32,
            r.next_u64() as u32,
            r.next_u64() as u32,
        ],
        custom_name: r.chance(1, 2).then(|| r.string(ALNUM, 4, 16)),
        custom_name_visible: r.chance(1, 2),
        silent: r.chance(1, 2),
        glowing: r.chance(1, 10),
        tags: (0..r.range(0, 4)).map(|_| r.string(ALNUM, 4, 12)).collect(),
    }
}

fn player(r: &mut Rng) -> Player {
    Player {
        game_type: GameType::pick(r),
        previous_game_type: GameType::pick(r),
        score: r.range(0, 1 << 20) as i64,
        dimension: id(r),
        selected_item_slot: r.range(0, 9) as u32,
        selected_item: item(r),
        spawn_dimension: r.chance(1, 2).then(|| id(r)),
        spawn: r.chance(1, 2).then(|| Spawn {
            x: r.next_u64() as i32 >> 8,
            y: r.range(0, 256) as i32,
            z: r.next_u64() as i32 >> 8,
            forced: r.chance(1, 2),
        }),
        sleep_timer: r.range(0, 100) as u16,
        food_exhaustion_level: r.unit_f32() * 4.0,
        food_saturation_level: r.unit_f32() * 20.0,
        food_tick_timer: r.range(0, 80) as u32,
        xp_level: r.range(0, 100) as u32,
        xp_p: r.unit_f32(),
        xp_total: r.range(0, 10_000) as i32,
        xp_seed: r.next_u64() as i32,
        inventory: (0..r.range(0, 40)).map(|_| item(r)).collect(),
        ender_items: (0..r.range(0, 27)).map(|_| item(r)).collect(),
        abilities: Abilities {
            walk_speed: 0.1,
            fly_speed: 0.05,
            may_fly: r.chance(1, 2),
            flying: r.chance(1, 2),
            invulnerable: r.chance(1, 2),
            may_build: r.chance(1, 2),
            instabuild: r.chance(1, 2),
        },
        entered_nether_position: r.chance(1, 2).then(|| Vector3d {
            x: r.unit_f64() * 1e4,
            y: r.unit_f64() * 256.0,
            z: r.unit_f64() * 1e4,
        }),
        root_vehicle: r.chance(1, 2).then(|| {
            Box::new(Vehicle {
                uuid: [r.next_u64() as u32, r.next_u64() as u32, 0, 1],
                entity: entity(r),
            })
        }),
        shoulder_entity_left: r.chance(1, 2).then(|| Box::new(entity(r))),
        shoulder_entity_right: r.chance(1, 2).then(|| Box::new(entity(r))),
        seen_credits: r.chance(1, 2),
        recipe_book: RecipeBook {
            recipes: (0..r.range(0, 100)).map(|_| id(r)).collect(),
            to_be_displayed: (0..r.range(0, 100)).map(|_| id(r)).collect(),
            is_filtering_craftable: r.chance(1, 2),
            is_gui_open: r.chance(1, 2),
            is_furnace_filtering_craftable: r.chance(1, 2),
            is_furnace_gui_open: r.chance(1, 2),
            is_blasting_furnace_filtering_craftable: r.chance(1, 2),
            is_blasting_furnace_gui_open: r.chance(1, 2),
            is_smoker_filtering_craftable: r.chance(1, 2),
            is_smoker_gui_open: r.chance(1, 2),
        },
    }
}

/// 500 players from `seed`.
pub fn generate(seed: u64) -> Players {
    let mut r = Rng::new(seed);
    Players {
        players: (0..500).map(|_| player(&mut r)).collect(),
    }
}

fn read_item_fidl(i: ItemView<'_>) -> u64 {
    i.count() as u64 + i.slot() as u64 + i.id().len() as u64
}

fn read_entity_fidl(e: EntityView<'_>) -> u64 {
    let mut s = e.id().len() as u64;
    let f: f64 = e.pos().iter().chain(e.motion().iter()).sum::<f64>()
        + e.rotation().iter().map(f64::from).sum::<f64>()
        + e.fall_distance() as f64;
    s = s.wrapping_add(f as u64);
    s = s.wrapping_add(
        e.fire() as u64 + e.air() as u64 + e.on_ground() as u64 + e.no_gravity() as u64,
    );
    s = s.wrapping_add(e.invulnerable() as u64 + e.portal_cooldown() as u64);
    s = s.wrapping_add(e.uuid().iter().map(u64::from).sum::<u64>());
    s = s.wrapping_add(e.custom_name().map_or(0, |n| n.len() as u64));
    s = s.wrapping_add(e.custom_name_visible() as u64 + e.silent() as u64 + e.glowing() as u64);
    s + e.tags().iter().map(|t| t.len() as u64).sum::<u64>()
}

/// Reads every field through fidlwire's view.
pub fn read_fidl(v: PlayersView<'_>) -> u64 {
    let mut s = 0u64;
    for p in v.players() {
        s = s.wrapping_add(p.game_type() as u64 + p.previous_game_type() as u64 + p.score() as u64);
        s = s.wrapping_add(p.dimension().len() as u64 + p.selected_item_slot() as u64);
        s = s.wrapping_add(read_item_fidl(p.selected_item()));
        s = s.wrapping_add(p.spawn_dimension().map_or(0, |d| d.len() as u64));
        s = s.wrapping_add(p.spawn().map_or(0, |sp| {
            (sp.x() + sp.y() + sp.z()) as u32 as u64 + sp.forced() as u64
        }));
        s = s.wrapping_add(p.sleep_timer() as u64);
        s = s.wrapping_add(
            (p.food_exhaustion_level() + p.food_saturation_level() + p.xp_p()) as u64,
        );
        s = s.wrapping_add(p.food_tick_timer() as u64 + p.xp_level() as u64);
        s = s.wrapping_add(p.xp_total() as u32 as u64 + p.xp_seed() as u32 as u64);
        s = s.wrapping_add(p.inventory().iter().map(read_item_fidl).sum::<u64>());
        s = s.wrapping_add(p.ender_items().iter().map(read_item_fidl).sum::<u64>());
        let a = p.abilities();
        s = s.wrapping_add(
            (a.walk_speed() + a.fly_speed()) as u64 + a.may_fly() as u64 + a.flying() as u64,
        );
        s = s.wrapping_add(a.invulnerable() as u64 + a.may_build() as u64 + a.instabuild() as u64);
        s = s.wrapping_add(
            p.entered_nether_position()
                .map_or(0, |n| (n.x() + n.y() + n.z()) as u64),
        );
        s = s.wrapping_add(p.root_vehicle().map(|rv| rv.get()).map_or(0, |rv| {
            rv.uuid().iter().map(u64::from).sum::<u64>() + read_entity_fidl(rv.entity())
        }));
        s = s.wrapping_add(
            p.shoulder_entity_left()
                .map_or(0, |e| read_entity_fidl(e.get())),
        );
        s = s.wrapping_add(
            p.shoulder_entity_right()
                .map_or(0, |e| read_entity_fidl(e.get())),
        );
        s = s.wrapping_add(p.seen_credits() as u64);
        let b = p.recipe_book();
        s = s.wrapping_add(b.recipes().iter().map(|r| r.len() as u64).sum::<u64>());
        s = s.wrapping_add(
            b.to_be_displayed()
                .iter()
                .map(|r| r.len() as u64)
                .sum::<u64>(),
        );
        s = s.wrapping_add(b.is_filtering_craftable() as u64 + b.is_gui_open() as u64);
        s = s.wrapping_add(
            b.is_furnace_filtering_craftable() as u64 + b.is_furnace_gui_open() as u64,
        );
        s = s.wrapping_add(b.is_blasting_furnace_filtering_craftable() as u64);
        s = s.wrapping_add(b.is_blasting_furnace_gui_open() as u64);
        s = s
            .wrapping_add(b.is_smoker_filtering_craftable() as u64 + b.is_smoker_gui_open() as u64);
    }
    s
}

fn read_item_rkyv(i: &ArchivedItem) -> u64 {
    i.count as u64 + i.slot as u64 + i.id.len() as u64
}

fn read_entity_rkyv(e: &ArchivedEntity) -> u64 {
    let mut s = e.id.len() as u64;
    let f: f64 = e
        .pos
        .iter()
        .chain(e.motion.iter())
        .map(|x| x.to_native())
        .sum::<f64>()
        + e.rotation.iter().map(|x| x.to_native() as f64).sum::<f64>()
        + e.fall_distance.to_native() as f64;
    s = s.wrapping_add(f as u64);
    s = s.wrapping_add(e.fire.to_native() as u64 + e.air.to_native() as u64);
    s = s.wrapping_add(e.on_ground as u64 + e.no_gravity as u64);
    s = s.wrapping_add(e.invulnerable as u64 + e.portal_cooldown.to_native() as u64);
    s = s.wrapping_add(e.uuid.iter().map(|u| u.to_native() as u64).sum::<u64>());
    s = s.wrapping_add(e.custom_name.as_ref().map_or(0, |n| n.len() as u64));
    s = s.wrapping_add(e.custom_name_visible as u64 + e.silent as u64 + e.glowing as u64);
    s + e.tags.iter().map(|t| t.len() as u64).sum::<u64>()
}

/// Reads every field through rkyv's archive.
pub fn read_rkyv(v: &ArchivedPlayers) -> u64 {
    let mut s = 0u64;
    for p in v.players.iter() {
        s = s.wrapping_add(
            archived_game_type(&p.game_type) + archived_game_type(&p.previous_game_type),
        );
        s = s.wrapping_add(p.score.to_native() as u64);
        s = s.wrapping_add(p.dimension.len() as u64 + p.selected_item_slot.to_native() as u64);
        s = s.wrapping_add(read_item_rkyv(&p.selected_item));
        s = s.wrapping_add(p.spawn_dimension.as_ref().map_or(0, |d| d.len() as u64));
        s = s.wrapping_add(p.spawn.as_ref().map_or(0, |sp| {
            (sp.x.to_native() + sp.y.to_native() + sp.z.to_native()) as u32 as u64
                + sp.forced as u64
        }));
        s = s.wrapping_add(p.sleep_timer.to_native() as u64);
        s = s.wrapping_add(
            (p.food_exhaustion_level.to_native()
                + p.food_saturation_level.to_native()
                + p.xp_p.to_native()) as u64,
        );
        s = s.wrapping_add(p.food_tick_timer.to_native() as u64 + p.xp_level.to_native() as u64);
        s = s.wrapping_add(
            p.xp_total.to_native() as u32 as u64 + p.xp_seed.to_native() as u32 as u64,
        );
        s = s.wrapping_add(p.inventory.iter().map(read_item_rkyv).sum::<u64>());
        s = s.wrapping_add(p.ender_items.iter().map(read_item_rkyv).sum::<u64>());
        let a = &p.abilities;
        s = s.wrapping_add((a.walk_speed.to_native() + a.fly_speed.to_native()) as u64);
        s = s.wrapping_add(a.may_fly as u64 + a.flying as u64);
        s = s.wrapping_add(a.invulnerable as u64 + a.may_build as u64 + a.instabuild as u64);
        s = s.wrapping_add(p.entered_nether_position.as_ref().map_or(0, |n| {
            (n.x.to_native() + n.y.to_native() + n.z.to_native()) as u64
        }));
        s = s.wrapping_add(p.root_vehicle.as_ref().map_or(0, |rv| {
            rv.uuid.iter().map(|u| u.to_native() as u64).sum::<u64>() + read_entity_rkyv(&rv.entity)
        }));
        s = s.wrapping_add(
            p.shoulder_entity_left
                .as_ref()
                .map_or(0, |e| read_entity_rkyv(e)),
        );
        s = s.wrapping_add(
            p.shoulder_entity_right
                .as_ref()
                .map_or(0, |e| read_entity_rkyv(e)),
        );
        s = s.wrapping_add(p.seen_credits as u64);
        let b = &p.recipe_book;
        s = s.wrapping_add(b.recipes.iter().map(|r| r.len() as u64).sum::<u64>());
        s = s.wrapping_add(
            b.to_be_displayed
                .iter()
                .map(|r| r.len() as u64)
                .sum::<u64>(),
        );
        s = s.wrapping_add(b.is_filtering_craftable as u64 + b.is_gui_open as u64);
        s = s.wrapping_add(b.is_furnace_filtering_craftable as u64 + b.is_furnace_gui_open as u64);
        s = s.wrapping_add(b.is_blasting_furnace_filtering_craftable as u64);
        s = s.wrapping_add(b.is_blasting_furnace_gui_open as u64);
        s = s.wrapping_add(b.is_smoker_filtering_craftable as u64 + b.is_smoker_gui_open as u64);
    }
    s
}

super::dataset_bench!(
    Players,
    ArchivedPlayers,
    "fidlwire.bench.datasets/Players",
    generate(3),
    read_fidl,
    read_rkyv
);
