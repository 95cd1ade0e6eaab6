//! Typed views over the YAML declarations: `ManifestDecl`, `ProviderDecl`, `ToolDecl`,
//! `ParamDecl`, `CredentialDecl`… Each is a `Copy` wrapper over a borrowed [`Node`] whose
//! accessors name the keys a Dify loader reads, so rules say `tool.parameters()` instead of
//! `root.get("parameters")` and the spelling of every key lives here, once.
//!
//! A view reads like the lookups it replaces: the last of duplicated keys wins (PyYAML), a view
//! over a node that is not a mapping has no fields, and a list accessor over a value that is not
//! a list yields nothing. Validating shapes stays the rules' business; a view only names things.

mod bundle;
mod kinds;
mod manifest;
mod provider;
mod tool;

pub(crate) use bundle::{BundleManifestDecl, DependencyDecl};
pub(crate) use kinds::{
    ConstructorDecl, CredentialFormDecl, EndpointDecl, EndpointGroupDecl, ItemDecl, KindProviderDecl, ModelDecl,
    ModelProviderDecl, ModelsEntryDecl,
};
pub(crate) use manifest::{ManifestDecl, PermissionDecl};
pub(crate) use provider::{CredentialDecl, ExtraDecl, IdentityDecl, OAuthSchemaDecl, ProviderDecl};
pub(crate) use tool::{OptionDecl, ParamDecl, ToolDecl};

use crate::syntax::Span;
use crate::syntax::yaml::{Entry, Node};

/// A value with the span it was read from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// One `key: value` entry of a declaration: the key (where "this key is wrong" diagnostics go)
/// and its value.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field<'a> {
    pub(crate) key: &'a Node,
    pub(crate) value: &'a Node,
}

impl<'a> Field<'a> {
    /// The last entry with this key, as the loaders keep it.
    pub(crate) fn of(node: &'a Node, key: &str) -> Option<Self> {
        node.entry(key).map(Self::from)
    }

    /// The value node.
    pub(crate) fn node(self) -> &'a Node {
        self.value
    }

    pub(crate) fn key_span(self) -> Span {
        self.key.span
    }

    /// The value's span.
    pub(crate) fn span(self) -> Span {
        self.value.span
    }

    /// The value when PyYAML constructs a `str`, with its span.
    pub(crate) fn as_str(self) -> Option<Spanned<&'a str>> {
        self.value.as_str().map(|value| Spanned {
            value,
            span: self.value.span,
        })
    }

    /// The value when PyYAML constructs a `str`.
    pub(crate) fn str(self) -> Option<&'a str> {
        self.value.as_str()
    }

    /// The scalar's text whatever it resolves to.
    pub(crate) fn text(self) -> Option<&'a str> {
        self.value.text()
    }

    pub(crate) fn is_null(self) -> bool {
        self.value.is_null()
    }

    /// The field unless its value is null (`default:` with nothing after it sets nothing).
    pub(crate) fn non_null(self) -> Option<Self> {
        (!self.value.is_null()).then_some(self)
    }

    pub(crate) fn as_seq(self) -> Option<&'a [Node]> {
        self.value.as_seq()
    }

    pub(crate) fn as_map(self) -> Option<&'a [Entry]> {
        self.value.as_map()
    }

    /// The value as pydantic's lax `bool` reads it.
    pub(crate) fn as_lax_bool(self) -> Option<bool> {
        self.value.as_lax_bool()
    }
}

impl<'a> From<&'a Entry> for Field<'a> {
    fn from(e: &'a Entry) -> Self {
        Field {
            key: &e.key,
            value: &e.value,
        }
    }
}

/// The `name` of a list item a schema table describes (a parameter, an OAuth credential, an
/// option): what messages call it.
pub(crate) fn item_name(item: &Node) -> Option<&str> {
    item.get("name").and_then(Node::as_str)
}

/// The items of the list under `key`; nothing when it is missing or not a list.
fn items<'a>(node: &'a Node, key: &str) -> std::slice::Iter<'a, Node> {
    node.get(key).and_then(Node::as_seq).unwrap_or(&[]).iter()
}

/// Declares a view: a `Copy` wrapper over a mapping node with one accessor per key.
///
/// ```ignore
/// view! {
///     /// What reads it.
///     ToolDecl {
///         parameters_field: "parameters",         // -> Option<Field>
///         ; objects { identity: "identity" => IdentityDecl }   // -> Option<IdentityDecl>
///         ; lists { parameters: "parameters" => ParamDecl }    // -> impl Iterator<Item = ParamDecl>
///     }
/// }
/// ```
macro_rules! view {
    (
        $(#[$doc:meta])*
        $name:ident {
            $( $(#[$fdoc:meta])* $field:ident: $key:literal ),* $(,)?
            $( ; objects { $( $(#[$odoc:meta])* $obj:ident: $okey:literal => $oview:ident ),* $(,)? } )?
            $( ; lists { $( $(#[$ldoc:meta])* $list:ident: $lkey:literal => $lview:ident ),* $(,)? } )?
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub(crate) struct $name<'a>(&'a $crate::syntax::yaml::Node);

        #[allow(dead_code)] // Not every view is built from a bare node or asked for its node.
        impl<'a> $name<'a> {
            pub(crate) fn new(node: &'a $crate::syntax::yaml::Node) -> Self {
                Self(node)
            }

            /// The view over a whole file (its YAML root), when it parsed.
            pub(crate) fn of(file: &'a $crate::project::SourceFile) -> Option<Self> {
                file.yaml_root().map(Self)
            }

            /// The node viewed.
            pub(crate) fn node(self) -> &'a $crate::syntax::yaml::Node {
                self.0
            }

            pub(crate) fn span(self) -> $crate::syntax::Span {
                self.0.span
            }

            /// Whether the node is a mapping (a view over anything else has no fields).
            pub(crate) fn is_mapping(self) -> bool {
                self.0.as_map().is_some()
            }
        }

        impl<'a> $name<'a> {
            $(
                $(#[$fdoc])*
                #[doc = concat!("`", $key, "`")]
                pub(crate) fn $field(self) -> Option<$crate::project::views::Field<'a>> {
                    $crate::project::views::Field::of(self.0, $key)
                }
            )*
            $($(
                $(#[$odoc])*
                #[doc = concat!("`", $okey, "`")]
                pub(crate) fn $obj(self) -> Option<$oview<'a>> {
                    self.0.get($okey).map($oview::new)
                }
            )*)?
            $($(
                $(#[$ldoc])*
                #[doc = concat!("The items of `", $lkey, "` (nothing when it is not a list).")]
                pub(crate) fn $list(self) -> impl Iterator<Item = $lview<'a>> + use<'a> {
                    $crate::project::views::items(self.0, $lkey).map($lview::new)
                }
            )*)?
        }
    };
}
pub(crate) use view;
