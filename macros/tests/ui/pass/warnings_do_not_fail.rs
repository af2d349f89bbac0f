// The docs have a warning (`Shelfmark` names no type; the property becomes `Json`) and no
// error: the whole client is generated and the build goes on.
mod shelf {
    docspec_macros::api! { docs = "tests/fixtures/warning" }
}

fn main() {
    let book = shelf::Book {
        shelfmark: Some(docspec_runtime::serde_json::json!("Q-17")),
        ..Default::default()
    };
    assert_eq!(book.page_count, None);
    let _ = shelf::Graph::add_book;
    let _ = shelf::Graph::get_book;
}
