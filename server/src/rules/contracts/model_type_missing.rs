//! DIFY522: a model type in `supported_model_types` has no class in `model_sources` (M14a). The
//! same walk finds the class each type loads, for kind-abstract-method (M14b).

use super::{abstract_method, kind_role};
use crate::project::SourceFile;
use crate::project::kinds::{Declaration, Role};
use crate::project::views::{ExtraDecl, Field, ModelProviderDecl};
use crate::rules::python::classes::{BaseRef, Classes, Found};
use crate::rules::{Ctx, Grade, Layouts, Rule};
use crate::syntax::yaml::Node;
use std::sync::Arc;

pub(crate) static MODEL_TYPE_MISSING: Rule = Rule {
    code: "DIFY522",
    name: "model-type-class-missing",
    grade: Grade::Runtime,
    layouts: Layouts::PLUGIN,
    spec: "M14a",
    source: "SDK `_resolve_model_providers` (classes keyed by `model_type`), `ModelFactory.get_instance`",
    summary: "A type in `supported_model_types` has no model class in `model_sources`",
    doc: "The SDK keys the model classes it finds in the `model_sources` modules by their type: a subclass of \
`LargeLanguageModel` serves `llm`, `TextEmbeddingModel` `text-embedding`, `RerankModel` `rerank`, `TTSModel` \
`tts`, `Speech2TextModel` `speech2text`, `ModerationModel` `moderation` (the `OAICompat*` bases count as their \
type). A supported type without a class still shows its models in Dify, but every call to one fails with \
`KeyError: <ModelType.TEXT_EMBEDDING: 'text-embedding'>`. Classes imported into a model source count. The check \
needs every model source readable and every class's type known; a provider without `model_sources` is left to \
the rules on its declaration.

**Example**

```yaml
# provider/acme.yaml
supported_model_types:
  - llm
  - text-embedding
extra:
  python:
    provider_source: provider/acme.py
    model_sources:
      - models/llm/llm.py
```

Use instead:

```yaml
# provider/acme.yaml
supported_model_types:
  - llm
  - text-embedding
extra:
  python:
    provider_source: provider/acme.py
    model_sources:
      - models/llm/llm.py
      - models/text_embedding/text_embedding.py
```",
    fix: None,
};

/// A model type: its name in `supported_model_types`, the SDK's enum member, the SDK bases
/// that give it (the abstract one first), the methods they leave abstract and what fails.
struct ModelType {
    key: &'static str,
    member: &'static str,
    bases: &'static [&'static str],
    methods: &'static [(&'static str, &'static str)],
}

const VALIDATE: (&str, &str) = (
    "validate_credentials",
    "validate_credentials(self, model: str, credentials: dict) -> None",
);
const ERRORS: (&str, &str) = (
    "_invoke_error_mapping",
    "@property def _invoke_error_mapping(self) -> dict[type[InvokeError], list[type[Exception]]]",
);

const TYPES: &[ModelType] = &[
    ModelType {
        key: "llm",
        member: "LLM",
        bases: &["LargeLanguageModel", "OAICompatLargeLanguageModel"],
        methods: &[
            VALIDATE,
            ERRORS,
            (
                "_invoke",
                "_invoke(self, model: str, credentials: dict, prompt_messages: list[PromptMessage], model_parameters: dict, tools: list[PromptMessageTool] | None = None, stop: list[str] | None = None, stream: bool = True, user: str | None = None) -> LLMResult | Generator[LLMResultChunk]",
            ),
            (
                "get_num_tokens",
                "get_num_tokens(self, model: str, credentials: dict, prompt_messages: list[PromptMessage], tools: list[PromptMessageTool] | None = None) -> int",
            ),
        ],
    },
    ModelType {
        key: "text-embedding",
        member: "TEXT_EMBEDDING",
        bases: &["TextEmbeddingModel", "OAICompatEmbeddingModel"],
        methods: &[
            VALIDATE,
            ERRORS,
            (
                "_invoke",
                "_invoke(self, model: str, credentials: dict, texts: list[str], user: str | None = None, input_type: EmbeddingInputType = EmbeddingInputType.DOCUMENT) -> TextEmbeddingResult",
            ),
            (
                "get_num_tokens",
                "get_num_tokens(self, model: str, credentials: dict, texts: list[str]) -> list[int]",
            ),
        ],
    },
    ModelType {
        key: "rerank",
        member: "RERANK",
        bases: &["RerankModel", "OAICompatRerankModel"],
        methods: &[
            VALIDATE,
            ERRORS,
            (
                "_invoke",
                "_invoke(self, model: str, credentials: dict, query: str, docs: list[str], score_threshold: float | None = None, top_n: int | None = None, user: str | None = None) -> RerankResult",
            ),
        ],
    },
    ModelType {
        key: "tts",
        member: "TTS",
        bases: &["TTSModel", "OAICompatText2SpeechModel"],
        methods: &[
            VALIDATE,
            ERRORS,
            (
                "_invoke",
                "_invoke(self, model: str, tenant_id: str, credentials: dict, content_text: str, voice: str, user: str | None = None) -> bytes | Generator[bytes]",
            ),
        ],
    },
    ModelType {
        key: "speech2text",
        member: "SPEECH2TEXT",
        bases: &["Speech2TextModel", "OAICompatSpeech2TextModel"],
        methods: &[
            VALIDATE,
            ERRORS,
            (
                "_invoke",
                "_invoke(self, model: str, credentials: dict, file: IO[bytes], user: str | None = None) -> str",
            ),
        ],
    },
    ModelType {
        key: "moderation",
        member: "MODERATION",
        bases: &["ModerationModel"],
        methods: &[
            VALIDATE,
            ERRORS,
            (
                "_invoke",
                "_invoke(self, model: str, credentials: dict, text: str, user: str | None = None) -> bool",
            ),
        ],
    },
];

