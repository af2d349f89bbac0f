//! Scoring a parsed docs folder against Graph's CSDL metadata (an oracle for tests only; the
//! product never reads the CSDL). Shared by `tests/score_csdl.rs` and `examples/score.rs`.
//!
//! Figures, matching type names case-insensitively:
//! (a) % of CSDL entity and complex types found in the docs;
//! (b) of the properties and navigation properties of found types (inherited ones included on
//!     both sides), % found;
//! (c) of those found, % with the same type (namespace stripped, `Edm.` dropped, compared
//!     case-insensitively) and the same collection flag;
//! (d) % of CSDL enum types found with exactly the CSDL's members (as a set).

#![allow(dead_code)]

use docspec_codegen::model::{Api, TypeKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The corpus folder, or `None` (after printing a notice) when it is absent and not required.
pub fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("DOCSPEC_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "DOCSPEC_REQUIRE_CORPUS=1 but the corpus is not at {}",
            dir.display()
        );
    }
    eprintln!("notice: corpus not found at {}; skipping", dir.display());
    None
}

/// A structured type of the CSDL.
#[derive(Debug, Default)]
pub struct CsdlType {
    pub name: String,
    pub entity: bool,
    pub base: Option<String>,
    /// (name, type name without namespace, collection, navigation).
    pub props: Vec<(String, String, bool, bool)>,
}

/// What the scoring needs from the CSDL.
#[derive(Debug, Default)]
pub struct Csdl {
    /// Lowercase name -> type. The first of a name wins (sub-namespaces may repeat a name).
    pub types: BTreeMap<String, CsdlType>,
    /// Lowercase name -> (name, members).
    pub enums: BTreeMap<String, (String, Vec<String>)>,
}

/// `Collection(graph.x)` -> (`x`, true); `Edm.String` -> (`String`, false).
pub fn split_type(t: &str) -> (String, bool) {
    let (inner, coll) = match t
        .strip_prefix("Collection(")
        .and_then(|r| r.strip_suffix(')'))
    {
        Some(inner) => (inner, true),
        None => (t, false),
    };
    (inner.rsplit('.').next().unwrap_or(inner).to_string(), coll)
}

/// Reads the CSDL file.
pub fn read_csdl(path: &Path) -> Csdl {
    let text = std::fs::read_to_string(path).expect("read CSDL");
    let text = text.trim_start_matches('\u{feff}');
    let doc = roxmltree::Document::parse(text).expect("parse CSDL");
    let mut csdl = Csdl::default();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        let Some(name) = node.attribute("Name") else {
            continue;
        };
        match tag {
            "EntityType" | "ComplexType" => {
                let mut t = CsdlType {
                    name: name.to_string(),
                    entity: tag == "EntityType",
                    base: node.attribute("BaseType").map(|b| split_type(b).0),
                    props: Vec::new(),
                };
                for p in node.children().filter(|n| n.is_element()) {
                    let nav = match p.tag_name().name() {
                        "Property" => false,
                        "NavigationProperty" => true,
                        _ => continue,
                    };
                    let (Some(pn), Some(pt)) = (p.attribute("Name"), p.attribute("Type")) else {
                        continue;
                    };
                    let (tn, coll) = split_type(pt);
                    t.props.push((pn.to_string(), tn, coll, nav));
                }
                csdl.types.entry(name.to_ascii_lowercase()).or_insert(t);
            }
            "EnumType" => {
                let members = node
                    .children()
                    .filter(|n| n.has_tag_name("Member"))
                    .filter_map(|m| m.attribute("Name").map(str::to_string))
                    .collect();
                csdl.enums
                    .entry(name.to_ascii_lowercase())
                    .or_insert((name.to_string(), members));
            }
            _ => {}
        }
    }
    csdl
}

