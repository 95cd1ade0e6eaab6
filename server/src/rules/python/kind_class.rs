//! DIFY515: a module another kind's declaration names does not hold exactly one subclass of the
//! SDK base the loader looks for (dify-plugin-kinds.md E8, G8, D6, D7, T9a, T10). The count is
//! tool-class's, `tool_class::exactly_one`, with the kind's base.

use super::classes::Role;
use super::tool_class::exactly_one;
use crate::project::kinds::{Module, Role as KindRole};
use crate::rules::{Ctx, Grade, Layouts, Rule};

pub(crate) static KIND_CLASS: Rule = Rule {
    code: "DIFY515",
    name: "kind-class",
    grade: Grade::Error,
    layouts: Layouts::PLUGIN,
    spec: "E8, G8, D6, D7, T9a, T10",
    source: "SDK `core/plugin_registration.py` (`_resolve_endpoints`, `_resolve_agent_providers`, `_resolve_model_providers`, `_resolve_datasource_providers`, `_resolve_trigger_providers`) with `core/utils/class_loader.py`",
    summary: "An endpoint, agent strategy, model provider, datasource or trigger module does not hold exactly one subclass of its SDK base",
    doc: "When the plugin starts, the SDK imports each module a declaration names and collects the classes in its \
namespace that subclass the kind's base: `Endpoint` (each endpoint), `AgentStrategy` (each strategy), \
`ModelProvider` (`extra.python.provider_source`), `DatasourceProvider` (the datasource provider), the base its \
`provider_type` selects for each datasource (`website_crawl` → `WebsiteCrawlDatasource`, `online_document` → \
`OnlineDocumentDatasource`, `online_drive` → `OnlineDriveDatasource`), `Trigger` (the trigger provider) and \
`Event` (each event). Imported names count, as for tools. None fails with `Missing subclass of … in …`, two or \
more with `Multiple subclasses of … in …`, and the plugin does not start. An unedited `dify plugin init` \
datasource subclasses `OnlineDocumentDatasource` whatever the provider type, and fails so.

**Example**

```yaml
# provider/drive.yaml
provider_type: online_drive
```

```python
# datasources/files.py
from dify_plugin.interfaces.datasource.online_document import OnlineDocumentDatasource


class FilesDatasource(OnlineDocumentDatasource):
    ...
```

Use instead:

```python
# datasources/files.py
from dify_plugin.interfaces.datasource.online_drive import OnlineDriveDatasource


class FilesDatasource(OnlineDriveDatasource):
    ...
```",
    fix: None,
};

/// The class loader's base for a module's role (the model's), with the modules it is imported
/// from (the first is suggested in messages).
fn role_of(role: KindRole) -> Option<Role> {
    let base = role.base()?;
    let modules: &'static [&'static str] = match base {
        "Endpoint" => &["dify_plugin", "dify_plugin.interfaces.endpoint"],
        "AgentStrategy" => &["dify_plugin.interfaces.agent"],
        "ModelProvider" => &["dify_plugin", "dify_plugin.interfaces.model"],
        "DatasourceProvider" => &["dify_plugin.interfaces.datasource"],
        "WebsiteCrawlDatasource" => &["dify_plugin.interfaces.datasource.website"],
        "OnlineDocumentDatasource" => &["dify_plugin.interfaces.datasource.online_document"],
        "OnlineDriveDatasource" => &["dify_plugin.interfaces.datasource.online_drive"],
        _ => &["dify_plugin.interfaces.trigger"], // Trigger, Event
    };
    Some(Role::Kind { base, modules })
}

pub(super) fn check(cx: &mut Ctx, module: &Module) {
    let (Some(py), Some(role)) = (&module.py, role_of(module.role)) else {
        return;
    };
    exactly_one(cx, py, role, &KIND_CLASS);
}
