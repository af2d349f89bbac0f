//! `parse_page` never panics, whatever the bytes.
//!
//! Two generators: arbitrary bytes, and pages assembled from fragments of the docs' own
//! structure (front matter, headings, tables, fences, annotation comments, request lines),
//! cut and glued at arbitrary points. Inputs that once failed are kept in
//! `tests/fuzz-regressions/` and replayed by `regressions_do_not_panic`.

use docspec_codegen::parse::parse_page;
use proptest::prelude::*;
use std::path::PathBuf;

const FRAGMENTS: &[&str] = &[
    "---\ntitle: \"x\"\ndoc_type: apiPageType\n---\n",
    "---\ntitle: [\n---\n",
    "---\n",
    "\u{feff}",
    "# Create participant\n",
    "# [HTTP](#tab/http)\n",
    "# [C#](#tab/csharp)\n",
    "Namespace: microsoft.graph\n",
    "> **Note:** beta\nlazy line\n",
    "## HTTP request\n",
    "## HTTP Request\n",
    "### HTTP request\n",
    "## Permissions\n",
    "| Permission type | Permissions |\n|:--|:--|\n| Delegated (work or school account) | User.Read, Not supported. |\n",
    "| Name | Description |\n|---|---|\n| Authorization | Bearer {token}. Required. |\n",
    "| Parameter | Type | Description |\n|---|---|---|\n| a | [x](../resources/x.md) collection | Required. |\n",
    "| a |\n|---|\n| b | c | d |\n",
    "## Request headers\n",
    "## Request body\n",
    "In the request body, supply a JSON representation of [participant](../resources/participant.md) object.\n",
    "Do not supply a request body for this method.\n",
    "## Response\n",
    "If successful, this method returns `201, Created` response code and a collection of [p](../resources/p.md) objects.\n",
    "returns 202 Accepted and a Location header\n",
    "## Example\n",
    "##### Request\n",
    "### Response\n",
    "## Properties\n",
    "## Members\n",
    "### x values\n",
    "<!-- { \"blockType\": \"request\", \"name\": \"n\" } -->\n",
    "<!-- {\n \"blockType\": \"response\",\n \"truncated\": \"true\",\n} -->\n",
    "<!-- { \"blockType\": \"example\" } -->\n",
    "<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.x\" } -->\n",
    "<!-- { broken\n",
    "<!-- uuid -->\n",
    "-->\n",
    "```http\n",
    "```msgraph-interactive\n",
    "```json\n",
    "```\n",
    "~~~\n",
    "POST /app/calls/{id}/participants\n",
    "GET https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}?$select=a,b\n",
    "GET /reports/getX(period='{period_value}')\n",
    "DELETE/x/{\n",
    "GET\n",
    "HTTP/1.1 201 Created\n",
    "HTTP/1.1 \n",
    "Content-Type: application/json\n",
    "{\n  \"a\": [1, 2,],\n}\n",
    "{ \"a\": \n",
    "[x]: ../resources/x.md\n",
    "[ref link][x]\n",
    "- item `code` [l](../../../../escape.md)\n",
    "    indented code\n",
    "\n",
    "\t",
    "é€😀",
    "|",
    "`",
    "{",
    "}",
    "<br>",
];

fn fragment_page() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(0..FRAGMENTS.len(), 0..40),
        prop::collection::vec(any::<u8>(), 0..4),
        any::<usize>(),
    )
        .prop_map(|(picks, junk, cut)| {
            let mut page: Vec<u8> = picks
                .into_iter()
                .flat_map(|i| FRAGMENTS.get(i).copied().unwrap_or("").bytes())
                .collect();
            // Splice junk bytes (possibly invalid UTF-8) in at an arbitrary point.
            let at = if page.is_empty() { 0 } else { cut % page.len() };
            page.splice(at..at, junk);
            page
        })
}

fn regressions_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fuzz-regressions"
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_do_not_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let page = parse_page("api/fuzz.md", &bytes);
        prop_assert_eq!(page.file.as_str(), "api/fuzz.md");
    }

    #[test]
    fn markdown_fragments_do_not_panic(bytes in fragment_page()) {
        let page = parse_page("api/fuzz.md", &bytes);
        // Every diagnostic points into the page.
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
        for d in &page.diagnostics {
            prop_assert!(d.line >= 1 && d.line <= lines, "{:?} outside {} lines", d, lines);
            prop_assert!(d.column >= 1);
        }
    }
}

/// Replays every input saved in `tests/fuzz-regressions/`.
#[test]
fn regressions_do_not_panic() {
    let Ok(entries) = std::fs::read_dir(regressions_dir()) else {
        return;
    };
    let mut n = 0;
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().is_some_and(|x| x == "md") {
            let bytes = std::fs::read(&path).expect("regression input readable");
            let _ = parse_page("api/regression.md", &bytes);
            n += 1;
        }
    }
    println!("replayed {n} regression inputs");
}
