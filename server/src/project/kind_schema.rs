//! The shapes of the other kinds' YAML files (dify-plugin-kinds.md §4–§8) as data, in the terms
//! of [`schema`](super::schema): endpoint groups and endpoints, agent strategy providers and
//! strategies, model providers and models, datasource providers and datasources, trigger providers
//! and events. The declaration rules validate against these tables; hover and completion read the
//! same docs.
//!
//! Required means required by the loader that runs first (the SDK at start, or the daemon when
//! packaging); what only remote debugging requires is marked so in the doc (spec §1.7 note 2).

use super::schema::{
    AUTO_GENERATE, Choice, EXTRA, Field, OAUTH, OPTION, Object, PROVIDER_IDENTITY, Req, TEMPLATE, Ty, f,
};
use Req::{Dedicated, No, Yes};
use Ty::*;

const STR_LIST: Ty = List(&Str);

// ---------------------------------------------------------------------------------------------
// Shared pieces.

/// An item of a ProviderConfig list (endpoint `settings`, datasource `credentials_schema`,
/// trigger `subscription_schema`): a credential form field written as a list item, so with a
/// `name` of its own (dify-format.md §4.4).
pub(crate) static SETTING: Object = Object {
    name: "setting",
    closed: true,
    fields: &[
        f(
            "name",
            Str,
            Yes,
            "The key under which the value is passed to the Python.",
        ),
        f(
            "type",
            Str,
            Yes,
            "`secret-input`, `text-input`, `select`, `boolean`, `model-selector`, `app-selector` or `array[tools]`.",
        ),
        f("label", I18n, Yes, "The field's label in the form."),
        f(
            "required",
            Bool,
            No,
            "Whether the form refuses to save without it (default false).",
        ),
        f("default", Scalar, No, "A default value (a scalar, never a list)."),
        f(
            "options",
            List(&Obj(&super::schema::CREDENTIAL_OPTION)),
            No,
            "The choices of a `select`.",
        ),
        f(
            "scope",
            Str,
            No,
            "Narrows a selector (`model-selector`, `app-selector`).",
        ),
        f("help", I18n, No, "Help text under the field."),
        f("url", Str, No, "A link shown with the help text."),
        f("placeholder", I18n, No, "Placeholder text inside the field."),
        f("multiple", Bool, No, "Whether several values may be chosen."),
    ],
};

const SETTINGS: Ty = List(&Obj(&SETTING));

/// `identity` of a sub-declaration (a strategy, a datasource, an event).
pub(crate) static ITEM_IDENTITY: Object = Object {
    name: "declaration identity",
    closed: true,
    fields: &[
        f(
            "name",
            Str,
            Yes,
            "The routing key, unique in its provider: `^[a-zA-Z0-9_-]+$`.",
        ),
        f("author", Str, Yes, "The author."),
        f("label", I18n, Yes, "The display name."),
        f("icon", Str, No, "An icon file name inside `_assets/`."),
        f("provider", Str, No, "Filled in by the loader; leave it out."),
    ],
};

const ITEM_IDENTITY_FIELD: Field = f(
    "identity",
    Obj(&ITEM_IDENTITY),
    Yes,
    "Who it is: `name`, `author`, `label`.",
);
const DESCRIPTION_I18N: Field = f(
    "description",
    Any,
    Dedicated,
    "What it does, per locale: an I18n object (`en_US: …`), not the tool shape `{human, llm}`.",
);
const OUTPUT_SCHEMA: Field = f("output_schema", Any, No, "JSON Schema of what it outputs.");
const EXTRA_FIELD: Field = f(
    "extra",
    Obj(&EXTRA),
    Dedicated,
    "`python.source`: the file of its class.",
);

// ---------------------------------------------------------------------------------------------
// Endpoints (§4).

pub(crate) static ENDPOINT_GROUP: Object = Object {
    name: "endpoint group",
    closed: true,
    fields: &[
        f(
            "settings",
            SETTINGS,
            No,
            "The settings form shown when an endpoint is created: a **list** of fields, each with `name`, `type`, `label`.",
        ),
        f(
            "endpoints",
            Any,
            No,
            "The endpoints: paths of endpoint YAML files (or endpoint mappings written inline).",
        ),
    ],
};

