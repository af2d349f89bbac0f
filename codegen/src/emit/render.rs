//! Generated token streams laid out as files, in parallel: formatting (syn's parse, then
//! prettyplease) is most of what generating a big API costs, and it is the same work item
//! by item.
//!
//! **How.** A file's top-level items are cut, in order, into chunks of about [`CHUNK`]
//! bytes of token text; each chunk is parsed and printed on a rayon worker, and the
//! printed chunks are joined. Token streams cannot leave their thread (`proc_macro2`'s are
//! reference-counted), so a chunk travels as its text, written exactly as the stream's
//! `Display` writes it, and the worker lexes it again. A caller that does not yet know
//! which file some items go to hands them over as a fragment ([`Renderer::fragment`]) and
//! names a file's fragments later ([`Renderer::file`]): `crate_files` so formats every item
//! while the next is made, and never holds all of them as tokens.
//!
//! **Why it is the same file.** prettyplease prints a file's items one after the other,
//! each ending in a line break, with nothing carried from one item to the next; so a file
//! of some of the items prints as the matching slice of the whole. Inner attributes come
//! first in the first chunk. The blank lines [`spaced`] adds between items are added within
//! each chunk, and at each join by the same rule ([`blank_between`]). Output is independent
//! of the number of threads and of the order the chunks finish in. Should a chunk not parse
//! (a cut in the wrong place, or an emitter bug), the whole file is laid out as before the
//! split: parsed as one, or written unformatted when it does not parse either.

use super::header;
use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use std::borrow::Borrow;
use std::fmt::Write as _;
use std::sync::mpsc;

/// About how many bytes of token text a chunk holds: a few hundred chunks for whole Graph
/// v1.0, enough to keep every core busy to the end, few enough that per-chunk costs vanish.
/// A small file is one chunk.
pub(super) const CHUNK: usize = 64 * 1024;

/// Each of `files` formatted with prettyplease after the do-not-edit header naming `command`,
/// in order (see the module docs).
pub(crate) fn render_files<T: Borrow<TokenStream>>(files: Vec<T>, command: &str) -> Vec<String> {
    session(command, CHUNK, |r| {
        for tokens in files {
            r.submit(tokens);
        }
    })
    .1
}

/// Files handed to rayon workers while `body` goes on: [`Renderer::submit`] cuts a file into
/// chunks and spawns their formatting at once, so that the workers format one file while
/// `body` builds the next. Returns what `body` does and the files in the order submitted,
/// each after the do-not-edit header naming `command`, once all of them are formatted.
pub(crate) fn session<R>(
    command: &str,
    chunk: usize,
    body: impl FnOnce(&mut Renderer<'_, '_>) -> R,
) -> (R, Vec<String>) {
    let (tx, rx) = mpsc::channel::<(usize, Chunk)>();
    let (out, count, files) = rayon::in_place_scope(|scope| {
        let mut renderer = Renderer {
            scope,
            tx,
            chunk,
            count: 0,
            files: Vec::new(),
        };
        let out = body(&mut renderer);
        (out, renderer.count, renderer.files)
    });
    let mut done: Vec<Option<Chunk>> = std::iter::repeat_with(|| None).take(count).collect();
    // Every sender is gone with the scope's jobs, so this ends.
    for (id, chunk) in rx {
        if let Some(slot) = done.get_mut(id) {
            *slot = Some(chunk);
        }
    }
    let files = files
        .into_iter()
        .map(|ids| {
            let chunks = ids
                .into_iter()
                .map(|id| done.get_mut(id).and_then(Option::take))
                .collect();
            format!("{}{}", header(command), join(chunks))
        })
        .collect();
    (out, files)
}

/// Takes the files of a [`session`].
pub(crate) struct Renderer<'a, 'scope> {
    scope: &'a rayon::Scope<'scope>,
    tx: mpsc::Sender<(usize, Chunk)>,
    chunk: usize,
    /// The number of chunks spawned, which number them.
    count: usize,
    /// The chunks of each file, in order.
    files: Vec<Vec<usize>>,
}

/// Some items of a file, spawned by [`Renderer::fragment`]: the numbers of their chunks.
pub(crate) type Fragment = Vec<usize>;

impl Renderer<'_, '_> {
    /// Cuts `tokens` into chunks and spawns their formatting; the stream (when owned) is
    /// dropped before this returns.
    pub(crate) fn submit(&mut self, tokens: impl Borrow<TokenStream>) {
        let chunks = self.fragment(tokens.borrow());
        self.file([chunks]);
    }

    /// Spawns the formatting of items `tokens`, which are to be part of a file (see
    /// [`Renderer::file`]); a file's items can so be formatted before it is known which
    /// file they go to.
    pub(crate) fn fragment(&mut self, tokens: &TokenStream) -> Fragment {
        let mut ids = Vec::new();
        cut(tokens, self.chunk, |text| {
            let (tx, id) = (self.tx.clone(), self.count);
            self.scope.spawn(move |_| {
                // The receiver outlives the scope.
                let _ = tx.send((id, format_chunk(text)));
            });
            ids.push(id);
            self.count += 1;
        });
        ids
    }

