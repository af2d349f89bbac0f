//! The examples checked against the rest of their page: the status each answers against the
//! statuses its response section documents (DS0803), the method each sends against the
//! page's request lines (DS0811), the body each sends with a GET (DS0812), the members each
//! sends against the spelling of the parameter table (DS0813). `docspec lint` reports them;
//! the contract runner counts an example that fails where its page contradicts it as
//! contradicted, not as failed.

use crate::diag::{codes, Diagnostic};
use crate::model::{Api, Endpoint, RequestBody};

/// The DS0803, DS0811, DS0812 and DS0813 warnings of the examples of `api`.
pub fn check_examples_against_page(api: &Api) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in &api.endpoints {
        check_endpoint(e, &mut out);
    }
    out
}

/// Where the examples of `e` contradict the rest of its page: the status they answer
/// (DS0803), the method they send (DS0811), a body with a GET (DS0812), the spelling of
/// their members (DS0813).
fn check_endpoint(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    statuses(e, out);
    methods(e, out);
    get_bodies(e, out);
    member_case(e, out);
}

/// DS0813: a member of an example's request body that the page's parameter table spells
/// with other letter case (`message` where the table says `Message`): the typed body sends
/// the table's spelling, so the two cannot both be what the service reads. Once per example,
/// naming each member.
fn member_case(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    let Some(RequestBody::Parameters { parameters, .. }) = &e.request_body else {
        return;
    };
    for r in e.examples.iter().filter_map(|x| x.request.as_ref()) {
        let Some(serde_json::Value::Object(members)) = r.body.as_ref().map(|b| b.value()) else {
            continue;
        };
        let (sent, table): (Vec<String>, Vec<String>) = members
            .keys()
            .filter(|k| !parameters.iter().any(|p| p.name == **k))
            .filter_map(|k| {
                let p = parameters.iter().find(|p| p.name.eq_ignore_ascii_case(k))?;
                Some((format!("`{k}`"), format!("`{}`", p.name)))
            })
            .unzip();
        if !sent.is_empty() {
            out.push(Diagnostic::at(
                codes::MEMBER_CASE,
                &r.source,
                format!(
                    "the example's body writes {} where the parameter table writes {}; a \
                     client sends the table's spelling, so write them alike",
                    sent.join(" and "),
                    table.join(" and ")
                ),
            ));
        }
    }
}

/// DS0812: an example GET that sends a body. An empty object (`{}`) asks for nothing.
fn get_bodies(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    for r in e.examples.iter().filter_map(|x| x.request.as_ref()) {
        let text = match (&r.body, &r.raw_body) {
            (Some(json), _) => json.as_str(),
            (None, Some(raw)) => raw.as_str(),
            (None, None) => continue,
        };
        let empty: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if r.method.eq_ignore_ascii_case("GET") && !empty.is_empty() && empty != "{}" {
            out.push(Diagnostic::at(
                codes::GET_WITH_BODY,
                &r.source,
                "the example sends a body with GET, which carries none; a function takes its \
                 parameters in the URL (`f(name=value)`)",
            ));
        }
    }
}

/// DS0811: an example request whose method is not the page's.
fn methods(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    for r in e.examples.iter().filter_map(|x| x.request.as_ref()) {
        if !r.method.eq_ignore_ascii_case(&e.method) {
            out.push(Diagnostic::at(
                codes::METHOD_MISMATCH,
                &r.source,
                format!(
                    "the example sends {}, but the page's request lines use {}",
                    r.method, e.method
                ),
            ));
        }
    }
}

/// DS0803: a success status an example answers that the page's response section does not
/// document.
fn statuses(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    if e.responses.is_empty() {
        return;
    }
    let documented: Vec<u16> = e.responses.iter().map(|r| r.status).collect();
    for x in &e.examples {
        let Some(r) = &x.response else {
            continue;
        };
        let Some(status) = r.status.filter(|s| (200..300).contains(s)) else {
            continue;
        };
        if !documented.contains(&status) {
            let listed: Vec<String> = documented.iter().map(u16::to_string).collect();
            out.push(Diagnostic::at(
                codes::STATUS_MISMATCH,
                &r.source,
                format!(
                    "the example answers {status}, but the response section documents {}",
                    listed.join(", ")
                ),
            ));
        }
    }
}
