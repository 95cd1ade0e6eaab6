//! Editing features as plain data: completion, hover, and navigation (definition, references,
//! rename, document links and symbols) for provider YAML, tool YAML and Python tool files.

mod actions;
mod complete;
mod context;
mod hover;
mod navigate;
#[cfg(test)]
mod tests;

pub use actions::{CodeActions, code_actions};
pub use complete::{CompletionItem, ItemKind, complete};
pub use context::{FileKind, Seg, YamlContext, file_kind, yaml_context};
pub use hover::{hover, hover_at};
pub use navigate::{Location, Symbol, definition, links, prepare_rename, references, rename, symbols, valid_name};