/// The figures and the reasons behind what does not match.
#[derive(Debug, Default)]
pub struct Score {
    pub types_total: usize,
    pub types_found: usize,
    /// Found types whose kind (entity or complex) agrees with the CSDL.
    pub same_kind: usize,
    pub kind_mismatches: Vec<String>,
    pub props_total: usize,
    pub props_found: usize,
    pub props_same: usize,
    pub enums_total: usize,
    pub enums_exact: usize,
    pub missing_types: Vec<String>,
    pub missing_props: Vec<String>,
    /// "docs type -> csdl type" -> examples.
    pub type_mismatches: BTreeMap<String, Vec<String>>,
    pub enum_mismatches: Vec<String>,
    pub missing_enums: Vec<String>,
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

impl Score {
    /// (a) types found.
    pub fn a(&self) -> f64 {
        pct(self.types_found, self.types_total)
    }
    /// (b) properties found.
    pub fn b(&self) -> f64 {
        pct(self.props_found, self.props_total)
    }
    /// (c) properties with the same type.
    pub fn c(&self) -> f64 {
        pct(self.props_same, self.props_found)
    }
    /// (d) enums with exactly the CSDL's members.
    pub fn d(&self) -> f64 {
        pct(self.enums_exact, self.enums_total)
    }

    /// The figures, then the mismatch breakdown (`detail` examples per reason).
    pub fn report(&self, detail: usize) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "(a) types found:               {:6.2}% ({}/{})",
            self.a(),
            self.types_found,
            self.types_total
        );
        let _ = writeln!(
            o,
            "(b) properties found:          {:6.2}% ({}/{})",
            self.b(),
            self.props_found,
            self.props_total
        );
        let _ = writeln!(
            o,
            "(c) properties with same type: {:6.2}% ({}/{})",
            self.c(),
            self.props_same,
            self.props_found
        );
        let _ = writeln!(
            o,
            "(d) enums with exact members:  {:6.2}% ({}/{})",
            self.d(),
            self.enums_exact,
            self.enums_total
        );
        let _ = writeln!(
            o,
            "    (found types of the same kind, entity or complex: {:6.2}% ({}/{}))",
            pct(self.same_kind, self.types_found),
            self.same_kind,
            self.types_found
        );
        let sample = |v: &[String]| {
            v.iter()
                .take(detail)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            o,
            "\nmissing types ({}): {}",
            self.missing_types.len(),
            sample(&self.missing_types)
        );
        let _ = writeln!(
            o,
            "missing properties ({}): {}",
            self.missing_props.len(),
            sample(&self.missing_props)
        );
        let _ = writeln!(
            o,
            "kind differs ({}): {}",
            self.kind_mismatches.len(),
            sample(&self.kind_mismatches)
        );
        let _ = writeln!(
            o,
            "missing enums ({}): {}",
            self.missing_enums.len(),
            sample(&self.missing_enums)
        );
        let _ = writeln!(
            o,
            "enums with other members ({}):",
            self.enum_mismatches.len()
        );
        for e in self.enum_mismatches.iter().take(detail) {
            let _ = writeln!(o, "  {e}");
        }
        let mut reasons: Vec<_> = self.type_mismatches.iter().collect();
        reasons.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        let _ = writeln!(o, "type mismatches by reason (docs -> CSDL):");
        for (reason, examples) in reasons.iter().take(detail.max(10) * 2) {
            let _ = writeln!(o, "  {:4} {reason}: {}", examples.len(), sample(examples));
        }
        o
    }
}

/// Every property of `name` including inherited ones: lowercase name -> (type, collection).
fn csdl_props(csdl: &Csdl, name: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut at = Some(name.to_ascii_lowercase());
    while let Some(n) = at.take() {
        if !seen.insert(n.clone()) {
            break;
        }
        if let Some(t) = csdl.types.get(&n) {
            out.extend(
                t.props
                    .iter()
                    .map(|(p, ty, c, _)| (p.clone(), ty.clone(), *c)),
            );
            at = t.base.as_ref().map(|b| b.to_ascii_lowercase());
        }
    }
    out
}

fn doc_props(api: &Api, name: &str) -> HashMap<String, (String, bool)> {
    let mut out = HashMap::new();
    let mut seen = HashSet::new();
    let mut at = api.type_named(name);
    while let Some(t) = at.take() {
        if !seen.insert(t.name.to_ascii_lowercase()) {
            break;
        }
        for p in &t.properties {
            out.entry(p.name.to_ascii_lowercase())
                .or_insert((p.ty.name.clone(), p.ty.collection));
        }
        at = t.base_type.as_deref().and_then(|b| api.type_named(b));
    }
    out
}

