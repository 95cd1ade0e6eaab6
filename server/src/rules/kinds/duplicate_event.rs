//! DIFY428: two events of one trigger provider with the same `identity.name`, or two trigger
//! providers with the same name: the SDK refuses the second when the plugin starts (T8).

use crate::project::SourceFile;
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::Span;
use std::sync::Arc;

pub(crate) static DUPLICATE_EVENT: Rule = Rule {
    code: "DIFY428",
    name: "duplicate-event",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "T8",
    source: "SDK `core/trigger_factory.py` (`Event … is already registered for provider …`, `Trigger provider … is already registered`)",
    summary: "Two events of one trigger provider, or two trigger providers, share an `identity.name`",
    doc: "The SDK registers trigger providers and their events by `identity.name` when the plugin starts, and \
refuses a name it has already registered: two events of one provider with the same name fail with \
``Event `created` is already registered for provider `hooks` ``, two providers with the same name with \
``Trigger provider `hooks` is already registered``, and the plugin does not start. (Agent strategies and \
datasources with one name replace each other silently instead: DIFY422.)

**Example**

```yaml
# events/created.yaml and events/created_again.yaml
identity:
  name: created
```

Use instead:

```yaml
# events/created_again.yaml
identity:
  name: updated
```",
    fix: None,
};

/// The names seen so far in one scope (one provider's events, or the plugin's trigger providers).
#[derive(Default)]
pub(super) struct Names {
    entries: Vec<(String, Arc<SourceFile>, Span)>,
}

impl Names {
    /// Records an event's name; `provider` is its provider's name, when known.
    pub(super) fn event(
        &mut self,
        cx: &mut Ctx,
        name: &str,
        file: &Arc<SourceFile>,
        span: Span,
        provider: Option<&str>,
    ) {
        let provider = provider.unwrap_or("…");
        self.check(cx, name, file, span, format!("another event of this provider is also named `{name}`: the plugin does not start (``Event `{name}` is already registered for provider `{provider}` ``); rename one"));
    }

    /// Records a trigger provider's name.
    pub(super) fn provider(&mut self, cx: &mut Ctx, name: &str, file: &Arc<SourceFile>, span: Span) {
        self.check(cx, name, file, span, format!("another trigger provider is also named `{name}`: the plugin does not start (``Trigger provider `{name}` is already registered``); rename one"));
    }

    fn check(&mut self, cx: &mut Ctx, name: &str, file: &Arc<SourceFile>, span: Span, message: String) {
        if let Some((_, first, first_span)) = self.entries.iter().find(|(k, _, _)| k == name) {
            let (first, first_span) = (first.clone(), *first_span);
            cx.report(&DUPLICATE_EVENT, file, span, message)
                .with_related(&first, first_span, "the first one");
        } else {
            self.entries.push((name.to_string(), file.clone(), span));
        }
    }
}