pub(crate) static ENDPOINT: Object = Object {
    name: "endpoint",
    closed: true,
    fields: &[
        f(
            "path",
            Str,
            Yes,
            "The route under the endpoint's URL, a werkzeug rule starting with `/` (`/hook/<id>`).",
        ),
        f(
            "method",
            Str,
            Yes,
            "The HTTP method, upper-case: `GET`, `POST`, `PUT`, `DELETE`, `HEAD` or `OPTIONS`.",
        ),
        f(
            "hidden",
            Bool,
            No,
            "Hides the endpoint's URL in the UI (default false).",
        ),
        EXTRA_FIELD,
    ],
};

// ---------------------------------------------------------------------------------------------
// Agent strategies (§5).

pub(crate) static AGENT_PROVIDER: Object = Object {
    name: "agent strategy provider",
    closed: true,
    fields: &[
        f(
            "identity",
            Obj(&PROVIDER_IDENTITY),
            Yes,
            "Who the provider is: `author`, `name`, `label`, `description`, `icon`.",
        ),
        f("strategies", STR_LIST, No, "Paths of the strategy YAML files."),
        f(
            "extra",
            Any,
            No,
            "Conventional only: neither the SDK nor the daemon loads the provider's Python.",
        ),
    ],
};

pub(crate) static AGENT_FEATURE: Choice = Choice {
    what: "an agent strategy feature",
    values: &["history-messages"],
};

pub(crate) static AGENT_PARAMETER_TYPE: Choice = Choice {
    what: "an agent strategy parameter type",
    values: &[
        "string",
        "number",
        "boolean",
        "select",
        "secret-input",
        "file",
        "files",
        "model-selector",
        "app-selector",
        "array[tools]",
        "any",
    ],
};

pub(crate) static AGENT_PARAMETER: Object = Object {
    name: "strategy parameter",
    closed: true,
    fields: &[
        f("name", Str, Yes, "The key under which `parameters` carries the value."),
        f("label", I18n, Yes, "The parameter's display name."),
        f("help", I18n, No, "Help text for the parameter."),
        f(
            "type",
            Enum(&AGENT_PARAMETER_TYPE),
            Yes,
            "`string`, `number`, `boolean`, `select`, `secret-input`, `file`, `files`, `model-selector`, `app-selector`, `array[tools]` or `any`.",
        ),
        f("scope", Str, No, "Narrows a selector or `any` parameter."),
        f(
            "required",
            Bool,
            No,
            "Whether a value must be given (default false). Never `null`.",
        ),
        f(
            "default",
            Any,
            No,
            "The value used when none is given (a number or a string).",
        ),
        f("min", Num, No, "The smallest allowed value of a `number`."),
        f("max", Num, No, "The largest allowed value of a `number`."),
        f("precision", Int, No, "Decimals shown for a `number`."),
        f("options", List(&Obj(&OPTION)), No, "The choices of a `select`."),
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
    ],
};

pub(crate) static STRATEGY: Object = Object {
    name: "agent strategy",
    closed: true,
    fields: &[
        ITEM_IDENTITY_FIELD,
        DESCRIPTION_I18N,
        f("parameters", List(&Obj(&AGENT_PARAMETER)), No, "The strategy's inputs."),
        f(
            "features",
            List(&Enum(&AGENT_FEATURE)),
            No,
            "`history-messages`: Dify passes the conversation history (Dify ≥ 1.2.0).",
        ),
        f(
            "output_schema",
            Any,
            No,
            "JSON Schema of the outputs; the SDK drops it when remote debugging.",
        ),
        f(
            "has_runtime_parameters",
            Bool,
            No,
            "Whether the strategy computes parameters at run time.",
        ),
        EXTRA_FIELD,
    ],
};

// ---------------------------------------------------------------------------------------------
// Models (§6).

pub(crate) static MODEL_TYPE: Choice = Choice {
    what: "a model type",
    values: &[
        "llm",
        "text-embedding",
        "rerank",
        "speech2text",
        "moderation",
        "tts",
        "text2img",
    ],
};

pub(crate) static CONFIGURATE_METHOD: Choice = Choice {
    what: "a configuration method",
    values: &["predefined-model", "customizable-model"],
};

pub(crate) static CREDENTIAL_FORM_TYPE: Choice = Choice {
    what: "a model credential type",
    values: &["text-input", "secret-input", "select", "radio", "switch"],
};