/// Scores `api` against `csdl`.
pub fn score(api: &Api, csdl: &Csdl) -> Score {
    let mut s = Score::default();
    for (key, t) in &csdl.types {
        s.types_total += 1;
        let found = api.type_named(key).filter(|d| d.kind != TypeKind::Enum);
        if found.is_none() {
            s.missing_types.push(t.name.clone());
            continue;
        }
        s.types_found += 1;
        if let Some(d) = found {
            if (d.kind == TypeKind::Entity) == t.entity {
                s.same_kind += 1;
            } else {
                s.kind_mismatches
                    .push(format!("{} ({:?} in {})", t.name, d.kind, d.source.file));
            }
        }
        let docs = doc_props(api, key);
        for (pname, ptype, pcoll) in csdl_props(csdl, key) {
            s.props_total += 1;
            let Some((dtype, dcoll)) = docs.get(&pname.to_ascii_lowercase()) else {
                s.missing_props.push(format!("{}.{}", t.name, pname));
                continue;
            };
            s.props_found += 1;
            let same_name = dtype.eq_ignore_ascii_case(&ptype);
            if same_name && *dcoll == pcoll {
                s.props_same += 1;
                continue;
            }
            let show = |n: &str, c: bool| {
                if c {
                    format!("Collection({n})")
                } else {
                    n.to_string()
                }
            };
            let reason = if same_name {
                "collection flag differs".to_string()
            } else if dtype == "Json" {
                format!("Json -> {}", kind_of(csdl, &ptype))
            } else {
                format!("{} -> {}", kind_of_doc(api, dtype), kind_of(csdl, &ptype))
            };
            s.type_mismatches.entry(reason).or_default().push(format!(
                "{}.{} {} vs {}",
                t.name,
                pname,
                show(dtype, *dcoll),
                show(&ptype, pcoll)
            ));
        }
    }
    for (key, (name, members)) in &csdl.enums {
        s.enums_total += 1;
        match api.type_named(key).filter(|t| t.kind == TypeKind::Enum) {
            None => s.missing_enums.push(name.clone()),
            Some(t) => {
                let want: HashSet<String> =
                    members.iter().map(|m| m.to_ascii_lowercase()).collect();
                let got: HashSet<String> = t
                    .members
                    .iter()
                    .map(|m| m.name.to_ascii_lowercase())
                    .collect();
                if want == got {
                    s.enums_exact += 1;
                } else {
                    let list = |set: Vec<&String>| {
                        let mut v: Vec<&str> = set.into_iter().map(String::as_str).collect();
                        v.sort_unstable();
                        let more = v.len().saturating_sub(5);
                        v.truncate(5);
                        let mut text = v.join(" ");
                        if more > 0 {
                            text.push_str(&format!(" (+{more})"));
                        }
                        text
                    };
                    s.enum_mismatches.push(format!(
                        "{name} ({}): docs add [{}], lack [{}]",
                        t.source.file,
                        list(got.difference(&want).collect()),
                        list(want.difference(&got).collect())
                    ));
                }
            }
        }
    }
    s
}

/// A coarse class of a CSDL type name, to group mismatch reasons.
fn kind_of(csdl: &Csdl, name: &str) -> String {
    let key = name.to_ascii_lowercase();
    if csdl.enums.contains_key(&key) {
        "enum".to_string()
    } else if csdl.types.contains_key(&key) {
        "structured".to_string()
    } else {
        name.to_string()
    }
}

fn kind_of_doc(api: &Api, name: &str) -> String {
    match api.type_named(name).map(|t| t.kind) {
        Some(TypeKind::Enum) => "enum".to_string(),
        Some(_) => "structured".to_string(),
        None => name.to_string(),
    }
}

/// Of `names`, those no markdown file under `dir` mentions (case-insensitively): what the docs
/// do not document at all, as opposed to what the parser missed.
pub fn never_mentioned(names: &[String], dir: &Path) -> Vec<String> {
    let mut text = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    text.push_str(&t.to_ascii_lowercase());
                }
            }
        }
    }
    names
        .iter()
        .filter(|n| !text.contains(&n.to_ascii_lowercase()))
        .cloned()
        .collect()
}

/// The lines telling how much of what is missing the docs never mention.
pub fn absence_report(score: &Score, dir: &Path) -> String {
    let types = never_mentioned(&score.missing_types, dir);
    let enums = never_mentioned(&score.missing_enums, dir);
    format!(
        "of the missing types, {} are never mentioned in the docs; of the missing enums, {} are never mentioned\n",
        types.len(),
        enums.len()
    )
}
