//! Allocation counts, measured with a counting global allocator:
//! * view decoding allocates nothing, for any message shape (strings, vectors of strings,
//!   tables, unions, boxes, handles);
//! * encoding into reused buffers allocates nothing once they have grown;
//! * owned decoding allocates exactly what the value owns.

use fidlwire::{Handle, ObjectType, Rights, Struct, Table, Union, emulated};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to `System`, only adding a thread-local counter that does not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCS.with(Cell::get);
    let r = f();
    (ALLOCS.with(Cell::get) - before, r)
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Table, Debug, PartialEq, Clone, Default)]
struct Meta {
    #[fidl(ordinal = 1)]
    title: Option<String>,
    #[fidl(ordinal = 3)]
    tags: Option<Vec<String>>,
    #[fidl(ordinal = 4)]
    origin: Option<Point>,
}

#[derive(Union, Debug, PartialEq, Clone)]
enum Shape {
    #[fidl(ordinal = 1)]
    Circle(u32),
    #[fidl(ordinal = 2)]
    Path(Vec<Point>),
    #[fidl(ordinal = 3)]
    Label(String),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Message {
    name: String,
    aliases: Vec<String>,
    maybe: Vec<Option<String>>,
    meta: Meta,
    shape: Shape,
    shapes: Vec<Shape>,
    payload: Vec<u8>,
    boxed: Option<Box<Point>>,
}

#[derive(Struct, Debug, PartialEq)]
#[fidl(resource)]
struct WithHandle {
    label: String,
    h: Handle,
}

fn message() -> Message {
    Message {
        name: "the name".into(),
        aliases: vec!["a".into(), "bb".into(), "ccc".into()],
        maybe: vec![Some("x".into()), None],
        meta: Meta {
            title: Some("title".into()),
            tags: Some(vec!["t1".into(), "t2".into()]),
            origin: Some(Point { x: 1, y: 2 }),
        },
        shape: Shape::Label("label".into()),
        shapes: vec![
            Shape::Circle(3),
            Shape::Path(vec![Point { x: 0, y: 0 }, Point { x: 5, y: 5 }]),
        ],
        payload: vec![7; 300],
        boxed: Some(Box::new(Point { x: -1, y: -2 })),
    }
}

#[test]
fn view_decoding_allocates_nothing() {
    let bytes = fidlwire::to_vec(&message()).unwrap();
    let mut buf = bytes.clone();
    let (n, summary) = allocations(|| {
        let v = fidlwire::view::<Message>(&mut buf).unwrap();
        // Touch every field through the view: still nothing allocated.
        let mut total = v.name().len() + v.payload().as_bytes().len();
        total += v.aliases().iter().map(str::len).sum::<usize>();
        total += v.maybe().iter().flatten().map(str::len).sum::<usize>();
        total += v.meta().tags().map_or(0, |t| t.iter().map(str::len).sum());
        total += v.meta().title().map_or(0, str::len);
        total += v.meta().origin().map_or(0, |p| p.x() as usize);
        if let ShapeView::Label(l) = v.shape() {
            total += l.len();
        }
        for s in v.shapes() {
            if let ShapeView::Path(p) = s {
                total += p.iter().map(|pt| pt.y() as usize).sum::<usize>();
            }
        }
        total += v.boxed().map_or(0, |b| b.get().x().unsigned_abs() as usize);
        total
    });
    assert_eq!(summary, 8 + 300 + 6 + 1 + 4 + 5 + 1 + 5 + 5 + 1);
    assert_eq!(n, 0, "view decoding allocated {n} times");
    println!("allocations: view decode + full field access = {n}");
}

#[test]
fn read_only_views_allocate_nothing_once_warm() {
    let bytes = fidlwire::to_vec(&message()).unwrap();
    let mut views = fidlwire::ViewBuffer::new();
    views.view::<Message>(&bytes).unwrap();
    let (n, summary) = allocations(|| {
        let v = views.view::<Message>(&bytes).unwrap();
        let mut total = v.name().len() + v.payload().as_bytes().len();
        total += v.aliases().iter().map(str::len).sum::<usize>();
        total += v.maybe().iter().flatten().map(str::len).sum::<usize>();
        total += v.meta().tags().map_or(0, |t| t.iter().map(str::len).sum());
        total += v.boxed().map_or(0, |b| b.get().x().unsigned_abs() as usize);
        total
    });
    assert_eq!(summary, 8 + 300 + 6 + 1 + 4 + 1);
    assert_eq!(n, 0, "a warm read-only view allocated {n} times");
}

#[test]
fn view_decoding_with_handles_allocates_nothing() {
    let (bytes, d) = fidlwire::encode(WithHandle {
        label: "h".into(),
        h: emulated::create(ObjectType::EVENT, Rights::BASIC),
    })
    .unwrap();
    let mut infos = emulated::transfer(d).unwrap();
    let mut buf = bytes.clone();
    let (n, ok) = allocations(|| {
        fidlwire::view_with_handles::<WithHandle>(&mut buf, &mut infos)
            .map(|v| v.h().handle.is_valid())
    });
    assert_eq!(ok, Ok(true));
    assert_eq!(n, 0);
}

#[test]
fn failed_view_decoding_allocates_only_the_error() {
    let mut bytes = fidlwire::to_vec(&message()).unwrap();
    bytes[15] = 0x7f; // the presence marker of `name`
    let (n, r) = allocations(|| fidlwire::view::<Message>(&mut bytes).map(drop));
    assert!(r.is_err());
    // One box for the error itself (boxed so that `Result`s stay register-sized on the hot
    // path), one small vector for its field path.
    assert!(
        n <= 2,
        "an error is one box plus its field path; saw {n} allocations"
    );
}

#[test]
fn encoding_into_reused_buffers_allocates_nothing() {
    let m = message();
    let (mut bytes, mut handles) = (Vec::new(), Vec::new());
    fidlwire::encode_into(&m, &mut bytes, &mut handles).unwrap();
    let (n, r) = allocations(|| fidlwire::encode_into(&m, &mut bytes, &mut handles));
    r.unwrap();
    assert_eq!(n, 0);
    println!("allocations: encode into reused buffers = {n}");
}

#[test]
fn owned_decoding_allocates_what_the_value_owns() {
    let bytes = fidlwire::to_vec(&message()).unwrap();
    let _warm: Message = fidlwire::decode(&bytes).unwrap();
    let (n, v) = allocations(|| fidlwire::decode::<Message>(&bytes).unwrap());
    let (cloned, _) = allocations(|| v.clone());
    assert_eq!(n, cloned, "owned decode allocates exactly like clone()");
    println!("allocations: owned decode = {n}, clone() = {cloned}");
}

#[test]
fn error_is_one_pointer_so_results_stay_in_registers() {
    // Regression: a 40-byte error made every `Result` in the validator return through memory
    // (Table/*/63 validate went from 12.6 to ~5 ns per field when it was boxed).
    assert_eq!(size_of::<fidlwire::Error>(), size_of::<usize>());
    assert_eq!(size_of::<fidlwire::Result<()>>(), size_of::<usize>());
}