pub(crate) static SHOW_ON: Object = Object {
    name: "show_on condition",
    closed: true,
    fields: &[
        f("variable", Str, Yes, "The other field."),
        f(
            "value",
            Str,
            Yes,
            "The value that field must have for this one to show.",
        ),
    ],
};

pub(crate) static FORM_OPTION: Object = Object {
    name: "credential option",
    closed: true,
    fields: &[
        f("label", I18n, Yes, "The option's display text."),
        f("value", Str, Yes, "The value stored when the option is chosen."),
        f(
            "show_on",
            List(&Obj(&SHOW_ON)),
            No,
            "Show the option only when other fields have these values.",
        ),
    ],
};

pub(crate) static CREDENTIAL_FORM: Object = Object {
    name: "model credential",
    closed: true,
    fields: &[
        f(
            "variable",
            Str,
            Yes,
            "The credential's key, as the Python reads it from `credentials`.",
        ),
        f("label", I18n, Yes, "The field's label."),
        f(
            "type",
            Enum(&CREDENTIAL_FORM_TYPE),
            Yes,
            "`text-input`, `secret-input`, `select`, `radio` or `switch` (not the tool credential types).",
        ),
        f("required", Bool, No, "Whether saving needs a value (default **true**)."),
        f(
            "default",
            Str,
            No,
            "A default value, as a string (`\"0\"`, `\"true\"`).",
        ),
        f(
            "options",
            List(&Obj(&FORM_OPTION)),
            No,
            "The choices of a `select` or `radio`.",
        ),
        f("placeholder", I18n, No, "Placeholder text."),
        f("max_length", Int, No, "The longest accepted value (0: no limit)."),
        f(
            "show_on",
            List(&Obj(&SHOW_ON)),
            No,
            "Show the field only when other fields have these values.",
        ),
    ],
};

pub(crate) static PROVIDER_CREDENTIAL_SCHEMA: Object = Object {
    name: "provider_credential_schema",
    closed: true,
    fields: &[f(
        "credential_form_schemas",
        List(&Obj(&CREDENTIAL_FORM)),
        No,
        "The provider's credentials form.",
    )],
};

pub(crate) static MODEL_FIELD_SCHEMA: Object = Object {
    name: "model_credential_schema.model",
    closed: true,
    fields: &[
        f("label", I18n, Yes, "The label of the model-name field."),
        f("placeholder", I18n, No, "Its placeholder."),
    ],
};

pub(crate) static MODEL_CREDENTIAL_SCHEMA: Object = Object {
    name: "model_credential_schema",
    closed: true,
    fields: &[
        f(
            "model",
            Obj(&MODEL_FIELD_SCHEMA),
            Yes,
            "The model-name field (`label` required).",
        ),
        f(
            "credential_form_schemas",
            List(&Obj(&CREDENTIAL_FORM)),
            No,
            "The credentials form of a custom model.",
        ),
    ],
};

pub(crate) static PROVIDER_HELP: Object = Object {
    name: "help",
    closed: true,
    fields: &[
        f("title", I18n, Yes, "The help link's text."),
        f("url", I18n, Yes, "The help link, per locale."),
    ],
};

pub(crate) static MODEL_PYTHON: Object = Object {
    name: "python",
    closed: true,
    fields: &[
        f(
            "provider_source",
            Str,
            Dedicated,
            "The file of the `ModelProvider` class (`provider/<name>.py`).",
        ),
        f(
            "model_sources",
            STR_LIST,
            No,
            "The files of the model classes (`models/llm/llm.py`, …).",
        ),
    ],
};

pub(crate) static MODEL_EXTRA: Object = Object {
    name: "extra",
    closed: false,
    fields: &[f("python", Obj(&MODEL_PYTHON), Dedicated, "The Python implementation.")],
};

