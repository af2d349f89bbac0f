//! The type a sentence names: a link to a type page, or a bold name followed by "object".

use super::parameters::type_of;
use crate::diag::Diagnostic;
use crate::model::TypeRef;
use crate::parse::doc::{Cell, Document, Link, Paragraph};
use crate::parse::typeref::is_identifier;

/// A link target (normalized) that can hold a type: a page of the docs outside `api/`.
pub(super) fn is_type_page(target: &str) -> bool {
    target.ends_with(".md") && !target.contains("/api/") && !target.starts_with("api/")
}

/// The type a paragraph names, in order of trust: a link to a page of the docs whose text is
/// a name (`[alert](...)`), a bold name followed by "object" or "collection" (`an **alert**
/// object`, as some pages write it without a link), then any other link to a page of the
/// docs (`[directory (deleted items)](...)`). "collection of" in the sentence, or a bold name
/// followed by "objects" or "collection", makes it a collection.
pub(super) fn named_type(
    doc: &Document,
    p: &Paragraph,
    diags: &mut Vec<Diagnostic>,
) -> Option<TypeRef> {
    // Each link resolved once: the first and the last tier both look at these.
    let to_type_pages: Vec<&Link> = p
        .links
        .iter()
        .filter(|(_, target)| doc.resolve_link(target).is_some_and(|t| is_type_page(&t)))
        .collect();
    let (text, target) = match to_type_pages
        .iter()
        .find(|(text, _)| is_identifier(text.trim()))
    {
        Some(link) => *link,
        None => {
            if let Some(ty) = bold_type(doc, p) {
                return Some(ty);
            }
            *to_type_pages.first()?
        }
    };
    let cell = Cell {
        text: text.clone(),
        links: vec![(text.clone(), target.clone())],
        code_spans: Vec::new(),
        line: p.line,
        col: p.col,
    };
    let mut ty = type_of(doc, &cell, diags);
    if sentence_of(&p.text, text)
        .is_some_and(|s| has_words(&s, "collection") || has_words(&s, "array of"))
    {
        ty.collection = true;
    }
    Some(ty)
}

/// The first `**name**` in the paragraph's source followed by "object(s)" or "collection":
/// the type, unlinked (resolved by name). Plain text loses the bold, so the source lines are
/// read, from the paragraph's first line to the blank line that ends it.
fn bold_type(doc: &Document, p: &Paragraph) -> Option<TypeRef> {
    let source: Vec<&str> = (p.line..p.line.saturating_add(64))
        .map_while(|n| doc.line_text(n))
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let source = source.join(" ");
    let mut rest = source.as_str();
    while let Some(open) = rest.find("**") {
        let after = rest.get(open + 2..).unwrap_or("");
        let close = after.find("**")?;
        let name = after.get(..close).unwrap_or("");
        let next = after.get(close + 2..).unwrap_or("");
        let follows = |word: &str| {
            let t = next.trim_start();
            t.get(..word.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(word))
        };
        let many = follows("objects") || follows("collection");
        if is_identifier(name) && (many || follows("object")) {
            let mut ty = TypeRef::single(name);
            ty.collection =
                many || sentence_of(&p.text, name).is_some_and(|s| has_words(&s, "collection of"));
            return Some(ty);
        }
        rest = next;
    }
    None
}

/// Whether `words` occur in `text` as words of their own, not inside a longer one: a type's
/// name (`appLogCollectionRequest`, `sourceCollection`) says nothing of how many there are.
fn has_words(text: &str, words: &str) -> bool {
    let bytes = text.as_bytes();
    let is_word = |at: Option<&u8>| at.is_some_and(|b| b.is_ascii_alphanumeric());
    text.match_indices(words).any(|(at, _)| {
        let before = at.checked_sub(1).and_then(|i| bytes.get(i));
        !is_word(before) && !is_word(bytes.get(at + words.len()))
    })
}

/// The sentence of `text` that contains `needle` (lowercased).
fn sentence_of(text: &str, needle: &str) -> Option<String> {
    let l = text.to_lowercase();
    let n = needle.to_lowercase();
    let at = l.find(&n)?;
    let start = l.get(..at)?.rfind(". ").map_or(0, |i| i + 2);
    let end = l.get(at..)?.find(". ").map_or(l.len(), |i| at + i);
    l.get(start..end).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::super::test_pages::page_with;
    use crate::model::{RequestBody, TypeRef};

    #[test]
    fn a_type_named_in_bold_counts_unless_a_link_names_one() {
        let intro = "Read gadgets.";
        let response_type = |response: &str| {
            let page = page_with(intro, "GET", None, response, "{}");
            let endpoint = page.endpoint.expect("an endpoint");
            endpoint.responses.first().and_then(|r| r.ty.clone())
        };
        // A bold name before "object" is the type, unlinked (the resolver finds it by name),
        // even when a later sentence links a page that is not about the type.
        let ty = response_type(
            "If successful, this method returns a `200 OK` response code and a **gadget** object in the response body. \
             On errors, see [the error responses](../resources/errors.md).",
        )
        .expect("a type");
        assert_eq!(
            (ty.name.as_str(), ty.collection, ty.link),
            ("gadget", false, None)
        );
        let ty = response_type(
            "If successful, this method returns `200 OK` and a collection of **gadget**\nobjects.",
        )
        .expect("a type");
        assert!(ty.collection, "{ty:?}");
        // "collection" inside a type's name does not make a collection; as a word it does.
        let one = response_type(
            "If successful, this method returns `201 Created` and a \
             [logCollectionRequest](../resources/logcollectionrequest.md) object.",
        )
        .expect("a type");
        assert_eq!(
            (one.name.as_str(), one.collection),
            ("logCollectionRequest", false)
        );
        let many = response_type(
            "If successful, this method returns `200 OK` and a \
             [logCollectionRequest](../resources/logcollectionrequest.md) collection.",
        )
        .expect("a type");
        assert!(many.collection, "{many:?}");
        let many = response_type(
            "Returns `200 OK` and an array of [gadgetCollection](../resources/gadget.md) objects.",
        )
        .expect("a type");
        assert!(many.collection, "{many:?}");
        // Bold that names no object is not a type.
        assert_eq!(
            response_type("**Note:** If successful, this method returns `200 OK`."),
            None
        );
        // A link whose text is a name beats bold; a link whose text is a phrase loses to it,
        // and is taken when nothing else names a type.
        let ty = response_type(
            "Returns `200 OK` and a **widget** object: a [gadget](../resources/gadget.md).",
        )
        .expect("a type");
        assert_eq!(ty.link.as_deref(), Some("resources/gadget.md"));
        let ty = response_type(
            "Returns `200 OK` and [gadget (deleted) properties](../resources/gadget.md).",
        )
        .expect("a type");
        assert_eq!(ty.link.as_deref(), Some("resources/gadget.md"));
        // The request body: "a JSON representation of **gadget** object".
        let page = page_with(
            intro,
            "POST",
            Some("In the request body, supply a JSON representation of **gadget** object."),
            "Returns `204 No Content`.",
            r#"{"name": "g"}"#,
        );
        let body = page.endpoint.expect("an endpoint").request_body;
        assert_eq!(
            body,
            Some(RequestBody::Type {
                ty: TypeRef::single("gadget")
            })
        );
        assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
    }
}
