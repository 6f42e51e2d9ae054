//! The README's build.rs snippet is this crate's build script: the same `type_attribute` line
//! in both, so a snippet that stops compiling fails this crate's build, and this test fails if
//! the two drift apart.

use fidlwire_examples::fidl::fidlwire::examples::kvstore::Item;

fn attribute_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with(".type_attribute(") || l.starts_with(".field_attribute("))
        .map(|l| l.split("//").next().unwrap_or(l).trim().to_string())
        .collect()
}

#[test]
fn the_readme_snippet_is_the_build_script() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("../README.md")).unwrap();
    let build = std::fs::read_to_string(root.join("build.rs")).unwrap();
    let in_readme = attribute_lines(&readme);
    assert!(!in_readme.is_empty(), "the README shows a type_attribute");
    // rustfmt may wrap the call in build.rs: compare without whitespace or trailing commas.
    let squeeze = |t: &str| t.split_whitespace().collect::<String>().replace(",)", ")");
    let build = squeeze(&build);
    for line in &in_readme {
        assert!(
            build.contains(&squeeze(line)),
            "README line {line:?} is not in build.rs"
        );
    }
}

#[test]
fn the_injected_derives_work() {
    let a = Item {
        key: "a".into(),
        value: vec![1],
    };
    let b = Item {
        key: "b".into(),
        value: vec![],
    };
    let set: std::collections::BTreeSet<Item> = [b.clone(), a.clone()].into_iter().collect();
    assert_eq!(set.into_iter().collect::<Vec<_>>(), vec![a.clone(), b]);
    let hashed: std::collections::HashSet<Item> = [a.clone(), a].into_iter().collect();
    assert_eq!(hashed.len(), 1);
}
