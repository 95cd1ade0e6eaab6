//! Python contracts: the one class each module must define, the methods Dify calls and their
//! signatures, imports from the right Dify generation, and the parameters and credentials the code
//! reads against those the YAML declares.

pub(crate) mod classes;
pub(crate) mod init_override;
pub(crate) mod invoke_missing;
pub(crate) mod invoke_not_generator;
pub(crate) mod kind_class;
pub(crate) mod oauth_methods;
pub(crate) mod provider_class;
pub(crate) mod reserved_variable_name;
pub(crate) mod signature;
pub(crate) mod tool_class;
pub(crate) mod undeclared_credential;
pub(crate) mod undeclared_parameter;
pub(crate) mod unread_parameter;
pub(crate) mod validate_credentials_missing;
pub(crate) mod validate_credentials_unimplemented;
pub(crate) mod wrong_generation_import;

use super::Ctx;
use crate::project::SourceFile;
use crate::project::views::{Field, OAuthSchemaDecl, ProviderDecl};
use crate::syntax::Span;
use crate::syntax::yaml::Node;
use classes::{Classes, Found, Role};
use std::path::Path;
use std::sync::Arc;

pub(crate) fn check(cx: &mut Ctx) {
    let project = cx.project;
    for p in &project.providers {
        let declared = p
            .yaml
            .as_ref()
            .and_then(|y| y.yaml_root())
            .and_then(declared_credentials);
        if let Some(py) = &p.py {
            wrong_generation_import::check(cx, py);
            if let Some(found) = provider_class::check(cx, py) {
                check_provider_class(cx, p.yaml.as_ref(), &found, declared.as_ref());
            }
            undeclared_credential::check(cx, py, p.yaml.as_ref(), declared.as_ref());
        }
        for t in &p.tools {
            let Some(py) = &t.py else { continue };
            wrong_generation_import::check(cx, py);
            let found = tool_class::check(cx, py);
            if let Some(found) = &found {
                check_tool_class(cx, found);
            }
            reserved_variable_name::check(cx, py);
            undeclared_parameter::check(cx, t, py, &p.tools);
            unread_parameter::check(cx, t, py, found.as_ref());
            undeclared_credential::check(cx, py, p.yaml.as_ref(), declared.as_ref());
        }
    }
    // The other kinds' modules (endpoints, strategies, model providers, datasources, triggers).
    for d in &project.kinds {
        for m in d.modules.iter().chain(d.items.iter().filter_map(|i| i.module.as_ref())) {
            kind_class::check(cx, m);
        }
    }
}

/// The methods Dify calls on a tool class.
fn check_tool_class(cx: &mut Ctx, found: &Found) {
    let invoke = Classes::new(cx, Role::Tool).method(&found.file, &found.class, "_invoke", 0);
    let Some((file, invoke)) = invoke else {
        invoke_missing::check(cx, found);
        return;
    };
    signature::check(cx, &file, &invoke, Role::Tool);
    invoke_not_generator::check(cx, &file, &invoke);
    init_override::check(cx, found);
}

/// The methods Dify calls on a provider class.
fn check_provider_class(cx: &mut Ctx, yaml: Option<&Arc<SourceFile>>, found: &Found, declared: Option<&Declared>) {
    let validate = Classes::new(cx, Role::Provider).method(&found.file, &found.class, "_validate_credentials", 0);
    match &validate {
        Some((file, m)) => signature::check(cx, file, m, Role::Provider),
        None => {
            validate_credentials_missing::check(cx, found);
            validate_credentials_unimplemented::check(cx, found, declared);
        }
    }
    oauth_methods::check(cx, yaml, found);
}

fn rel(cx: &Ctx, path: &Path) -> String {
    path.strip_prefix(&cx.unit().root).unwrap_or(path).display().to_string()
}

/// Names declared by a provider YAML's credentials (mapping keys, and OAuth list items).
pub(super) struct Declared {
    pub(crate) names: Vec<String>,
    pub(crate) span: Option<Span>,
}

/// `None` when `credentials_for_provider` is malformed (credentials-shape reports it). A null value declares
/// no credentials: Dify 0.x loads it that way, and elsewhere credentials-shape's fix (`{}`) means the same.
pub(super) fn declared_credentials(root: &Node) -> Option<Declared> {
    let provider = ProviderDecl::new(root);
    if provider
        .credentials_for_provider()
        .is_some_and(|c| c.as_map().is_none() && !c.is_null())
    {
        return None;
    }
    let mut names: Vec<String> = provider
        .credentials()
        .filter_map(|(name, _)| name.key.text().map(str::to_string))
        .collect();
    let oauth = provider.oauth_schema().map(OAuthSchemaDecl::schemas);
    for (_, items) in oauth.into_iter().flatten() {
        for item in items {
            names.extend(item.name().and_then(Field::text).map(str::to_string));
        }
    }
    for item in provider.credentials_schema_items() {
        names.extend(item.name().and_then(Field::text).map(str::to_string));
    }
    Some(Declared {
        names,
        span: provider.credentials_for_provider().map(Field::key_span),
    })
}
