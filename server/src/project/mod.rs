//! The project model: which analysis units exist (plugin roots and in-tree providers), which files
//! belong to each, and typed knowledge of the Dify formats.

pub mod discover;
pub mod files;
pub(crate) mod glob;
pub(crate) mod kind_schema;
pub(crate) mod kinds;
pub(crate) mod model;
pub(crate) mod namespace;
pub(crate) mod paths;
pub mod python;
pub(crate) mod schema;
pub(crate) mod sdk_pin;
mod tracked;
pub(crate) mod views;
pub mod vocab;
pub(crate) mod walk;

pub use discover::{
    Discovery, Generation, Layout, Unit, Unreadable, discover, discover_all, in_nested_unit, unit_for_path,
};
pub use files::{DirEntry, DiskFiles, Files, OverlayFiles, SourceFile};
pub use model::{Project, Provider, Reference, ToolFile};