    /// The next file: `fragments`' items, in order. Each fragment goes to one file.
    pub(crate) fn file(&mut self, fragments: impl IntoIterator<Item = Fragment>) {
        self.files.push(fragments.into_iter().flatten().collect());
    }
}

/// A chunk's token text, and its layout unless it did not parse.
struct Chunk {
    text: String,
    formatted: Option<String>,
}

/// Parses and prints one chunk (on a worker).
fn format_chunk(text: String) -> Chunk {
    let formatted = layout(&text);
    Chunk { text, formatted }
}

/// `text` parsed as items and printed by prettyplease, [`spaced`]; `None` when it does not
/// parse.
fn layout(text: &str) -> Option<String> {
    syn::parse_str::<syn::File>(text)
        .ok()
        .map(|file| spaced(&prettyplease::unparse(&file)))
}

/// The file's text from its chunks, in order; laid out as one when a chunk is missing or did
/// not parse.
fn join(chunks: Vec<Option<Chunk>>) -> String {
    if chunks
        .iter()
        .all(|c| c.as_ref().is_some_and(|c| c.formatted.is_some()))
    {
        let mut out = String::with_capacity(
            chunks
                .iter()
                .flatten()
                .filter_map(|c| c.formatted.as_ref())
                .map(String::len)
                .sum::<usize>()
                + chunks.len(),
        );
        for formatted in chunks.into_iter().flatten().filter_map(|c| c.formatted) {
            let last = out.lines().next_back();
            if let (Some(prev), Some(next)) = (last, formatted.lines().next()) {
                if blank_between(prev, next) {
                    out.push('\n');
                }
            }
            out.push_str(&formatted);
        }
        return out;
    }
    // A chunk's cut ends in an item's `;` or `}`, after which the stream's text has a space.
    let text = chunks
        .into_iter()
        .flatten()
        .map(|c| c.text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    layout(&text).unwrap_or_else(|| format!("{text}\n"))
}

/// `tokens`' text (as their `Display` writes it) in chunks of about `chunk` bytes, each
/// ending after a top-level item ([`items`]), handed to `emit` in order; at least one, empty
/// for no tokens.
fn cut(tokens: &TokenStream, chunk: usize, mut emit: impl FnMut(String)) {
    let mut text = String::new();
    let mut items = items(tokens.clone()).into_iter().peekable();
    while let Some(item) = items.next() {
        // An item ends in a `;` that is not joint or in a group, after which the stream's
        // `Display` writes a space: so the items' texts joined by spaces are the stream's.
        if !text.is_empty() {
            text.push(' ');
        }
        // Writing to a `String` does not fail.
        let _ = write!(text, "{item}");
        if text.len() >= chunk && items.peek().is_some() {
            emit(std::mem::take(&mut text));
        }
    }
    emit(text);
}

/// The top-level items of `tokens`, in order. An item ends in a `;`
/// (not joint) or in a braced body, where the next tree starts another item ([`starts_item`]);
/// the emitter's streams are items one after the other, so every tree is in an item. The
/// one home of where an item ends: [`cut`] splits files there, and
/// [`super::features::gated`] puts a gate before each. Taken by value: a stream no one else
/// holds gives up its trees without copying them.
pub(super) fn items(tokens: TokenStream) -> Vec<TokenStream> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    // Where each item but the last ends (the index after its last tree).
    let ends: Vec<usize> = trees
        .iter()
        .enumerate()
        .filter(|&(i, tree)| {
            let ends_item = match tree {
                TokenTree::Punct(p) => p.as_char() == ';' && p.spacing() == Spacing::Alone,
                TokenTree::Group(g) => g.delimiter() == Delimiter::Brace,
                _ => false,
            };
            ends_item && starts_item(trees.get(i + 1..).unwrap_or_default())
        })
        .map(|(i, _)| i + 1)
        .collect();
    let count = trees.len();
    let mut trees = trees.into_iter();
    let mut start = 0;
    let mut out = Vec::with_capacity(ends.len() + 1);
    for end in ends.into_iter().chain(std::iter::once(count)) {
        if end > start {
            out.push(trees.by_ref().take(end - start).collect());
        }
        start = end;
    }
    out
}

/// Whether `next` starts an item after one that ended: an outer attribute, an item keyword,
/// or a macro call (`name!` or `path::name!`); never `else`, `.`, `;`, `as` or an operator,
/// which would continue an expression.
fn starts_item(next: &[TokenTree]) -> bool {
    match next {
        [TokenTree::Punct(p), ..] => p.as_char() == '#',
        [TokenTree::Ident(i), rest @ ..] => {
            let word = i.to_string();
            let keyword = [
                "pub", "fn", "impl", "struct", "enum", "mod", "use", "const", "static", "type",
                "trait", "unsafe", "extern", "async",
            ]
            .contains(&word.as_str());
            let macro_call = match rest {
                [TokenTree::Punct(p), ..] if p.as_char() == '!' => true,
                [TokenTree::Punct(a), TokenTree::Punct(b), ..] => {
                    a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
                }
                _ => false,
            };
            keyword || (macro_call && word != "else" && word != "as")
        }
        _ => false,
    }
}

