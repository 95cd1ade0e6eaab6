import logging
from collections.abc import Mapping

from dify_plugin import ModelProvider
from dify_plugin.entities.model import ModelType
from dify_plugin.errors.model import CredentialsValidateFailedError

logger = logging.getLogger(__name__)


class LumenProvider(ModelProvider):
    def validate_provider_credentials(self, credentials: Mapping) -> None:
        """Asks the smallest model for one token; raises CredentialsValidateFailedError on failure."""
        try:
            llm = self.get_model_instance(ModelType.LLM)
            llm.validate_credentials(model="lumen-small", credentials=credentials)
        except CredentialsValidateFailedError:
            raise
        except Exception:
            logger.exception("credentials check of the Lumen provider failed")
            raise
