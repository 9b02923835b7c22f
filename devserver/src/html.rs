//! The frame every HTML page shares, and escaping for what goes into it.

/// Escapes text for an HTML element or a quoted attribute value.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `main`, which must already be escaped. Styles are inline and nothing
/// is fetched from elsewhere, so the page works offline and leaks no session id.
pub(crate) fn page(title: &str, main: &str) -> String {
    let title = escape(title);
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
{main}
</main>
</body>
</html>
"#
    )
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --bg: #f4f5f7; --card: #ffffff; --text: #1d1f23;
  --muted: #4a4f57; --focus: #1a56db; --border: #747775; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15171a; --card: #22252a; --text: #eef0f3; --muted: #b9bec7;
    --focus: #8ab4ff; --border: #8e918f; }
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1.5rem;
  background: var(--bg); color: var(--text);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans KR", sans-serif; }
main { width: 100%; max-width: 26rem; background: var(--card); border-radius: 1rem;
  padding: 2rem; box-shadow: 0 0.25rem 1.5rem rgb(0 0 0 / 0.12); }
h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
p { margin: 0 0 1rem; }
.muted { color: var(--muted); font-size: 0.9rem; }
.providers { list-style: none; margin: 1.5rem 0; padding: 0; display: grid; gap: 1rem; }
.providers form { margin: 0; }
button { width: 100%; min-height: 3rem; border-radius: 0.5rem; border: 1px solid transparent;
  font: inherit; font-weight: 600; cursor: pointer; }
button:hover { filter: brightness(0.95); }
button:focus-visible { outline: 3px solid var(--focus); outline-offset: 3px; }
.google { background: #ffffff; color: #1f1f1f; border-color: var(--border); }
.naver { background: #03c75a; color: #000000; }
.kakao { background: #fee500; color: #191600; }
.who { margin: 0.35rem 0 0; color: var(--muted); font-size: 0.85rem; text-align: center; }
"#;

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_covers_markup_and_both_quotes() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