/// prettyplease's output with a blank line after every item that ends in a `}` line of its
/// own, where the next line starts another item at the same indentation (prettyplease puts
/// none between items). Only whole lines `}` are looked at, so no string is touched.
fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut prev: Option<&str> = None;
    for line in text.lines() {
        if let Some(p) = prev {
            if blank_between(p, line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

/// Whether [`spaced`] puts a blank line between the lines `prev` and `line`.
fn blank_between(prev: &str, line: &str) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let next = line.trim_start();
    let starts_item = [
        "///", "#[", "pub ", "fn ", "impl", "async fn", "struct ", "enum ",
    ]
    .iter()
    .any(|s| next.starts_with(s));
    let ends_item =
        prev.trim_start() == "}" || (prev.trim_end().ends_with("{}") && next.starts_with("///"));
    ends_item && starts_item && indent(prev) == indent(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::{crate_files, tokens, Options};
    use crate::model::Api;
    use quote::quote;

    fn render_chunked(files: Vec<&TokenStream>, chunk: usize) -> Vec<String> {
        session("cmd", chunk, |r| {
            for tokens in files {
                r.submit(tokens);
            }
        })
        .1
    }

    /// The layout before the split: the whole file parsed and printed at once.
    fn whole(tokens: &TokenStream, command: &str) -> String {
        let body = match syn::parse2::<syn::File>(tokens.clone()) {
            Ok(file) => spaced(&prettyplease::unparse(&file)),
            Err(_) => format!("{tokens}\n"),
        };
        format!("{}{body}", header(command))
    }

    fn calls() -> Api {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/calls.json");
        let text = std::fs::read_to_string(path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// Every file of the `calls` crate, and the macro's token stream, the same cut at every
    /// item, in a few big chunks and not cut at all.
    #[test]
    fn chunks_join_into_the_whole_file() {
        let api = calls();
        let opts = Options {
            model_crates: Some(2),
            features_by_area: true,
            crate_doc: Some("Hand-written.\n\n```\nlet x = 1;\n```".to_string()),
            ..Options::default()
        };
        let mut streams = vec![tokens(&api, &opts).tokens];
        // The crate's files as `crate_files` builds them, re-lexed from their text.
        for (path, text) in crate_files(&api, &opts).files {
            if let Some(body) = path.strip_suffix(".rs").and(text.split_once('\n')) {
                let stream: TokenStream = body.1.parse().unwrap();
                // Formatted item by item, the file is what formatting it at once gives.
                assert_eq!(text, whole(&stream, &opts.command), "{path}");
                streams.push(stream);
            }
        }
        assert!(streams.len() > 4);
        let mut blank_lines = 0;
        for tokens in &streams {
            let expected = whole(tokens, "cmd");
            blank_lines += expected.matches("\n\n").count();
            for chunk in [1, 200, 5000, usize::MAX] {
                let rendered = render_chunked(vec![tokens], chunk);
                assert_eq!(rendered, vec![expected.clone()], "chunks of {chunk}");
            }
        }
        assert!(blank_lines > 20);
    }

    /// Inner attributes stay first, blank lines appear at the joins, macro calls are items,
    /// and an item that ends in `}` followed by `else` or `as` is never cut off.
    #[test]
    fn cuts_only_between_items() {
        let tokens = quote! {
            #![doc = " Crate docs."]
            #![allow(dead_code)]
            /// A.
            pub struct A {}
            /// B.
            #[derive(Debug)]
            pub struct B;
            impl A {
                fn f() {}
            }
            const C: u8 = if true { 1 } else { 2 };
            static D: u8 = { 3 };
            pub mod m {
                pub fn g() {}
            }
            rt::string_enum_impls!(B);
            fn h() {}
            m! {}
            const E: u8 = { 4 } as u8;
        };
        let mut texts = Vec::new();
        cut(&tokens, 1, |t| texts.push(t));
        assert_eq!(texts.len(), 10, "{texts:#?}");
        assert!(texts.iter().all(|t| syn::parse_str::<syn::File>(t).is_ok()));
        assert_eq!(texts.join(" "), tokens.to_string());
        let expected = whole(&tokens, "cmd");
        assert!(expected.contains("}\n\n/// B."), "{expected}");
        for chunk in [1, 30, usize::MAX] {
            assert_eq!(render_chunked(vec![&tokens], chunk), vec![expected.clone()]);
        }
    }

    /// Tokens that are not a file are written as they are, whether cut or not.
    #[test]
    fn unparsable_tokens_are_written_unformatted() {
        let tokens = quote!(pub struct A {} fn (;);  pub struct B {});
        let expected = whole(&tokens, "cmd");
        assert!(expected.ends_with("pub struct B { }\n"), "{expected}");
        for chunk in [1, usize::MAX] {
            assert_eq!(render_chunked(vec![&tokens], chunk), vec![expected.clone()]);
        }
        assert_eq!(render_chunked(Vec::new(), 1), Vec::<String>::new());
        assert_eq!(
            render_chunked(vec![&TokenStream::new()], 1),
            vec![header("cmd")]
        );
    }
}
