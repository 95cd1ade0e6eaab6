//! DIFY602: a string literal that looks like a hard-coded credential.

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule, Severity};
use std::sync::Arc;

pub(crate) static HARDCODED_SECRET: Rule = Rule {
    code: "DIFY602",
    name: "hardcoded-secret",
    grade: Grade::Advice(Severity::Warning),
    layouts: Layouts::ALL,
    spec: "-",
    source: "dify-lsp",
    summary: "A string literal that looks like a hard-coded credential",
    doc: "API keys and tokens in the source end up in the `.difypkg` and in version control. Declare a \
`secret-input` credential under `credentials_for_provider` and read it with \
`self.runtime.credentials[\"…\"]`.

**Example**

```python
# tools/chat.py
OPENAI_KEY = \"sk-proj-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c\"
```

Use instead:

```python
# tools/chat.py (provider/demo.yaml declares `api_key` as a `secret-input` credential)
        api_key = self.runtime.credentials[\"api_key\"]
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, py: &Arc<SourceFile>) {
    for s in &py.python().facts.strings {
        let name = s.name.map(|n| &py.text[n.start..n.end]);
        if looks_like_secret(&s.value, name) {
            cx.report(&HARDCODED_SECRET, py, s.span, "this looks like a hard-coded credential: it ships in the package and in version control; declare a `secret-input` credential and read `self.runtime.credentials[...]`");
        }
    }
}

const SECRET_PREFIXES: &[(&str, usize)] = &[
    ("sk-", 20),
    ("sk_live_", 16),
    ("ghp_", 30),
    ("gho_", 30),
    ("github_pat_", 30),
    ("xoxb-", 20),
    ("xoxp-", 20),
    ("AKIA", 16),
    ("AIza", 35),
    ("glpat-", 20),
    ("hf_", 30),
];
const SECRET_NAMES: &[&str] = &[
    "api_key",
    "apikey",
    "api-key",
    "secret",
    "token",
    "password",
    "passwd",
    "access_key",
    "private_key",
    "authorization",
];
const PLACEHOLDERS: &[&str] = &[
    "your",
    "xxx",
    "example",
    "placeholder",
    "changeme",
    "dummy",
    "test",
    "<",
    "{",
    "***",
    "...",
];

/// A literal that is a credential: a known key prefix anywhere, or a high-entropy literal assigned
/// to a secret-sounding name.
fn looks_like_secret(value: &str, context: Option<&str>) -> bool {
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("Token "))
        .unwrap_or(value);
    if token.chars().any(char::is_whitespace) || token.len() < 12 {
        return false;
    }
    let lower = token.to_ascii_lowercase();
    if PLACEHOLDERS.iter().any(|p| lower.contains(p)) {
        return false;
    }
    let charset_ok = token.chars().all(|c| c.is_ascii_alphanumeric() || "-_./+=".contains(c));
    if SECRET_PREFIXES
        .iter()
        .any(|(p, n)| token.starts_with(p) && token.len() >= p.len() + n)
        && charset_ok
    {
        return true;
    }
    let Some(name) = context else { return false };
    let name = name.trim_matches(['"', '\'']).to_ascii_lowercase();
    let named = SECRET_NAMES.iter().any(|s| name.contains(s))
        && !name.contains("url")
        && !name.ends_with("_name")
        && !name.ends_with("_type");
    let has_digit = token.chars().any(|c| c.is_ascii_digit());
    let has_alpha = token.chars().any(|c| c.is_ascii_alphabetic());
    // `api_key_name`, `TAVILY_API_KEY`: names of things, not secrets.
    let identifier_like = token
        .split('_')
        .all(|part| part.chars().all(|c| c.is_ascii_alphabetic()));
    named && charset_ok && has_digit && has_alpha && !identifier_like && !token.contains("://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_need_a_secret_shape() {
        assert!(looks_like_secret("sk-abcdefghijklmnopqrstuvwxyz123456", None));
        assert!(looks_like_secret("a8f9c7d6e5b4a3f2e1d0", Some("API_KEY")));
        assert!(!looks_like_secret("api_key", Some("key_name")));
        assert!(!looks_like_secret("your-api-key-here-1234", Some("api_key")));
        assert!(!looks_like_secret("a8f9c7d6e5b4a3f2e1d0", Some("query")));
        assert!(!looks_like_secret("TAVILY_API_KEY", Some("token_env")));
    }
}