/// Words in a base class's name that suggest a model class dify-lsp could not resolve.
const MODEL_WORDS: &[&str] = &[
    "LLM",
    "Llm",
    "Embedding",
    "Rerank",
    "TTS",
    "Speech",
    "Moderation",
    "Model",
];

/// `d` is a model provider declaration; `top` its YAML root.
pub(super) fn check(cx: &mut Ctx, d: &Declaration, top: Option<&Node>) {
    let sources: Vec<_> = d.modules.iter().filter(|m| m.role == Role::Models).collect();
    let mut complete = true;
    // The class each type loads: the last found, in `model_sources` order then namespace order.
    let mut winners: Vec<Option<Found>> = TYPES.iter().map(|_| None).collect();
    // Every class of each type, with the module that binds it, in the order the SDK meets them.
    let mut met: Vec<Vec<(Arc<SourceFile>, Found)>> = TYPES.iter().map(|_| Vec::new()).collect();
    for m in &sources {
        let Some(py) = &m.py else {
            complete = false;
            continue;
        };
        if py.decode_error.is_some() || py.python().syntax_error.is_some() {
            complete = false;
            continue;
        }
        let mut typed: Vec<(usize, Found)> = Vec::new();
        for (i, t) in TYPES.iter().enumerate() {
            for base in t.bases {
                for f in Classes::new(cx, kind_role(base)).in_namespace(py) {
                    typed.push((i, f));
                }
            }
        }
        typed.sort_by_key(|(_, f)| f.span.start);
        for (i, f) in &typed {
            winners[*i] = Some(f.clone());
            met[*i].push((py.clone(), f.clone()));
        }
        if super::unresolved_own_import(cx, py) {
            complete = false;
        }
        // A class of the module that is of no known type but derives from a base dify-lsp cannot
        // see, named like a model: it may serve any type.
        let classes = Classes::new(cx, kind_role(""));
        for c in &py.python().facts.classes {
            if typed
                .iter()
                .any(|(_, f)| f.file.path == py.path && f.class.name_span == c.name_span)
            {
                continue;
            }
            let opaque = c.bases.iter().any(|(b, _)| {
                let last = b.rsplit('.').next().unwrap_or(b);
                last != "BaseModel"
                    && MODEL_WORDS.iter().any(|w| last.contains(w))
                    && classes
                        .resolve_base(py, c, b, 0)
                        .iter()
                        .any(|r| !matches!(r, BaseRef::Local(..)))
            });
            if opaque {
                complete = false;
            }
        }
    }
    for (i, t) in TYPES.iter().enumerate() {
        if let Some(f) = &winners[i] {
            let fails = format!("every call to its {} models fails", t.key);
            abstract_method::report(cx, f, &[t.bases[0], "AIModel"], t.methods, &fails);
            super::signature::check_model(cx, f, t.key);
        }
        super::model_type_duplicate::check(cx, t.key, &met[i]);
    }
    // Without `model_sources` the provider declares no model code at all: nothing to compare.
    let declares_sources = top
        .and_then(ExtraDecl::of_root)
        .and_then(|e| e.python())
        .and_then(|p| p.module("model_sources"))
        .and_then(Field::as_seq)
        .is_some_and(|s| !s.is_empty());
    if !complete || !declares_sources {
        return;
    }
    let (Some(yaml), Some(types)) = (
        d.yaml.as_ref(),
        top.map(ModelProviderDecl::new)
            .and_then(ModelProviderDecl::supported_model_types)
            .and_then(Field::as_seq),
    ) else {
        return;
    };
    for item in types {
        let Some(name) = item.as_str() else { continue };
        let Some(i) = TYPES.iter().position(|t| t.key == name) else {
            continue;
        };
        if winners[i].is_some() {
            continue;
        }
        let t = &TYPES[i];
        let folder = t.key.replace('-', "_");
        cx.report(
            &MODEL_TYPE_MISSING,
            yaml,
            item.span,
            format!(
                "`{name}` is supported but no class in `model_sources` subclasses `{}`: its models are listed, but every call to one fails with `KeyError: <ModelType.{}: '{name}'>`; add a `{}` subclass (e.g. `models/{folder}/{folder}.py`) to `model_sources`, or remove `{name}`",
                t.bases[0], t.member, t.bases[0]
            ),
        );
    }
}
