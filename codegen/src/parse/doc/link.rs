//! Links between pages: a link as written on a page, made a docs-root-relative path.

use crate::parse::ascii::find_marker;
use crate::route::url::is_scheme;
use std::borrow::Cow;

/// Resolves `target`, a link written on the page `page_file` (docs-root-relative), to a
/// normalized docs-root-relative path: lowercase, `/` separators, `.` and `..` folded,
/// `#fragment` and `?query` dropped. `None` for external links (`https:`, `mailto:`),
/// site-absolute links (`/graph/...`), pure fragments, and links that would leave the root.
pub fn normalize_link(page_file: &str, target: &str) -> Option<String> {
    let t = target.trim().trim_start_matches('<').trim_end_matches('>');
    // Byte searches (memchr) throughout: this runs on every link of every page.
    let t = match memchr::memchr2(b'#', b'?', t.as_bytes()) {
        Some(end) => t.get(..end).unwrap_or(""),
        None => t,
    };
    let t: Cow<'_, str> = if memchr::memchr(b'\\', t.as_bytes()).is_some() {
        Cow::Owned(t.replace('\\', "/"))
    } else {
        Cow::Borrowed(t)
    };
    if t.is_empty() || t.starts_with('/') || find_marker(&t, "://").is_some() || has_scheme(&t) {
        return None;
    }
    // Built in place: segments are pushed lowercase, `..` cuts the last one off.
    let mut out = String::with_capacity(page_file.len() + t.len());
    let mut depth = 0usize;
    let mut page = page_file.split(['/', '\\']).peekable();
    while let Some(seg) = page.next() {
        // The last segment is the page itself.
        if page.peek().is_some() && !seg.is_empty() && seg != "." {
            push_segment(&mut out, seg);
            depth += 1;
        }
    }
    for seg in t.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                depth = depth.checked_sub(1)?;
                out.truncate(out.rfind('/').unwrap_or(0));
            }
            s if find_marker(s, "%20").is_some() => {
                push_segment(&mut out, &s.replace("%20", " "));
                depth += 1;
            }
            s => {
                push_segment(&mut out, s);
                depth += 1;
            }
        }
    }
    (depth > 0).then_some(out)
}

/// Appends `/` (unless `out` is empty) and `seg` lowercased.
fn push_segment(out: &mut String, seg: &str) {
    if !out.is_empty() {
        out.push('/');
    }
    if seg.is_ascii() {
        let start = out.len();
        out.push_str(seg);
        if let Some(pushed) = out.get_mut(start..) {
            pushed.make_ascii_lowercase();
        }
    } else {
        out.push_str(&seg.to_lowercase());
    }
}

/// Whether `t` starts with a URL scheme and its `:` (`mailto:`, `https:`).
fn has_scheme(t: &str) -> bool {
    t.split_once(':')
        .is_some_and(|(scheme, _)| is_scheme(scheme))
}