pub(crate) static MODEL_PROVIDER: Object = Object {
    name: "model provider",
    closed: true,
    fields: &[
        f(
            "provider",
            Str,
            Yes,
            "The provider's routing key (lowercase `^[a-z0-9_-]+$`).",
        ),
        f("label", I18n, Yes, "The provider's display name."),
        f("description", I18n, No, "What the provider offers."),
        f(
            "icon_small",
            I18n,
            No,
            "Small icon file names inside `_assets/`, per locale.",
        ),
        f(
            "icon_large",
            I18n,
            No,
            "Large icon file names inside `_assets/`, per locale.",
        ),
        f("icon_small_dark", I18n, No, "Dark-theme small icons, per locale."),
        f("icon_large_dark", I18n, No, "Dark-theme large icons, per locale."),
        f("background", Str, No, "A background colour (`#E5E7EB`)."),
        f("help", Obj(&PROVIDER_HELP), No, "A help link: `title` and `url`."),
        f(
            "supported_model_types",
            List(&Enum(&MODEL_TYPE)),
            Yes,
            "The model types offered: `llm`, `text-embedding`, `rerank`, `speech2text`, `moderation`, `tts`.",
        ),
        f(
            "configurate_methods",
            List(&Enum(&CONFIGURATE_METHOD)),
            Yes,
            "`predefined-model` (models listed in YAML files) and/or `customizable-model` (users add models).",
        ),
        f(
            "provider_credential_schema",
            Obj(&PROVIDER_CREDENTIAL_SCHEMA),
            No,
            "The provider's credentials form (`credential_form_schemas`).",
        ),
        f(
            "model_credential_schema",
            Obj(&MODEL_CREDENTIAL_SCHEMA),
            No,
            "The form for a custom model (`model`, `credential_form_schemas`).",
        ),
        f(
            "models",
            Any,
            No,
            "Where the predefined models are: per type (`llm`, `text_embedding`, …) a `predefined` list of globs and a `position` file.",
        ),
        f(
            "extra",
            Obj(&MODEL_EXTRA),
            Dedicated,
            "`python.provider_source` and `python.model_sources`.",
        ),
        f("position", Any, No, "Ordering among providers."),
    ],
};

pub(crate) static MODEL_FEATURE: Choice = Choice {
    what: "a model feature",
    values: &[
        "tool-call",
        "multi-tool-call",
        "agent-thought",
        "vision",
        "stream-tool-call",
        "document",
        "video",
        "audio",
        "structured-output",
        "polling",
    ],
};

pub(crate) static FETCH_FROM: Choice = Choice {
    what: "a `fetch_from` value",
    values: &["predefined-model", "customizable-model"],
};

pub(crate) static PARAMETER_RULE_TYPE: Choice = Choice {
    what: "a parameter rule type",
    values: &["float", "int", "string", "boolean", "text"],
};

pub(crate) static PARAMETER_TEMPLATE: Choice = Choice {
    what: "a parameter template",
    values: &[
        "temperature",
        "top_p",
        "top_k",
        "presence_penalty",
        "frequency_penalty",
        "max_tokens",
        "response_format",
        "json_schema",
    ],
};

pub(crate) static PARAMETER_RULE: Object = Object {
    name: "parameter rule",
    closed: true,
    fields: &[
        f("name", Str, Yes, "The parameter's key in `model_parameters`."),
        f(
            "use_template",
            Enum(&PARAMETER_TEMPLATE),
            No,
            "A built-in template supplying label, type, help and bounds; explicit keys win.",
        ),
        f("label", I18n, No, "The parameter's display name."),
        f(
            "type",
            Enum(&PARAMETER_RULE_TYPE),
            Dedicated,
            "`float`, `int`, `string`, `boolean` or `text` (required unless `use_template` supplies it).",
        ),
        f("help", I18n, No, "Help text."),
        f("required", Bool, No, "Whether a value must be given."),
        f("default", Any, No, "The default value."),
        f("min", Num, No, "The smallest allowed value."),
        f("max", Num, No, "The largest allowed value."),
        f("precision", Int, No, "Decimal places allowed."),
        f("options", STR_LIST, No, "The allowed values, as strings."),
    ],
};

pub(crate) static PRICING: Object = Object {
    name: "pricing",
    closed: true,
    fields: &[
        f("input", Decimal, Yes, "Price per `unit` input tokens."),
        f("output", Decimal, No, "Price per `unit` output tokens."),
        f(
            "unit",
            Decimal,
            Yes,
            "The token unit the prices are for (`0.000001`: per million).",
        ),
        f("currency", Str, Yes, "The currency (`USD`, `RMB`)."),
    ],
};

