//! Resource bounds under hostile input:
//! * allocation stays within a small constant times the input length (counting allocator),
//!   whatever counts, ordinals or nesting the input declares;
//! * the deepest legal message decodes on a thread with a 64 KiB stack, and one level deeper
//!   is rejected with an error, not a stack overflow;
//! * the limits of `DecodeOptions` (depth, bytes, handles) are typed errors.

use fidlwire::{DecodeOptions, ErrorKind, Struct, Table, Union};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to `System`, adding a thread-local byte counter that does not allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = BYTES.try_with(|c| c.set(c.get() + layout.size()));
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = BYTES.try_with(|c| c.set(c.get() + new_size));
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocated<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = BYTES.with(Cell::get);
    let r = f();
    (BYTES.with(Cell::get) - before, r)
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Leaf {
    a: u64,
}

#[derive(Table, Debug, PartialEq, Clone, Default)]
struct Wide {
    #[fidl(ordinal = 1)]
    a: Option<u64>,
    #[fidl(ordinal = 2)]
    names: Option<Vec<String>>,
}

#[derive(Union, Debug, PartialEq, Clone)]
enum Choice {
    #[fidl(ordinal = 1)]
    Leaf(Leaf),
    #[fidl(ordinal = 2)]
    More(Box<Choice>),
    #[fidl(unknown)]
    Unknown(u64),
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Hostile {
    strings: Vec<String>,
    nested: Vec<Vec<u8>>,
    table: Wide,
    choice: Option<Box<Choice>>,
    chain: Option<Box<Chain>>,
}

#[derive(Struct, Debug, PartialEq, Clone)]
struct Chain {
    next: Option<Box<Chain>>,
}

fn le(v: u64) -> [u8; 8] {
    v.to_le_bytes()
}

/// A `Hostile` message whose first vector declares `count` elements but carries `carried`.
fn huge_count(count: u64, carried: usize) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend(le(count));
    b.extend(le(u64::MAX)); // strings
    b.extend(le(0));
    b.extend(le(u64::MAX)); // nested: empty
    b.extend(le(0));
    b.extend(le(u64::MAX)); // table: empty
    b.extend(le(0));
    b.extend(le(0)); // choice absent
    b.extend(le(0)); // chain absent
    for _ in 0..carried {
        b.extend(le(0));
        b.extend(le(u64::MAX)); // empty strings
    }
    b
}

/// Allocation bound: a small constant per input byte, plus a fixed allowance.
fn assert_bounded(input: &[u8]) {
    for tier in 0..2 {
        let (bytes, _) = allocated(|| {
            if tier == 0 {
                fidlwire::decode::<Hostile>(input)
                    .map(drop)
                    .map_err(|e| e.kind())
            } else {
                let mut buf = input.to_vec();
                fidlwire::view::<Hostile>(&mut buf)
                    .map(drop)
                    .map_err(|e| e.kind())
            }
        });
        let budget = 8 * input.len() + 4096;
        assert!(
            bytes <= budget,
            "tier {tier}: {bytes} bytes allocated for a {}-byte input",
            input.len()
        );
    }
}

#[test]
fn huge_declared_counts_allocate_nothing_in_proportion() {
    for count in [0xffff_ffff, 0x1000_0000, 1 << 20, 100] {
        let input = huge_count(count, 4);
        assert_eq!(
            fidlwire::decode::<Hostile>(&input).unwrap_err().kind(),
            ErrorKind::TooFewBytes
        );
        assert_bounded(&input);
    }
    // As many elements as the message really holds: fine, and still bounded.
    let input = huge_count(5000, 5000);
    assert_eq!(
        fidlwire::decode::<Hostile>(&input).unwrap().strings.len(),
        5000
    );
    assert_bounded(&input);
}

#[test]
fn maximal_table_ordinals_are_bounded_by_the_bytes() {
    let mut b = huge_count(0, 0);
    b[32..40].copy_from_slice(&le(0xffff_ffff)); // table max ordinal
    b[40..48].copy_from_slice(&le(u64::MAX));
    assert_eq!(
        fidlwire::decode::<Hostile>(&b).unwrap_err().kind(),
        ErrorKind::TooFewBytes
    );
    assert_bounded(&b);
    // 65,536 absent envelopes really present: valid, the table stays one small struct.
    b[32..40].copy_from_slice(&le(1 << 16));
    b.resize(b.len() + (8 << 16), 0);
    assert_eq!(
        fidlwire::decode::<Hostile>(&b).unwrap().table,
        Wide::default()
    );
    assert_bounded(&b);
}

