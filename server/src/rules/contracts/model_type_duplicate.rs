//! DIFY526: several model classes of one type across `model_sources`; the SDK keeps the last
//! (M15).

use super::kind_role;
use crate::project::SourceFile;
use crate::project::python::Class;
use crate::rules::python::classes::{BaseRef, Classes, Found};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use std::sync::Arc;

pub(crate) static MODEL_TYPE_DUPLICATE: Rule = Rule {
    code: "DIFY526",
    name: "model-type-duplicate",
    grade: Grade::Warn,
    layouts: Layouts::PLUGIN,
    spec: "M15",
    source: "SDK `_resolve_model_providers` (`models[model_cls.model_type] = …`, the last class of a type wins)",
    summary: "Several model classes of one type in `model_sources`: only the last is used",
    doc: "The SDK walks the namespace of each `model_sources` module, in order, and keys every model class it \
finds by its type: a later class of the same type replaces an earlier one, silently. Two classes of one type \
defined in the model sources (or one defined before a class imported after it) leave one of them unused, \
usually not the one intended. Imported classes count too, but an imported helper or base class that the \
module's own class, defined after the imports, replaces is the usual pattern and is not reported. Keep one \
class per type.

**Example**

```python
# models/llm/llm.py
class AcmeLLM(LargeLanguageModel):
    ...


class AcmeChatLLM(LargeLanguageModel):  # replaces AcmeLLM
    ...
```

Use instead:

```python
# models/llm/llm.py
class AcmeLLM(LargeLanguageModel):
    ...  # one class serving every llm model
```",
    fix: None,
};

fn classes_of<'c>(cx: &'c Ctx<'c>) -> Classes<'c> {
    Classes::new(cx, kind_role(""))
}

/// Whether `class` derives from `ancestor` through the unit's own classes (an intermediate base
/// the winner is built on is not a competitor).
fn inherits(classes: &Classes, file: &Arc<SourceFile>, class: &Class, ancestor: &Found, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    class.bases.iter().any(|(b, _)| {
        classes
            .resolve_base(file, class, b, depth)
            .into_iter()
            .any(|r| match r {
                BaseRef::Local(f, c) => {
                    (f.path == ancestor.file.path && c.name_span == ancestor.class.name_span)
                        || inherits(classes, &f, &c, ancestor, depth + 1)
                }
                _ => false,
            })
    })
}

/// `classes` are the classes of one type, in the order the SDK meets them, each with the module
/// whose namespace binds it; `key` is the type.
pub(super) fn check(cx: &mut Ctx, key: &str, classes: &[(Arc<SourceFile>, Found)]) {
    let mut distinct: Vec<&(Arc<SourceFile>, Found)> = Vec::new();
    for c in classes {
        if !distinct
            .iter()
            .any(|d| d.1.file.path == c.1.file.path && d.1.class.name_span == c.1.class.name_span)
        {
            distinct.push(c);
        }
    }
    // The class that wins: the last the SDK meets.
    let Some(winner) = classes.last() else { return };
    for (py, f) in distinct.iter().map(|c| (&c.0, &c.1)) {
        // An imported class that a later class replaces is a helper or a base (the usual pattern:
        // the module's own class, defined after its imports, wins as intended).
        if f.imported_from.is_some()
            || (f.file.path == winner.1.file.path && f.class.name_span == winner.1.class.name_span)
            || inherits(&classes_of(cx), &winner.1.file, &winner.1.class, f, 0)
        {
            continue;
        }
        let d = cx.report(
            &MODEL_TYPE_DUPLICATE,
            py,
            f.span,
            format!(
                "`{}` is one of several `{key}` model classes in `model_sources`: the SDK keeps only the last one it meets, `{}`, so `{}` never serves calls to `{key}` models; keep one class per type",
                f.class.name, winner.1.class.name, f.class.name
            ),
        );
        d.with_related(&winner.1.file, winner.1.class.name_span, "the class the SDK uses");
    }
}