pub(crate) static MODEL: Object = Object {
    name: "model",
    closed: true,
    fields: &[
        f("model", Str, Yes, "The model's name, as sent to the provider."),
        f("label", I18n, No, "The display name (defaults to `model`)."),
        f(
            "model_type",
            Enum(&MODEL_TYPE),
            Yes,
            "`llm`, `text-embedding`, `rerank`, `speech2text`, `moderation` or `tts`.",
        ),
        f(
            "features",
            List(&Enum(&MODEL_FEATURE)),
            No,
            "What the model supports (`tool-call`, `vision`, …).",
        ),
        f(
            "fetch_from",
            Enum(&FETCH_FROM),
            No,
            "`predefined-model` or `customizable-model`.",
        ),
        f(
            "model_properties",
            Any,
            Yes,
            "Properties such as `mode` and `context_size` (LLM), `max_chunks` (embeddings), `voices` (TTS).",
        ),
        f("deprecated", Bool, No, "Hides the model from new selections."),
        f(
            "parameter_rules",
            List(&Obj(&PARAMETER_RULE)),
            No,
            "The model's parameters.",
        ),
        f(
            "pricing",
            Obj(&PRICING),
            No,
            "Prices: `input`, `output`, `unit`, `currency`.",
        ),
    ],
};

/// The keys `model_properties` may hold (`ModelPropertyKey`, M7c).
pub(crate) static MODEL_PROPERTY: Choice = Choice {
    what: "a model property",
    values: &[
        "mode",
        "context_size",
        "max_chunks",
        "file_upload_limit",
        "supported_file_extensions",
        "max_characters_per_chunk",
        "default_voice",
        "voices",
        "word_limit",
        "audio_type",
        "max_workers",
    ],
};

// ---------------------------------------------------------------------------------------------
// Datasources (§7).

pub(crate) static DATASOURCE_TYPE: Choice = Choice {
    what: "a datasource provider type",
    values: &["online_document", "website_crawl", "online_drive"],
};

pub(crate) static DATASOURCE_PROVIDER: Object = Object {
    name: "datasource provider",
    closed: true,
    fields: &[
        f(
            "identity",
            Obj(&PROVIDER_IDENTITY),
            Yes,
            "Who the provider is: `author`, `name`, `label`, `description`, `icon`.",
        ),
        f(
            "provider_type",
            Enum(&DATASOURCE_TYPE),
            Yes,
            "`online_document`, `website_crawl` or `online_drive`; it picks the base class of every datasource.",
        ),
        f(
            "credentials_schema",
            SETTINGS,
            No,
            "The credentials form: a **list** of fields, each with `name`, `type`, `label`.",
        ),
        f("oauth_schema", Obj(&OAUTH), No, "OAuth client and credential fields."),
        f("datasources", STR_LIST, No, "Paths of the datasource YAML files."),
        EXTRA_FIELD,
    ],
};

pub(crate) static DATASOURCE_PARAMETER_TYPE: Choice = Choice {
    what: "a datasource parameter type",
    values: &["string", "number", "boolean", "select", "secret-input"],
};

pub(crate) static DATASOURCE_PARAMETER: Object = Object {
    name: "datasource parameter",
    closed: true,
    fields: &[
        f(
            "name",
            Str,
            Yes,
            "The key under which `datasource_parameters` carries the value.",
        ),
        f("label", I18n, Yes, "The parameter's display name."),
        f(
            "type",
            Enum(&DATASOURCE_PARAMETER_TYPE),
            Yes,
            "`string`, `number`, `boolean`, `select` or `secret-input` (`file`/`files` fail remote debugging).",
        ),
        f(
            "description",
            I18n,
            Yes,
            "What the parameter means (not `human_description`).",
        ),
        f("required", Bool, No, "Whether a value must be given (default false)."),
        f("default", Any, No, "The value used when none is given."),
        f("min", Num, No, "The smallest allowed value of a `number`."),
        f("max", Num, No, "The largest allowed value of a `number`."),
        f("precision", Int, No, "Decimals shown for a `number`."),
        f("options", List(&Obj(&OPTION)), No, "The choices of a `select`."),
        f("placeholder", I18n, No, "Placeholder text."),
        f("scope", Str, No, "Narrows a selector."),
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
    ],
};

pub(crate) static DATASOURCE: Object = Object {
    name: "datasource",
    closed: true,
    fields: &[
        ITEM_IDENTITY_FIELD,
        DESCRIPTION_I18N,
        f(
            "parameters",
            List(&Obj(&DATASOURCE_PARAMETER)),
            No,
            "The datasource's inputs.",
        ),
        OUTPUT_SCHEMA,
        EXTRA_FIELD,
    ],
};

// ---------------------------------------------------------------------------------------------
// Triggers (§8).

