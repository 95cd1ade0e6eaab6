//! Editing features as plain data: completion, hover, and navigation (definition, references,
//! rename, document links and symbols) for provider YAML, tool YAML and Python tool files.

mod complete;
mod context;
mod hover;
mod navigate;

pub use complete::{CompletionItem, ItemKind, complete};
pub use context::{FileKind, Seg, YamlContext, file_kind, yaml_context};
pub use hover::hover;
pub use navigate::{Location, Symbol, definition, links, references, rename, symbols};
