//! Scoring a parsed docs folder against Graph's CSDL metadata (an oracle for tests only; the
//! product never reads the CSDL). Shared by `tests/it/score_csdl.rs` and `examples/score.rs`.
//!
//! Figures, matching type names case-insensitively:
//! (a) % of CSDL entity and complex types found in the docs;
//! (b) of the properties and navigation properties of found types (inherited ones included on
//!     both sides), % found;
//! (c) of those found, % with the same type (namespace stripped, `Edm.` dropped, compared
//!     case-insensitively) and the same collection flag;
//! (d) % of CSDL enum types found with exactly the CSDL's members (as a set).
//!
//! Where the docs themselves disagree with the CSDL the parser is right to disagree too, so every
//! mismatch is classified by reading the docs' own words at the place the model says it came
//! from: a property whose type cell (or JSON placeholder) never names the CSDL's type, or an
//! enum whose section never lists a member the CSDL has, is "docs disagree"; anything else is
//! counted against the parser. The primed figures (c') and (d') leave out what the docs cannot
//! give: they are what a faithful parser of these docs should reach.

#![allow(dead_code)]

use docspec_codegen::model::{Api, Source, TypeKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

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
    /// Type mismatches where the docs' own type cell or placeholder never names the CSDL's type
    /// (or disagrees on the collection flag): the parser read what the docs say.
    pub props_docs_disagree: usize,
    /// Enum mismatches where the docs' section never lists a member the CSDL has, or lists
    /// members the CSDL lacks.
    pub enums_docs_disagree: usize,
    /// CSDL enums no markdown file mentions by name.
    pub enums_never_mentioned: usize,
    /// Missing enums the docs mention, each with whether the docs use it as a type.
    pub missing_enums_mentioned: Vec<String>,
    /// Missing CSDL enums the docs mention only as the name of a property they type as a
    /// primitive (`recordingStatus | String | Possible values are ...`), or nowhere as a type.
    pub enums_not_declared: usize,
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
    /// (c') of the found properties whose docs name the CSDL's type, % with the same type.
    pub fn c_prime(&self) -> f64 {
        pct(self.props_same, self.props_found - self.props_docs_disagree)
    }
    /// (d') of the CSDL enums the docs mention at all, % with exactly the CSDL's members.
    pub fn d_prime(&self) -> f64 {
        pct(
            self.enums_exact,
            self.enums_total - self.enums_never_mentioned,
        )
    }
    /// (d'') of the CSDL enums the docs define as an enum and list with the CSDL's members, %
    /// parsed exactly.
    pub fn d_second(&self) -> f64 {
        pct(
            self.enums_exact,
            self.enums_total
                - self.enums_never_mentioned
                - self.enums_not_declared
                - self.enums_docs_disagree,
        )
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
            "(c') of found properties whose docs name the CSDL type, same type: {:6.2}% ({}/{}; {} more the docs type otherwise)",
            self.c_prime(),
            self.props_same,
            self.props_found - self.props_docs_disagree,
            self.props_docs_disagree
        );
        let _ = writeln!(
            o,
            "(d') of the CSDL enums the docs mention at all, exact members: {:6.2}% ({}/{}; {} never mentioned)",
            self.d_prime(),
            self.enums_exact,
            self.enums_total - self.enums_never_mentioned,
            self.enums_never_mentioned
        );
        let _ = writeln!(
            o,
            "(d'') of the CSDL enums the docs declare with the CSDL's members, exact: {:6.2}% ({}/{}; {} only typed as a primitive, {} listed with other members)",
            self.d_second(),
            self.enums_exact,
            self.enums_total
                - self.enums_never_mentioned
                - self.enums_not_declared
                - self.enums_docs_disagree,
            self.enums_not_declared,
            self.enums_docs_disagree
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
            "missing enums the docs mention ({}): {}",
            self.missing_enums_mentioned.len(),
            self.missing_enums_mentioned.join(", ")
        );
        let _ = writeln!(
            o,
            "enums with other members ({}, {} where the docs' own list differs):",
            self.enum_mismatches.len(),
            self.enums_docs_disagree
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

fn doc_props(api: &Api, name: &str) -> HashMap<String, (String, bool, Source)> {
    let mut out = HashMap::new();
    let mut seen = HashSet::new();
    let mut at = api.type_named(name);
    while let Some(t) = at.take() {
        if !seen.insert(t.name.to_ascii_lowercase()) {
            break;
        }
        for p in &t.properties {
            out.entry(p.name.to_ascii_lowercase()).or_insert((
                p.ty.name.clone(),
                p.ty.collection,
                p.source.clone(),
            ));
        }
        at = t.base_type.as_deref().and_then(|b| api.type_named(b));
    }
    out
}

/// The markdown of a docs folder, read once, to check what the docs themselves say.
pub struct DocsText {
    /// Page path relative to the folder (`resources/call.md`) -> its lines.
    pages: HashMap<String, Vec<String>>,
    /// Every page, lowercased and concatenated, for "is this name mentioned at all".
    all_lower: String,
}

impl DocsText {
    /// Reads every `*.md` under `dir`.
    pub fn read(dir: &Path) -> Self {
        let mut pages = HashMap::new();
        let mut all_lower = String::new();
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
                    let Ok(bytes) = std::fs::read(&p) else {
                        continue;
                    };
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    all_lower.push_str(&text.to_ascii_lowercase());
                    all_lower.push('\n');
                    let rel = p
                        .strip_prefix(dir)
                        .map(|r| r.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default();
                    pages.insert(rel, text.lines().map(str::to_string).collect());
                }
            }
        }
        DocsText { pages, all_lower }
    }

    fn line(&self, src: &Source) -> &str {
        self.pages
            .get(&src.file)
            .and_then(|l| l.get((src.line as usize).wrapping_sub(1)))
            .map_or("", String::as_str)
    }

    /// The text a definition at `src` spans: the whole page for a title, the section for a
    /// heading, else the line itself (an inline enum's description or placeholder).
    fn span(&self, src: &Source) -> String {
        let Some(lines) = self.pages.get(&src.file) else {
            return String::new();
        };
        let start = (src.line as usize).saturating_sub(1);
        let level = heading_level(lines.get(start).map_or("", String::as_str));
        if level == 0 {
            return lines.get(start).cloned().unwrap_or_default();
        }
        let mut out = String::new();
        for (i, l) in lines.iter().enumerate().skip(start) {
            let lv = heading_level(l);
            if i > start && lv > 0 && lv <= level {
                break;
            }
            out.push_str(l);
            out.push('\n');
        }
        out
    }

    /// Whether any page mentions `name` (case-insensitively, anywhere).
    pub fn mentions(&self, name: &str) -> bool {
        self.all_lower.contains(&name.to_ascii_lowercase())
    }

    /// Whether the docs use `name` as a type anywhere: in the type column of a table, in a
    /// heading (`### x values`, `# x resource type`), or as an `@odata.type` placeholder.
    pub fn declares_type(&self, name: &str) -> bool {
        self.pages.values().flatten().any(|l| {
            if !has_word(l, name) {
                return false;
            }
            let t = l.trim();
            if heading_level(t) > 0 {
                return true;
            }
            if t.contains("@odata.type") {
                return true;
            }
            let cells = row_cells(t);
            cells.len() >= 3 && cells.get(1).is_some_and(|c| has_word(c, name))
        })
    }
}

