//! The one list of rules: every rule once, under its family. [`all`], [`by_code`] and the rule
//! families the engine runs derive from it.

use super::{Ctx, Rule};
use super::{
    bundle, contracts, declarations, files, identifiers, kinds, manifest, paths, python, quality, suppress, syntax,
};

/// A family of rules, checked together (one walk over what they all read) and contained together
/// (a family that panics loses its diagnostics for that unit; the others still run).
pub(crate) struct Family {
    pub(crate) name: &'static str,
    /// Reports the family's rules on one unit. `None` for suppression, which the engine applies
    /// to what the other families report.
    pub(crate) check: Option<fn(&mut Ctx)>,
    pub(crate) rules: &'static [&'static Rule],
}

/// Every family, in the order the engine runs them.
pub(crate) static FAMILIES: &[Family] = &[
    Family {
        name: "syntax",
        check: Some(syntax::check),
        rules: &[
            &syntax::yaml_syntax::YAML_SYNTAX,
            &syntax::python_syntax::PYTHON_SYNTAX,
            &syntax::unreadable_file::UNREADABLE,
            &syntax::file_too_large::NOT_ANALYSED,
        ],
    },
    Family {
        name: "files",
        check: Some(files::check),
        rules: &[
            &files::intree_provider_files::INTREE_PROVIDER_FILES,
            &files::intree_tool_files::INTREE_TOOL_FILES,
            &files::yml_tool_ignored::YML_TOOL,
            &files::intree_icon_missing::INTREE_ICON,
            &files::not_in_position::NOT_IN_POSITION,
            &files::manifest_missing::MANIFEST_MISSING,
            &files::assets_missing::ASSETS_MISSING,
            &files::dependencies_missing::DEPENDENCIES_MISSING,
            &files::listed_file_missing::LISTED_FILE_MISSING,
            &files::provider_count::PROVIDER_COUNT,
            &files::python_source_missing::PYTHON_SOURCE_MISSING,
            &files::plugin_icon_missing::PLUGIN_ICON,
            &files::provider_icon_dark_missing::PROVIDER_ICON_DARK,
            &files::icon_in_subfolder::ICON_IN_SUBFOLDER,
            &files::orphan_tool::ORPHAN_TOOL,
            &files::tools_not_a_list::TOOLS_NOT_A_LIST,
        ],
    },
    Family {
        name: "paths",
        check: Some(paths::check),
        rules: &[
            &paths::path_form::PATH_FORM,
            &paths::source_not_py::SOURCE_NOT_PY,
            &paths::path_outside_plugin::OUTSIDE,
        ],
    },
    Family {
        name: "identifiers",
        check: Some(identifiers::check),
        rules: &[
            &identifiers::author_pattern::AUTHOR,
            &identifiers::plugin_name_pattern::PLUGIN_NAME,
            &identifiers::provider_name_pattern::PROVIDER_NAME,
            &identifiers::tool_name_pattern::TOOL_NAME,
            &identifiers::duplicate_tool::DUPLICATE_TOOL,
            &identifiers::duplicate_parameter::DUPLICATE_PARAMETER,
            &identifiers::name_stem_mismatch::NAME_STEM,
            &identifiers::intree_name_mismatch::INTREE_NAME,
            &identifiers::intree_tool_name_clash::INTREE_TOOL_CLASH,
        ],
    },
    Family {
        name: "manifest",
        check: Some(manifest::check),
        rules: &[
            &manifest::version_format::VERSION_FORMAT,
            &manifest::manifest_type::MANIFEST_TYPE,
            &manifest::manifest_value::MANIFEST_VALUE,
            &manifest::minimum_dify_version::MINIMUM_DIFY_VERSION,
            &manifest::needs_newer_dify::NEEDS_NEWER_DIFY,
            &manifest::manifest_length::MANIFEST_LENGTH,
            &manifest::plugin_kinds::PLUGIN_KINDS,
        ],
    },
    Family {
        name: "declarations",
        check: Some(declarations::check),
        rules: &[
            &declarations::required_field::REQUIRED_FIELD,
            &declarations::enum_value::ENUM_VALUE,
            &declarations::en_us_missing::EN_US_MISSING,
            &declarations::unknown_locale::UNKNOWN_LOCALE,
            &declarations::multiple::MULTIPLE,
            &declarations::select_options::SELECT_OPTIONS,
            &declarations::irrelevant_attribute::IRRELEVANT_ATTRIBUTE,
            &declarations::default_type::DEFAULT_TYPE,
            &declarations::llm_description::LLM_DESCRIPTION,
            &declarations::unknown_key::UNKNOWN_KEY,
            &declarations::scope::SCOPE,
            &declarations::credential_default_list::CREDENTIAL_DEFAULT_LIST,
            &declarations::credentials_schema_key::CREDENTIALS_SCHEMA,
            &declarations::required_null::REQUIRED_NULL,
            &declarations::tags_not_list::TAGS_NOT_LIST,
            &declarations::declaration_length::DECLARATION_LENGTH,
            &declarations::wrong_type::WRONG_TYPE,
            &declarations::credentials_shape::CREDENTIALS_SHAPE,
            &declarations::i18n_extra_key::I18N_EXTRA_KEY,
        ],
    },
    Family {
        name: "python",
        check: Some(python::check),
        rules: &[
            &python::provider_class::PROVIDER_CLASS,
            &python::kind_class::KIND_CLASS,
            &python::tool_class::TOOL_CLASS,
            &python::invoke_missing::INVOKE_MISSING,
            &python::invoke_not_generator::INVOKE_NOT_GENERATOR,
            &python::validate_credentials_missing::VALIDATE_MISSING_INTREE,
            &python::validate_credentials_unimplemented::VALIDATE_MISSING_PLUGIN,
            &python::reserved_variable_name::RESERVED_VARIABLE,
            &python::init_override::INIT_OVERRIDE,
            &python::oauth_methods::OAUTH_METHODS,
            &python::signature::SIGNATURE,
            &python::wrong_generation_import::WRONG_GENERATION_IMPORT,
            &python::undeclared_parameter::UNDECLARED_PARAMETER,
            &python::undeclared_credential::UNDECLARED_CREDENTIAL,
            &python::unread_parameter::UNREAD_PARAMETER,
        ],
    },
    Family {
        name: "kinds",
        check: Some(kinds::check),
        rules: &[
            &kinds::endpoint_route::ENDPOINT_ROUTE,
            &kinds::kind_description::KIND_DESCRIPTION,
            &kinds::duplicate_declaration::DUPLICATE_DECLARATION,
            &kinds::duplicate_event::DUPLICATE_EVENT,
            &kinds::debug_names::DEBUG_NAMES,
            &kinds::plugin_id_case::PLUGIN_ID_CASE,
            &kinds::agent_meta_version::AGENT_META_VERSION,
            &kinds::model_credential_schema::MODEL_CREDENTIAL_SCHEMA,
            &kinds::model_values::MODEL_VALUES,
            &kinds::model_credential_form::MODEL_CREDENTIAL_FORM,
            &kinds::endpoint_select::ENDPOINT_SELECT,
            &kinds::kind_paths::KIND_PATHS,
            &kinds::model_files::MODEL_FILES,
            &kinds::model_globs::MODEL_GLOBS,
            &kinds::model_types::MODEL_TYPES,
            &kinds::sdk_too_old::SDK_TOO_OLD,
        ],
    },
    Family {
        name: "contracts",
        check: Some(contracts::check),
        rules: &[
            &contracts::abstract_method::ABSTRACT_METHOD,
            &contracts::provider_credentials::PROVIDER_CREDENTIALS,
            &contracts::constructor_count::CONSTRUCTOR_COUNT,
            &contracts::invoke_permission::INVOKE_PERMISSION,
            &contracts::feature_method::FEATURE_METHOD,
            &contracts::unknown_event::UNKNOWN_EVENT,
            &contracts::model_type_missing::MODEL_TYPE_MISSING,
            &contracts::model_module_path::MODEL_MODULE_PATH,
            &contracts::signature::SIGNATURE,
            &contracts::undeclared_key::UNDECLARED_KEY,
            &contracts::model_type_duplicate::MODEL_TYPE_DUPLICATE,
            &contracts::oaicompat_provider_import::OAICOMPAT_PROVIDER_IMPORT,
        ],
    },
    Family {
        name: "bundle",
        check: Some(bundle::check),
        rules: &[
            &bundle::bundle_files::BUNDLE_FILES,
            &bundle::bundle_shape::BUNDLE_SHAPE,
            &bundle::bundle_package_missing::BUNDLE_PACKAGE_MISSING,
            &bundle::bundle_field::BUNDLE_FIELD,
            &bundle::bundle_dependency::BUNDLE_DEPENDENCY,
            &bundle::bundle_icon::BUNDLE_ICON,
        ],
    },
    Family {
        name: "quality",
        check: Some(quality::check),
        rules: &[
            &quality::http_timeout::HTTP_TIMEOUT,
            &quality::hardcoded_secret::HARDCODED_SECRET,
            &quality::optional_subscript::OPTIONAL_SUBSCRIPT,
        ],
    },
    Family {
        name: "suppress",
        check: None,
        rules: &[&suppress::unknown_suppression::UNKNOWN_SUPPRESSION],
    },
];

/// Every rule, in code order.
pub fn all() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = FAMILIES.iter().flat_map(|f| f.rules.iter().copied()).collect();
    rules.sort_by_key(|r| r.code);
    rules
}

pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().into_iter().find(|r| r.code.eq_ignore_ascii_case(code))
}
