//! The shapes of the Dify YAML files (spec §4–§6) as data: every object, its fields, their types,
//! whether they are required in each layout, and what each means. The declaration rules validate
//! against these tables; hover and completion read the same docs.

/// What a field's value must be.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Ty {
    Str,
    /// A version string, validated by its own rule (DIFY301).
    Version,
    /// A boolean; pydantic also accepts `"yes"`, `1` and the like.
    Bool,
    Int,
    /// A number (`min`, `max`).
    Num,
    /// Any scalar (`default` of a credential).
    Scalar,
    Any,
    I18n,
    Obj(&'static Object),
    List(&'static Ty),
    /// A mapping from names to objects (`credentials_for_provider`).
    NamedMap(&'static Object),
    /// A string from a closed set (`model_type`, `provider_type`, …).
    Enum(&'static Choice),
    /// A decimal: a number, or a string holding one (prices, which pydantic and the daemon read
    /// as decimals either way).
    Decimal,
}

/// A closed set of strings a field takes, and what one of them is called in messages.
#[derive(Debug)]
pub(crate) struct Choice {
    /// "a model type", with its article.
    pub(crate) what: &'static str,
    pub(crate) values: &'static [&'static str],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Req {
    No,
    Yes,
    /// Required by the plugin SDK only.
    Plugin,
    /// Required, but reported by a dedicated rule rather than the generic required-field rule.
    Dedicated,
}

#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) key: &'static str,
    pub(crate) ty: Ty,
    pub(crate) req: Req,
    pub(crate) doc: &'static str,
}

#[derive(Debug)]
pub(crate) struct Object {
    /// How messages name it ("tool parameter").
    pub(crate) name: &'static str,
    pub(crate) fields: &'static [Field],
    /// Whether unknown keys are worth a warning.
    pub(crate) closed: bool,
}

impl Object {
    pub(crate) fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

pub(crate) const fn f(key: &'static str, ty: Ty, req: Req, doc: &'static str) -> Field {
    Field { key, ty, req, doc }
}

use Req::{Dedicated, No, Plugin, Yes};
use Ty::*;

pub(crate) const STR_LIST: Ty = List(&Str);

pub(crate) static PERMISSION: Object = Object {
    name: "permission",
    closed: false,
    fields: &[
        f("tool", Any, No, "Lets the plugin invoke tools (`enabled`)."),
        f(
            "model",
            Any,
            No,
            "Lets the plugin invoke models (`enabled`, `llm`, `text_embedding`, `rerank`, `tts`, `speech2text`, `moderation`).",
        ),
        f("node", Any, No, "Lets the plugin invoke workflow nodes (`enabled`)."),
        f("endpoint", Any, No, "Lets the plugin register endpoints (`enabled`)."),
        f("app", Any, No, "Lets the plugin invoke apps (`enabled`)."),
        f(
            "storage",
            Any,
            No,
            "Persistent storage (`enabled`, `size` in bytes, 1024 to 1073741824).",
        ),
    ],
};

pub(crate) static RESOURCE: Object = Object {
    name: "resource",
    closed: true,
    fields: &[
        f(
            "memory",
            Int,
            Yes,
            "Memory the plugin may use, in bytes (non-zero), e.g. 268435456.",
        ),
        f(
            "permission",
            Obj(&PERMISSION),
            No,
            "What the plugin may call back into Dify.",
        ),
    ],
};

pub(crate) static PLUGINS: Object = Object {
    name: "plugins",
    closed: true,
    fields: &[
        f(
            "tools",
            STR_LIST,
            No,
            "Paths of tool provider YAML files, relative to the plugin root. Exactly one.",
        ),
        f("models", STR_LIST, No, "Model provider YAML files."),
        f("endpoints", STR_LIST, No, "Endpoint group YAML files."),
        f("agent_strategies", STR_LIST, No, "Agent strategy provider YAML files."),
        f("datasources", STR_LIST, No, "Datasource provider YAML files."),
        f("triggers", STR_LIST, No, "Trigger provider YAML files."),
    ],
};

pub(crate) static RUNNER: Object = Object {
    name: "runner",
    closed: true,
    fields: &[
        f("language", Str, Yes, "The runtime language: `python`."),
        f(
            "version",
            Str,
            Yes,
            "The Python version as a string, e.g. `\"3.12\"` (quote it).",
        ),
        f(
            "entrypoint",
            Str,
            Yes,
            "The module run as `python -m <entrypoint>`: `main`, not `main.py`.",
        ),
    ],
};

pub(crate) static META: Object = Object {
    name: "meta",
    closed: true,
    fields: &[
        f(
            "version",
            Version,
            Yes,
            "The manifest format version, `X.Y.Z` (usually `0.0.1`).",
        ),
        f("arch", STR_LIST, Yes, "Supported CPU architectures: `amd64`, `arm64`."),
        f("runner", Obj(&RUNNER), Yes, "How the daemon starts the plugin."),
        f(
            "minimum_dify_version",
            Version,
            No,
            "The oldest Dify release the plugin supports (PEP 440). Parameter types are checked against it.",
        ),
    ],
};

pub(crate) static MANIFEST: Object = Object {
    name: "manifest",
    closed: true,
    fields: &[
        f(
            "version",
            Version,
            Yes,
            "The plugin version, `X.Y.Z[-suffix]` as a string; part of the plugin's unique id.",
        ),
        f("type", Str, Yes, "Always `plugin`."),
        f("author", Str, Yes, "The author id: lowercase `^[a-z0-9_-]{1,64}$`."),
        f("name", Str, Yes, "The plugin id: `^[a-z0-9_-]{1,128}$`."),
        f("label", I18n, Yes, "The display name, per locale (`en_US` required)."),
        f(
            "description",
            I18n,
            Yes,
            "A short description, per locale (`en_US` required).",
        ),
        f("icon", Str, Yes, "Icon file name inside `_assets/`."),
        f("icon_dark", Str, No, "Dark-theme icon file name inside `_assets/`."),
        f(
            "created_at",
            Any,
            Yes,
            "Creation time, RFC 3339 (`2025-01-01T00:00:00Z`).",
        ),
        f("resource", Obj(&RESOURCE), Yes, "Memory and permissions."),
        f(
            "plugins",
            Obj(&PLUGINS),
            No,
            "The declaration files of each plugin kind.",
        ),
        f(
            "meta",
            Obj(&META),
            Yes,
            "Manifest version, architectures, runner and minimum Dify version.",
        ),
        f(
            "tags",
            STR_LIST,
            No,
            "Marketplace tags; copied to the provider when it has none.",
        ),
        f(
            "privacy",
            Str,
            No,
            "Privacy policy: a file in the package (e.g. `PRIVACY.md`) or a URL.",
        ),
        f("repo", Str, No, "Source repository URL."),
        f("verified", Bool, No, "Informational."),
        f("contact", Str, No, "Contact e-mail (Marketplace)."),
    ],
};

pub(crate) static OPTION: Object = Object {
    name: "option",
    closed: true,
    fields: &[
        f(
            "value",
            Scalar,
            Yes,
            "The value stored when the option is chosen (a string).",
        ),
        f("label", I18n, Yes, "The option's display text."),
        f("icon", Str, No, "An icon URL or base64 image."),
        f("show_on", Any, No, "Conditional visibility (SDK HEAD)."),
        f(
            "children",
            Any,
            No,
            "Nested options for `dynamic-tree-select` (newest Dify).",
        ),
    ],
};

pub(crate) static CREDENTIAL_OPTION: Object = Object {
    name: "credential option",
    closed: true,
    fields: &[
        f("value", Scalar, Yes, "The value stored when the option is chosen."),
        f("label", I18n, Yes, "The option's display text."),
    ],
};

pub(crate) static CREDENTIAL: Object = Object {
    name: "credential",
    closed: true,
    fields: &[
        f(
            "name",
            Str,
            No,
            "The credential's key (taken from the mapping key under `credentials_for_provider`).",
        ),
        f(
            "type",
            Str,
            Yes,
            "`secret-input`, `text-input`, `select`, `boolean`, `model-selector`, `app-selector` or `array[tools]`.",
        ),
        f("label", I18n, Plugin, "The field's label in the credentials form."),
        f(
            "required",
            Bool,
            No,
            "Whether Dify refuses to save the credentials without it (default false).",
        ),
        f("default", Scalar, No, "A default value (a scalar, never a list)."),
        f(
            "options",
            List(&Obj(&CREDENTIAL_OPTION)),
            No,
            "The choices of a `select`.",
        ),
        f("multiple", Bool, No, "Whether several values may be chosen."),
        f(
            "scope",
            Str,
            No,
            "Narrows a selector (`model-selector`, `app-selector`).",
        ),
        f("help", I18n, No, "Help text under the field."),
        f(
            "url",
            Str,
            No,
            "A link shown with the help text (e.g. where to get an API key).",
        ),
        f("placeholder", I18n, No, "Placeholder text inside the field."),
    ],
};

pub(crate) static OAUTH: Object = Object {
    name: "oauth_schema",
    closed: false,
    fields: &[
        f(
            "client_schema",
            List(&Obj(&CREDENTIAL)),
            No,
            "Fields the admin sets (client id and secret).",
        ),
        f(
            "credentials_schema",
            List(&Obj(&CREDENTIAL)),
            No,
            "Credentials the OAuth flow issues (e.g. `access_token`).",
        ),
    ],
};

pub(crate) static PYTHON: Object = Object {
    name: "python",
    closed: true,
    fields: &[f(
        "source",
        Str,
        Dedicated,
        "Path of the Python file, relative to the plugin root (e.g. `tools/search.py`).",
    )],
};

pub(crate) static EXTRA: Object = Object {
    name: "extra",
    closed: false,
    fields: &[f("python", Obj(&PYTHON), Dedicated, "The Python implementation.")],
};

pub(crate) static PROVIDER_IDENTITY: Object = Object {
    name: "provider identity",
    closed: true,
    fields: &[
        f("author", Str, Yes, "The provider's author."),
        f(
            "name",
            Str,
            Yes,
            "The provider id: lowercase `^[a-z0-9_-]+$`; in-tree, the directory name.",
        ),
        f("label", I18n, Yes, "The provider's display name."),
        f("description", I18n, Yes, "What the provider offers."),
        f("icon", Str, Yes, "Icon file name inside `_assets/`."),
        f("icon_dark", Str, No, "Dark-theme icon file name inside `_assets/`."),
        f(
            "tags",
            STR_LIST,
            No,
            "Categories from the tag list (`search`, `utilities`, …).",
        ),
    ],
};

// Fields both layouts share, so each is written once.
const PROVIDER_IDENTITY_FIELD: Field = f("identity", Obj(&PROVIDER_IDENTITY), Yes, "Who the provider is.");
const CREDENTIALS_FIELD: Field = f(
    "credentials_for_provider",
    NamedMap(&CREDENTIAL),
    No,
    "The credentials form: a mapping from credential name to field. Omit it or use `{}` when there are none.",
);

pub(crate) static PLUGIN_PROVIDER: Object = Object {
    name: "provider",
    closed: true,
    fields: &[
        PROVIDER_IDENTITY_FIELD,
        CREDENTIALS_FIELD,
        f(
            "credentials_schema",
            Any,
            No,
            "Daemon-only list form of the credentials; the SDK ignores it. Use `credentials_for_provider`.",
        ),
        f("oauth_schema", Obj(&OAUTH), No, "OAuth client and credential fields."),
        f(
            "tools",
            STR_LIST,
            No,
            "Paths of the tool YAML files, relative to the plugin root.",
        ),
        f(
            "extra",
            Obj(&EXTRA),
            Dedicated,
            "`python.source`: the provider class's file.",
        ),
    ],
};

pub(crate) static INTREE_PROVIDER: Object = Object {
    name: "provider",
    closed: true,
    fields: &[
        PROVIDER_IDENTITY_FIELD,
        CREDENTIALS_FIELD,
        f(
            "oauth_schema",
            Obj(&OAUTH),
            No,
            "OAuth client and credential fields (recent 1.x).",
        ),
    ],
};

pub(crate) static TOOL_IDENTITY: Object = Object {
    name: "tool identity",
    closed: true,
    fields: &[
        f("name", Str, Yes, "The tool's routing key, unique in its provider."),
        f("author", Str, Yes, "The tool's author."),
        f("label", I18n, Yes, "The tool's display name."),
        f("provider", Str, No, "Injected by the loader; leave it out."),
        f("icon", Str, No, "An icon for the tool."),
    ],
};

pub(crate) static TOOL_DESCRIPTION: Object = Object {
    name: "tool description",
    closed: true,
    fields: &[
        f("human", I18n, Yes, "What the tool does, for people."),
        f("llm", Str, Yes, "What the tool does, for the model choosing tools."),
    ],
};

pub(crate) static AUTO_GENERATE: Object = Object {
    name: "auto_generate",
    closed: true,
    fields: &[f("type", Str, Yes, "Always `prompt_instruction`.")],
};
pub(crate) static TEMPLATE: Object = Object {
    name: "template",
    closed: true,
    fields: &[f(
        "enabled",
        Bool,
        Yes,
        "Whether Jinja templates are allowed in the value.",
    )],
};

pub(crate) static PARAMETER: Object = Object {
    name: "tool parameter",
    closed: true,
    fields: &[
        f(
            "name",
            Str,
            Yes,
            "The key under which `tool_parameters` carries the value.",
        ),
        f("label", I18n, Yes, "The parameter's display name."),
        f(
            "human_description",
            I18n,
            Plugin,
            "What the parameter means, for people.",
        ),
        f(
            "type",
            Str,
            Yes,
            "The value type: `string`, `number`, `boolean`, `select`, `secret-input`, `file`, `files`, …",
        ),
        f(
            "form",
            Str,
            Yes,
            "Who fills it in: `llm` (the model), `form` (the user, before the run) or `schema`.",
        ),
        f(
            "llm_description",
            Str,
            No,
            "What the parameter means, for the model (set it for `form: llm`).",
        ),
        f(
            "required",
            Bool,
            No,
            "Whether a value must be given (default false). Never `null`.",
        ),
        f("default", Any, No, "The value used when none is given."),
        f("min", Num, No, "The smallest allowed value of a `number`."),
        f("max", Num, No, "The largest allowed value of a `number`."),
        f("precision", Int, No, "Decimals shown for a `number`."),
        f(
            "options",
            List(&Obj(&OPTION)),
            No,
            "The choices of a `select`, `dynamic-select` or `checkbox`.",
        ),
        f(
            "placeholder",
            I18n,
            No,
            "Placeholder text (in-tree only: plugins drop it).",
        ),
        f("scope", Str, No, "Narrows a selector or `any` parameter."),
        f(
            "auto_generate",
            Obj(&AUTO_GENERATE),
            No,
            "`type: prompt_instruction` lets Dify generate the value.",
        ),
        f(
            "template",
            Obj(&TEMPLATE),
            No,
            "`enabled: true` allows Jinja templates.",
        ),
        f(
            "multiple",
            Bool,
            No,
            "Several values (only `select` and `dynamic-select`).",
        ),
        f("input_schema", Any, No, "JSON Schema of an `array` or `object` value."),
        f("show_on", Any, No, "Conditional visibility (SDK HEAD)."),
        f(
            "dynamic_select_lazy_load",
            Bool,
            No,
            "Load `dynamic-select` options lazily (newest Dify).",
        ),
    ],
};

const TOOL_IDENTITY_FIELD: Field = f("identity", Obj(&TOOL_IDENTITY), Yes, "Who the tool is.");
const PARAMETER_ITEM: Ty = Obj(&PARAMETER);
const PARAMETERS_FIELD: Field = f("parameters", List(&PARAMETER_ITEM), No, "The tool's inputs.");

pub(crate) static PLUGIN_TOOL: Object = Object {
    name: "tool",
    closed: true,
    fields: &[
        TOOL_IDENTITY_FIELD,
        f(
            "description",
            Obj(&TOOL_DESCRIPTION),
            Plugin,
            "What the tool does (`human` and `llm`).",
        ),
        PARAMETERS_FIELD,
        f("output_schema", Any, No, "JSON Schema of structured output variables."),
        f("has_runtime_parameters", Bool, No, "Computed by the SDK."),
        f(
            "extra",
            Obj(&EXTRA),
            Dedicated,
            "`python.source`: the tool class's file.",
        ),
    ],
};

pub(crate) static INTREE_TOOL: Object = Object {
    name: "tool",
    closed: true,
    fields: &[
        TOOL_IDENTITY_FIELD,
        f(
            "description",
            Obj(&TOOL_DESCRIPTION),
            No,
            "What the tool does (`human` and `llm`).",
        ),
        PARAMETERS_FIELD,
        f(
            "output_schema",
            Any,
            No,
            "JSON Schema of structured output variables (1.x).",
        ),
        f(
            "has_runtime_parameters",
            Bool,
            No,
            "Whether the tool computes parameters at run time.",
        ),
    ],
};
