//! The document layer: blocks, exact positions, front matter, annotations, sections, links.

use docspec_codegen::parse::doc::{normalize_link, Block, Document};
use docspec_codegen::parse::frontmatter::DocType;

fn blocks<'d>(doc: &'d Document<'_>) -> Vec<&'d Block<'d>> {
    doc.blocks.iter().collect()
}

#[test]
fn positions_are_exact_lines_and_char_columns() {
    let text = "# Título\n\nÉté `code` and [a link](../resources/x.md).\n\n| Név | Type |\n|---|---|\n| é | [participant](participant.md) collection |\n\n  ```http\nGET /me\n  ```\n";
    let doc = Document::parse("api/x.md", text);
    assert_eq!(doc.title.as_deref(), Some("Título"));
    assert_eq!(doc.title_line, Some(1));
    let Block::Paragraph(p) = &doc.blocks[1] else {
        panic!("paragraph expected: {:?}", doc.blocks)
    };
    assert_eq!((p.line, p.col), (3, 1));
    assert_eq!(p.text, "Été code and a link.");
    assert_eq!(p.code_spans, vec!["code"]);
    assert_eq!(p.links, vec![("a link".into(), "../resources/x.md".into())]);
    let Block::Table(t) = &doc.blocks[2] else {
        panic!("table expected")
    };
    assert_eq!(t.line, 5);
    assert_eq!(t.header[0].text, "Név");
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].line, 7);
    let c = &t.rows[0].cells[1];
    assert_eq!(c.text, "participant collection");
    assert_eq!(c.line, 7);
    // `| é | ` is 6 characters (but 7 bytes): the link starts at character column 7.
    assert_eq!(c.col, 7);
    assert_eq!(t.rows[0].cells[0].col, 3);
    let Block::Code(code) = &doc.blocks[3] else {
        panic!("code expected")
    };
    assert_eq!(code.lang, "http");
    assert_eq!(code.fence_line, 9);
    assert_eq!(code.line, 10);
    assert_eq!(code.text, "GET /me\n");
    assert_eq!(doc.line_text(10), Some("GET /me"));
}

#[test]
fn bom_is_not_a_column() {
    let doc = Document::parse("a.md", "\u{feff}# Create participant\r\nBody text.\r\n");
    assert_eq!(doc.title.as_deref(), Some("Create participant"));
    let Block::Heading(h) = &doc.blocks[0] else {
        panic!()
    };
    assert_eq!((h.line, h.col), (1, 1));
    assert_eq!(doc.line_text(1), Some("# Create participant"));
    assert_eq!(doc.blocks[1].line(), 2);
}

#[test]
fn front_matter_is_read_and_keeps_line_numbers() {
    let text = "---\ntitle: \"Get user\"\ndescription: Gets one.\ndoc_type: \"apiPageType\"\n---\n\n# Get a user\n\nNamespace: microsoft.graph\n\nRetrieve a user.\n";
    let doc = Document::parse("api/user-get.md", text);
    let fm = doc.front_matter.as_ref().unwrap();
    assert_eq!(fm.title.as_deref(), Some("Get user"));
    assert_eq!(fm.description.as_deref(), Some("Gets one."));
    assert_eq!(fm.doc_type, Some(DocType::Api));
    assert_eq!(doc.title_line, Some(7));
    assert_eq!(doc.namespace.as_deref(), Some("microsoft.graph"));
    assert_eq!(doc.description().as_deref(), Some("Retrieve a user."));
    assert_eq!(doc.blocks.last().unwrap().line(), 11);
    assert!(doc.diagnostics.is_empty());
}

#[test]
fn malformed_front_matter_is_ds0201() {
    let text = "---\ntitle: [unclosed\ndoc_type: apiPageType\n---\n# T\n";
    let doc = Document::parse("a.md", text);
    assert_eq!(doc.diagnostics.len(), 1);
    assert_eq!(doc.diagnostics[0].code, "DS0201");
    assert_eq!(doc.title_line, Some(5));
}

#[test]
fn annotation_with_trailing_comma_attaches_to_next_fence() {
    let text = "## Example\n<!-- {\n  \"blockType\": \"response\",\n  \"truncated\": \"true\",\n} -->\nSome words.\n```http\nHTTP/1.1 200 OK\n```\n\n```json\n{}\n```\n";
    let doc = Document::parse("a.md", text);
    let comment = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Comment(c) => Some(c),
            _ => None,
        })
        .unwrap();
    assert_eq!((comment.line, comment.col), (2, 1));
    let codes: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        })
        .collect();
    let a = codes[0].annotation.as_ref().expect("annotation attached");
    assert!(a.is("response"));
    assert!(a.flag("truncated"), "string boolean coerced");
    assert_eq!(a.line, 2);
    assert!(codes[1].annotation.is_none(), "used only once");
    assert!(doc.diagnostics.is_empty());
}

#[test]
fn invalid_annotation_is_ds0202_and_not_attached() {
    let text = "<!-- { \"blockType\": request } -->\n```http\nGET /x\n```\n";
    let doc = Document::parse("a.md", text);
    assert_eq!(doc.diagnostics.len(), 1);
    let d = &doc.diagnostics[0];
    assert_eq!((d.code.as_str(), d.line, d.column), ("DS0202", 1, 1));
    let Some(Block::Code(c)) = doc.blocks.last() else {
        panic!()
    };
    assert!(c.annotation.is_none());
}

