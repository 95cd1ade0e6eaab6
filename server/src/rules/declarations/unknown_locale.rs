//! DIFY404: an I18n object with a locale Dify drops.

use super::{MISPLACED_FIELDS, Walker};
use crate::project::vocab::LOCALES;
use crate::rules::{Grade, Layouts, Rule, one_of};
use crate::syntax::Span;

pub(crate) static UNKNOWN_LOCALE: Rule = Rule {
    code: "DIFY404",
    name: "unknown-locale",
    grade: Grade::Warn,
    layouts: Layouts::ALL,
    spec: "X5b",
    source: "API, SDK and DAEMON drop unknown keys",
    summary: "An I18n object has a locale Dify drops",
    doc: "Only `en_US`, `zh_Hans`, `pt_BR` and `ja_JP` are kept; other keys (`zh_Hant`, `ko_KR`, `ja_Jp`, …) are \
silently dropped and those users see the English text. A misspelt kept locale (`ja_Jp`) is reported where it \
is, with its fix; other locales are reported once per file, with every occurrence as a related location.

**Example**

```yaml
# tools/echo.yaml
identity:
  label:
    en_US: Echo
    ja_Jp: エコー
```

Use instead:

```yaml
# tools/echo.yaml
identity:
  label:
    en_US: Echo
    ja_JP: エコー
```",
    fix: None,
};

/// The kept locale a key misspells by case or separator (`ja_Jp`, `zh-Hans`, `PT_BR`).
fn misspelt_locale(key: &str) -> Option<&'static str> {
    let normalized = |s: &str| s.to_lowercase().replace('-', "_");
    LOCALES
        .iter()
        .copied()
        .find(|l| *l != key && normalized(l) == normalized(key))
}

/// A key shaped like a locale (`zh_Hant`, `ko_KR`, `ja_Jp`, `zh-CN`, `de`): an unknown locale
/// rather than a misplaced field.
fn looks_like_locale(key: &str) -> bool {
    let (lang, region) = match key.split_once(['_', '-']) {
        Some((l, r)) => (l, Some(r)),
        None => (key, None),
    };
    let lang_ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic());
    match region {
        Some(r) => lang_ok && (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()),
        None => lang_ok && lang.len() == 2 && !MISPLACED_FIELDS.contains(&key),
    }
}

impl Walker<'_, '_> {
    /// A key of an I18n object that is not a kept locale: whether it is a locale (a misspelt kept
    /// one is reported now, others once per file by [`Walker::report_dropped_locales`]).
    pub(super) fn unknown_locale(&mut self, key: &str, span: Span) -> bool {
        if let Some(kept) = misspelt_locale(key) {
            self.report(
                &UNKNOWN_LOCALE,
                span,
                format!(
                    "locale `{key}` is dropped: Dify keeps only {} (did you mean `{kept}`?)",
                    one_of(LOCALES)
                ),
            )
            .replacement = Some(kept.to_string());
            true
        } else if looks_like_locale(key) {
            self.dropped.push((key.to_string(), span));
            true
        } else {
            false
        }
    }

    /// One diagnostic for every locale of the file that Dify does not keep, at the first one,
    /// with the others as related locations.
    pub(super) fn report_dropped_locales(&mut self) {
        let dropped = std::mem::take(&mut self.dropped);
        let Some((_, first)) = dropped.first() else { return };
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (key, _) in &dropped {
            match counts.iter_mut().find(|(k, _)| k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
        let listed: Vec<String> = counts
            .iter()
            .map(|(k, n)| {
                if *n == 1 {
                    format!("`{k}`")
                } else {
                    format!("`{k}` ×{n}")
                }
            })
            .collect();
        let message = format!(
            "Dify drops the {} {} in this file (it keeps only {}), so those users see the English text",
            if counts.len() == 1 { "locale" } else { "locales" },
            listed.join(", "),
            one_of(LOCALES),
        );
        let file = self.file.clone();
        let d = self.report(&UNKNOWN_LOCALE, *first, message);
        for (key, span) in &dropped[1..] {
            d.with_related(&file, *span, format!("`{key}` is dropped too"));
        }
    }
}
