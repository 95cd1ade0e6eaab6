//! The other kinds' YAML files (dify-plugin-kinds.md §4–§8). Read by the SDK
//! (`entities/endpoint.py`, `agent.py`, `model/provider.py`, `datasource_manifest.py`,
//! `trigger.py`), the daemon (`*_declaration.go`) and the API.

use super::provider::{CredentialDecl, IdentityDecl};
use super::tool::ParamDecl;
use super::view;

view! {
    /// An endpoint group (`EndpointProviderConfiguration`).
    EndpointGroupDecl {
        /// A list of ProviderConfig (E4).
        settings: "settings",
        /// Paths of endpoint YAML files, or endpoint mappings written inline (E3).
        endpoints: "endpoints",
        ; lists {
            /// A list of ProviderConfig (E4).
            setting_items: "settings" => CredentialDecl,
        }
    }
}

view! {
    /// An endpoint (`EndpointConfiguration`): a YAML file or an inline mapping of a group.
    EndpointDecl {
        /// A werkzeug rule starting with `/` (E6).
        path: "path",
        /// One of the six methods the daemon serves, upper-case (E7).
        method: "method",
    }
}

view! {
    /// Any provider of another kind: what the rules of all of them read.
    KindProviderDecl {
        /// Datasources: `online_document`, `website_crawl` or `online_drive`.
        provider_type: "provider_type",
        /// Datasources: the credentials form, a list of ProviderConfig.
        credentials_schema: "credentials_schema",
        /// Triggers: properties of manually created subscriptions.
        subscription_schema: "subscription_schema",
        /// Datasources: OAuth client and credential fields.
        oauth_schema: "oauth_schema",
        /// Triggers: the `subscription_constructor` entry itself.
        subscription_constructor_field: "subscription_constructor",
        ; objects {
            identity: "identity" => IdentityDecl,
            subscription_constructor: "subscription_constructor" => ConstructorDecl,
        }
    }
}

view! {
    /// A trigger provider's `subscription_constructor`.
    ConstructorDecl {
        /// A list of ProviderConfig, or a mapping from name to field (T6).
        credentials_schema: "credentials_schema",
        oauth_schema: "oauth_schema",
        ; lists { parameters: "parameters" => ParamDecl }
    }
}

view! {
    /// A sub-declaration with parameters: an agent strategy, a datasource or an event (also a
    /// trigger's subscription constructor, whose `parameters` are event parameters).
    ItemDecl {
        description: "description",
        /// The `parameters` entry itself.
        parameters_field: "parameters",
        /// Agent strategies: `history-messages` (G5).
        features: "features",
        ; objects { identity: "identity" => IdentityDecl }
        ; lists { parameters: "parameters" => ParamDecl }
    }
}

view! {
    /// A model provider (`ModelProviderConfiguration`).
    ModelProviderDecl {
        /// The provider's name: the last part of the API's id `<author>/<plugin>/<provider>` (K6).
        provider: "provider",
        /// Per `models:` key (`llm`, `text_embedding`, …): `predefined` patterns and `position`.
        models: "models",
        supported_model_types: "supported_model_types",
        configurate_methods: "configurate_methods",
        /// The credential form of `predefined-model` (M19).
        provider_credential_schema: "provider_credential_schema",
        /// The credential form of `customizable-model` (M19).
        model_credential_schema: "model_credential_schema",
        /// I18n objects of icon file names in `_assets/`, one per locale (M22).
        icon_small: "icon_small",
        icon_large: "icon_large",
        icon_small_dark: "icon_small_dark",
        icon_large_dark: "icon_large_dark",
        ; objects {
            /// `provider_credential_schema` as a form.
            provider_form: "provider_credential_schema" => CredentialFormsDecl,
            /// `model_credential_schema` as a form.
            model_form: "model_credential_schema" => CredentialFormsDecl,
        }
    }
}

view! {
    /// `provider_credential_schema` or `model_credential_schema` of a model provider: a form.
    CredentialFormsDecl {
        ; lists { forms: "credential_form_schemas" => CredentialFormDecl }
    }
}

view! {
    /// A model credential (`CredentialFormSchema`), not a ProviderConfig.
    CredentialFormDecl {
        variable: "variable",
        kind: "type",
        /// A string.
        default: "default",
        options: "options",
        ; lists {
            option_items: "options" => FormOptionDecl,
            show_on: "show_on" => ShowOnDecl,
        }
    }
}

view! {
    /// An option of a model credential (`FormOption`).
    FormOptionDecl {
        value: "value",
        ; lists { show_on: "show_on" => ShowOnDecl }
    }
}

view! {
    /// A `show_on` condition (`FormShowOnObject`): show when `variable` has `value`.
    ShowOnDecl {
        variable: "variable",
    }
}

view! {
    /// A `models.<type>` entry of a model provider.
    ModelsEntryDecl {
        /// Glob patterns, relative to the plugin root (M5).
        predefined: "predefined",
        /// The daemon's position file (M6).
        position: "position",
    }
}

view! {
    /// A model YAML (`AIModelEntity`).
    ModelDecl {
        model: "model",
        /// `tool-call`, `vision`, … and `polling` (SDK ≥ 0.9.0).
        features: "features",
        model_type: "model_type",
        model_properties: "model_properties",
        ; objects { properties: "model_properties" => ModelPropertiesDecl }
        ; lists { parameter_rules: "parameter_rules" => ParameterRuleDecl }
    }
}

view! {
    /// A model's parameter rule (`ParameterRule`).
    ParameterRuleDecl {
        name: "name",
        kind: "type",
        use_template: "use_template",
        default: "default",
        options: "options",
    }
}

view! {
    /// A model's `model_properties`.
    ModelPropertiesDecl {
        /// LLMs: `chat` or `completion` (M20).
        mode: "mode",
    }
}
