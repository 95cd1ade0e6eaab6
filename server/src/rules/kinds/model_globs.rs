//! DIFY425: `models:` entries that load no model, or only when remote debugging (M4b, M5a, M5b).

use crate::project::kinds::{Declaration, MODEL_KEYS};
use crate::project::views::{Field, ModelProviderDecl};
use crate::rules::{Ctx, Grade, Layouts, Rule, did_you_mean, suggest};

pub(crate) static MODEL_GLOBS: Rule = Rule {
    code: "DIFY425",
    name: "model-globs",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "M4b, M5a, M5b",
    source: "SDK `validate_models` (`glob.glob` from the plugin root); DAEMON `Manifest()` (`filepath.Match` on package paths)",
    summary: "A `models:` key or `predefined` pattern that yields no models, or yields them only when remote debugging",
    doc: "The SDK reads only the keys `llm`, `text_embedding`, `rerank`, `tts`, `speech2text` and `moderation` \
under `models:` (spelt with `_`): any other key is ignored silently. A `predefined` pattern that matches no file \
gives no models, silently (reported when the provider declares `predefined-model`). The daemon matches patterns against the package's relative paths, so a pattern \
starting with `./` or `/` finds the models when remote debugging (the SDK globs from the plugin folder) but not \
once the plugin is packaged and installed.

**Example**

```yaml
# provider/acme.yaml
models:
  text-embedding:
    predefined:
      - ./models/text_embedding/*.yaml
```

Use instead:

```yaml
# provider/acme.yaml
models:
  text_embedding:
    predefined:
      - models/text_embedding/*.yaml
```",
    fix: None,
};

pub(super) fn check(cx: &mut Ctx, d: &Declaration) {
    let Some(y) = &d.yaml else { return };
    let Some(provider) = ModelProviderDecl::of(y) else {
        return;
    };
    let Some(entries) = provider.models().and_then(Field::as_map) else {
        return;
    };
    for e in entries {
        let Some(key) = e.key.as_str() else { continue };
        if !MODEL_KEYS.contains(&key) {
            cx.report(
                &MODEL_GLOBS,
                y,
                e.key.span,
                format!(
                    "`{key}` is not a `models:` key the SDK reads, so none of its models load{}; the keys are {}",
                    did_you_mean(key, &MODEL_KEYS),
                    crate::rules::one_of(&MODEL_KEYS)
                ),
            )
            .replacement = suggest(key, &MODEL_KEYS).map(String::from);
        }
    }
    // A provider whose models users add themselves (`customizable-model` only) loses nothing to a
    // pattern that matches no file: warn about that only where predefined models are declared.
    let predefined = provider
        .configurate_methods()
        .and_then(Field::as_seq)
        .is_none_or(|items| items.iter().any(|i| i.as_str() == Some("predefined-model")));
    for g in &d.globs {
        let clean = g.raw.trim_start_matches("./");
        if g.raw.starts_with('/') {
            cx.report(&MODEL_GLOBS, y, g.span, format!("the pattern `{}` is absolute: the daemon matches package paths, so the packaged plugin has none of these `{}` models; write it relative to the plugin folder", g.raw, g.key));
        } else if clean.len() != g.raw.len() {
            cx.report(&MODEL_GLOBS, y, g.span, format!("the pattern `{}` starts with `./`: remote debugging finds the models, but the daemon matches package paths, so the packaged plugin has none of them; write `{clean}`", g.raw))
                .replacement = Some(clean.to_string());
        } else if g.matches.is_empty() && predefined && super::model_files::well_formed(&g.raw) {
            cx.report(
                &MODEL_GLOBS,
                y,
                g.span,
                format!(
                    "the pattern `{}` matches no file: the provider gets no `{}` models from it",
                    g.raw, g.key
                ),
            );
        }
    }
}