#[test]
fn plain_comments_are_blocks_without_annotation() {
    let doc = Document::parse(
        "a.md",
        "<!-- uuid: 8fcb\n2015-10-25 -->\n<!-- {\"type\": \"#page.annotation\"}-->\n",
    );
    let comments: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Comment(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(comments.len(), 2);
    assert!(comments[0].annotation.is_none());
    assert_eq!(comments[1].line, 3);
    assert!(comments[1].annotation.is_some());
}

#[test]
fn lazy_blockquote_continuation_is_its_own_paragraph() {
    let text = "# Create participant\n\n> **Important:** APIs under beta may change.\nUse this API to create a new participant.\n\n## Permissions\n";
    let doc = Document::parse("a.md", text);
    let paras: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(paras.len(), 2);
    assert!(paras[0].quote);
    assert_eq!(paras[0].text, "Important: APIs under beta may change.");
    assert!(!paras[1].quote);
    assert_eq!(paras[1].line, 4);
    assert_eq!(
        doc.description().as_deref(),
        Some("Use this API to create a new participant.")
    );
}

#[test]
fn sections_match_case_insensitively_and_tabs_do_not_split() {
    let text = "# T\n## HTTP Request\n```http\nGET /a\n```\n## Example\n### Request\n# [HTTP](#tab/http)\n```http\nGET /a\n```\n# [C#](#tab/csharp)\n```csharp\nx\n```\n---\n### Response\n```http\nHTTP/1.1 200 OK\n```\n";
    let doc = Document::parse("a.md", text);
    let s = doc.section("HTTP request").expect("found despite case");
    assert_eq!(s.codes().count(), 1);
    let ex = doc.section("example").unwrap();
    assert_eq!(ex.codes().count(), 3, "tab H1 headings stay in the section");
    let subs = ex.subsections(3);
    assert_eq!(subs.len(), 2);
    assert_eq!(subs[0].heading.text, "Request");
    assert_eq!(subs[0].codes().count(), 2);
    let tabs: Vec<_> = blocks(&doc)
        .into_iter()
        .filter_map(|b| match b {
            Block::Heading(h) => h.tab.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(tabs, vec!["http", "csharp"]);
    assert_eq!(doc.sections().len(), 2);
}

#[test]
fn reference_links_and_tight_list_items() {
    let text = "# T\n\n- Returns [user][u] objects\n- plain `item`\n\n[u]: ../resources/user.md\n";
    let doc = Document::parse("api/a.md", text);
    let paras: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(paras.len(), 2);
    assert!(paras[0].list_item);
    assert_eq!(paras[0].text, "Returns user objects");
    assert_eq!(paras[0].links[0].1, "../resources/user.md");
    assert_eq!(paras[1].text, "plain item");
    assert_eq!((paras[1].line, paras[1].col), (4, 3));
}

#[test]
fn table_cells_br_and_short_rows() {
    let text = "| a | b | c |\n|---|---|---|\n| x<br>y | `z` |\n";
    let doc = Document::parse("a.md", text);
    let Block::Table(t) = &doc.blocks[0] else {
        panic!()
    };
    assert_eq!(t.rows[0].text(0), "x y");
    assert_eq!(t.rows[0].cell(1).unwrap().code_spans, vec!["z"]);
    assert_eq!(t.rows[0].text(2), "");
    assert_eq!(t.column(|h| h == "c"), Some(2));
}

#[test]
fn links_normalize_relative_to_the_page() {
    assert_eq!(
        normalize_link(
            "api/call_post_participants.md",
            "../resources/Participant.md"
        ),
        Some("resources/participant.md".to_string())
    );
    assert_eq!(
        normalize_link("api/x.md", "./y.md#section"),
        Some("api/y.md".to_string())
    );
    assert_eq!(
        normalize_link("v1.0/api/x.md", "..\\resources\\user.md?view=x"),
        Some("v1.0/resources/user.md".to_string())
    );
    assert_eq!(
        normalize_link("api/x.md", "../../../concepts/p.md"),
        None,
        "escapes the root"
    );
    assert_eq!(normalize_link("api/x.md", "#anchor"), None);
    assert_eq!(
        normalize_link("api/x.md", "https://graph.microsoft.com"),
        None
    );
    assert_eq!(
        normalize_link("api/x.md", "/graph/permissions-reference"),
        None
    );
    assert_eq!(normalize_link("api/x.md", "mailto:a@b.c"), None);
    assert_eq!(normalize_link("api/x.md", "a b:c://d"), None, "a URL");
    assert_eq!(normalize_link("api/x.md", "ms-settings:privacy"), None);
    // A scheme starts with a letter (RFC 3986), as for request URLs: this is a file name.
    assert_eq!(
        normalize_link("api/x.md", "2x:y.md"),
        Some("api/2x:y.md".to_string())
    );
    assert_eq!(
        normalize_link("api/x.md", "../Shared%20Docs/a%2Fb.md"),
        Some("shared docs/a%2fb.md".to_string())
    );
}

#[test]
fn a_tab_after_the_dashes_of_a_separator_row_still_makes_a_table() {
    // As in the v1.0 `insights-shared` page: pulldown-cmark alone sees a paragraph here.
    let text =
        "## Properties\n\n| Property\t| Type |\n|:-------------\t|:--\t|\n| id\t| String |\n";
    let doc = Document::parse("resources/x.md", text);
    let Some(Block::Table(t)) = doc.blocks.get(1) else {
        panic!("table expected: {:?}", doc.blocks)
    };
    let header: Vec<&str> = t.header.iter().map(|c| &*c.text).collect();
    assert_eq!(header, ["Property", "Type"]);
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].line, 5);
    assert_eq!(
        (&*t.rows[0].cells[1].text, t.rows[0].cells[1].col),
        ("String", 8)
    );
    // The page's own text is unchanged.
    assert_eq!(doc.line_text(4), Some("|:-------------\t|:--\t|"));
}
