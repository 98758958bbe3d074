"""Errors whose messages are fit to show a user; the CLI and UI translate them at the edge."""


class AssistantError(Exception):
    """Message is fit for the user."""


class IndexMissing(AssistantError):
    """No store, or an empty one."""


class IndexMismatch(AssistantError):
    """The store was built with other embedding or chunking settings."""


class ModelMissing(AssistantError):
    """The GGUF model file cannot be found or is not a GGUF file."""


class BadQuestion(AssistantError):
    """Empty, oversized or otherwise unusable question."""


class BadInput(AssistantError):
    """An input file that cannot be ingested at all."""


class LLMUnavailable(AssistantError):
    """The LLM server or model could not answer."""
