//! No module of `src/` depends, through others, on itself: the layers point one way (the model
//! knows no screen code, a screen's state knows no model, the runtime is known by nothing but
//! the loop). A file depends on every module a `crate::` or `super::` path in it names (its
//! tests left out); a cycle fails with the modules in it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is: `src/tui/app.rs` is tui::app, `src/tui/mod.rs` is tui.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The paths a file names, as modules (the longest prefix that is a module).
fn dependencies(module: &Module, text: &str, modules: &BTreeSet<Module>) -> BTreeSet<Module> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("::") {
        // Find the whole path this `::` belongs to, once, from its first segment.
        let start = code[..i]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .map_or(0, |p| p + 1);
        let path = &code[start..];
        let end = path
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(path.len());
        let segments: Vec<&str> = path[..end].split("::").filter(|s| !s.is_empty()).collect();
        let (mut base, rest): (Module, &[&str]) = match segments.first() {
            Some(&"crate") => (Vec::new(), &segments[1..]),
            Some(&"super") => {
                let mut base = module.clone();
                let mut k = 0;
                while segments.get(k) == Some(&"super") {
                    base.pop();
                    k += 1;
                }
                (base, &segments[k..])
            }
            _ => continue,
        };
        base.extend(rest.iter().map(|s| s.to_string()));
        while !base.is_empty() {
            if modules.contains(&base) {
                if &base != module {
                    out.insert(base);
                }
                break;
            }
            base.pop();
        }
    }
    out
}

#[test]
fn no_module_depends_on_itself_through_others() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Module> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = std::fs::read_to_string(file).unwrap();
        edges.insert(module.clone(), dependencies(&module, &text, &modules));
    }
    // Every module that can reach itself is in a cycle: walk from each.
    let mut in_cycles = Vec::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Module> = edges[start].iter().collect();
        while let Some(m) = stack.pop() {
            if m == start {
                in_cycles.push(start.join("::"));
                break;
            }
            if seen.insert(m) {
                stack.extend(edges.get(m).into_iter().flatten());
            }
        }
    }
    assert!(
        in_cycles.is_empty(),
        "modules that depend on themselves through others: {in_cycles:?}"
    );
    assert!(edges.len() > 100, "the walk found the source files");
}

#[test]
fn the_check_sees_a_cycle() {
    let modules: BTreeSet<Module> = [vec!["a".into()], vec!["b".into()]].into_iter().collect();
    let a = dependencies(&vec!["a".to_string()], "use crate::b::X;", &modules);
    let b = dependencies(&vec!["b".to_string()], "fn f() { super::a::g() }", &modules);
    assert!(a.contains(&vec!["b".to_string()]));
    assert!(b.contains(&vec!["a".to_string()]));
    let tests_only = dependencies(
        &vec!["b".to_string()],
        "#[cfg(test)]\nuse crate::a::X;",
        &modules,
    );
    assert!(tests_only.is_empty(), "tests are left out");
}
