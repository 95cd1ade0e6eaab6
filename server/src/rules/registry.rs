//! The one list of rules: every rule once, under its family. [`all`], [`by_code`] and the rule
//! families the engine runs derive from it.

use super::{Ctx, Rule};
use super::{declarations, files, identifiers, manifest, paths, python, quality, suppress, syntax};

/// A family of rules, checked together (one walk over what they all read) and contained together
/// (a family that panics loses its diagnostics for that unit; the others still run).
pub(crate) struct Family {
    pub name: &'static str,
    /// Reports the family's rules on one unit. `None` for suppression, which the engine applies
    /// to what the other families report.
    pub check: Option<fn(&mut Ctx)>,
    pub rules: &'static [&'static Rule],
}

/// Every family, in the order the engine runs them.
pub(crate) static FAMILIES: &[Family] = &[
    Family {
        name: "syntax",
        check: Some(syntax::check),
        rules: &[
            &syntax::yaml_syntax::YAML_SYNTAX,     // DIFY001
            &syntax::python_syntax::PYTHON_SYNTAX, // DIFY002
            &syntax::unreadable_file::UNREADABLE,  // DIFY003
            &syntax::file_too_large::NOT_ANALYSED, // DIFY005
        ],
    },
    Family {
        name: "files",
        check: Some(files::check),
        rules: &[
            &files::intree_provider_files::INTREE_PROVIDER_FILES,   // DIFY101
            &files::intree_tool_files::INTREE_TOOL_FILES,           // DIFY102
            &files::yml_tool_ignored::YML_TOOL,                     // DIFY103
            &files::intree_icon_missing::INTREE_ICON,               // DIFY104
            &files::not_in_position::NOT_IN_POSITION,               // DIFY105
            &files::manifest_missing::MANIFEST_MISSING,             // DIFY106
            &files::assets_missing::ASSETS_MISSING,                 // DIFY107
            &files::dependencies_missing::DEPENDENCIES_MISSING,     // DIFY108
            &files::listed_file_missing::LISTED_FILE_MISSING,       // DIFY109
            &files::provider_count::PROVIDER_COUNT,                 // DIFY110
            &files::python_source_missing::PYTHON_SOURCE_MISSING,   // DIFY111
            &files::plugin_icon_missing::PLUGIN_ICON,               // DIFY112
            &files::provider_icon_dark_missing::PROVIDER_ICON_DARK, // DIFY113
            &files::orphan_tool::ORPHAN_TOOL,                       // DIFY114
            &files::tools_not_a_list::TOOLS_NOT_A_LIST,             // DIFY115
        ],
    },
    Family {
        name: "paths",
        check: Some(paths::check),
        rules: &[
            &paths::path_form::PATH_FORM,         // DIFY121
            &paths::source_not_py::SOURCE_NOT_PY, // DIFY122
            &paths::path_outside_plugin::OUTSIDE, // DIFY123
        ],
    },
    Family {
        name: "identifiers",
        check: Some(identifiers::check),
        rules: &[
            &identifiers::author_pattern::AUTHOR,                    // DIFY201
            &identifiers::plugin_name_pattern::PLUGIN_NAME,          // DIFY202
            &identifiers::provider_name_pattern::PROVIDER_NAME,      // DIFY203
            &identifiers::tool_name_pattern::TOOL_NAME,              // DIFY204
            &identifiers::duplicate_tool::DUPLICATE_TOOL,            // DIFY205
            &identifiers::duplicate_parameter::DUPLICATE_PARAMETER,  // DIFY206
            &identifiers::name_stem_mismatch::NAME_STEM,             // DIFY207
            &identifiers::intree_name_mismatch::INTREE_NAME,         // DIFY208
            &identifiers::intree_tool_name_clash::INTREE_TOOL_CLASH, // DIFY209
        ],
    },
    Family {
        name: "manifest",
        check: Some(manifest::check),
        rules: &[
            &manifest::version_format::VERSION_FORMAT,             // DIFY301
            &manifest::manifest_type::MANIFEST_TYPE,               // DIFY302
            &manifest::manifest_value::MANIFEST_VALUE,             // DIFY303
            &manifest::minimum_dify_version::MINIMUM_DIFY_VERSION, // DIFY304
            &manifest::needs_newer_dify::NEEDS_NEWER_DIFY,         // DIFY305
            &manifest::manifest_length::MANIFEST_LENGTH,           // DIFY306
            &manifest::plugin_kinds::PLUGIN_KINDS,                 // DIFY307
        ],
    },
    Family {
        name: "declarations",
        check: Some(declarations::check),
        rules: &[
            &declarations::required_field::REQUIRED_FIELD,                   // DIFY401
            &declarations::enum_value::ENUM_VALUE,                           // DIFY402
            &declarations::en_us_missing::EN_US_MISSING,                     // DIFY403
            &declarations::unknown_locale::UNKNOWN_LOCALE,                   // DIFY404
            &declarations::multiple::MULTIPLE,                               // DIFY405
            &declarations::select_options::SELECT_OPTIONS,                   // DIFY406
            &declarations::irrelevant_attribute::IRRELEVANT_ATTRIBUTE,       // DIFY407
            &declarations::default_type::DEFAULT_TYPE,                       // DIFY408
            &declarations::llm_description::LLM_DESCRIPTION,                 // DIFY409
            &declarations::unknown_key::UNKNOWN_KEY,                         // DIFY410
            &declarations::scope::SCOPE,                                     // DIFY411
            &declarations::credential_default_list::CREDENTIAL_DEFAULT_LIST, // DIFY412
            &declarations::credentials_schema_key::CREDENTIALS_SCHEMA,       // DIFY413
            &declarations::required_null::REQUIRED_NULL,                     // DIFY414
            &declarations::tags_not_list::TAGS_NOT_LIST,                     // DIFY415
            &declarations::declaration_length::DECLARATION_LENGTH,           // DIFY416
            &declarations::wrong_type::WRONG_TYPE,                           // DIFY417
            &declarations::credentials_shape::CREDENTIALS_SHAPE,             // DIFY418
            &declarations::i18n_extra_key::I18N_EXTRA_KEY,                   // DIFY419
        ],
    },
    Family {
        name: "python",
        check: Some(python::check),
        rules: &[
            &python::provider_class::PROVIDER_CLASS,                              // DIFY501
            &python::tool_class::TOOL_CLASS,                                      // DIFY502
            &python::invoke_missing::INVOKE_MISSING,                              // DIFY503
            &python::invoke_not_generator::INVOKE_NOT_GENERATOR,                  // DIFY504
            &python::validate_credentials_missing::VALIDATE_MISSING_INTREE,       // DIFY505
            &python::validate_credentials_unimplemented::VALIDATE_MISSING_PLUGIN, // DIFY506
            &python::reserved_variable_name::RESERVED_VARIABLE,                   // DIFY507
            &python::init_override::INIT_OVERRIDE,                                // DIFY508
            &python::oauth_methods::OAUTH_METHODS,                                // DIFY509
            &python::signature::SIGNATURE,                                        // DIFY510
            &python::wrong_generation_import::WRONG_GENERATION_IMPORT,            // DIFY511
            &python::undeclared_parameter::UNDECLARED_PARAMETER,                  // DIFY512
            &python::undeclared_credential::UNDECLARED_CREDENTIAL,                // DIFY513
            &python::unread_parameter::UNREAD_PARAMETER,                          // DIFY514
        ],
    },
    Family {
        name: "quality",
        check: Some(quality::check),
        rules: &[
            &quality::http_timeout::HTTP_TIMEOUT,             // DIFY601
            &quality::hardcoded_secret::HARDCODED_SECRET,     // DIFY602
            &quality::optional_subscript::OPTIONAL_SUBSCRIPT, // DIFY603
        ],
    },
    Family {
        name: "suppress",
        check: None,
        rules: &[
            &suppress::unknown_suppression::UNKNOWN_SUPPRESSION, // DIFY004
        ],
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