fn chain(n: usize) -> Chain {
    (0..n).fold(Chain { next: None }, |c, _| Chain {
        next: Some(Box::new(c)),
    })
}

fn choice(n: usize) -> Choice {
    (0..n).fold(Choice::Leaf(Leaf { a: 1 }), |c, _| {
        Choice::More(Box::new(c))
    })
}

#[test]
fn deep_nesting_everywhere_is_bounded() {
    let v = Hostile {
        strings: vec![],
        nested: vec![],
        table: Wide::default(),
        choice: Some(Box::new(choice(30))),
        chain: Some(Box::new(chain(31))),
    };
    let bytes = fidlwire::to_vec(&v).unwrap();
    assert_eq!(fidlwire::decode::<Hostile>(&bytes).unwrap(), v);
    assert_bounded(&bytes);
    // Mutations of it: whatever happens, allocation stays bounded.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..2000 {
        let mut m = bytes.clone();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let at = (state % m.len() as u64) as usize;
        m[at] = (state >> 32) as u8;
        assert_bounded(&m);
    }
}

/// Runs `f` on a thread with a 64 KiB stack.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow");
}

#[test]
fn deepest_legal_message_decodes_on_a_64k_stack() {
    // Encode on the test thread (values are built recursively there), decode on the small one.
    let ok = fidlwire::to_vec(&chain(32)).unwrap();
    let mut deeper = Vec::new();
    fidlwire::EncodeOptions { max_depth: 64 }
        .encode_into(&chain(33), &mut deeper, &mut Vec::new())
        .unwrap();
    let unions_ok = fidlwire::to_vec(&choice(31)).unwrap();
    let mut unions_deeper = Vec::new();
    fidlwire::EncodeOptions { max_depth: 64 }
        .encode_into(&choice(32), &mut unions_deeper, &mut Vec::new())
        .unwrap();
    on_small_stack(move || {
        let decoded: Chain = fidlwire::decode(&ok).unwrap();
        drop(decoded); // dropping 32 nested boxes recurses too

        let mut buf = ok.clone();
        assert!(fidlwire::view::<Chain>(&mut buf).is_ok());
        assert_eq!(
            fidlwire::decode::<Chain>(&deeper).unwrap_err().kind(),
            ErrorKind::ExceededMaxOutOfLineDepth
        );
        assert!(fidlwire::decode::<Choice>(&unions_ok).is_ok());
        assert_eq!(
            fidlwire::decode::<Choice>(&unions_deeper)
                .unwrap_err()
                .kind(),
            ErrorKind::ExceededMaxOutOfLineDepth
        );
        // A long hostile chain is cut off at the limit, long before the stack.
        let mut hostile = vec![0xff; 8 * 10_000];
        hostile.extend([0; 8]);
        assert_eq!(
            fidlwire::validate::<Chain>(&hostile).unwrap_err().kind(),
            ErrorKind::ExceededMaxOutOfLineDepth
        );
    });
}

#[test]
fn decode_option_limits_are_typed_errors() {
    let bytes = fidlwire::to_vec(&chain(3)).unwrap();
    let depth = DecodeOptions {
        max_depth: 2,
        ..Default::default()
    };
    assert_eq!(
        depth.decode::<Chain>(&bytes).unwrap_err().kind(),
        ErrorKind::ExceededMaxOutOfLineDepth
    );
    let size = DecodeOptions {
        max_bytes: 16,
        ..Default::default()
    };
    assert_eq!(
        size.decode::<Chain>(&bytes).unwrap_err().kind(),
        ErrorKind::MessageTooLarge
    );
    let handles = DecodeOptions {
        max_handles: 0,
        ..Default::default()
    };
    let info =
        fidlwire::emulated::create_info(fidlwire::ObjectType::EVENT, fidlwire::Rights::BASIC);
    let raw = info.handle.raw();
    assert_eq!(
        handles
            .decode_with_handles::<Chain>(&bytes, vec![info])
            .unwrap_err()
            .kind(),
        ErrorKind::TooManyHandlesForLimit
    );
    assert!(
        !fidlwire::emulated::state(raw).unwrap().open,
        "the rejected handle is closed"
    );
}