pub(crate) static TRIGGER_IDENTITY: Object = Object {
    name: "trigger provider identity",
    closed: true,
    fields: &[
        f("author", Str, Yes, "The provider's author."),
        f("name", Str, Yes, "The provider id: lowercase `^[a-z0-9_-]+$`."),
        f("label", I18n, Yes, "The provider's display name."),
        f("description", I18n, Yes, "What the provider offers."),
        f(
            "icon",
            Str,
            Yes,
            "Icon file name inside `_assets/` (the SDK allows leaving it out; remote debugging does not).",
        ),
        f("icon_dark", Str, No, "Dark-theme icon file name inside `_assets/`."),
        f(
            "tags",
            Any,
            No,
            "Leave it out: the daemon copies the manifest's `tags` in.",
        ),
    ],
};

pub(crate) static EVENT_PARAMETER_TYPE: Choice = Choice {
    what: "an event parameter type",
    values: &[
        "string",
        "number",
        "boolean",
        "select",
        "checkbox",
        "file",
        "files",
        "model-selector",
        "app-selector",
        "object",
        "array",
        "dynamic-select",
    ],
};

pub(crate) static EVENT_PARAMETER: Object = Object {
    name: "event parameter",
    closed: true,
    fields: &[
        f("name", Str, Yes, "The key under which `parameters` carries the value."),
        f("label", I18n, Yes, "The parameter's display name."),
        f(
            "type",
            Enum(&EVENT_PARAMETER_TYPE),
            Yes,
            "`string`, `number`, `boolean`, `select`, `checkbox`, `file`, `files`, `model-selector`, `app-selector`, `object`, `array` or `dynamic-select` (no `secret-input`).",
        ),
        f("description", I18n, No, "What the parameter means."),
        f("required", Any, No, "Whether a value must be given."),
        f("multiple", Bool, No, "Several values (`checkbox`, `select`)."),
        f("default", Any, No, "The value used when none is given."),
        f("min", Num, No, "The smallest allowed value of a `number`."),
        f("max", Num, No, "The largest allowed value of a `number`."),
        f("precision", Int, No, "Decimals shown for a `number`."),
        f(
            "options",
            List(&Obj(&OPTION)),
            No,
            "The choices of a `select` or `checkbox`.",
        ),
        f("scope", Str, No, "Narrows a selector."),
        f("placeholder", I18n, No, "Placeholder text."),
        f("help", I18n, No, "Help text."),
        f("url", Str, No, "A link shown with the help text."),
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
    ],
};

pub(crate) static SUBSCRIPTION_CONSTRUCTOR: Object = Object {
    name: "subscription_constructor",
    closed: true,
    fields: &[
        f(
            "parameters",
            List(&Obj(&EVENT_PARAMETER)),
            No,
            "What the user enters to create a subscription.",
        ),
        f(
            "credentials_schema",
            Any,
            No,
            "The API-key form: a list of fields (or a mapping from name to field).",
        ),
        f("oauth_schema", Obj(&OAUTH), No, "OAuth client and credential fields."),
        f(
            "extra",
            Any,
            No,
            "Ignored: the constructor class is found in the provider's own `extra.python.source`.",
        ),
    ],
};

pub(crate) static TRIGGER_PROVIDER: Object = Object {
    name: "trigger provider",
    closed: true,
    fields: &[
        f("identity", Obj(&TRIGGER_IDENTITY), Yes, "Who the provider is."),
        f(
            "subscription_schema",
            SETTINGS,
            No,
            "Properties of a manually created subscription (a **list** of fields).",
        ),
        f(
            "subscription_constructor",
            Obj(&SUBSCRIPTION_CONSTRUCTOR),
            No,
            "How subscriptions are created: `parameters`, `credentials_schema`, `oauth_schema`.",
        ),
        f("events", STR_LIST, No, "Paths of the event YAML files."),
        EXTRA_FIELD,
    ],
};

pub(crate) static EVENT: Object = Object {
    name: "event",
    closed: true,
    fields: &[
        ITEM_IDENTITY_FIELD,
        DESCRIPTION_I18N,
        f("parameters", List(&Obj(&EVENT_PARAMETER)), No, "The event's inputs."),
        f(
            "output_schema",
            Any,
            No,
            "JSON Schema of the variables `_on_event` returns.",
        ),
        EXTRA_FIELD,
    ],
};