fn heading_level(line: &str) -> usize {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if hashes > 0 && line[hashes..].starts_with(' ') {
        hashes
    } else {
        0
    }
}

/// Whether `word` occurs in `text` on identifier boundaries, case-insensitively.
fn has_word(text: &str, word: &str) -> bool {
    let hay = text.to_ascii_lowercase();
    let needle = word.to_ascii_lowercase();
    if needle.is_empty() {
        return false;
    }
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = hay[from..].find(&needle) {
        let at = from + i;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            return true;
        }
        from = at + needle.len();
    }
    false
}

/// The cells of a table row (`| a | b |`), split on unescaped pipes.
fn row_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    if !t.starts_with('|') {
        return Vec::new();
    }
    let mut cells = vec![String::new()];
    let mut prev = ' ';
    for c in t.trim_start_matches('|').chars() {
        if c == '|' && prev != '\\' {
            cells.push(String::new());
        } else if let Some(last) = cells.last_mut() {
            last.push(c);
        }
        prev = c;
    }
    if cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// What the docs write as the type of `prop` on its line: the cell after the name in a table
/// row, or the value in a JSON representation.
fn written_type(line: &str, prop: &str) -> String {
    let cells = row_cells(line);
    if !cells.is_empty() {
        let clean = |c: &str| c.replace(['*', '`', '\\'], "").trim().to_ascii_lowercase();
        let at = cells
            .iter()
            .position(|c| clean(c).split_whitespace().next() == Some(&prop.to_ascii_lowercase()));
        return at
            .and_then(|i| cells.get(i + 1))
            .cloned()
            .unwrap_or_default();
    }
    line.split_once(':')
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// Whether the docs' written type for a property disagrees with the CSDL's on their own: it
/// never names the CSDL type (`Double` for a `Single`, `String` for an enum), or its collection
/// wording differs from the CSDL's flag while the names agree.
fn docs_disagree_on_type(written: &str, csdl_type: &str, csdl_coll: bool, same_name: bool) -> bool {
    if !same_name {
        return !has_word(written, csdl_type);
    }
    let lower = written.to_ascii_lowercase();
    let without_name = lower.replace(&csdl_type.to_ascii_lowercase(), " ");
    let says_coll = without_name.contains("collection")
        || without_name.contains("[]")
        || lower.trim_start().starts_with('[') && !lower.contains("](");
    says_coll != csdl_coll
}

/// Scores `api` against `csdl`, reading the docs under `docs` to tell the docs' own
/// disagreements from parser errors.
pub fn score(api: &Api, csdl: &Csdl, docs: &DocsText) -> Score {
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
        let doc = doc_props(api, key);
        for (pname, ptype, pcoll) in csdl_props(csdl, key) {
            s.props_total += 1;
            let Some((dtype, dcoll, src)) = doc.get(&pname.to_ascii_lowercase()) else {
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
            let written = written_type(docs.line(src), &pname);
            let disagree = docs_disagree_on_type(&written, &ptype, pcoll, same_name);
            if disagree {
                s.props_docs_disagree += 1;
            }
            let what = if same_name {
                "collection flag differs".to_string()
            } else if dtype == "Json" {
                format!("Json -> {}", kind_of(csdl, &ptype))
            } else {
                format!("{} -> {}", kind_of_doc(api, dtype), kind_of(csdl, &ptype))
            };
            let class = if disagree { "docs disagree" } else { "parser" };
            s.type_mismatches
                .entry(format!("[{class}] {what}"))
                .or_default()
                .push(format!(
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
        if !docs.mentions(name) {
            s.enums_never_mentioned += 1;
        }
        match api.type_named(key).filter(|t| t.kind == TypeKind::Enum) {
            None => {
                if docs.mentions(name) {
                    let declared = docs.declares_type(name);
                    if !declared {
                        s.enums_not_declared += 1;
                    }
                    s.missing_enums_mentioned.push(format!(
                        "{name} ({})",
                        if declared {
                            "parser: used as a type"
                        } else {
                            "docs disagree: never used as a type"
                        }
                    ));
                }
                s.missing_enums.push(name.clone());
            }
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
                    continue;
                }
                // The docs disagree when the definition's own text lists none of what is
                // lacking, and does list everything extra.
                let span = docs.span(&t.source);
                let lacking: Vec<&String> = want.difference(&got).collect();
                let extra: Vec<&String> = got.difference(&want).collect();
                let disagree = lacking.iter().all(|m| !has_word(&span, m))
                    && extra.iter().all(|m| has_word(&span, m));
                if disagree {
                    s.enums_docs_disagree += 1;
                }
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
                    "[{}] {name} ({}:{}): docs add [{}], lack [{}]",
                    if disagree { "docs disagree" } else { "parser" },
                    t.source.file,
                    t.source.line,
                    list(extra),
                    list(lacking)
                ));
            }
        }
    }
    s.enum_mismatches.sort();
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

/// The lines telling how much of what is missing the docs never mention.
pub fn absence_report(score: &Score, docs: &DocsText) -> String {
    let types = score
        .missing_types
        .iter()
        .filter(|n| !docs.mentions(n))
        .count();
    let enums = score
        .missing_enums
        .iter()
        .filter(|n| !docs.mentions(n))
        .count();
    format!(
        "of the missing types, {types} are never mentioned in the docs; of the missing enums, {enums} are never mentioned and {} are mentioned but never used as a type\n",
        score.enums_not_declared
    )
}
