//! The tool provider YAML (dify-format.md §5.3 in-tree, §6.4 plugin) and the credential fields it
//! declares (§4.4). Read by the SDK (`ToolProviderConfiguration`), the daemon
//! (`ToolProviderDeclaration`) and the API (`ToolProviderEntityWithPlugin`; 0.x
//! `BuiltinToolProviderController`).

use super::{Field, view};
use crate::syntax::yaml::Node;

view! {
    /// A provider YAML's root mapping.
    ProviderDecl {
        /// A mapping from credential name to field; the SDK's only spelling.
        credentials_for_provider: "credentials_for_provider",
        /// The daemon's spelling, which the SDK ignores.
        credentials_schema: "credentials_schema",
        oauth_schema_field: "oauth_schema",
        /// The tool YAML paths (plugins).
        tools: "tools",
        extra_field: "extra",
        ; objects {
            identity: "identity" => IdentityDecl,
            oauth_schema: "oauth_schema" => OAuthSchemaDecl,
        }
        ; lists {
            /// The list form of `credentials_schema` (each item has its `name`).
            credentials_schema_items: "credentials_schema" => CredentialDecl,
        }
    }
}

impl<'a> ProviderDecl<'a> {
    /// The entries of `credentials_for_provider` when it is a mapping: each key is a credential's
    /// name (the SDK injects it as `name`), each value its field.
    pub(crate) fn credentials(self) -> impl Iterator<Item = (Field<'a>, CredentialDecl<'a>)> {
        self.credentials_for_provider()
            .and_then(Field::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|e| (Field::from(e), CredentialDecl::new(&e.value)))
    }

    /// The credential named `name` in `credentials_for_provider` (the last, as the SDK keeps it).
    pub(crate) fn credential_named(self, name: &str) -> Option<(Field<'a>, CredentialDecl<'a>)> {
        let entry = self.credentials_for_provider()?.node().entry(name)?;
        Some((Field::from(entry), CredentialDecl::new(&entry.value)))
    }
}

view! {
    /// `identity` of a provider or of a tool.
    IdentityDecl {
        /// The routing name (provider: unique in the plugin; tool: unique in the provider).
        name: "name",
        icon: "icon",
        /// SDK ≥ 0.4.1.
        icon_dark: "icon_dark",
        /// A list of `ToolLabelEnum` (providers).
        tags: "tags",
    }
}

view! {
    /// `oauth_schema`: the fields set by the admin (`client_schema`) and the credentials the
    /// OAuth flow issues (`credentials_schema`), both lists of [`CredentialDecl`]; read through
    /// [`OAuthSchemaDecl::schemas`]. Unknown sibling keys (`scopes`) are ignored.
    OAuthSchemaDecl {}
}

impl<'a> OAuthSchemaDecl<'a> {
    /// Both lists, each with its key (for messages): `client_schema`, then `credentials_schema`.
    pub(crate) fn schemas(self) -> [(&'static str, impl Iterator<Item = CredentialDecl<'a>>); 2] {
        // One iterator type for both lists, so that callers walk them in one loop.
        [
            (
                "client_schema",
                super::items(self.node(), "client_schema").map(CredentialDecl::new),
            ),
            (
                "credentials_schema",
                super::items(self.node(), "credentials_schema").map(CredentialDecl::new),
            ),
        ]
    }
}

view! {
    /// A credential field (`ProviderConfig`, §4.4): a value of `credentials_for_provider`, or an
    /// item of `credentials_schema` or of an `oauth_schema` list.
    CredentialDecl {
        /// Lists only; in `credentials_for_provider` the key is the name.
        name: "name",
        kind: "type",
        required: "required",
        default: "default",
        options: "options",
        scope: "scope",
    }
}

view! {
    /// `extra` of a provider or tool.
    ExtraDecl {
        python_field: "python",
        ; objects { python: "python" => PythonDecl }
    }
}

view! {
    /// `extra.python`: the module the SDK imports the class from.
    PythonDecl {
        /// The `.py` path, relative to the plugin root (tool providers and tools).
        source: "source",
    }
}

impl<'a> PythonDecl<'a> {
    /// Another kind's module key (`extra.python.<key>`); `key` comes from the kinds' tables.
    pub(crate) fn module(self, key: &str) -> Option<Field<'a>> {
        Field::of(self.node(), key)
    }
}

impl<'a> ExtraDecl<'a> {
    /// `extra` of any declaration's root: a provider, a tool, or another kind's declaration (an
    /// endpoint group, a model provider…), which all name their Python module under `extra.python`.
    pub(crate) fn of_root(root: &'a Node) -> Option<Self> {
        root.get("extra").map(Self)
    }

    /// The `extra` entry of any declaration's root (its key marks where `python:` is missing).
    pub(crate) fn field_of_root(root: &'a Node) -> Option<Field<'a>> {
        Field::of(root, "extra")
    }

    /// `extra.python.source`'s value node.
    pub(crate) fn python_source(self) -> Option<&'a Node> {
        self.python()?.source().map(Field::node)
    }
}
